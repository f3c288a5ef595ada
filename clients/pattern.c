/*
 * tack-pattern: a toplevel showing an exactly known picture, for pixel
 * tests. The picture is defined in logical pixels (pattern_pixel below;
 * tests/integration/test_pixels_lib.py computes the same); the client draws
 * it through the requested buffer scale, buffer transform and viewport crop,
 * so that whatever those are, the screen must show the same picture.
 *
 *   tack-pattern [--size WxH] [--format xrgb8888|argb8888|rgb888] [--scale N]
 *                [--transform 0-7|normal|90|180|270|flipped|flipped-90|...]
 *                [--viewport MARGIN] [--cursor N] [--offset BYTES] [--seal]
 *
 * --viewport draws MARGIN logical pixels of magenta around the picture and
 * crops them away with wp_viewport.set_source. --cursor sets an N x N cyan
 * cursor (hotspot 0,0) whenever the pointer enters. --offset places the
 * buffer that far into its pool; --seal seals the pool's memfd against
 * shrinking, as weston's clients and foot do. Prints "ready" once the
 * first frame is committed, then stays until killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>
#include "client_common.h"

struct options {
	int32_t width, height;		/* logical */
	uint32_t format;
	int32_t scale;
	enum wl_output_transform transform;
	int32_t margin;			/* viewport crop, logical; 0: none */
	int32_t cursor;			/* cursor size; 0: none */
	size_t offset;			/* of the buffer in its pool */
	unsigned int seals;		/* of the pool's memfd */
};

/* The pointer and its cursor, on a wl_seat of our own to hear capabilities. */
struct cursor {
	struct tc_display *display;
	int32_t size;
	struct wl_seat *seat;
	struct wl_pointer *pointer;
	struct wl_registry *registry;
	struct wl_surface *surface;
	struct tc_buffer buffer;
};

struct argb {
	uint8_t a, r, g, b;
};

/* Keep in step with tests/integration/test_pixels_lib.py. */
static struct argb pattern_pixel(int32_t x, int32_t y, int32_t w, int32_t h,
				 bool alpha)
{
	static const struct argb quadrant[4] = {
		{ 0xff, 0xe0, 0x20, 0x20 },
		{ 0xc0, 0x20, 0xc0, 0x40 },
		{ 0x60, 0x30, 0x40, 0xe0 },
		{ 0x00, 0xa0, 0xa0, 0xa0 },
	};
	struct argb p;
	uint8_t v;

	if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
		return (struct argb){ 0xff, 0xff, 0xff, 0x00 };
	p = quadrant[(x >= w / 2) + 2 * (y >= h / 2)];
	/* A ripple that makes every pixel's place in the picture visible. */
	v = (uint8_t)((x * 3 + y * 5) & 0x1f);
	p.r ^= v;
	p.g ^= v;
	p.b ^= v;
	if (!alpha)
		p.a = 0xff;
	return p;
}

static uint8_t premultiply(uint8_t c, uint8_t a)
{
	return (uint8_t)((c * a + 127) / 255);
}

/*
 * Which buffer pixel shows surface pixel (sx, sy) of a surface w x h pixels
 * (logical size times scale): the buffer holds the surface's picture turned
 * by the transform (counter-clockwise, flips around the vertical axis first).
 */
static void surface_to_buffer(enum wl_output_transform t, int32_t w,
			      int32_t h, int32_t sx, int32_t sy, int32_t *bx,
			      int32_t *by)
{
	switch (t) {
	case WL_OUTPUT_TRANSFORM_NORMAL:
	default:
		*bx = sx, *by = sy;
		break;
	case WL_OUTPUT_TRANSFORM_90:
		*bx = sy, *by = w - 1 - sx;
		break;
	case WL_OUTPUT_TRANSFORM_180:
		*bx = w - 1 - sx, *by = h - 1 - sy;
		break;
	case WL_OUTPUT_TRANSFORM_270:
		*bx = h - 1 - sy, *by = sx;
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED:
		*bx = w - 1 - sx, *by = sy;
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED_90:
		*bx = sy, *by = sx;
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED_180:
		*bx = sx, *by = h - 1 - sy;
		break;
	case WL_OUTPUT_TRANSFORM_FLIPPED_270:
		*bx = h - 1 - sy, *by = w - 1 - sx;
		break;
	}
}

