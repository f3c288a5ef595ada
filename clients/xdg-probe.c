/*
 * tack-xdg-probe CASE: follow the xdg-shell rules and print what tack
 * configured, for the window policy tests. Cases that wait for the test
 * read a line from stdin between steps and end when stdin closes.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "xdg-window.h"

struct state_check {
	bool fullscreen;
	bool last_output;	/* fullscreen on the last wl_output, not NULL */
	bool before_map;	/* asked for before the initial commit */
	int32_t margin;		/* a frame outside the window geometry */
};

/* The configured size in green, inside a black frame of margin pixels. */
static void draw_framed(struct window *w, int32_t margin)
{
	int32_t bw = w->width + 2 * margin, bh = w->height + 2 * margin;

	if (w->buffer.buffer)
		tc_buffer_destroy(&w->buffer);
	if (tc_buffer_create(w->d, &w->buffer, bw, bh,
			     WL_SHM_FORMAT_XRGB8888) < 0)
		xw_fail("cannot make a buffer");
	for (int32_t y = 0; y < bh; y++)
		for (int32_t x = 0; x < bw; x++)
			((uint32_t *)w->buffer.data)[y * bw + x] =
				x < margin || y < margin || x >= bw - margin ||
				y >= bh - margin ? 0xff000000 : 0xff20c040;
	xdg_surface_set_window_geometry(w->xdg_surface, margin, margin,
					w->width, w->height);
	xdg_surface_ack_configure(w->xdg_surface, w->serial);
	w->serial = 0;
	wl_surface_attach(w->surface, w->buffer.buffer, 0, 0);
	wl_surface_damage_buffer(w->surface, 0, 0, bw, bh);
	wl_surface_commit(w->surface);
	wl_display_roundtrip(w->d->display);
}

/* Maximize or fullscreen, print the size, wait for stdin, restore. */
static void check_state(struct tc_display *d, const struct state_check *c)
{
	const char *name = c->fullscreen ? "fullscreen" : "maximized";
	uint32_t state = c->fullscreen ? XDG_TOPLEVEL_STATE_FULLSCREEN :
					 XDG_TOPLEVEL_STATE_MAXIMIZED;
	struct window w;

	if (c->before_map)
		xw_toplevel_create(d, &w);
	else
		xw_mapped_toplevel(d, &w);
	if (c->fullscreen)
		xdg_toplevel_set_fullscreen(w.toplevel, c->last_output ?
					    d->outputs[d->n_outputs - 1] : NULL);
	else
		xdg_toplevel_set_maximized(w.toplevel);
	if (c->before_map)
		wl_surface_commit(w.surface);
	while (!(w.states & (1u << state)))
		if (!xw_wait_configure(&w, w.configures))
			return;
	printf("bounds %dx%d caps%s%s%s%s\n", w.bounds_w, w.bounds_h,
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_MAXIMIZE) ? " maximize" : "",
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_FULLSCREEN) ? " fullscreen" : "",
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_MINIMIZE) ? " minimize" : "",
	       w.caps & (1u << XDG_TOPLEVEL_WM_CAPABILITIES_WINDOW_MENU) ? " window_menu" : "");
	if (c->margin)
		draw_framed(&w, c->margin);
	else
		xw_show(&w, 1, 1, 0xff20c040);
	/* Mapped maximized, the window gets focus and a configure for it. */
	wl_display_roundtrip(d->display);
	printf("%s %dx%d%s\n", name, w.width, w.height,
	       w.states & (1u << XDG_TOPLEVEL_STATE_ACTIVATED) ? " activated" : "");
	fflush(stdout);
	if (!xw_wait_stdin())
		return;
	if (c->fullscreen)
		xdg_toplevel_unset_fullscreen(w.toplevel);
	else
		xdg_toplevel_unset_maximized(w.toplevel);
	while (w.states & (1u << state))
		if (!xw_wait_configure(&w, w.configures))
			return;
	if (c->margin)
		xdg_surface_set_window_geometry(w.xdg_surface, 0, 0, 200, 100);
	xw_show(&w, 200, 100, 0xff3060c0);
	printf("restored %dx%d\n", w.width, w.height);
	fflush(stdout);
	/* Stay mapped until the test has looked. */
	xw_wait_stdin();
}

static void check_maximize(struct tc_display *d)
{
	check_state(d, &(struct state_check){ .fullscreen = false });
}

static void check_maximize_framed(struct tc_display *d)
{
	check_state(d, &(struct state_check){ .margin = 10 });
}

static void check_maximize_first(struct tc_display *d)
{
	check_state(d, &(struct state_check){ .before_map = true });
}

