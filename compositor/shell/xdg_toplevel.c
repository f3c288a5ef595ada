/* xdg_toplevel: window state, configure contents, mapping and unmapping. */
#include <stdlib.h>
#include <string.h>
#include "output/output.h"
#include "scene/scene.h"
#include "shell/xdg_shell_private.h"
#include "surface/surface.h"
#include "util/coord.h"
#include "util/log.h"
#include "xdg-decoration-unstable-v1-server-protocol.h"

static const struct xdg_toplevel_interface toplevel_impl;

static struct tack_xdg_toplevel *toplevel_from_resource(struct wl_resource *r)
{
	return wl_resource_get_user_data(r);
}

static void set_parent(struct tack_xdg_toplevel *toplevel,
		       struct tack_xdg_toplevel *parent)
{
	if (toplevel->parent)
		toplevel->parent->children--;
	toplevel->parent = parent;
	if (parent)
		parent->children++;
}

/* Children stay stacked above their parent, oldest lowest. */
static void raise_children(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_toplevel *child;

	if (!toplevel->children)
		return;
	wl_list_for_each_reverse(child, &toplevel->xdg->shell->toplevels, link) {
		if (child->parent != toplevel || !child->xdg->mapped)
			continue;
		tack_view_raise(child->xdg->view);
		raise_children(child);
	}
}

static void handle_view_set_activated(struct tack_view *view, bool activated)
{
	struct tack_xdg_surface *xdg = view->data;
	struct tack_xdg_toplevel *toplevel = xdg->toplevel;

	if (!toplevel || toplevel->scheduled.activated == activated)
		return;
	toplevel->scheduled.activated = activated;
	tack_xdg_surface_schedule_configure(xdg);
	if (!activated)
		return;
	tack_xdg_client_ping(xdg->client);
	raise_children(toplevel);
}

const struct tack_view_impl tack_xdg_toplevel_view_impl = {
	.set_activated = handle_view_set_activated,
};

/* Children of a toplevel that goes away belong to its parent from now on. */
static void orphan_children(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_toplevel *child;

	if (!toplevel->children)
		return;
	wl_list_for_each(child, &toplevel->xdg->shell->toplevels, link) {
		if (child->parent == toplevel)
			set_parent(child, toplevel->parent);
	}
}

static void unmap(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_surface *xdg = toplevel->xdg;
	struct tack_xdg_configure *configure;

	tack_xdg_policy_cancel_op(toplevel);
	tack_popup_parent_dismiss(&xdg->popup_parent);
	orphan_children(toplevel);
	set_parent(toplevel, NULL);
	tack_view_set_mapped(xdg->view, false);
	xdg->mapped = false;
	toplevel->minimized = false;
	tack_foreign_toplevel_unmap(toplevel);
	/* Mapping again starts over with an initial commit and configure. */
	wl_list_for_each(configure, &xdg->configures, link)
		configure->stale = true;
	if (xdg->configure_idle) {
		wl_event_source_remove(xdg->configure_idle);
		xdg->configure_idle = NULL;
	}
	xdg->configured = false;
	xdg->configure_sent = false;
	xdg->initial_commit = false;
	toplevel->has_saved = false;
	tack_xdg_policy_note_spot(toplevel);
}

static void stop_fullscreen_output(struct tack_xdg_toplevel *toplevel)
{
	if (!toplevel->fullscreen_output)
		return;
	wl_list_remove(&toplevel->fullscreen_output_destroy.link);
	toplevel->fullscreen_output = NULL;
}

void tack_xdg_toplevel_destroy(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_surface *xdg = toplevel->xdg;

	if (xdg->mapped)
		unmap(toplevel);
	tack_popup_parent_dismiss(&xdg->popup_parent);
	orphan_children(toplevel);
	set_parent(toplevel, NULL);
	tack_view_destroy(xdg->view);
	xdg->view = NULL;
	stop_fullscreen_output(toplevel);
	wl_list_remove(&toplevel->link);
	if (toplevel->decoration)
		tack_xdg_decoration_toplevel_gone(toplevel->decoration);
	tack_foreign_toplevel_unmap(toplevel);
	free(toplevel->title);
	free(toplevel->app_id);
	wl_resource_set_user_data(toplevel->resource, NULL);
	xdg->toplevel = NULL;
	xdg->configured = false;
	xdg->configure_sent = false;
	xdg->initial_commit = false;
	if (xdg->surface)
		tack_surface_clear_role_data(xdg->surface);
	free(toplevel);
}

