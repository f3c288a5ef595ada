/* wl_region, and the region math that damage and input need. */
#ifndef TACK_REGION_H
#define TACK_REGION_H

#include <pixman.h>
#include <stdbool.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

void tack_region_create(struct wl_client *client, uint32_t version,
			uint32_t id);
/* The region behind a wl_region resource. */
pixman_region32_t *tack_region_from_resource(struct wl_resource *resource);

/*
 * Map a region of a width x height buffer through a buffer transform to
 * the surface's upright coordinates (as wlroots' wlr_box_transform does).
 */
void tack_region_transform(pixman_region32_t *dst, pixman_region32_t *src,
			   enum wl_output_transform transform, int32_t width,
			   int32_t height);
/* The inverse of the above: from transformed space back to buffer space. */
enum wl_output_transform tack_transform_invert(enum wl_output_transform t);
/* Scale each box, rounding outward so nothing damaged is lost. */
void tack_region_scale(pixman_region32_t *dst, pixman_region32_t *src,
		       double scale_x, double scale_y);
/* Coordinates that clients send can be huge; clamp to what pixman holds. */
void tack_region_add_rect(pixman_region32_t *region, int32_t x, int32_t y,
			  int32_t width, int32_t height);
void tack_region_subtract_rect(pixman_region32_t *region, int32_t x, int32_t y,
			       int32_t width, int32_t height);

/* Boxes with no area are empty: a union with one is the other. */
static inline bool tack_box_empty(const pixman_box32_t *box)
{
	return box->x2 <= box->x1 || box->y2 <= box->y1;
}

/* Moves the box by dx, dy, saturating as layout sums do (util/coord.h). */
void tack_box_translate(pixman_box32_t *box, int32_t dx, int32_t dy);
/* into becomes the bounding box of both. */
void tack_box_union(pixman_box32_t *into, const pixman_box32_t *box);
/* Whether the point lies in the box, edges x2 and y2 excluded. */
bool tack_box_contains(const pixman_box32_t *box, double x, double y);
bool tack_box_intersect(const pixman_box32_t *a, const pixman_box32_t *b);

#endif
