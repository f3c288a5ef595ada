#include <math.h>
#include <stdlib.h>
#include "util/coord.h"
#include "util/region.h"

#define COORD_LIMIT (1 << 28)

static int32_t clamp_coord(int64_t v)
{
	if (v < -COORD_LIMIT)
		return -COORD_LIMIT;
	if (v > COORD_LIMIT)
		return COORD_LIMIT;
	return (int32_t)v;
}

static void clamp_rect(int32_t x, int32_t y, int32_t width, int32_t height,
		       pixman_box32_t *box)
{
	box->x1 = clamp_coord(x);
	box->y1 = clamp_coord(y);
	box->x2 = clamp_coord((int64_t)x + width);
	box->y2 = clamp_coord((int64_t)y + height);
}

void tack_region_add_rect(pixman_region32_t *region, int32_t x, int32_t y,
			  int32_t width, int32_t height)
{
	pixman_box32_t box;

	if (width <= 0 || height <= 0)
		return;
	clamp_rect(x, y, width, height, &box);
	pixman_region32_union_rect(region, region, box.x1, box.y1,
				   box.x2 - box.x1, box.y2 - box.y1);
}

void tack_region_subtract_rect(pixman_region32_t *region, int32_t x, int32_t y,
			       int32_t width, int32_t height)
{
	pixman_region32_t rect;
	pixman_box32_t box;

	if (width <= 0 || height <= 0)
		return;
	clamp_rect(x, y, width, height, &box);
	pixman_region32_init_rect(&rect, box.x1, box.y1, box.x2 - box.x1,
				  box.y2 - box.y1);
	pixman_region32_subtract(region, region, &rect);
	pixman_region32_fini(&rect);
}