static void toplevel_resource_destroy(struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel)
		tack_xdg_toplevel_destroy(toplevel);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel && toplevel->decoration) {
		wl_resource_post_error(
			tack_xdg_decoration_resource(toplevel->decoration),
			ZXDG_TOPLEVEL_DECORATION_V1_ERROR_ORPHANED,
			"xdg_toplevel destroyed before its decoration object");
		return;
	}
	wl_resource_destroy(resource);
}

static bool is_ancestor(struct tack_xdg_toplevel *maybe,
			struct tack_xdg_toplevel *of)
{
	for (struct tack_xdg_toplevel *p = of; p; p = p->parent) {
		if (p == maybe)
			return true;
	}
	return false;
}

static void handle_set_parent(struct wl_client *client,
			      struct wl_resource *resource,
			      struct wl_resource *parent_resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);
	struct tack_xdg_toplevel *parent =
		parent_resource ? toplevel_from_resource(parent_resource) : NULL;

	if (!toplevel)
		return;
	if (parent && is_ancestor(toplevel, parent)) {
		wl_resource_post_error(resource, XDG_TOPLEVEL_ERROR_INVALID_PARENT,
			"the parent would be this toplevel or its descendant");
		return;
	}
	/* Only mapped toplevels have children. */
	if (parent && !parent->xdg->mapped)
		parent = NULL;
	set_parent(toplevel, parent);
}

static void replace_string(char **dst, const char *src,
			   struct wl_resource *resource)
{
	char *copy = strdup(src);

	if (!copy) {
		wl_resource_post_no_memory(resource);
		return;
	}
	free(*dst);
	*dst = copy;
}

static void handle_set_title(struct wl_client *client,
			     struct wl_resource *resource, const char *title)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (!toplevel)
		return;
	replace_string(&toplevel->title, title, resource);
	tack_foreign_toplevel_update(toplevel);
}

static void handle_set_app_id(struct wl_client *client,
			      struct wl_resource *resource, const char *app_id)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (!toplevel)
		return;
	replace_string(&toplevel->app_id, app_id, resource);
	tack_foreign_toplevel_update(toplevel);
}

/*
 * tack has no window menu; wm_capabilities says so, and the spec lets a
 * compositor without one ignore the request.
 */
static void handle_show_window_menu(struct wl_client *client,
				    struct wl_resource *resource,
				    struct wl_resource *seat, uint32_t serial,
				    int32_t x, int32_t y)
{
	tack_dbg("xdg: show_window_menu: tack has no window menu");
}

/*
 * A minimized window leaves the scene until a taskbar (a foreign toplevel
 * client) brings it back; without one tack does not minimize, and says so
 * in wm_capabilities.
 */
void tack_xdg_toplevel_set_minimized(struct tack_xdg_toplevel *toplevel,
				     bool minimized)
{
	struct tack_xdg_surface *xdg = toplevel->xdg;

	if (!tack_foreign_toplevels_offered(xdg->shell)) {
		tack_dbg("xdg: set_minimized: nothing could restore the window");
		return;
	}
	if (toplevel->minimized == minimized)
		return;
	toplevel->minimized = minimized;
	if (xdg->mapped) {
		tack_view_set_mapped(xdg->view, !minimized);
		if (!minimized)
			tack_xdg_policy_focus(toplevel);
	}
	tack_foreign_toplevel_update(toplevel);
}

static void handle_set_minimized(struct wl_client *client,
				 struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel)
		tack_xdg_toplevel_set_minimized(toplevel, true);
}

static void handle_move(struct wl_client *client, struct wl_resource *resource,
			struct wl_resource *seat, uint32_t serial)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel && !tack_xdg_policy_begin_move(toplevel, serial))
		tack_dbg("xdg: move refused (serial %u)", serial);
}

