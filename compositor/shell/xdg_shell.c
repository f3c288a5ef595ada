/*
 * xdg_wm_base and xdg_surface: the global, pings, roles, and the configure
 * and ack_configure cycle that every xdg role shares.
 */
#include <stdlib.h>
#include <string.h>
#include "output/layout.h"
#include "scene/scene.h"
#include "shell/xdg_shell_private.h"
#include "surface/surface.h"
#include "util/coord.h"
#include "util/log.h"

static const struct xdg_surface_interface xdg_surface_impl;
static const struct xdg_wm_base_interface wm_base_impl;

struct tack_xdg_surface *tack_xdg_surface_from_resource(struct wl_resource *r)
{
	return wl_resource_get_user_data(r);
}

static bool has_role_object(struct tack_xdg_surface *xdg)
{
	return xdg->toplevel || xdg->popup;
}

static bool role_precommit(struct tack_surface *surface)
{
	struct tack_xdg_surface *xdg = surface->role_data;
	struct tack_surface_state *p = &surface->pending;

	if (!xdg || !has_role_object(xdg))
		return true;
	if ((p->committed & TACK_SURFACE_BUFFER) && p->buffer &&
	    !xdg->configured) {
		wl_resource_post_error(xdg->resource,
			XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER,
			"a buffer was committed before the configure was acked");
		return false;
	}
	return !xdg->toplevel || tack_xdg_toplevel_precommit(xdg->toplevel);
}

static void role_commit(struct tack_surface *surface)
{
	struct tack_xdg_surface *xdg = surface->role_data;

	if (!xdg || !has_role_object(xdg))
		return;
	if (xdg->has_pending_geometry) {
		xdg->geometry = xdg->pending_geometry;
		xdg->has_geometry = true;
		xdg->has_pending_geometry = false;
	}
	if (!xdg->initial_commit) {
		/* The client set its role up: now it may be configured. */
		xdg->initial_commit = true;
		tack_xdg_surface_schedule_configure(xdg);
	}
	if (xdg->toplevel)
		tack_xdg_toplevel_commit(xdg->toplevel);
	else
		tack_xdg_popup_commit(xdg->popup);
	xdg->acked = false;
}

const struct tack_surface_role tack_xdg_toplevel_role = {
	.name = "xdg_toplevel",
	.precommit = role_precommit,
	.commit = role_commit,
};

const struct tack_surface_role tack_xdg_popup_role = {
	.name = "xdg_popup",
	.precommit = role_precommit,
	.commit = role_commit,
};

static void send_configure(void *data)
{
	struct tack_xdg_surface *xdg = data;
	struct tack_xdg_configure *configure;

	xdg->configure_idle = NULL;
	if (!has_role_object(xdg))
		return;
	configure = calloc(1, sizeof(*configure));
	if (!configure) {
		wl_client_post_no_memory(wl_resource_get_client(xdg->resource));
		return;
	}
	configure->serial = wl_display_next_serial(
		wl_client_get_display(wl_resource_get_client(xdg->resource)));
	if (xdg->toplevel)
		tack_xdg_toplevel_send_configure(xdg->toplevel, configure);
	else
		tack_xdg_popup_send_configure(xdg->popup, configure);
	wl_list_insert(xdg->configures.prev, &configure->link);
	xdg->configure_sent = true;
	xdg_surface_send_configure(xdg->resource, configure->serial);
}

void tack_xdg_surface_schedule_configure(struct tack_xdg_surface *xdg)
{
	struct wl_event_loop *loop;

	/* Nothing goes out before the client's initial commit. */
	if (xdg->configure_idle || !xdg->initial_commit || !xdg->surface)
		return;
	loop = xdg->shell->loop;
	xdg->configure_idle = wl_event_loop_add_idle(loop, send_configure, xdg);
	if (!xdg->configure_idle)
		wl_client_post_no_memory(wl_resource_get_client(xdg->resource));
}

void tack_xdg_surface_geometry(struct tack_xdg_surface *xdg,
			       struct tack_box *box)
{
	pixman_box32_t ext = { 0 };
	int32_t x1, y1, x2, y2;

