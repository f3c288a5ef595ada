/*
 * tack-xdg-hostile CASE: break one xdg-shell rule and print the error the
 * compositor answered with, as "error <interface> <code>" ("error none"
 * when it did not object). The check-* cases instead follow the rules and
 * print what tack configured, for the window policy tests.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/input-event-codes.h>
#include "client_common.h"

struct window {
	struct tc_display *d;
	struct wl_surface *surface;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	struct xdg_popup *popup;
	uint32_t serial;		/* last configure, 0 once acked */
	int configures;
	int32_t width, height;		/* last toplevel configure */
	uint32_t states;		/* 1 << xdg_toplevel_state */
	int32_t bounds_w, bounds_h;
	uint32_t caps;			/* 1 << xdg_toplevel_wm_capabilities */
	int32_t popup_x, popup_y, popup_w, popup_h;
	bool popup_done;
	uint32_t repositioned;
	struct tc_buffer buffer;
	/* Interactive cases: what a press does, and what follows. */
	void (*on_press)(struct window *w, uint32_t serial);
	void (*on_configure)(struct window *w);
	bool pressed;
	struct window *child;
};

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

static void handle_popup_configure(void *data, struct xdg_popup *p, int32_t x,
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

static void handle_repositioned(void *data, struct xdg_popup *p,
				uint32_t token)
{
	struct window *w = data;

	w->repositioned = token;
}

static const struct xdg_popup_listener popup_listener = {
	.configure = handle_popup_configure,
	.popup_done = handle_popup_done,
	.repositioned = handle_repositioned,
};

static void fail(const char *what)
{
	fprintf(stderr, "tack-xdg-hostile: %s\n", what);
	exit(2);
}

static void surface_create(struct tc_display *d, struct window *w)
{
	memset(w, 0, sizeof(*w));
	w->d = d;
	w->surface = wl_compositor_create_surface(d->compositor);
	w->xdg_surface = xdg_wm_base_get_xdg_surface(d->wm_base, w->surface);
	xdg_surface_add_listener(w->xdg_surface, &surface_listener, w);
}

static void toplevel_create(struct tc_display *d, struct window *w)
{
	surface_create(d, w);
	w->toplevel = xdg_surface_get_toplevel(w->xdg_surface);
	xdg_toplevel_add_listener(w->toplevel, &toplevel_listener, w);
}

/* Wait for a configure after the one counted in before; false on error. */
static bool wait_configure(struct window *w, int before)
{
	while (w->configures == before)
		if (wl_display_dispatch(w->d->display) < 0)
			return false;
	return true;
}

/* Draw a buffer of the size configured (or the fallback) and commit it. */
static void draw(struct window *w, int32_t width, int32_t height,
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
		fail("cannot make a buffer");
	for (int32_t i = 0; i < width * height; i++)
		((uint32_t *)w->buffer.data)[i] = colour;
	if (w->serial)
		xdg_surface_ack_configure(w->xdg_surface, w->serial);
	w->serial = 0;
	wl_surface_attach(w->surface, w->buffer.buffer, 0, 0);
	wl_surface_damage_buffer(w->surface, 0, 0, width, height);
	wl_surface_commit(w->surface);
}

static void show(struct window *w, int32_t width, int32_t height,
		 uint32_t colour)
{
	draw(w, width, height, colour);
	wl_display_roundtrip(w->d->display);
}

/* A toplevel through the initial configure dance, mapped at 200x100. */
static void mapped_toplevel(struct tc_display *d, struct window *w)
{
	toplevel_create(d, w);
	wl_surface_commit(w->surface);
	if (!wait_configure(w, 0))
		return;
	show(w, 200, 100, 0xff3060c0);
}

static struct xdg_positioner *positioner(struct tc_display *d, int32_t w,
					 int32_t h)
{
	struct xdg_positioner *p = xdg_wm_base_create_positioner(d->wm_base);

	xdg_positioner_set_size(p, w, h);
	xdg_positioner_set_anchor_rect(p, 0, 0, 10, 10);
	return p;
}

static struct xdg_popup *popup_of(struct tc_display *d, struct window *w,
				  struct window *parent)
{
	surface_create(d, w);
	w->popup = xdg_surface_get_popup(w->xdg_surface, parent->xdg_surface,
					 positioner(d, 50, 50));
	xdg_popup_add_listener(w->popup, &popup_listener, w);
	return w->popup;
}

static void role_taken(struct tc_display *d)
{
	struct wl_surface *parent = wl_compositor_create_surface(d->compositor);
	struct wl_surface *child = wl_compositor_create_surface(d->compositor);

	wl_subcompositor_get_subsurface(d->subcompositor, child, parent);
	xdg_wm_base_get_xdg_surface(d->wm_base, child);
}

static void second_xdg_surface(struct tc_display *d)
{
	struct wl_surface *surface = wl_compositor_create_surface(d->compositor);

	xdg_wm_base_get_xdg_surface(d->wm_base, surface);
	xdg_wm_base_get_xdg_surface(d->wm_base, surface);
}

static void wm_base_destroyed_first(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	/* Keep the proxy, so the error names xdg_wm_base. */
	wl_proxy_marshal_flags((struct wl_proxy *)d->wm_base,
			       XDG_WM_BASE_DESTROY, NULL,
			       wl_proxy_get_version((struct wl_proxy *)d->wm_base),
			       0);
}

static void destroy_below_topmost(struct tc_display *d)
{
	struct window top, a, b;

	mapped_toplevel(d, &top);
	popup_of(d, &a, &top);
	popup_of(d, &b, &a);
	xdg_popup_destroy(a.popup);
}

static void popup_without_parent(struct tc_display *d)
{
	struct window w;

	surface_create(d, &w);
	xdg_surface_get_popup(w.xdg_surface, NULL, positioner(d, 50, 50));
}

static void buffer_before_xdg_surface(struct tc_display *d)
{
	struct wl_surface *surface = wl_compositor_create_surface(d->compositor);
	struct tc_buffer b;

	if (tc_buffer_create(d, &b, 16, 16, WL_SHM_FORMAT_XRGB8888) < 0)
		fail("cannot make a buffer");
	wl_surface_attach(surface, b.buffer, 0, 0);
	wl_surface_commit(surface);
	xdg_wm_base_get_xdg_surface(d->wm_base, surface);
}

static void incomplete_positioner(struct tc_display *d)
{
	struct window top, w;
	struct xdg_positioner *p = xdg_wm_base_create_positioner(d->wm_base);

	mapped_toplevel(d, &top);
	surface_create(d, &w);
	xdg_positioner_set_size(p, 50, 50);
	xdg_surface_get_popup(w.xdg_surface, top.xdg_surface, p);
}

static void commit_without_role(struct tc_display *d)
{
	struct window w;

	surface_create(d, &w);
	wl_surface_commit(w.surface);
}

static void toplevel_twice(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	xdg_surface_get_toplevel(w.xdg_surface);
}

static void buffer_before_configure(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	show(&w, 32, 32, 0xffffffff);
}

/* The initial configure arrives and is never acked; a buffer follows. */
static void configure_never_acked(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	wl_surface_commit(w.surface);
	if (!wait_configure(&w, 0))
		return;
	w.serial = 0;
	show(&w, 32, 32, 0xffffffff);
}

static void ack_unknown_serial(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	wl_surface_commit(w.surface);
	if (!wait_configure(&w, 0))
		return;
	xdg_surface_ack_configure(w.xdg_surface, w.serial + 1000);
}

static void ack_twice(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	wl_surface_commit(w.surface);
	if (!wait_configure(&w, 0))
		return;
	xdg_surface_ack_configure(w.xdg_surface, w.serial);
	xdg_surface_ack_configure(w.xdg_surface, w.serial);
}

static void empty_window_geometry(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	xdg_surface_set_window_geometry(w.xdg_surface, 0, 0, 0, 10);
}

static void xdg_surface_destroyed_first(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	/* Keep the proxy, so the error names xdg_surface. */
	wl_proxy_marshal_flags((struct wl_proxy *)w.xdg_surface,
			       XDG_SURFACE_DESTROY, NULL,
			       wl_proxy_get_version((struct wl_proxy *)w.xdg_surface),
			       0);
}

static void bad_resize_edge(struct tc_display *d)
{
	struct window w;

	if (!d->seat)
		fail("no wl_seat");
	mapped_toplevel(d, &w);
	xdg_toplevel_resize(w.toplevel, d->seat, 1, 3);
}

static void parent_is_self(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	xdg_toplevel_set_parent(w.toplevel, w.toplevel);
}

static void parent_loop(struct tc_display *d)
{
	struct window a, b;

	mapped_toplevel(d, &a);
	mapped_toplevel(d, &b);
	xdg_toplevel_set_parent(b.toplevel, a.toplevel);
	xdg_toplevel_set_parent(a.toplevel, b.toplevel);
}

static void min_above_max(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	xdg_toplevel_set_min_size(w.toplevel, 200, 200);
	xdg_toplevel_set_max_size(w.toplevel, 100, 100);
	wl_surface_commit(w.surface);
}

static void negative_max_size(struct tc_display *d)
{
	struct window w;

	toplevel_create(d, &w);
	xdg_toplevel_set_max_size(w.toplevel, -1, 100);
}

static void positioner_zero_size(struct tc_display *d)
{
	xdg_positioner_set_size(xdg_wm_base_create_positioner(d->wm_base), 0,
				10);
}

static void positioner_negative_anchor_rect(struct tc_display *d)
{
	xdg_positioner_set_anchor_rect(
		xdg_wm_base_create_positioner(d->wm_base), 0, 0, -1, 5);
}

static void grab_after_commit(struct tc_display *d)
{
	struct window top, w;

	if (!d->seat)
		fail("no wl_seat");
	mapped_toplevel(d, &top);
	popup_of(d, &w, &top);
	wl_surface_commit(w.surface);
	xdg_popup_grab(w.popup, d->seat, 1);
}

/* Maximize or fullscreen, print the size, wait for stdin, restore. */
static void check_state(struct tc_display *d, bool fullscreen)
{
	const char *name = fullscreen ? "fullscreen" : "maximized";
	uint32_t state = fullscreen ? XDG_TOPLEVEL_STATE_FULLSCREEN :
				      XDG_TOPLEVEL_STATE_MAXIMIZED;
	struct window w;
	char line[16];

	mapped_toplevel(d, &w);
	printf("bounds %dx%d caps%s%s%s%s\n", w.bounds_w, w.bounds_h,
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_MAXIMIZE) ? " maximize" : "",
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_FULLSCREEN) ? " fullscreen" : "",
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_MINIMIZE) ? " minimize" : "",
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_WINDOW_MENU) ? " window_menu" : "");
	if (fullscreen)
		xdg_toplevel_set_fullscreen(w.toplevel, NULL);
	else
		xdg_toplevel_set_maximized(w.toplevel);
	while (!(w.states & (1u << state)))
		if (!wait_configure(&w, w.configures))
			return;
	show(&w, 1, 1, 0xff20c040);
	printf("%s %dx%d%s\n", name, w.width, w.height,
	       w.states & (1u << XDG_TOPLEVEL_STATE_ACTIVATED) ? " activated" : "");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return;
	if (fullscreen)
		xdg_toplevel_unset_fullscreen(w.toplevel);
	else
		xdg_toplevel_unset_maximized(w.toplevel);
	while (w.states & (1u << state))
		if (!wait_configure(&w, w.configures))
			return;
	show(&w, 200, 100, 0xff3060c0);
	printf("restored %dx%d\n", w.width, w.height);
	fflush(stdout);
	/* Stay mapped until the test has looked. */
	if (!fgets(line, sizeof(line), stdin))
		return;
}