static bool valid_edges(uint32_t edges)
{
	switch (edges) {
	case XDG_TOPLEVEL_RESIZE_EDGE_NONE:
	case XDG_TOPLEVEL_RESIZE_EDGE_TOP:
	case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM:
	case XDG_TOPLEVEL_RESIZE_EDGE_LEFT:
	case XDG_TOPLEVEL_RESIZE_EDGE_TOP_LEFT:
	case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_LEFT:
	case XDG_TOPLEVEL_RESIZE_EDGE_RIGHT:
	case XDG_TOPLEVEL_RESIZE_EDGE_TOP_RIGHT:
	case XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT:
		return true;
	default:
		return false;
	}
}

static void handle_resize(struct wl_client *client,
			  struct wl_resource *resource,
			  struct wl_resource *seat, uint32_t serial,
			  uint32_t edges)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (!valid_edges(edges)) {
		wl_resource_post_error(resource,
			XDG_TOPLEVEL_ERROR_INVALID_RESIZE_EDGE,
			"%u is not a resize edge", edges);
		return;
	}
	if (toplevel && !tack_xdg_policy_begin_resize(toplevel, serial, edges))
		tack_dbg("xdg: resize refused (serial %u)", serial);
}

static bool check_size(struct wl_resource *resource, int32_t w, int32_t h)
{
	if (tack_size_valid_or_zero(w) && tack_size_valid_or_zero(h))
		return true;
	wl_resource_post_error(resource, XDG_TOPLEVEL_ERROR_INVALID_SIZE,
			       "size %dx%d is negative or beyond 16777216", w, h);
	return false;
}

static void handle_set_max_size(struct wl_client *client,
				struct wl_resource *resource, int32_t width,
				int32_t height)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (!check_size(resource, width, height) || !toplevel)
		return;
	toplevel->pending_max_w = width;
	toplevel->pending_max_h = height;
}

static void handle_set_min_size(struct wl_client *client,
				struct wl_resource *resource, int32_t width,
				int32_t height)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (!check_size(resource, width, height) || !toplevel)
		return;
	toplevel->pending_min_w = width;
	toplevel->pending_min_h = height;
}

static void state_wanted(struct tack_xdg_toplevel *toplevel)
{
	tack_xdg_policy_update_state(toplevel);
	tack_xdg_surface_schedule_configure(toplevel->xdg);
}

void tack_xdg_toplevel_set_maximized(struct tack_xdg_toplevel *toplevel,
				     bool maximized)
{
	toplevel->want_maximized = maximized;
	if (maximized)
		tack_xdg_toplevel_set_minimized(toplevel, false);
	state_wanted(toplevel);
}

static void handle_set_maximized(struct wl_client *client,
				 struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel)
		tack_xdg_toplevel_set_maximized(toplevel, true);
}

static void handle_unset_maximized(struct wl_client *client,
				   struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel)
		tack_xdg_toplevel_set_maximized(toplevel, false);
}

static void handle_fullscreen_output_destroy(struct wl_listener *listener,
					     void *data)
{
	struct tack_xdg_toplevel *toplevel =
		wl_container_of(listener, toplevel, fullscreen_output_destroy);

	stop_fullscreen_output(toplevel);
	state_wanted(toplevel);
}

/* On output, or where tack chooses when NULL. */
void tack_xdg_toplevel_set_fullscreen(struct tack_xdg_toplevel *toplevel,
				      struct tack_output *output)
{
	stop_fullscreen_output(toplevel);
	if (output) {
		toplevel->fullscreen_output = output;
		toplevel->fullscreen_output_destroy.notify =
			handle_fullscreen_output_destroy;
		wl_signal_add(&output->events.destroy,
			      &toplevel->fullscreen_output_destroy);
	}
	toplevel->want_fullscreen = true;
	tack_xdg_toplevel_set_minimized(toplevel, false);
	state_wanted(toplevel);
}

void tack_xdg_toplevel_unset_fullscreen(struct tack_xdg_toplevel *toplevel)
{
	stop_fullscreen_output(toplevel);
	toplevel->want_fullscreen = false;
	state_wanted(toplevel);
}

static void handle_set_fullscreen(struct wl_client *client,
				  struct wl_resource *resource,
				  struct wl_resource *output_resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel)
		tack_xdg_toplevel_set_fullscreen(toplevel, output_resource ?
			tack_output_from_resource(output_resource) : NULL);
}