static void draw(const struct options *o, struct tc_buffer *b)
{
	bool alpha = o->format == WL_SHM_FORMAT_ARGB8888;
	int32_t cw = o->width + 2 * o->margin, ch = o->height + 2 * o->margin;
	int32_t sw = cw * o->scale, sh = ch * o->scale;
	int32_t sx, sy, bx, by;

	for (sy = 0; sy < sh; sy++) {
		for (sx = 0; sx < sw; sx++) {
			int32_t lx = sx / o->scale - o->margin;
			int32_t ly = sy / o->scale - o->margin;
			struct argb p = { 0xff, 0xff, 0x00, 0xff };
			uint32_t *px;

			if (lx >= 0 && ly >= 0 && lx < o->width &&
			    ly < o->height)
				p = pattern_pixel(lx, ly, o->width, o->height,
						  alpha);
			surface_to_buffer(o->transform, sw, sh, sx, sy, &bx,
					  &by);
			if (o->format == DRM_FORMAT_RGB888) {
				/* three bytes, B G R in memory */
				uint8_t *p3 = (uint8_t *)b->data +
					      by * b->stride + bx * 3;

				p3[0] = p.b;
				p3[1] = p.g;
				p3[2] = p.r;
				continue;
			}
			px = (uint32_t *)((char *)b->data + by * b->stride) + bx;
			if (alpha)
				*px = (uint32_t)p.a << 24 |
				      premultiply(p.r, p.a) << 16 |
				      premultiply(p.g, p.a) << 8 |
				      premultiply(p.b, p.a);
			else
				/* X left 0: the compositor must ignore it. */
				*px = (uint32_t)p.r << 16 | p.g << 8 | p.b;
		}
	}
}

static int parse_transform(const char *s, enum wl_output_transform *t)
{
	static const char *const names[] = {
		"normal", "90", "180", "270", "flipped", "flipped-90",
		"flipped-180", "flipped-270",
	};
	char *end;
	long n;
	int i;

	for (i = 0; i < 8; i++) {
		if (strcmp(s, names[i]) == 0) {
			*t = i;
			return 0;
		}
	}
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 0 || n > 7)
		return -EINVAL;
	*t = n;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "scale", required_argument, NULL, 'S' },
		{ "transform", required_argument, NULL, 't' },
		{ "viewport", required_argument, NULL, 'v' },
		{ "cursor", required_argument, NULL, 'c' },
		{ "offset", required_argument, NULL, 'o' },
		{ "seal", no_argument, NULL, 'e' },
		{ 0 },
	};
	int c;

	*o = (struct options){ 200, 150, WL_SHM_FORMAT_XRGB8888, 1,
			       WL_OUTPUT_TRANSFORM_NORMAL, 0 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (sscanf(optarg, "%dx%d", &o->width, &o->height) != 2)
				return -EINVAL;
			break;
		case 'f':
			if (strcmp(optarg, "xrgb8888") == 0)
				o->format = WL_SHM_FORMAT_XRGB8888;
			else if (strcmp(optarg, "argb8888") == 0)
				o->format = WL_SHM_FORMAT_ARGB8888;
			/* a tight stride: not a multiple of 4 for odd widths */
			else if (strcmp(optarg, "rgb888") == 0)
				o->format = DRM_FORMAT_RGB888;
			else
				return -EINVAL;
			break;
		case 'S':
			o->scale = atoi(optarg);
			break;
		case 't':
			if (parse_transform(optarg, &o->transform) < 0)
				return -EINVAL;
			break;
		case 'v':
			o->margin = atoi(optarg);
			break;
		case 'c':
			o->cursor = atoi(optarg);
			break;
		case 'o':
			o->offset = strtoul(optarg, NULL, 0);
			break;
		case 'e':
			o->seals = F_SEAL_SHRINK | F_SEAL_SEAL;
			break;
		default:
			return -EINVAL;
		}
	}
	if (o->width < 3 || o->height < 3 || o->scale < 1 || o->margin < 0 ||
	    o->width > 4096 || o->height > 4096 || o->scale > 8 ||
	    o->margin > 512 || o->cursor < 0 || o->cursor > 256 ||
	    o->offset > (1u << 24))
		return -EINVAL;
	return 0;
}

static void handle_pointer_enter(void *data, struct wl_pointer *pointer,
				 uint32_t serial, struct wl_surface *surface,
				 wl_fixed_t x, wl_fixed_t y)
{
	struct cursor *c = data;

	wl_pointer_set_cursor(pointer, serial, c->surface, 0, 0);
}

static void handle_pointer_leave(void *data, struct wl_pointer *pointer,
				 uint32_t serial, struct wl_surface *surface)
{
}

static void handle_pointer_motion(void *data, struct wl_pointer *pointer,
				  uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
}

static void handle_pointer_button(void *data, struct wl_pointer *pointer,
				  uint32_t serial, uint32_t time,
				  uint32_t button, uint32_t state)
{
}

static void handle_pointer_axis(void *data, struct wl_pointer *pointer,
				uint32_t time, uint32_t axis, wl_fixed_t value)
{
}

static const struct wl_pointer_listener pointer_listener = {
	.enter = handle_pointer_enter,
	.leave = handle_pointer_leave,
	.motion = handle_pointer_motion,
	.button = handle_pointer_button,
	.axis = handle_pointer_axis,
};

static void handle_seat_capabilities(void *data, struct wl_seat *seat,
				     uint32_t caps)
{
	struct cursor *c = data;

	if ((caps & WL_SEAT_CAPABILITY_POINTER) && !c->pointer) {
		c->pointer = wl_seat_get_pointer(seat);
		wl_pointer_add_listener(c->pointer, &pointer_listener, c);
	}
}

static void handle_seat_name(void *data, struct wl_seat *seat,
			     const char *name)
{
}

