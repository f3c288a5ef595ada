/* xdg windows for tack-xdg-hostile and tack-xdg-probe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xdg-window.h"

static void handle_configure(void *data, struct xdg_surface *xdg_surface,
			     uint32_t serial)
{
	struct window *w = data;

	w->serial = serial;
	w->configures++;
	if (w->on_configure)
		w->on_configure(w);
}

static const struct xdg_surface_listener surface_listener = {
	.configure = handle_configure,
};

static void handle_toplevel_configure(void *data, struct xdg_toplevel *t,
				      int32_t width, int32_t height,
				      struct wl_array *states)
{
	struct window *w = data;
	uint32_t *state;

	w->width = width;
	w->height = height;
	w->states = 0;
	wl_array_for_each(state, states)
		w->states |= 1u << *state;
}

static void handle_close(void *data, struct xdg_toplevel *t)
{
}

static void handle_bounds(void *data, struct xdg_toplevel *t, int32_t width,
			  int32_t height)
{
	struct window *w = data;

	w->bounds_w = width;
	w->bounds_h = height;
}

static void handle_capabilities(void *data, struct xdg_toplevel *t,
				struct wl_array *caps)
{
	struct window *w = data;
	uint32_t *cap;

	wl_array_for_each(cap, caps)
		w->caps |= 1u << *cap;
}

static const struct xdg_toplevel_listener toplevel_listener = {
	.configure = handle_toplevel_configure,
	.close = handle_close,
	.configure_bounds = handle_bounds,
	.wm_capabilities = handle_capabilities,
};

void xw_handle_popup_configure(void *data, struct xdg_popup *p, int32_t x,
				   int32_t y, int32_t width, int32_t height)
{
	struct window *w = data;

	w->popup_x = x;
	w->popup_y = y;
	w->popup_w = width;
	w->popup_h = height;
}

static void handle_popup_done(void *data, struct xdg_popup *p)
{
	struct window *w = data;

	w->popup_done = true;
}

void xw_handle_repositioned(void *data, struct xdg_popup *p,
				uint32_t token)
{
	struct window *w = data;

	w->repositioned = token;
}

const struct xdg_popup_listener xw_popup_listener = {
	.configure = xw_handle_popup_configure,
	.popup_done = handle_popup_done,
	.repositioned = xw_handle_repositioned,
};

void xw_fail(const char *what)
{
	fprintf(stderr, "tack-xdg: %s\n", what);
	exit(2);
}

void xw_surface_create(struct tc_display *d, struct window *w)
{
	memset(w, 0, sizeof(*w));
	w->d = d;
	w->surface = wl_compositor_create_surface(d->compositor);
	w->xdg_surface = xdg_wm_base_get_xdg_surface(d->wm_base, w->surface);
	xdg_surface_add_listener(w->xdg_surface, &surface_listener, w);
}

void xw_toplevel_create(struct tc_display *d, struct window *w)
{
	xw_surface_create(d, w);
	w->toplevel = xdg_surface_get_toplevel(w->xdg_surface);
	xdg_toplevel_add_listener(w->toplevel, &toplevel_listener, w);
}

/* Wait for a configure after the one counted in before; false on error. */
bool xw_wait_configure(struct window *w, int before)
{
	while (w->configures == before)
		if (wl_display_dispatch(w->d->display) < 0)
			return false;
	return true;
}

/* Draw a buffer of the size configured (or the fallback) and commit it. */
void xw_draw(struct window *w, int32_t width, int32_t height,
		 uint32_t colour)
{
	if (w->width > 0 && w->height > 0) {
		width = w->width;
		height = w->height;
	}
	if (w->buffer.buffer)
		tc_buffer_destroy(&w->buffer);
	if (tc_buffer_create(w->d, &w->buffer, width, height,
			     WL_SHM_FORMAT_XRGB8888) < 0)
		xw_fail("cannot make a buffer");
	for (int32_t i = 0; i < width * height; i++)
		((uint32_t *)w->buffer.data)[i] = colour;
	if (w->serial)
		xdg_surface_ack_configure(w->xdg_surface, w->serial);
	w->serial = 0;
	wl_surface_attach(w->surface, w->buffer.buffer, 0, 0);
	wl_surface_damage_buffer(w->surface, 0, 0, width, height);
	wl_surface_commit(w->surface);
}

void xw_show(struct window *w, int32_t width, int32_t height,
		 uint32_t colour)
{
	xw_draw(w, width, height, colour);
	wl_display_roundtrip(w->d->display);
}

/* A toplevel through the initial configure dance, mapped at 200x100. */
void xw_mapped_toplevel(struct tc_display *d, struct window *w)
{
	xw_toplevel_create(d, w);
	wl_surface_commit(w->surface);
	if (!xw_wait_configure(w, 0))
		return;
	xw_show(w, 200, 100, 0xff3060c0);
}

struct xdg_positioner *xw_positioner(struct tc_display *d, int32_t w,
					 int32_t h)
{
	struct xdg_positioner *p = xdg_wm_base_create_positioner(d->wm_base);

	xdg_positioner_set_size(p, w, h);
	xdg_positioner_set_anchor_rect(p, 0, 0, 10, 10);
	return p;
}

struct xdg_popup *xw_popup_of(struct tc_display *d, struct window *w,
				  struct window *parent)
{
	xw_surface_create(d, w);
	w->popup = xdg_surface_get_popup(w->xdg_surface, parent->xdg_surface,
					 xw_positioner(d, 50, 50));
	xdg_popup_add_listener(w->popup, &xw_popup_listener, w);
	return w->popup;
}

bool xw_wait_stdin(void)
{
	char line[16];

	return fgets(line, sizeof(line), stdin) != NULL;
}

void xw_say(const char *what)
{
	printf("%s\n", what);
	fflush(stdout);
}

int xw_main(const char *program, const struct xw_case *cases, size_t n,
	    int argc, char **argv)
{
	struct tc_display d;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CASE\ncases:", program);
		for (i = 0; i < n; i++)
			fprintf(stderr, " %s", cases[i].name);
		fprintf(stderr, "\n");
		return 2;
	}
	for (i = 0; i < n; i++)
		if (strcmp(argv[1], cases[i].name) == 0)
			break;
	if (i == n) {
		fprintf(stderr, "%s: unknown case '%s'\n", program,
			argv[1]);
		return 2;
	}
	if (tc_connect(&d) < 0 || !d.wm_base)
		xw_fail("cannot connect, or no xdg_wm_base");
	cases[i].run(&d);
	for (int n = 0; n < 5; n++)
		if (wl_display_roundtrip(d.display) < 0)
			break;
	tc_report_protocol_error(&d);
	return 0;
}
