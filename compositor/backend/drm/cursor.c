/*
 * The compositor's own cursor, for a pointer over no client's surface: an
 * arrow in a small ARGB dumb buffer on the output's cursor plane, moved by
 * repaints that the seat's pointer signal asks for.
 */
#include <string.h>
#include "backend/drm/internal.h"
#include "output/output.h"
#include "seat/seat.h"

#define ARROW_W 12
#define ARROW_H 19

/* An arrow pointing up and left: black outline, white inside. */
static uint32_t arrow_pixel(int x, int y)
{
	int edge = y * (ARROW_W - 1) / (ARROW_H - 5);

	if (y < ARROW_H - 5) {
		if (x > edge)
			return 0;
		return x == 0 || x == edge || y == ARROW_H - 6 ? 0xff000000u :
								 0xffffffffu;
	}
	/* the stem */
	if (x < 3 || x > 6)
		return 0;
	return x == 3 || x == 6 || y == ARROW_H - 1 ? 0xff000000u : 0xffffffffu;
}

static int draw_arrow(struct drm_output *output)
{
	struct drm_backend *backend = output->backend;
	struct drm_dumb *d = &output->cursor_image;
	int x, y;

	if (tack_drm_dumb_create(backend->fd, (int32_t)backend->cursor_width,
				 (int32_t)backend->cursor_height, true, d) < 0)
		return -1;
	memset(d->map, 0, d->size);
	for (y = 0; y < ARROW_H && y < (int)backend->cursor_height; y++) {
		uint32_t *row = (uint32_t *)((char *)d->map + (size_t)y * d->pitch);

		for (x = 0; x < ARROW_W && x < (int)backend->cursor_width; x++)
			row[x] = arrow_pixel(x, y);
	}
	return 0;
}

struct drm_plane *tack_drm_cursor_wanted(struct drm_output *output, int32_t *x,
					 int32_t *y)
{
	struct drm_backend *backend = output->backend;
	struct tack_output *o = output->output;
	double lx = backend->cursor_lx, ly = backend->cursor_ly;

	if (!output->cursor_plane || !backend->cursor_wanted ||
	    !tack_output_overlaps(o, (int32_t)lx, (int32_t)ly, 1, 1))
		return NULL;
	if (!output->cursor_image.map && draw_arrow(output) < 0)
		return NULL;
	*x = (int32_t)((lx - o->x) * o->scale);
	*y = (int32_t)((ly - o->y) * o->scale);
	return output->cursor_plane;
}

void tack_drm_cursor_add(struct drm_output *output, struct drm_frame *frame,
			 int32_t x, int32_t y)
{
	struct drm_plane_state *ps;

	if (frame->n_planes == DRM_MAX_PLANES)
		return;
	ps = &frame->planes[frame->n_planes++];
	memset(ps, 0, sizeof(*ps));
	ps->plane = output->cursor_plane;
	ps->fb_id = output->cursor_image.fb_id;
	ps->x = x;
	ps->y = y;
	ps->w = (int32_t)output->backend->cursor_width;
	ps->h = (int32_t)output->backend->cursor_height;
}

/* Does the cursor shown differ from what the screen shows now? */
static bool cursor_changed(struct drm_output *output)
{
	int32_t x = 0, y = 0;
	bool wanted = tack_drm_cursor_wanted(output, &x, &y) != NULL;

	return wanted != output->cursor_shown ||
	       (wanted && (x != output->cursor_x || y != output->cursor_y));
}

static void handle_seat_pointer(struct wl_listener *listener, void *data)
{
	struct drm_backend *backend =
		wl_container_of(listener, backend, seat_pointer);
	const struct tack_seat_pointer_event *event = data;
	struct drm_output *output;

	backend->cursor_wanted = event->default_cursor;
	backend->cursor_lx = event->lx;
	backend->cursor_ly = event->ly;
	wl_list_for_each(output, &backend->outputs, link)
		if (cursor_changed(output))
			tack_output_schedule_frame(output->output);
}

void tack_drm_cursor_listen(struct drm_backend *backend)
{
	struct tack_seat *seat = backend->base.env.seat;

	backend->seat_pointer.notify = handle_seat_pointer;
	wl_list_init(&backend->seat_pointer.link);
	if (!seat)
		return;
	backend->cursor_wanted = tack_seat_default_cursor(seat,
		&backend->cursor_lx, &backend->cursor_ly);
	tack_seat_add_pointer_listener(seat, &backend->seat_pointer);
}

void tack_drm_cursor_destroy(struct drm_output *output)
{
	tack_drm_dumb_destroy(output->backend->fd, &output->cursor_image);
}
