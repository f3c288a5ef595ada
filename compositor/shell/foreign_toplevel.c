/*
 * zwlr_foreign_toplevel_manager_v1: taskbars (yambar, waybar) and VNC
 * servers see every mapped window, its title, app_id, state and output,
 * and can activate, maximize, minimize, fullscreen or close it. It lets one
 * client act on all others, so it exists only with --privileged-protocols.
 */
#include <stdlib.h>
#include "output/output.h"
#include "shell/shell.h"
#include "shell/xdg_shell_private.h"
#include "util/log.h"
#include "wlr-foreign-toplevel-management-unstable-v1-server-protocol.h"

#define FOREIGN_TOPLEVEL_VERSION 2

struct tack_foreign_toplevel_manager {
	struct tack_shell *shell;
	struct wl_global *global;
	struct wl_list resources;	/* zwlr_foreign_toplevel_manager_v1 */
	struct wl_list toplevels;	/* tack_foreign_toplevel.link */
};

struct tack_foreign_toplevel {
	struct tack_foreign_toplevel_manager *manager;
	struct tack_xdg_toplevel *toplevel;
	struct wl_list link;		/* tack_foreign_toplevel_manager.toplevels */
	struct wl_list handles;		/* zwlr_foreign_toplevel_handle_v1 */
	struct tack_output *output;	/* the one handles were told of */
	struct wl_listener output_destroy;
};

static const struct zwlr_foreign_toplevel_handle_v1_interface handle_impl;

static struct tack_xdg_toplevel *toplevel_of(struct wl_resource *handle)
{
	struct tack_foreign_toplevel *ft = wl_resource_get_user_data(handle);

	return ft ? ft->toplevel : NULL;
}

bool tack_foreign_toplevels_offered(struct tack_shell *shell)
{
	return shell->foreign != NULL;
}

static void send_output(struct wl_resource *handle, struct tack_output *output,
			bool enter)
{
	struct wl_resource *wl_output =
		tack_output_resource_for_client(output,
						wl_resource_get_client(handle));

	if (!wl_output)
		return;
	if (enter)
		zwlr_foreign_toplevel_handle_v1_send_output_enter(handle, wl_output);
	else
		zwlr_foreign_toplevel_handle_v1_send_output_leave(handle, wl_output);
}

static void send_state(struct wl_resource *handle,
		       struct tack_xdg_toplevel *toplevel)
{
	struct wl_array states;
	uint32_t *state;

	wl_array_init(&states);
#define ADD_STATE(cond, value)						\
	if ((cond) && (state = wl_array_add(&states, sizeof(*state))))	\
		*state = (value);
	ADD_STATE(toplevel->want_maximized,
		  ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MAXIMIZED);
	ADD_STATE(toplevel->minimized,
		  ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MINIMIZED);
	ADD_STATE(toplevel->scheduled.activated,
		  ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED);
	ADD_STATE(toplevel->want_fullscreen &&
		  wl_resource_get_version(handle) >=
		  ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_FULLSCREEN_SINCE_VERSION,
		  ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_FULLSCREEN);
#undef ADD_STATE
	zwlr_foreign_toplevel_handle_v1_send_state(handle, &states);
	wl_array_release(&states);
}

static void send_all(struct wl_resource *handle,
		     struct tack_foreign_toplevel *ft)
{
	struct tack_xdg_toplevel *toplevel = ft->toplevel;

	zwlr_foreign_toplevel_handle_v1_send_title(handle,
		toplevel->title ? toplevel->title : "");
	zwlr_foreign_toplevel_handle_v1_send_app_id(handle,
		toplevel->app_id ? toplevel->app_id : "");
	send_state(handle, toplevel);
	if (ft->output)
		send_output(handle, ft->output, true);
	zwlr_foreign_toplevel_handle_v1_send_done(handle);
}