	if (xdg->surface)
		tack_surface_tree_extents(xdg->surface, &ext);
	if (!xdg->has_geometry) {
		*box = (struct tack_box){ ext.x1, ext.y1, ext.x2 - ext.x1,
					  ext.y2 - ext.y1 };
		return;
	}
	*box = xdg->geometry;
	if (ext.x2 <= ext.x1 || ext.y2 <= ext.y1)
		return;
	/* The spec clamps the geometry to what the surfaces cover. */
	x1 = box->x > ext.x1 ? box->x : ext.x1;
	y1 = box->y > ext.y1 ? box->y : ext.y1;
	x2 = box->x + box->width < ext.x2 ? box->x + box->width : ext.x2;
	y2 = box->y + box->height < ext.y2 ? box->y + box->height : ext.y2;
	if (x2 > x1 && y2 > y1)
		*box = (struct tack_box){ x1, y1, x2 - x1, y2 - y1 };
}

static void free_configures(struct tack_xdg_surface *xdg)
{
	struct tack_xdg_configure *configure, *tmp;

	wl_list_for_each_safe(configure, tmp, &xdg->configures, link) {
		wl_list_remove(&configure->link);
		free(configure);
	}
}

/* Free the xdg_surface; its resource stays, inert, until the client drops it. */
static void xdg_surface_free(struct tack_xdg_surface *xdg)
{
	if (xdg->toplevel)
		tack_xdg_toplevel_destroy(xdg->toplevel);
	if (xdg->popup)
		tack_xdg_popup_destroy(xdg->popup);
	tack_popup_parent_dismiss(&xdg->popup_parent);
	if (xdg->configure_idle)
		wl_event_source_remove(xdg->configure_idle);
	free_configures(xdg);
	if (xdg->surface) {
		wl_list_remove(&xdg->surface_destroy.link);
		wl_list_remove(&xdg->surface_attach.link);
		wl_list_remove(&xdg->surface_commit.link);
	}
	wl_list_remove(&xdg->link);
	wl_resource_set_user_data(xdg->resource, NULL);
	free(xdg);
}

static void handle_surface_destroy(struct wl_listener *listener, void *data)
{
	struct tack_xdg_surface *xdg =
		wl_container_of(listener, xdg, surface_destroy);

	xdg_surface_free(xdg);
}

/*
 * xdg_surface: "any attempts by a client to attach or manipulate a buffer
 * prior to the first xdg_surface.configure call must also be treated as
 * errors", role object or not; so at the attach. A buffer attached after
 * the configure went out may wait for the ack: the commit checks that.
 */
static void handle_surface_attach(struct wl_listener *listener, void *data)
{
	struct tack_xdg_surface *xdg =
		wl_container_of(listener, xdg, surface_attach);

	if (data && !xdg->configure_sent)
		wl_resource_post_error(xdg->resource,
			XDG_SURFACE_ERROR_UNCONFIGURED_BUFFER,
			"a buffer was attached before the configure was acked");
}

/* Commits before a role object exists never reach a role's precommit. */
static void handle_surface_commit(struct wl_listener *listener, void *data)
{
	struct tack_xdg_surface *xdg =
		wl_container_of(listener, xdg, surface_commit);

	if (xdg->role == TACK_XDG_ROLE_NONE)
		wl_resource_post_error(xdg->resource,
			XDG_SURFACE_ERROR_NOT_CONSTRUCTED,
			"commit before get_toplevel or get_popup");
}

static void xdg_surface_resource_destroy(struct wl_resource *resource)
{
	struct tack_xdg_surface *xdg = tack_xdg_surface_from_resource(resource);

	if (xdg)
		xdg_surface_free(xdg);
}

static void handle_xdg_surface_destroy(struct wl_client *client,
				       struct wl_resource *resource)
{
	struct tack_xdg_surface *xdg = tack_xdg_surface_from_resource(resource);

	if (xdg && has_role_object(xdg)) {
		wl_resource_post_error(resource,
			XDG_SURFACE_ERROR_DEFUNCT_ROLE_OBJECT,
			"xdg_surface destroyed before its role object");
		return;
	}
	wl_resource_destroy(resource);
}

/* Role objects made on an inert xdg_surface are inert themselves. */
static bool take_role(struct tack_xdg_surface *xdg, enum tack_xdg_role role,
		      const struct tack_surface_role *surface_role)
{
	struct wl_resource *error_resource =
		xdg->client ? xdg->client->resource : xdg->resource;

	if (xdg->role != TACK_XDG_ROLE_NONE) {
		wl_resource_post_error(xdg->resource,
			XDG_SURFACE_ERROR_ALREADY_CONSTRUCTED,
			"xdg_surface already has a role object");
		return false;
	}
	if (!tack_surface_set_role(xdg->surface, surface_role, xdg,
				   error_resource, XDG_WM_BASE_ERROR_ROLE))
		return false;
	xdg->role = role;
	return true;
}

