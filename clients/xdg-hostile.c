/*
 * tack-xdg-hostile CASE: break one xdg-shell rule and print the error the
 * compositor answered with, as "error <interface> <code>" ("error none"
 * when it did not object).
 */
#include "xdg-window.h"

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

	xw_toplevel_create(d, &w);
	/* Keep the proxy, so the error names xdg_wm_base. */
	wl_proxy_marshal_flags((struct wl_proxy *)d->wm_base,
			       XDG_WM_BASE_DESTROY, NULL,
			       wl_proxy_get_version((struct wl_proxy *)d->wm_base),
			       0);
}

static void destroy_below_topmost(struct tc_display *d)
{
	struct window top, a, b;

	xw_mapped_toplevel(d, &top);
	xw_popup_of(d, &a, &top);
	xw_popup_of(d, &b, &a);
	xdg_popup_destroy(a.popup);
}

/* Legal until the commit: layer shell's get_popup could give a parent. */
static void popup_without_parent(struct tc_display *d)
{
	struct window w;

	xw_surface_create(d, &w);
	xdg_surface_get_popup(w.xdg_surface, NULL, xw_positioner(d, 50, 50));
	wl_surface_commit(w.surface);
}

static void buffer_before_xdg_surface(struct tc_display *d)
{
	struct wl_surface *surface = wl_compositor_create_surface(d->compositor);
	struct tc_buffer b;

	if (tc_buffer_create(d, &b, 16, 16, WL_SHM_FORMAT_XRGB8888) < 0)
		xw_fail("cannot make a buffer");
	wl_surface_attach(surface, b.buffer, 0, 0);
	wl_surface_commit(surface);
	xdg_wm_base_get_xdg_surface(d->wm_base, surface);
}

static void incomplete_positioner(struct tc_display *d)
{
	struct window top, w;
	struct xdg_positioner *p = xdg_wm_base_create_positioner(d->wm_base);

	xw_mapped_toplevel(d, &top);
	xw_surface_create(d, &w);
	xdg_positioner_set_size(p, 50, 50);
	xdg_surface_get_popup(w.xdg_surface, top.xdg_surface, p);
}

static void commit_without_role(struct tc_display *d)
{
	struct window w;

	xw_surface_create(d, &w);
	wl_surface_commit(w.surface);
}

static void toplevel_twice(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	xdg_surface_get_toplevel(w.xdg_surface);
}

static void buffer_before_configure(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	xw_show(&w, 32, 32, 0xffffffff);
}

/* The initial configure arrives and is never acked; a buffer follows. */
static void configure_never_acked(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	wl_surface_commit(w.surface);
	if (!xw_wait_configure(&w, 0))
		return;
	w.serial = 0;
	xw_show(&w, 32, 32, 0xffffffff);
}

static void ack_unknown_serial(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	wl_surface_commit(w.surface);
	if (!xw_wait_configure(&w, 0))
		return;
	xdg_surface_ack_configure(w.xdg_surface, w.serial + 1000);
}

static void ack_twice(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	wl_surface_commit(w.surface);
	if (!xw_wait_configure(&w, 0))
		return;
	xdg_surface_ack_configure(w.xdg_surface, w.serial);
	xdg_surface_ack_configure(w.xdg_surface, w.serial);
}

static void empty_window_geometry(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	xdg_surface_set_window_geometry(w.xdg_surface, 0, 0, 0, 10);
}

static void xdg_surface_destroyed_first(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
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
		xw_fail("no wl_seat");
	xw_mapped_toplevel(d, &w);
	xdg_toplevel_resize(w.toplevel, d->seat, 1, 3);
}

static void parent_is_self(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	xdg_toplevel_set_parent(w.toplevel, w.toplevel);
}

static void parent_loop(struct tc_display *d)
{
	struct window a, b;

	xw_mapped_toplevel(d, &a);
	xw_mapped_toplevel(d, &b);
	xdg_toplevel_set_parent(b.toplevel, a.toplevel);
	xdg_toplevel_set_parent(a.toplevel, b.toplevel);
}

static void min_above_max(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
	xdg_toplevel_set_min_size(w.toplevel, 200, 200);
	xdg_toplevel_set_max_size(w.toplevel, 100, 100);
	wl_surface_commit(w.surface);
}

static void negative_max_size(struct tc_display *d)
{
	struct window w;

	xw_toplevel_create(d, &w);
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
		xw_fail("no wl_seat");
	xw_mapped_toplevel(d, &top);
	xw_popup_of(d, &w, &top);
	wl_surface_commit(w.surface);
	xdg_popup_grab(w.popup, d->seat, 1);
}

/* Maximize or fullscreen, print the size, wait for stdin, restore. */
static void buffer_after_unmap(struct tc_display *d)
{
	struct window w;

	xw_mapped_toplevel(d, &w);
	wl_surface_attach(w.surface, NULL, 0, 0);
	wl_surface_commit(w.surface);
	xw_show(&w, 200, 100, 0xff3060c0);
}

static const struct xw_case cases[] = {
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
	{ "buffer-after-unmap", buffer_after_unmap },
};

int main(int argc, char **argv)
{
	return xw_main("tack-xdg-hostile", cases,
		       sizeof(cases) / sizeof(cases[0]), argc, argv);
}