static void handle_output_destroy(struct wl_listener *listener, void *data)
{
	struct tack_foreign_toplevel *ft =
		wl_container_of(listener, ft, output_destroy);
	struct wl_resource *handle;

	wl_resource_for_each(handle, &ft->handles)
		send_output(handle, ft->output, false);
	wl_list_remove(&ft->output_destroy.link);
	ft->output = NULL;
}

/* The output the window is on now, told as leave and enter. */
static void follow_output(struct tack_foreign_toplevel *ft)
{
	struct tack_output *output = tack_xdg_policy_output_of(ft->toplevel);
	struct wl_resource *handle;

	if (output == ft->output)
		return;
	wl_resource_for_each(handle, &ft->handles) {
		if (ft->output)
			send_output(handle, ft->output, false);
		if (output)
			send_output(handle, output, true);
	}
	if (ft->output)
		wl_list_remove(&ft->output_destroy.link);
	ft->output = output;
	if (!output)
		return;
	ft->output_destroy.notify = handle_output_destroy;
	wl_signal_add(&output->events.destroy, &ft->output_destroy);
}

static void handle_resource_destroy(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static struct wl_resource *make_handle(struct wl_resource *manager_resource,
				       struct tack_foreign_toplevel *ft)
{
	struct wl_client *client = wl_resource_get_client(manager_resource);
	struct wl_resource *handle;

	handle = wl_resource_create(client,
				    &zwlr_foreign_toplevel_handle_v1_interface,
				    wl_resource_get_version(manager_resource), 0);
	if (!handle) {
		wl_client_post_no_memory(client);
		return NULL;
	}
	wl_resource_set_implementation(handle, &handle_impl, ft,
				       handle_resource_destroy);
	wl_list_insert(ft->handles.prev, wl_resource_get_link(handle));
	zwlr_foreign_toplevel_manager_v1_send_toplevel(manager_resource, handle);
	send_all(handle, ft);
	return handle;
}

void tack_foreign_toplevel_map(struct tack_xdg_toplevel *toplevel)
{
	struct tack_foreign_toplevel_manager *m = toplevel->xdg->shell->foreign;
	struct tack_foreign_toplevel *ft;
	struct wl_resource *resource;

	if (!m || toplevel->foreign)
		return;
	ft = calloc(1, sizeof(*ft));
	if (!ft) {
		tack_err("foreign toplevel: no memory; taskbars miss a window");
		return;
	}
	ft->manager = m;
	ft->toplevel = toplevel;
	wl_list_init(&ft->handles);
	wl_list_insert(m->toplevels.prev, &ft->link);
	toplevel->foreign = ft;
	follow_output(ft);
	wl_resource_for_each(resource, &m->resources)
		make_handle(resource, ft);
}

/* Handles that outlive the window stay, inert, until their clients go. */
void tack_foreign_toplevel_unmap(struct tack_xdg_toplevel *toplevel)
{
	struct tack_foreign_toplevel *ft = toplevel->foreign;
	struct wl_resource *handle, *tmp;

	if (!ft)
		return;
	wl_resource_for_each_safe(handle, tmp, &ft->handles) {
		zwlr_foreign_toplevel_handle_v1_send_closed(handle);
		wl_resource_set_user_data(handle, NULL);
		wl_list_remove(wl_resource_get_link(handle));
		wl_list_init(wl_resource_get_link(handle));
	}
	if (ft->output)
		wl_list_remove(&ft->output_destroy.link);
	wl_list_remove(&ft->link);
	toplevel->foreign = NULL;
	free(ft);
}

void tack_foreign_toplevel_update(struct tack_xdg_toplevel *toplevel)
{
	struct tack_foreign_toplevel *ft = toplevel->foreign;
	struct wl_resource *handle;

	if (!ft)
		return;
	follow_output(ft);
	wl_resource_for_each(handle, &ft->handles) {
		zwlr_foreign_toplevel_handle_v1_send_title(handle,
			toplevel->title ? toplevel->title : "");
		zwlr_foreign_toplevel_handle_v1_send_app_id(handle,
			toplevel->app_id ? toplevel->app_id : "");
		send_state(handle, toplevel);
		zwlr_foreign_toplevel_handle_v1_send_done(handle);
	}
}

static void handle_set_maximized(struct wl_client *client,
				 struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_set_maximized(toplevel, true);
}

static void handle_unset_maximized(struct wl_client *client,
				   struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_set_maximized(toplevel, false);
}

static void handle_set_minimized(struct wl_client *client,
				 struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_set_minimized(toplevel, true);
}

static void handle_unset_minimized(struct wl_client *client,
				   struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_activate(toplevel);
}

/* tack has one seat: whichever is named, it is that one. */
static void handle_activate(struct wl_client *client,
			    struct wl_resource *resource,
			    struct wl_resource *seat)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_activate(toplevel);
}