static void handle_get_toplevel(struct wl_client *client,
				struct wl_resource *resource, uint32_t id)
{
	struct tack_xdg_surface *xdg = tack_xdg_surface_from_resource(resource);

	if (xdg && !take_role(xdg, TACK_XDG_ROLE_TOPLEVEL,
			      &tack_xdg_toplevel_role))
		return;
	tack_xdg_toplevel_create(xdg, wl_resource_get_version(resource), id,
				 client);
}

static void handle_get_popup(struct wl_client *client,
			     struct wl_resource *resource, uint32_t id,
			     struct wl_resource *parent_resource,
			     struct wl_resource *positioner_resource)
{
	struct tack_xdg_surface *xdg = tack_xdg_surface_from_resource(resource);
	const struct tack_positioner_rules *rules =
		tack_xdg_positioner_rules(positioner_resource);
	struct tack_xdg_surface *parent = NULL;
	struct wl_resource *wm_base;
	bool orphan = !parent_resource;

	if (xdg) {
		wm_base = xdg->client ? xdg->client->resource : resource;
		if (!tack_positioner_rules_complete(rules)) {
			wl_resource_post_error(wm_base,
				XDG_WM_BASE_ERROR_INVALID_POSITIONER,
				"the positioner needs a size and an anchor rectangle");
			return;
		}
		if (parent_resource)
			parent = tack_xdg_surface_from_resource(parent_resource);
		/* Without one, layer shell's get_popup gives it a parent. */
		if (!orphan &&
		    (!parent || parent == xdg || !has_role_object(parent))) {
			wl_resource_post_error(wm_base,
				XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT,
				"a popup needs a parent xdg_surface with a role");
			return;
		}
		if (!take_role(xdg, TACK_XDG_ROLE_POPUP, &tack_xdg_popup_role))
			return;
	}
	tack_xdg_popup_create(xdg, wl_resource_get_version(resource), id,
			      client, parent ? &parent->popup_parent : NULL,
			      rules);
}

static void handle_set_window_geometry(struct wl_client *client,
				       struct wl_resource *resource, int32_t x,
				       int32_t y, int32_t width, int32_t height)
{
	struct tack_xdg_surface *xdg = tack_xdg_surface_from_resource(resource);

	if (!xdg)
		return;
	if (xdg->role == TACK_XDG_ROLE_NONE) {
		wl_resource_post_error(resource,
			XDG_SURFACE_ERROR_NOT_CONSTRUCTED,
			"set_window_geometry before get_toplevel or get_popup");
		return;
	}
	if (!tack_size_valid(width) || !tack_size_valid(height)) {
		wl_resource_post_error(resource, XDG_SURFACE_ERROR_INVALID_SIZE,
			"window geometry %dx%d is empty or beyond 16777216",
			width, height);
		return;
	}
	xdg->pending_geometry = (struct tack_box){ tack_coord_clamp(x),
						   tack_coord_clamp(y), width,
						   height };
	xdg->has_pending_geometry = true;
}

static void handle_ack_configure(struct wl_client *client,
				 struct wl_resource *resource, uint32_t serial)
{
	struct tack_xdg_surface *xdg = tack_xdg_surface_from_resource(resource);
	struct tack_xdg_configure *configure, *tmp, *found = NULL;

	if (!xdg)
		return;
	if (xdg->role == TACK_XDG_ROLE_NONE) {
		wl_resource_post_error(resource,
			XDG_SURFACE_ERROR_NOT_CONSTRUCTED,
			"ack_configure before get_toplevel or get_popup");
		return;
	}
	wl_list_for_each(configure, &xdg->configures, link) {
		if (configure->serial == serial) {
			found = configure;
			break;
		}
	}
	if (!found) {
		wl_resource_post_error(resource, XDG_SURFACE_ERROR_INVALID_SERIAL,
			"serial %u is not a configure waiting for an ack",
			serial);
		return;
	}
	/* Acking a configure consumes it and every older one. */
	wl_list_for_each_safe(configure, tmp, &xdg->configures, link) {
		wl_list_remove(&configure->link);
		if (configure == found)
			break;
		free(configure);
	}
	/* In flight when the window unmapped: the client did nothing wrong. */
	if (found->stale) {
		free(found);
		return;
	}
	xdg->acked_configure = *found;
	wl_list_init(&xdg->acked_configure.link);
	free(found);
	xdg->acked = true;
	xdg->configured = true;
}

