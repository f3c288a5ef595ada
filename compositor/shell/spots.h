/*
 * Which spots (top-left corners) placed windows hold, so that a new window
 * looks its cascade up in the windows' positions rather than walking every
 * window for each spot it tries.
 */
#ifndef TACK_SPOTS_H
#define TACK_SPOTS_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

#define TACK_SPOT_BUCKETS 256

struct tack_spots {
	struct wl_list buckets[TACK_SPOT_BUCKETS];	/* tack_spot.link */
};

/* One position and how many windows hold it. */
struct tack_spot {
	struct wl_list link;
	int32_t x, y;
	unsigned int windows;
};

void tack_spots_init(struct tack_spots *spots);
/* Every spot must have been given back. */
void tack_spots_finish(struct tack_spots *spots);
/* One more window at x, y; NULL with no memory (it is then not counted). */
struct tack_spot *tack_spots_take(struct tack_spots *spots, int32_t x,
				  int32_t y);
void tack_spots_give_back(struct tack_spot *spot);
bool tack_spots_held(struct tack_spots *spots, int32_t x, int32_t y);

#endif