static void handle_unset_fullscreen(struct wl_client *client,
				    struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_from_resource(resource);

	if (toplevel)
		tack_xdg_toplevel_unset_fullscreen(toplevel);
}

static const struct xdg_toplevel_interface toplevel_impl = {
	.destroy = handle_destroy,
	.set_parent = handle_set_parent,
	.set_title = handle_set_title,
	.set_app_id = handle_set_app_id,
	.show_window_menu = handle_show_window_menu,
	.move = handle_move,
	.resize = handle_resize,
	.set_max_size = handle_set_max_size,
	.set_min_size = handle_set_min_size,
	.set_maximized = handle_set_maximized,
	.unset_maximized = handle_unset_maximized,
	.set_fullscreen = handle_set_fullscreen,
	.unset_fullscreen = handle_unset_fullscreen,
	.set_minimized = handle_set_minimized,
};

static void send_capabilities(struct tack_xdg_toplevel *toplevel)
{
	struct wl_array caps;
	uint32_t *cap;

	wl_array_init(&caps);
	if ((cap = wl_array_add(&caps, sizeof(*cap))))
		*cap = XDG_TOPLEVEL_WM_CAPABILITIES_MAXIMIZE;
	if ((cap = wl_array_add(&caps, sizeof(*cap))))
		*cap = XDG_TOPLEVEL_WM_CAPABILITIES_FULLSCREEN;
	if (tack_foreign_toplevels_offered(toplevel->xdg->shell) &&
	    (cap = wl_array_add(&caps, sizeof(*cap))))
		*cap = XDG_TOPLEVEL_WM_CAPABILITIES_MINIMIZE;
	xdg_toplevel_send_wm_capabilities(toplevel->resource, &caps);
	wl_array_release(&caps);
}

void tack_xdg_toplevel_create(struct tack_xdg_surface *xdg, uint32_t version,
			      uint32_t id, struct wl_client *client)
{
	struct wl_resource *resource;
	struct tack_xdg_toplevel *toplevel;

	resource = wl_resource_create(client, &xdg_toplevel_interface, version,
				      id);
	if (!resource)
		goto no_memory;
	wl_resource_set_implementation(resource, &toplevel_impl, NULL,
				       toplevel_resource_destroy);
	if (!xdg)
		return;
	toplevel = calloc(1, sizeof(*toplevel));
	if (!toplevel)
		goto no_memory;
	toplevel->xdg = xdg;
	toplevel->resource = resource;
	xdg->view = tack_view_create(xdg->shell->scene, xdg->surface,
				     NULL, TACK_LAYER_NORMAL,
				     &tack_xdg_toplevel_view_impl, xdg);
	if (!xdg->view) {
		free(toplevel);
		goto no_memory;
	}
	wl_list_insert(&xdg->shell->toplevels, &toplevel->link);
	xdg->toplevel = toplevel;
	wl_resource_set_user_data(resource, toplevel);
	/*
	 * What tack offers does not change, and xdg-shell wants it before the
	 * initial configure: a client can lay out its decorations from the start.
	 */
	if (version >= XDG_TOPLEVEL_WM_CAPABILITIES_SINCE_VERSION)
		send_capabilities(toplevel);
	return;

no_memory:
	wl_client_post_no_memory(client);
}

static void send_states(struct tack_xdg_toplevel *toplevel,
			const struct tack_xdg_toplevel_state *s)
{
	struct wl_array states;
	uint32_t *state;

	wl_array_init(&states);
#define ADD_STATE(cond, value)						\
	if ((cond) && (state = wl_array_add(&states, sizeof(*state))))	\
		*state = (value);
	ADD_STATE(s->maximized, XDG_TOPLEVEL_STATE_MAXIMIZED);
	ADD_STATE(s->fullscreen, XDG_TOPLEVEL_STATE_FULLSCREEN);
	ADD_STATE(s->activated, XDG_TOPLEVEL_STATE_ACTIVATED);
	ADD_STATE(s->resizing, XDG_TOPLEVEL_STATE_RESIZING);
#undef ADD_STATE
	xdg_toplevel_send_configure(toplevel->resource, s->width, s->height,
				    &states);
	wl_array_release(&states);
}