static const struct xdg_surface_interface xdg_surface_impl = {
	.destroy = handle_xdg_surface_destroy,
	.get_toplevel = handle_get_toplevel,
	.get_popup = handle_get_popup,
	.set_window_geometry = handle_set_window_geometry,
	.ack_configure = handle_ack_configure,
};

static struct tack_xdg_surface *xdg_surface_of(struct tack_surface *surface)
{
	struct wl_listener *listener =
		wl_signal_get(&surface->events.destroy, handle_surface_destroy);
	struct tack_xdg_surface *xdg;

	if (!listener)
		return NULL;
	return wl_container_of(listener, xdg, surface_destroy);
}

static bool check_new_xdg_surface(struct wl_resource *wm_base,
				  struct tack_surface *surface)
{
	struct tack_surface_state *p = &surface->pending;

	if (xdg_surface_of(surface)) {
		wl_resource_post_error(wm_base, XDG_WM_BASE_ERROR_ROLE,
			"wl_surface@%u already has an xdg_surface",
			wl_resource_get_id(surface->resource));
		return false;
	}
	if (surface->role && surface->role != &tack_xdg_toplevel_role &&
	    surface->role != &tack_xdg_popup_role) {
		wl_resource_post_error(wm_base, XDG_WM_BASE_ERROR_ROLE,
			"wl_surface@%u already has role %s",
			wl_resource_get_id(surface->resource),
			surface->role->name);
		return false;
	}
	if (tack_surface_has_buffer(surface) ||
	    ((p->committed & TACK_SURFACE_BUFFER) && p->buffer)) {
		wl_resource_post_error(wm_base,
			XDG_WM_BASE_ERROR_INVALID_SURFACE_STATE,
			"wl_surface@%u has a buffer before its first configure",
			wl_resource_get_id(surface->resource));
		return false;
	}
	return true;
}

static void handle_get_xdg_surface(struct wl_client *client,
				   struct wl_resource *resource, uint32_t id,
				   struct wl_resource *surface_resource)
{
	struct tack_xdg_client *xc = wl_resource_get_user_data(resource);
	struct tack_surface *surface = tack_surface_from_resource(surface_resource);
	struct tack_xdg_surface *xdg;

	if (!check_new_xdg_surface(resource, surface))
		return;
	xdg = calloc(1, sizeof(*xdg));
	if (!xdg)
		goto no_memory;
	xdg->resource = wl_resource_create(client, &xdg_surface_interface,
					   wl_resource_get_version(resource), id);
	if (!xdg->resource)
		goto free_xdg;
	wl_resource_set_implementation(xdg->resource, &xdg_surface_impl, xdg,
				       xdg_surface_resource_destroy);
	xdg->shell = xc->shell;
	xdg->client = xc;
	xdg->surface = surface;
	wl_list_init(&xdg->configures);
	tack_popup_parent_init(&xdg->popup_parent, xdg, NULL);
	wl_list_insert(&xc->surfaces, &xdg->link);
	xdg->surface_destroy.notify = handle_surface_destroy;
	wl_signal_add(&surface->events.destroy, &xdg->surface_destroy);
	xdg->surface_attach.notify = handle_surface_attach;
	wl_signal_add(&surface->events.attach, &xdg->surface_attach);
	xdg->surface_commit.notify = handle_surface_commit;
	wl_signal_add(&surface->events.commit, &xdg->surface_commit);
	return;

free_xdg:
	free(xdg);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_wm_base_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	struct tack_xdg_client *xc = wl_resource_get_user_data(resource);

	if (!wl_list_empty(&xc->surfaces)) {
		wl_resource_post_error(resource,
			XDG_WM_BASE_ERROR_DEFUNCT_SURFACES,
			"xdg_wm_base destroyed while its xdg_surfaces live");
		return;
	}
	wl_resource_destroy(resource);
}

static void handle_create_positioner(struct wl_client *client,
				     struct wl_resource *resource, uint32_t id)
{
	tack_xdg_positioner_create(client, wl_resource_get_version(resource),
				   id);
}

static void handle_pong(struct wl_client *client, struct wl_resource *resource,
			uint32_t serial)
{
	struct tack_xdg_client *xc = wl_resource_get_user_data(resource);

	if (!xc->ping_serial || serial != xc->ping_serial) {
		tack_dbg("xdg: pong %u answers no ping", serial);
		return;
	}
	xc->ping_serial = 0;
	if (xc->unresponsive)
		tack_info("xdg: client %p answers pings again", (void *)client);
	xc->unresponsive = false;
}