static const struct wl_seat_listener seat_listener = {
	.capabilities = handle_seat_capabilities,
	.name = handle_seat_name,
};

static void handle_cursor_registry_global(void *data,
					  struct wl_registry *registry,
					  uint32_t name, const char *interface,
					  uint32_t version)
{
	struct cursor *c = data;

	if (strcmp(interface, wl_seat_interface.name) == 0 && !c->seat) {
		c->seat = wl_registry_bind(registry, name, &wl_seat_interface,
					   1);
		wl_seat_add_listener(c->seat, &seat_listener, c);
	}
}

static void handle_cursor_registry_global_remove(void *data,
						 struct wl_registry *registry,
						 uint32_t name)
{
}

static const struct wl_registry_listener cursor_registry_listener = {
	.global = handle_cursor_registry_global,
	.global_remove = handle_cursor_registry_global_remove,
};

/* An opaque cyan square: no colour of the picture or the background. */
static int cursor_create(struct tc_display *d, struct cursor *c, int32_t size)
{
	uint32_t *px;
	int32_t i;
	int ret;

	c->display = d;
	c->size = size;
	ret = tc_buffer_create(d, &c->buffer, size, size,
			       WL_SHM_FORMAT_ARGB8888);
	if (ret < 0)
		return ret;
	px = c->buffer.data;
	for (i = 0; i < size * size; i++)
		px[i] = 0xff00ffff;
	c->surface = wl_compositor_create_surface(d->compositor);
	wl_surface_attach(c->surface, c->buffer.buffer, 0, 0);
	wl_surface_damage_buffer(c->surface, 0, 0, size, size);
	wl_surface_commit(c->surface);
	c->registry = wl_display_get_registry(d->display);
	wl_registry_add_listener(c->registry, &cursor_registry_listener, c);
	if (wl_display_roundtrip(d->display) < 0)
		return -EPROTO;
	return c->seat ? 0 : -ENOTSUP;
}

static void cursor_destroy(struct cursor *c)
{
	if (c->pointer)
		wl_pointer_destroy(c->pointer);
	if (c->seat)
		wl_seat_destroy(c->seat);
	if (c->registry)
		wl_registry_destroy(c->registry);
	if (c->surface)
		wl_surface_destroy(c->surface);
	tc_buffer_destroy(&c->buffer);
}

static int show(struct tc_display *d, struct tc_window *w,
		const struct options *o, struct tc_buffer *b)
{
	int32_t bw = (o->width + 2 * o->margin) * o->scale;
	int32_t bh = (o->height + 2 * o->margin) * o->scale;
	struct wp_viewport *viewport = NULL;
	int ret;

	if (o->transform & 1) {
		int32_t t = bw;

		bw = bh;
		bh = t;
	}
	ret = tc_buffer_create_in_pool(d, b, bw, bh, o->format,
				       o->format == DRM_FORMAT_RGB888 ? bw * 3 :
								      bw * 4,
				       o->offset, o->seals);
	if (ret < 0)
		return ret;
	draw(o, b);
	if (o->margin) {
		if (!d->viewporter)
			return -ENOTSUP;
		viewport = wp_viewporter_get_viewport(d->viewporter,
						      w->surface);
		wp_viewport_set_source(viewport, wl_fixed_from_int(o->margin),
				       wl_fixed_from_int(o->margin),
				       wl_fixed_from_int(o->width),
				       wl_fixed_from_int(o->height));
	}
	wl_surface_set_buffer_scale(w->surface, o->scale);
	wl_surface_set_buffer_transform(w->surface, o->transform);
	tc_window_show(w, b);
	return 0;
}

int main(int argc, char **argv)
{
	struct tc_display d;
	struct tc_window w;
	struct tc_buffer b;
	struct cursor cursor = { 0 };
	struct options o;
	int ret;

	if (parse_options(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: tack-pattern [--size WxH] [--format xrgb8888|argb8888|rgb888] [--scale N] [--transform T] [--viewport MARGIN] [--cursor N] [--offset BYTES] [--seal]\n");
		return 2;
	}
	ret = tc_connect(&d);
	if (ret < 0) {
		fprintf(stderr, "tack-pattern: cannot connect: %s\n",
			strerror(-ret));
		return 1;
	}
	ret = tc_window_create(&d, &w, "tack-pattern");
	if (ret == 0 && o.cursor)
		ret = cursor_create(&d, &cursor, o.cursor);
	if (ret == 0)
		ret = show(&d, &w, &o, &b);
	if (ret < 0) {
		fprintf(stderr, "tack-pattern: cannot show the window: %s\n",
			strerror(-ret));
		tc_report_protocol_error(&d);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	w.configured = false;
	while (wl_display_dispatch(d.display) >= 0) {
		/* A later configure was acked: commit to apply the ack. */
		if (w.configured) {
			w.configured = false;
			wl_surface_commit(w.surface);
		}
		if (w.closed)
			break;
	}
	if (!w.closed)
		tc_report_protocol_error(&d);
	tc_buffer_destroy(&b);
	cursor_destroy(&cursor);
	tc_window_destroy(&w);
	tc_disconnect(&d);
	return 0;
}