static void check_maximize(struct tc_display *d)
{
	check_state(d, false);
}

static void check_fullscreen(struct tc_display *d)
{
	check_state(d, true);
}

/* A wide popup at the window's bottom right slides back onto the output. */
static void check_popup_slide(struct tc_display *d)
{
	struct window top, w;
	struct xdg_positioner *p = xdg_wm_base_create_positioner(d->wm_base);

	mapped_toplevel(d, &top);
	surface_create(d, &w);
	xdg_positioner_set_size(p, 700, 50);
	xdg_positioner_set_anchor_rect(p, 0, 0, 200, 100);
	xdg_positioner_set_anchor(p, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT);
	xdg_positioner_set_gravity(p, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT);
	xdg_positioner_set_constraint_adjustment(p,
		XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X |
		XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X);
	w.popup = xdg_surface_get_popup(w.xdg_surface, top.xdg_surface, p);
	xdg_popup_add_listener(w.popup, &popup_listener, &w);
	wl_surface_commit(w.surface);
	if (!wait_configure(&w, 0))
		return;
	printf("popup %d,%d %dx%d\n", w.popup_x, w.popup_y, w.popup_w,
	       w.popup_h);
	show(&w, 700, 50, 0xffc04020);

	/* Too tall above its anchor, the popup flips below it. */
	xdg_positioner_set_anchor_rect(p, 0, 0, 200, 50);
	xdg_positioner_set_anchor(p, XDG_POSITIONER_ANCHOR_TOP_LEFT);
	xdg_positioner_set_gravity(p, XDG_POSITIONER_GRAVITY_TOP_LEFT);
	xdg_positioner_set_size(p, 100, 350);
	xdg_positioner_set_constraint_adjustment(p,
		XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y);
	xdg_popup_reposition(w.popup, p, 42);
	if (!wait_configure(&w, w.configures))
		return;
	printf("repositioned %u popup %d,%d %dx%d\n", w.repositioned,
	       w.popup_x, w.popup_y, w.popup_w, w.popup_h);
}