static void check_fullscreen(struct tc_display *d)
{
	check_state(d, &(struct state_check){ .fullscreen = true });
}

static void check_fullscreen_last_output(struct tc_display *d)
{
	check_state(d, &(struct state_check){ .fullscreen = true,
					      .last_output = true });
}

/* A wide popup at the window's bottom right slides back onto the output. */
static void check_popup_slide(struct tc_display *d)
{
	struct window top, w;
	struct xdg_positioner *p = xdg_wm_base_create_positioner(d->wm_base);

	xw_mapped_toplevel(d, &top);
	xw_surface_create(d, &w);
	xdg_positioner_set_size(p, 700, 50);
	xdg_positioner_set_anchor_rect(p, 0, 0, 200, 100);
	xdg_positioner_set_anchor(p, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT);
	xdg_positioner_set_gravity(p, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT);
	xdg_positioner_set_constraint_adjustment(p,
		XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X |
		XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X);
	w.popup = xdg_surface_get_popup(w.xdg_surface, top.xdg_surface, p);
	xdg_popup_add_listener(w.popup, &xw_popup_listener, &w);
	wl_surface_commit(w.surface);
	if (!xw_wait_configure(&w, 0))
		return;
	printf("popup %d,%d %dx%d\n", w.popup_x, w.popup_y, w.popup_w,
	       w.popup_h);
	xw_show(&w, 700, 50, 0xffc04020);

	/* Too tall above its anchor, the popup flips below it. */
	xdg_positioner_set_anchor_rect(p, 0, 0, 200, 50);
	xdg_positioner_set_anchor(p, XDG_POSITIONER_ANCHOR_TOP_LEFT);
	xdg_positioner_set_gravity(p, XDG_POSITIONER_GRAVITY_TOP_LEFT);
	xdg_positioner_set_size(p, 100, 350);
	xdg_positioner_set_constraint_adjustment(p,
		XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y);
	xdg_popup_reposition(w.popup, p, 42);
	if (!xw_wait_configure(&w, w.configures))
		return;
	printf("repositioned %u popup %d,%d %dx%d\n", w.repositioned,
	       w.popup_x, w.popup_y, w.popup_w, w.popup_h);
}

/* Two windows of one size: the second must not hide the first. */
static void check_cascade(struct tc_display *d)
{
	struct window a, b;
	char line[16];

	xw_mapped_toplevel(d, &a);
	xw_toplevel_create(d, &b);
	wl_surface_commit(b.surface);
	if (!xw_wait_configure(&b, 0))
		return;
	xw_show(&b, 200, 100, 0xffc04020);
	/* The configures that focus brings are in by now. */
	wl_display_roundtrip(d->display);
	printf("mapped two, first %s, second %s\n",
	       a.states & (1u << XDG_TOPLEVEL_STATE_ACTIVATED) ? "active" : "inactive",
	       b.states & (1u << XDG_TOPLEVEL_STATE_ACTIVATED) ? "active" : "inactive");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return;
}