static void handle_close(struct wl_client *client,
			 struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_send_close(toplevel);
}

/*
 * Where the taskbar shows the window: a target for a minimize animation.
 * tack animates nothing, so only the rectangle's validity matters.
 */
static void handle_set_rectangle(struct wl_client *client,
				 struct wl_resource *resource,
				 struct wl_resource *surface, int32_t x,
				 int32_t y, int32_t width, int32_t height)
{
	if (width < 0 || height < 0)
		wl_resource_post_error(resource,
			ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_ERROR_INVALID_RECTANGLE,
			"rectangle %dx%d has a negative size", width, height);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_set_fullscreen(struct wl_client *client,
				  struct wl_resource *resource,
				  struct wl_resource *output)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_set_fullscreen(toplevel, output ?
			tack_output_from_resource(output) : NULL);
}

static void handle_unset_fullscreen(struct wl_client *client,
				    struct wl_resource *resource)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of(resource);

	if (toplevel)
		tack_xdg_toplevel_unset_fullscreen(toplevel);
}

static const struct zwlr_foreign_toplevel_handle_v1_interface handle_impl = {
	.set_maximized = handle_set_maximized,
	.unset_maximized = handle_unset_maximized,
	.set_minimized = handle_set_minimized,
	.unset_minimized = handle_unset_minimized,
	.activate = handle_activate,
	.close = handle_close,
	.set_rectangle = handle_set_rectangle,
	.destroy = handle_destroy,
	.set_fullscreen = handle_set_fullscreen,
	.unset_fullscreen = handle_unset_fullscreen,
};

/* The client wants no more: finished, and the object is gone. */
static void handle_stop(struct wl_client *client, struct wl_resource *resource)
{
	zwlr_foreign_toplevel_manager_v1_send_finished(resource);
	wl_resource_destroy(resource);
}

static const struct zwlr_foreign_toplevel_manager_v1_interface manager_impl = {
	.stop = handle_stop,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct tack_foreign_toplevel_manager *m = data;
	struct tack_foreign_toplevel *ft;
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &zwlr_foreign_toplevel_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, m,
				       handle_resource_destroy);
	wl_list_insert(&m->resources, wl_resource_get_link(resource));
	wl_list_for_each(ft, &m->toplevels, link)
		make_handle(resource, ft);
}

bool tack_foreign_toplevel_manager_create(struct tack_shell *shell,
					  struct wl_display *display)
{
	struct tack_foreign_toplevel_manager *m = calloc(1, sizeof(*m));

	if (!m)
		return false;
	m->shell = shell;
	wl_list_init(&m->resources);
	wl_list_init(&m->toplevels);
	m->global = wl_global_create(display,
				     &zwlr_foreign_toplevel_manager_v1_interface,
				     FOREIGN_TOPLEVEL_VERSION, m, bind_manager);
	if (!m->global) {
		tack_err("foreign toplevel: cannot create the global");
		free(m);
		return false;
	}
	shell->foreign = m;
	return true;
}

/* With the shell, after the clients: no handle or window is left. */
void tack_foreign_toplevel_manager_destroy(struct tack_shell *shell)
{
	struct tack_foreign_toplevel_manager *m = shell->foreign;

	if (!m)
		return;
	wl_global_destroy(m->global);
	shell->foreign = NULL;
	free(m);
}