static const struct xdg_wm_base_interface wm_base_impl = {
	.destroy = handle_wm_base_destroy,
	.create_positioner = handle_create_positioner,
	.get_xdg_surface = handle_get_xdg_surface,
	.pong = handle_pong,
};

static int handle_ping_timeout(void *data)
{
	struct tack_xdg_client *xc = data;

	if (xc->ping_serial && !xc->unresponsive) {
		/* Noted only: a busy client is not a reason to kill it. */
		xc->unresponsive = true;
		tack_info("xdg: client %p does not answer pings",
			  (void *)wl_resource_get_client(xc->resource));
	}
	return 0;
}

void tack_xdg_client_ping(struct tack_xdg_client *xc)
{
	struct wl_display *display;

	if (!xc || xc->ping_serial)
		return;
	display = wl_client_get_display(wl_resource_get_client(xc->resource));
	xc->ping_serial = wl_display_next_serial(display);
	xdg_wm_base_send_ping(xc->resource, xc->ping_serial);
	wl_event_source_timer_update(xc->ping_timer, TACK_XDG_PING_TIMEOUT_MS);
}

static void wm_base_resource_destroy(struct wl_resource *resource)
{
	struct tack_xdg_client *xc = wl_resource_get_user_data(resource);
	struct tack_xdg_surface *xdg, *tmp;
	struct tack_xdg_popup *popup, *ptmp;

	wl_list_for_each_safe(xdg, tmp, &xc->surfaces, link) {
		xdg->client = NULL;
		wl_list_remove(&xdg->link);
		wl_list_init(&xdg->link);
	}
	wl_list_for_each_safe(popup, ptmp, &xc->grabs, grab_link) {
		wl_list_remove(&popup->grab_link);
		wl_list_init(&popup->grab_link);
	}
	wl_event_source_remove(xc->ping_timer);
	free(xc);
}

static void bind_wm_base(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct tack_shell *shell = data;
	struct tack_xdg_client *xc = calloc(1, sizeof(*xc));

	if (!xc)
		goto no_memory;
	xc->shell = shell;
	wl_list_init(&xc->surfaces);
	wl_list_init(&xc->grabs);
	xc->ping_timer = wl_event_loop_add_timer(shell->loop,
						 handle_ping_timeout, xc);
	if (!xc->ping_timer)
		goto free_client;
	xc->resource = wl_resource_create(client, &xdg_wm_base_interface,
					  version, id);
	if (!xc->resource)
		goto remove_timer;
	wl_resource_set_implementation(xc->resource, &wm_base_impl, xc,
				       wm_base_resource_destroy);
	return;

remove_timer:
	wl_event_source_remove(xc->ping_timer);
free_client:
	free(xc);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_layout_change(struct wl_listener *listener, void *data)
{
	struct tack_shell *shell =
		wl_container_of(listener, shell, layout_change);

	tack_xdg_policy_outputs_changed(shell);
}

struct tack_shell *tack_shell_create(struct wl_display *display,
				     struct tack_scene *scene,
				     struct tack_seat *seat,
				     uint32_t wm_base_version)
{
	struct tack_shell *shell = calloc(1, sizeof(*shell));

	if (!shell)
		return NULL;
	shell->loop = wl_display_get_event_loop(display);
	shell->scene = scene;
	shell->layout = scene->layout;
	shell->seat = seat;
	wl_list_init(&shell->toplevels);
	tack_spots_init(&shell->spots);
	shell->global = wl_global_create(display, &xdg_wm_base_interface,
					 wm_base_version ? wm_base_version :
					 TACK_XDG_WM_BASE_VERSION, shell,
					 bind_wm_base);
	if (!shell->global) {
		tack_err("xdg: cannot create the xdg_wm_base global");
		free(shell);
		return NULL;
	}
	shell->layout_change.notify = handle_layout_change;
	wl_signal_add(&scene->layout->events.change, &shell->layout_change);
	return shell;
}

void tack_shell_destroy(struct tack_shell *shell)
{
	if (!shell)
		return;
	wl_list_remove(&shell->layout_change.link);
	tack_foreign_toplevel_manager_destroy(shell);
	wl_global_destroy(shell->global);
	tack_spots_finish(&shell->spots);
	free(shell);
}