void tack_xdg_toplevel_send_configure(struct tack_xdg_toplevel *toplevel,
				      struct tack_xdg_configure *configure)
{
	uint32_t version = wl_resource_get_version(toplevel->resource);
	struct tack_output *output = tack_xdg_policy_output_of(toplevel);

	if (version >= XDG_TOPLEVEL_CONFIGURE_BOUNDS_SINCE_VERSION && output) {
		struct tack_box box;

		tack_xdg_usable_box(output, &box);
		xdg_toplevel_send_configure_bounds(toplevel->resource,
						   box.width, box.height);
	}
	send_states(toplevel, &toplevel->scheduled);
	tack_foreign_toplevel_update(toplevel);
	configure->toplevel = toplevel->scheduled;
	/* Configures after the one that ends a resize anchor nothing. */
	if (!toplevel->op.active)
		toplevel->scheduled.resize_edges = 0;
}

void tack_xdg_toplevel_send_close(struct tack_xdg_toplevel *toplevel)
{
	xdg_toplevel_send_close(toplevel->resource);
}

bool tack_xdg_toplevel_precommit(struct tack_xdg_toplevel *toplevel)
{
	int32_t min_w = toplevel->pending_min_w, max_w = toplevel->pending_max_w;
	int32_t min_h = toplevel->pending_min_h, max_h = toplevel->pending_max_h;

	if ((max_w > 0 && min_w > max_w) || (max_h > 0 && min_h > max_h)) {
		wl_resource_post_error(toplevel->resource,
			XDG_TOPLEVEL_ERROR_INVALID_SIZE,
			"min size %dx%d exceeds max size %dx%d", min_w, min_h,
			max_w, max_h);
		return false;
	}
	return true;
}

static void map(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_surface *xdg = toplevel->xdg;

	xdg->mapped = true;
	tack_xdg_policy_map(toplevel);
	tack_dbg("xdg: map \"%s\" (%s) at %d,%d",
		 toplevel->title ? toplevel->title : "",
		 toplevel->app_id ? toplevel->app_id : "", toplevel->x,
		 toplevel->y);
	tack_foreign_toplevel_map(toplevel);
	tack_xdg_client_ping(xdg->client);
	if (toplevel->minimized)
		return;
	tack_view_set_mapped(xdg->view, true);
	tack_xdg_policy_focus(toplevel);
}

/* A taskbar's click: back from minimized, raised, with the keyboard. */
void tack_xdg_toplevel_activate(struct tack_xdg_toplevel *toplevel)
{
	tack_xdg_toplevel_set_minimized(toplevel, false);
	if (toplevel->xdg->mapped)
		tack_xdg_policy_focus(toplevel);
}

/*
 * The acked state becomes current. True when the window leaves maximize or
 * fullscreen with no floating box to go back to: it is placed anew.
 */
static bool take_acked_state(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_toplevel_state *was = &toplevel->current;
	const struct tack_xdg_toplevel_state *now =
		&toplevel->xdg->acked_configure.toplevel;
	bool leaves = (was->maximized || was->fullscreen) &&
		      !now->maximized && !now->fullscreen;

	toplevel->current = *now;
	if (!leaves || !toplevel->has_saved)
		return leaves;
	toplevel->x = toplevel->saved.x;
	toplevel->y = toplevel->saved.y;
	toplevel->has_saved = false;
	return false;
}

void tack_xdg_toplevel_commit(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_surface *xdg = toplevel->xdg;
	bool place_again = false;

	toplevel->min_w = toplevel->pending_min_w;
	toplevel->min_h = toplevel->pending_min_h;
	toplevel->max_w = toplevel->pending_max_w;
	toplevel->max_h = toplevel->pending_max_h;
	if (xdg->acked)
		place_again = take_acked_state(toplevel);
	if (!tack_surface_has_buffer(xdg->surface)) {
		if (xdg->mapped)
			unmap(toplevel);
		return;
	}
	if (!xdg->mapped)
		map(toplevel);
	else if (place_again)
		tack_xdg_policy_place(toplevel);
	else
		tack_xdg_policy_apply_position(toplevel);
	tack_popup_parent_moved(&xdg->popup_parent);
}
