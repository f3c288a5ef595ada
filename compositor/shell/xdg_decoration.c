/*
 * zxdg_decoration_manager_v1: tack draws no window decorations, so every
 * toplevel is told to draw its own, whatever mode it asks for.
 */
#include <stdlib.h>
#include "shell/shell.h"
#include "shell/xdg_shell_private.h"
#include "surface/surface.h"
#include "util/log.h"
#include "xdg-decoration-unstable-v1-server-protocol.h"

#define DECORATION_MANAGER_VERSION 1

struct tack_xdg_decoration {
	struct wl_resource *resource;
	struct tack_xdg_toplevel *toplevel;	/* NULL once it is gone */
};

static const struct zxdg_toplevel_decoration_v1_interface decoration_impl;

/*
 * A mode was asked for: the answer is latched state, applied with the
 * xdg_surface.configure that follows (after the initial commit, if that
 * is still to come), so it can go out at once.
 */
static void ask(struct tack_xdg_decoration *decoration)
{
	if (!decoration->toplevel)
		return;
	zxdg_toplevel_decoration_v1_send_configure(decoration->resource,
		ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE);
	tack_xdg_surface_schedule_configure(decoration->toplevel->xdg);
}

void tack_xdg_decoration_toplevel_gone(struct tack_xdg_decoration *decoration)
{
	decoration->toplevel = NULL;
}

struct wl_resource *tack_xdg_decoration_resource(
	struct tack_xdg_decoration *decoration)
{
	return decoration->resource;
}

static void decoration_resource_destroy(struct wl_resource *resource)
{
	struct tack_xdg_decoration *decoration =
		wl_resource_get_user_data(resource);

	if (decoration->toplevel)
		decoration->toplevel->decoration = NULL;
	free(decoration);
}

static void handle_decoration_destroy(struct wl_client *client,
				      struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_set_mode(struct wl_client *client,
			    struct wl_resource *resource, uint32_t mode)
{
	if (mode != ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE &&
	    mode != ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE) {
		wl_resource_post_error(resource, WL_DISPLAY_ERROR_INVALID_METHOD,
				       "decoration mode %u is unknown", mode);
		return;
	}
	ask(wl_resource_get_user_data(resource));
}

static void handle_unset_mode(struct wl_client *client,
			      struct wl_resource *resource)
{
	ask(wl_resource_get_user_data(resource));
}

static const struct zxdg_toplevel_decoration_v1_interface decoration_impl = {
	.destroy = handle_decoration_destroy,
	.set_mode = handle_set_mode,
	.unset_mode = handle_unset_mode,
};

static bool check_toplevel(struct wl_resource *manager,
			   struct tack_xdg_toplevel *toplevel)
{
	struct tack_surface *surface = toplevel->xdg->surface;

	if (toplevel->decoration) {
		wl_resource_post_error(manager,
			ZXDG_TOPLEVEL_DECORATION_V1_ERROR_ALREADY_CONSTRUCTED,
			"the toplevel has a decoration object already");
		return false;
	}
	if (surface && tack_surface_has_buffer(surface)) {
		wl_resource_post_error(manager,
			ZXDG_TOPLEVEL_DECORATION_V1_ERROR_UNCONFIGURED_BUFFER,
			"the toplevel has a buffer already");
		return false;
	}
	return true;
}

static void handle_get_toplevel_decoration(struct wl_client *client,
					   struct wl_resource *resource,
					   uint32_t id,
					   struct wl_resource *toplevel_resource)
{
	struct tack_xdg_toplevel *toplevel =
		wl_resource_get_user_data(toplevel_resource);
	struct tack_xdg_decoration *decoration;

	if (toplevel && !check_toplevel(resource, toplevel))
		return;
	decoration = calloc(1, sizeof(*decoration));
	if (!decoration)
		goto no_memory;
	decoration->resource = wl_resource_create(client,
		&zxdg_toplevel_decoration_v1_interface,
		wl_resource_get_version(resource), id);
	if (!decoration->resource)
		goto free_decoration;
	wl_resource_set_implementation(decoration->resource, &decoration_impl,
				       decoration, decoration_resource_destroy);
	/* An inert toplevel gets an inert decoration. */
	if (!toplevel)
		return;
	decoration->toplevel = toplevel;
	toplevel->decoration = decoration;
	ask(decoration);
	return;

free_decoration:
	free(decoration);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zxdg_decoration_manager_v1_interface manager_impl = {
	.destroy = handle_manager_destroy,
	.get_toplevel_decoration = handle_get_toplevel_decoration,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &zxdg_decoration_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, NULL, NULL);
}

bool tack_xdg_decoration_manager_create(struct wl_display *display)
{
	if (wl_global_create(display, &zxdg_decoration_manager_v1_interface,
			     DECORATION_MANAGER_VERSION, NULL, bind_manager))
		return true;
	tack_err("xdg: cannot create the zxdg_decoration_manager_v1 global");
	return false;
}
