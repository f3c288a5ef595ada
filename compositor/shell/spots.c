/* A hash of the spots windows hold, chained: spots are few per bucket. */
#include <assert.h>
#include <stdlib.h>
#include "shell/spots.h"

static struct wl_list *bucket_of(struct tack_spots *spots, int32_t x,
				 int32_t y)
{
	uint32_t h = (uint32_t)x * 2654435761u ^ (uint32_t)y * 40503u;

	return &spots->buckets[(h ^ h >> 16) % TACK_SPOT_BUCKETS];
}

static struct tack_spot *find(struct tack_spots *spots, int32_t x, int32_t y)
{
	struct tack_spot *spot;

	wl_list_for_each(spot, bucket_of(spots, x, y), link)
		if (spot->x == x && spot->y == y)
			return spot;
	return NULL;
}

void tack_spots_init(struct tack_spots *spots)
{
	for (int i = 0; i < TACK_SPOT_BUCKETS; i++)
		wl_list_init(&spots->buckets[i]);
}

void tack_spots_finish(struct tack_spots *spots)
{
	for (int i = 0; i < TACK_SPOT_BUCKETS; i++)
		assert(wl_list_empty(&spots->buckets[i]));
}

struct tack_spot *tack_spots_take(struct tack_spots *spots, int32_t x,
				  int32_t y)
{
	struct tack_spot *spot = find(spots, x, y);

	if (!spot) {
		spot = calloc(1, sizeof(*spot));
		if (!spot)
			return NULL;
		spot->x = x;
		spot->y = y;
		wl_list_insert(bucket_of(spots, x, y), &spot->link);
	}
	spot->windows++;
	return spot;
}

void tack_spots_give_back(struct tack_spot *spot)
{
	if (--spot->windows > 0)
		return;
	wl_list_remove(&spot->link);
	free(spot);
}

bool tack_spots_held(struct tack_spots *spots, int32_t x, int32_t y)
{
	return find(spots, x, y) != NULL;
}