/* A dialog: a second window whose parent is the first. */
static void check_dialog(struct tc_display *d)
{
	struct window a, b;

	xw_mapped_toplevel(d, &a);
	xw_toplevel_create(d, &b);
	xdg_toplevel_set_parent(b.toplevel, a.toplevel);
	wl_surface_commit(b.surface);
	if (!xw_wait_configure(&b, 0))
		return;
	xw_show(&b, 200, 100, 0xffc04020);
	xw_say("mapped two");
	while (xw_wait_stdin())
		wl_display_roundtrip(d->display);
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

/*
 * Map a window that acts on the first press, and run until stdin closes;
 * after_events, if set, looks at what each batch of events changed.
 */
static void interact(struct tc_display *d, struct window *w,
		     void (*on_press)(struct window *w, uint32_t serial),
		     void (*after_events)(void))
{
	struct pollfd fds[2] = {
		{ .fd = wl_display_get_fd(d->display), .events = POLLIN },
		{ .fd = STDIN_FILENO, .events = POLLIN },
	};
	char buf[64];

	if (!d->seat)
		xw_fail("no wl_seat");
	wl_pointer_add_listener(wl_seat_get_pointer(d->seat), &pointer_listener,
				w);
	xw_mapped_toplevel(d, w);
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
		if (after_events)
			after_events();
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

	interact(d, &w, press_move, NULL);
}

/* Follow every configure; report the size once resizing is over. */
static void resize_configured(struct window *w)
{
	bool resizing = w->states & (1u << XDG_TOPLEVEL_STATE_RESIZING);

	xw_draw(w, 200, 100, 0xff3060c0);
	if (w->pressed && !resizing) {
		printf("resized %dx%d\n", w->width, w->height);
		fflush(stdout);
	}
}

static void resize_from(struct window *w, uint32_t serial, uint32_t edges)
{
	w->on_configure = resize_configured;
	xdg_toplevel_resize(w->toplevel, w->d->seat, serial, edges);
	printf("resize requested\n");
	fflush(stdout);
}

static void press_resize(struct window *w, uint32_t serial)
{
	resize_from(w, serial, XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT);
}

static void press_resize_top_left(struct window *w, uint32_t serial)
{
	resize_from(w, serial, XDG_TOPLEVEL_RESIZE_EDGE_TOP_LEFT);
}

static void check_resize(struct tc_display *d)
{
	struct window w;

	interact(d, &w, press_resize, NULL);
}

static void check_resize_top_left(struct tc_display *d)
{
	struct window w;

	interact(d, &w, press_resize_top_left, NULL);
}

static void popup_configured(struct window *w)
{
	xw_draw(w, 100, 100, 0xffc04020);
	printf("popup shown\n");
	fflush(stdout);
}

static void handle_grab_popup_done(void *data, struct xdg_popup *p)
{
	printf("popup done\n");
	fflush(stdout);
}

static const struct xdg_popup_listener grab_popup_listener = {
	.configure = xw_handle_popup_configure,
	.popup_done = handle_grab_popup_done,
	.repositioned = xw_handle_repositioned,
};

/* A menu at the window's bottom right, taking a grab with the press. */
static void press_popup(struct window *w, uint32_t serial)
{
	struct window *menu = calloc(1, sizeof(*menu));
	struct xdg_positioner *p;

	if (!menu)
		xw_fail("out of memory");
	xw_surface_create(w->d, menu);
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

	interact(d, &w, press_popup, NULL);
}

/* Unmapped by a NULL buffer, a window must be configured anew. */
static void check_remap(struct tc_display *d)
{
	struct window w;
	int before;

	xw_mapped_toplevel(d, &w);
	xw_say("mapped");
	if (!xw_wait_stdin())
		return;
	wl_surface_attach(w.surface, NULL, 0, 0);
	wl_surface_commit(w.surface);
	wl_display_roundtrip(d->display);
	xw_say("unmapped");
	if (!xw_wait_stdin())
		return;
	before = w.configures;
	wl_surface_commit(w.surface);
	if (!xw_wait_configure(&w, before))
		return;
	xw_show(&w, 200, 100, 0xff3060c0);
	xw_say("remapped");
	xw_wait_stdin();
}

/* A window of one red single-pixel buffer, scaled to 200x100. */
static void check_single_pixel(struct tc_display *d)
{
	struct wl_buffer *pixel;
	struct wp_viewport *viewport;
	struct window w;

	if (!d->single_pixel || !d->viewporter)
		xw_fail("no single-pixel buffers or viewporter");
	xw_toplevel_create(d, &w);
	wl_surface_commit(w.surface);
	if (!xw_wait_configure(&w, 0))
		return;
	pixel = wp_single_pixel_buffer_manager_v1_create_u32_rgba_buffer(
		d->single_pixel, UINT32_MAX, 0, 0, UINT32_MAX);
	viewport = wp_viewporter_get_viewport(d->viewporter, w.surface);
	wp_viewport_set_destination(viewport, 200, 100);
	xdg_surface_ack_configure(w.xdg_surface, w.serial);
	wl_surface_attach(w.surface, pixel, 0, 0);
	wl_surface_damage_buffer(w.surface, 0, 0, 1, 1);
	wl_surface_commit(w.surface);
	wl_display_roundtrip(d->display);
	xw_say("mapped single-pixel");
	xw_wait_stdin();
}

/* A mapped window that holds idleness off until stdin says. */
static void check_inhibit_idle(struct tc_display *d)
{
	struct zwp_idle_inhibitor_v1 *inhibitor;
	struct window w;

	if (!d->idle_inhibit)
		xw_fail("no idle inhibit manager");
	xw_mapped_toplevel(d, &w);
	inhibitor = zwp_idle_inhibit_manager_v1_create_inhibitor(d->idle_inhibit,
								 w.surface);
	wl_display_roundtrip(d->display);
	xw_say("inhibiting");
	if (!xw_wait_stdin())
		return;
	zwp_idle_inhibitor_v1_destroy(inhibitor);
	wl_display_roundtrip(d->display);
	xw_say("released");
	xw_wait_stdin();
}

static struct window activation_target;
static bool target_was_active;

static void handle_token_done(void *data, struct xdg_activation_token_v1 *t,
			      const char *token)
{
	struct tc_display *d = data;

	xdg_activation_v1_activate(d->activation, token,
				   activation_target.surface);
	xdg_activation_token_v1_destroy(t);
	xw_say("activation requested");
}

static const struct xdg_activation_token_v1_listener token_listener = {
	.done = handle_token_done,
};

/* A press on the second window asks to activate the first. */
static void press_activate(struct window *w, uint32_t serial)
{
	struct xdg_activation_token_v1 *token =
		xdg_activation_v1_get_activation_token(w->d->activation);

	if (getenv("TACK_PROBE_NO_SERIAL") == NULL)
		xdg_activation_token_v1_set_serial(token, serial, w->d->seat);
	xdg_activation_token_v1_set_surface(token, w->surface);
	xdg_activation_token_v1_add_listener(token, &token_listener, w->d);
	xdg_activation_token_v1_commit(token);
}

static void say_target_activation(void)
{
	bool active = activation_target.states &
		      (1u << XDG_TOPLEVEL_STATE_ACTIVATED);

	if (active != target_was_active)
		xw_say(active ? "first activated" : "first deactivated");
	target_was_active = active;
}

/* Two windows; a click on the second hands focus to the first. */
static void check_activate(struct tc_display *d)
{
	struct window w;

	if (!d->activation)
		xw_fail("no xdg_activation_v1");
	xw_mapped_toplevel(d, &activation_target);
	wl_display_roundtrip(d->display);
	target_was_active = activation_target.states &
			    (1u << XDG_TOPLEVEL_STATE_ACTIVATED);
	interact(d, &w, press_activate, say_target_activation);
}

static void handle_silent_ping(void *data, struct xdg_wm_base *wm_base,
			       uint32_t serial)
{
	uint32_t *last = data;

	*last = serial;
	xw_say("pinged");
}

static const struct xdg_wm_base_listener silent_wm_base_listener = {
	.ping = handle_silent_ping,
};

static void handle_global(void *data, struct wl_registry *registry,
			  uint32_t name, const char *interface,
			  uint32_t version)
{
	struct xdg_wm_base **wm_base = data;

	if (strcmp(interface, xdg_wm_base_interface.name) == 0 && !*wm_base)
		*wm_base = wl_registry_bind(registry, name,
					    &xdg_wm_base_interface, 1);
}

static void handle_global_remove(void *data, struct wl_registry *registry,
				 uint32_t name)
{
}

static const struct wl_registry_listener silent_registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

/* A window whose xdg_wm_base leaves pings unanswered until told. */
static void check_no_pong(struct tc_display *d)
{
	struct wl_registry *registry = wl_display_get_registry(d->display);
	struct xdg_wm_base *silent = NULL;
	uint32_t last_ping = 0;
	struct window w;

	wl_registry_add_listener(registry, &silent_registry_listener, &silent);
	wl_display_roundtrip(d->display);
	if (!silent)
		xw_fail("no xdg_wm_base");
	xdg_wm_base_add_listener(silent, &silent_wm_base_listener, &last_ping);
	d->wm_base = silent;
	xw_mapped_toplevel(d, &w);
	while (!last_ping)
		if (wl_display_dispatch(d->display) < 0)
			return;
	if (!xw_wait_stdin())
		return;
	xdg_wm_base_pong(silent, last_ping);
	wl_display_roundtrip(d->display);
	xw_say("ponged");
	xw_wait_stdin();
}

static const struct xw_case cases[] = {
	{ "maximize", check_maximize },
	{ "fullscreen", check_fullscreen },
	{ "maximize-framed", check_maximize_framed },
	{ "maximize-first", check_maximize_first },
	{ "fullscreen-last-output", check_fullscreen_last_output },
	{ "popup-slide", check_popup_slide },
	{ "cascade", check_cascade },
	{ "dialog", check_dialog },
	{ "move", check_move },
	{ "resize", check_resize },
	{ "resize-top-left", check_resize_top_left },
	{ "popup-grab", check_popup_grab },
	{ "remap", check_remap },
	{ "no-pong", check_no_pong },
	{ "single-pixel", check_single_pixel },
	{ "inhibit-idle", check_inhibit_idle },
	{ "activate", check_activate },
};

int main(int argc, char **argv)
{
	return xw_main("tack-xdg-probe", cases,
		       sizeof(cases) / sizeof(cases[0]), argc, argv);
}