static void handle_region_destroy(struct wl_client *client,
				  struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_region_add(struct wl_client *client,
			      struct wl_resource *resource, int32_t x, int32_t y,
			      int32_t width, int32_t height)
{
	tack_region_add_rect(wl_resource_get_user_data(resource), x, y, width,
			     height);
}

static void handle_region_subtract(struct wl_client *client,
				   struct wl_resource *resource, int32_t x,
				   int32_t y, int32_t width, int32_t height)
{
	tack_region_subtract_rect(wl_resource_get_user_data(resource), x, y,
				  width, height);
}

static const struct wl_region_interface region_impl = {
	.destroy = handle_region_destroy,
	.add = handle_region_add,
	.subtract = handle_region_subtract,
};

static void handle_region_resource_destroy(struct wl_resource *resource)
{
	pixman_region32_t *region = wl_resource_get_user_data(resource);

	pixman_region32_fini(region);
	free(region);
}

void tack_region_create(struct wl_client *client, uint32_t version, uint32_t id)
{
	pixman_region32_t *region = calloc(1, sizeof(*region));
	struct wl_resource *resource;

	if (!region) {
		wl_client_post_no_memory(client);
		return;
	}
	resource = wl_resource_create(client, &wl_region_interface, version, id);
	if (!resource) {
		free(region);
		wl_client_post_no_memory(client);
		return;
	}
	pixman_region32_init(region);
	wl_resource_set_implementation(resource, &region_impl, region,
				       handle_region_resource_destroy);
}

pixman_region32_t *tack_region_from_resource(struct wl_resource *resource)
{
	return wl_resource_get_user_data(resource);
}

/* Where the box lands when a width x height area is turned by t. */
static void transform_box(pixman_box32_t *dst, const pixman_box32_t *src,
			  enum wl_output_transform t, int32_t width,
			  int32_t height)
{
	int32_t x1 = src->x1, y1 = src->y1, x2 = src->x2, y2 = src->y2;

	switch (t) {
	case WL_OUTPUT_TRANSFORM_NORMAL:
		*dst = *src;
		break;
	case WL_OUTPUT_TRANSFORM_90:
		*dst = (pixman_box32_t){ height - y2, x1, height - y1, x2 };
		break;
	case WL_OUTPUT_TRANSFORM_180:
		*dst = (pixman_box32_t){ width - x2, height - y2, width - x1,
					 height - y1 };
		break;
	case WL_OUTPUT_TRANSFORM_270:
		*dst = (pixman_box32_t){ y1, width - x2, y2, width - x1 };
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED:
		*dst = (pixman_box32_t){ width - x2, y1, width - x1, y2 };
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED_90:
		*dst = (pixman_box32_t){ y1, x1, y2, x2 };
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED_180:
		*dst = (pixman_box32_t){ x1, height - y2, x2, height - y1 };
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED_270:
		*dst = (pixman_box32_t){ height - y2, width - x2, height - y1,
					 width - x1 };
		break;
	}
}

typedef void (*box_mapper_t)(pixman_box32_t *dst, const pixman_box32_t *src,
			     const void *ctx);

/* dst becomes src with every box mapped; on no memory, src unchanged. */
static void map_boxes(pixman_region32_t *dst, pixman_region32_t *src,
		      box_mapper_t map, const void *ctx)
{
	pixman_box32_t *boxes, *out;
	int n, i;

	boxes = pixman_region32_rectangles(src, &n);
	out = calloc(n ? n : 1, sizeof(*out));
	if (!out) {
		pixman_region32_copy(dst, src);
		return;
	}
	for (i = 0; i < n; i++)
		map(&out[i], &boxes[i], ctx);
	pixman_region32_fini(dst);
	pixman_region32_init_rects(dst, out, n);
	free(out);
}

struct turn {
	enum wl_output_transform transform;
	int32_t width, height;
};

static void turn_box(pixman_box32_t *dst, const pixman_box32_t *src,
		     const void *ctx)
{
	const struct turn *t = ctx;

	transform_box(dst, src, t->transform, t->width, t->height);
}

void tack_region_transform(pixman_region32_t *dst, pixman_region32_t *src,
			   enum wl_output_transform transform, int32_t width,
			   int32_t height)
{
	struct turn t = { transform, width, height };

	if (transform == WL_OUTPUT_TRANSFORM_NORMAL)
		pixman_region32_copy(dst, src);
	else
		map_boxes(dst, src, turn_box, &t);
}

enum wl_output_transform tack_transform_invert(enum wl_output_transform t)
{
	/* Only the pure rotations by 90 and 270 are not their own inverse. */
	if (t == WL_OUTPUT_TRANSFORM_90)
		return WL_OUTPUT_TRANSFORM_270;
	if (t == WL_OUTPUT_TRANSFORM_270)
		return WL_OUTPUT_TRANSFORM_90;
	return t;
}

static void scale_box(pixman_box32_t *dst, const pixman_box32_t *src,
		      const void *ctx)
{
	const double *scale = ctx;

	dst->x1 = clamp_coord((int64_t)floor(src->x1 * scale[0]));
	dst->y1 = clamp_coord((int64_t)floor(src->y1 * scale[1]));
	dst->x2 = clamp_coord((int64_t)ceil(src->x2 * scale[0]));
	dst->y2 = clamp_coord((int64_t)ceil(src->y2 * scale[1]));
}

void tack_region_scale(pixman_region32_t *dst, pixman_region32_t *src,
		       double scale_x, double scale_y)
{
	const double scale[2] = { scale_x, scale_y };

	if (scale_x == 1.0 && scale_y == 1.0)
		pixman_region32_copy(dst, src);
	else
		map_boxes(dst, src, scale_box, scale);
}

void tack_box_translate(pixman_box32_t *box, int32_t dx, int32_t dy)
{
	box->x1 = tack_coord_add(box->x1, dx);
	box->x2 = tack_coord_add(box->x2, dx);
	box->y1 = tack_coord_add(box->y1, dy);
	box->y2 = tack_coord_add(box->y2, dy);
}

void tack_box_union(pixman_box32_t *into, const pixman_box32_t *box)
{
	if (tack_box_empty(box))
		return;
	if (tack_box_empty(into)) {
		*into = *box;
		return;
	}
	into->x1 = box->x1 < into->x1 ? box->x1 : into->x1;
	into->y1 = box->y1 < into->y1 ? box->y1 : into->y1;
	into->x2 = box->x2 > into->x2 ? box->x2 : into->x2;
	into->y2 = box->y2 > into->y2 ? box->y2 : into->y2;
}

bool tack_box_contains(const pixman_box32_t *box, double x, double y)
{
	return x >= box->x1 && x < box->x2 && y >= box->y1 && y < box->y2;
}

bool tack_box_intersect(const pixman_box32_t *a, const pixman_box32_t *b)
{
	return !tack_box_empty(a) && !tack_box_empty(b) && a->x1 < b->x2 &&
	       b->x1 < a->x2 && a->y1 < b->y2 && b->y1 < a->y2;
}