/* Two windows of one size: the second must not hide the first. */
static void check_cascade(struct tc_display *d)
{
	struct window a, b;
	char line[16];

	mapped_toplevel(d, &a);
	toplevel_create(d, &b);
	wl_surface_commit(b.surface);
	if (!wait_configure(&b, 0))
		return;
	show(&b, 200, 100, 0xffc04020);
	printf("mapped two\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return;
}

static void handle_enter(void *data, struct wl_pointer *p, uint32_t serial,
			 struct wl_surface *surface, wl_fixed_t x, wl_fixed_t y)
{
}

static void handle_leave(void *data, struct wl_pointer *p, uint32_t serial,
			 struct wl_surface *surface)
{
}

static void handle_motion(void *data, struct wl_pointer *p, uint32_t time,
			  wl_fixed_t x, wl_fixed_t y)
{
}

static void handle_button(void *data, struct wl_pointer *p, uint32_t serial,
			  uint32_t time, uint32_t button, uint32_t state)
{
	struct window *w = data;

	if (state != WL_POINTER_BUTTON_STATE_PRESSED || w->pressed)
		return;
	w->pressed = true;
	w->on_press(w, serial);
}

static void handle_axis(void *data, struct wl_pointer *p, uint32_t time,
			uint32_t axis, wl_fixed_t value)
{
}

static void handle_frame(void *data, struct wl_pointer *p)
{
}

static void handle_axis_source(void *data, struct wl_pointer *p,
			       uint32_t source)
{
}

static void handle_axis_stop(void *data, struct wl_pointer *p, uint32_t time,
			     uint32_t axis)
{
}

static void handle_axis_discrete(void *data, struct wl_pointer *p,
				 uint32_t axis, int32_t discrete)
{
}

static void handle_axis_value120(void *data, struct wl_pointer *p,
				 uint32_t axis, int32_t value120)
{
}

static const struct wl_pointer_listener pointer_listener = {
	.enter = handle_enter,
	.leave = handle_leave,
	.motion = handle_motion,
	.button = handle_button,
	.axis = handle_axis,
	.frame = handle_frame,
	.axis_source = handle_axis_source,
	.axis_stop = handle_axis_stop,
	.axis_discrete = handle_axis_discrete,
	.axis_value120 = handle_axis_value120,
};

/* Map a window that acts on the first press, and run until stdin closes. */
static void interact(struct tc_display *d, struct window *w,
		     void (*on_press)(struct window *w, uint32_t serial))
{
	struct pollfd fds[2] = {
		{ .fd = wl_display_get_fd(d->display), .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};
	char buf[64];

	if (!d->seat)
		fail("no wl_seat");
	wl_pointer_add_listener(wl_seat_get_pointer(d->seat), &pointer_listener,
				w);
	mapped_toplevel(d, w);
	w->on_press = on_press;
	printf("mapped\n");
	fflush(stdout);
	for (;;) {
		if (wl_display_dispatch_pending(d->display) < 0 ||
		    wl_display_flush(d->display) < 0)
			return;
		if (poll(fds, 2, -1) < 0)
			return;
		if ((fds[0].revents & POLLIN) &&
		    wl_display_dispatch(d->display) < 0)
			return;
		if ((fds[1].revents & (POLLIN | POLLHUP)) &&
		    read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
			return;
	}
}

static void press_move(struct window *w, uint32_t serial)
{
	xdg_toplevel_move(w->toplevel, w->d->seat, serial);
	printf("move requested\n");
	fflush(stdout);
}

static void check_move(struct tc_display *d)
{
	struct window w;

	interact(d, &w, press_move);
}

/* Follow every configure; report the size once resizing is over. */
static void resize_configured(struct window *w)
{
	bool resizing = w->states & (1u << XDG_TOPLEVEL_STATE_RESIZING);

	draw(w, 200, 100, 0xff3060c0);
	if (w->pressed && !resizing) {
		printf("resized %dx%d\n", w->width, w->height);
		fflush(stdout);
	}
}

static void press_resize(struct window *w, uint32_t serial)
{
	w->on_configure = resize_configured;
	xdg_toplevel_resize(w->toplevel, w->d->seat, serial,
			    XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT);
	printf("resize requested\n");
	fflush(stdout);
}

static void check_resize(struct tc_display *d)
{
	struct window w;

	interact(d, &w, press_resize);
}

static void popup_configured(struct window *w)
{
	draw(w, 100, 100, 0xffc04020);
	printf("popup shown\n");
	fflush(stdout);
}

static void handle_grab_popup_done(void *data, struct xdg_popup *p)
{
	printf("popup done\n");
	fflush(stdout);
}

static const struct xdg_popup_listener grab_popup_listener = {
	.configure = handle_popup_configure,
	.popup_done = handle_grab_popup_done,
	.repositioned = handle_repositioned,
};

/* A menu at the window's bottom right, taking a grab with the press. */
static void press_popup(struct window *w, uint32_t serial)
{
	struct window *menu = calloc(1, sizeof(*menu));
	struct xdg_positioner *p;

	if (!menu)
		fail("out of memory");
	surface_create(w->d, menu);
	menu->on_configure = popup_configured;
	p = xdg_wm_base_create_positioner(w->d->wm_base);
	xdg_positioner_set_size(p, 100, 100);
	xdg_positioner_set_anchor_rect(p, 0, 0, 200, 100);
	xdg_positioner_set_anchor(p, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT);
	xdg_positioner_set_gravity(p, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT);
	menu->popup = xdg_surface_get_popup(menu->xdg_surface, w->xdg_surface,
					    p);
	xdg_popup_add_listener(menu->popup, &grab_popup_listener, menu);
	xdg_popup_grab(menu->popup, w->d->seat, serial);
	wl_surface_commit(menu->surface);
	w->child = menu;
}

static void check_popup_grab(struct tc_display *d)
{
	struct window w;

	interact(d, &w, press_popup);
}

struct xdg_case {
	const char *name;
	void (*run)(struct tc_display *d);
};

static const struct xdg_case cases[] = {
	{ "role-taken", role_taken },
	{ "second-xdg-surface", second_xdg_surface },
	{ "wm-base-destroyed-first", wm_base_destroyed_first },
	{ "destroy-below-topmost", destroy_below_topmost },
	{ "popup-without-parent", popup_without_parent },
	{ "buffer-before-xdg-surface", buffer_before_xdg_surface },
	{ "incomplete-positioner", incomplete_positioner },
	{ "commit-without-role", commit_without_role },
	{ "toplevel-twice", toplevel_twice },
	{ "buffer-before-configure", buffer_before_configure },
	{ "configure-never-acked", configure_never_acked },
	{ "ack-unknown-serial", ack_unknown_serial },
	{ "ack-twice", ack_twice },
	{ "empty-window-geometry", empty_window_geometry },
	{ "xdg-surface-destroyed-first", xdg_surface_destroyed_first },
	{ "bad-resize-edge", bad_resize_edge },
	{ "parent-is-self", parent_is_self },
	{ "parent-loop", parent_loop },
	{ "min-above-max", min_above_max },
	{ "negative-max-size", negative_max_size },
	{ "positioner-zero-size", positioner_zero_size },
	{ "positioner-negative-anchor-rect", positioner_negative_anchor_rect },
	{ "grab-after-commit", grab_after_commit },
	{ "check-maximize", check_maximize },
	{ "check-fullscreen", check_fullscreen },
	{ "check-popup-slide", check_popup_slide },
	{ "check-cascade", check_cascade },
	{ "check-move", check_move },
	{ "check-resize", check_resize },
	{ "check-popup-grab", check_popup_grab },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

int main(int argc, char **argv)
{
	struct tc_display d;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: tack-xdg-hostile CASE\ncases:");
		for (i = 0; i < N_CASES; i++)
			fprintf(stderr, " %s", cases[i].name);
		fprintf(stderr, "\n");
		return 2;
	}
	for (i = 0; i < N_CASES; i++)
		if (strcmp(argv[1], cases[i].name) == 0)
			break;
	if (i == N_CASES) {
		fprintf(stderr, "tack-xdg-hostile: unknown case '%s'\n", argv[1]);
		return 2;
	}
	if (tc_connect(&d) < 0 || !d.wm_base)
		fail("cannot connect, or no xdg_wm_base");
	cases[i].run(&d);
	for (int n = 0; n < 5; n++)
		if (wl_display_roundtrip(d.display) < 0)
			break;
	tc_report_protocol_error(&d);
	return 0;
}
