/*
 * wp_fractional_scale_v1: each surface is told the scale of the output it
 * entered last, in 120ths, so a client draws sharp on it.
 */
#include <stdlib.h>
#include "fractional-scale-v1-server-protocol.h"
#include "output/output.h"
#include "surface/fractional_scale.h"
#include "surface/surface.h"

#define FRACTIONAL_SCALE_VERSION 1
#define SCALE_DENOMINATOR 120

struct fractional_scale {
	struct wl_resource *resource;
	struct tack_surface *surface;	/* NULL once the surface is gone */
	struct wl_listener surface_destroy;
	struct wl_listener surface_enter;
	uint32_t sent;			/* 0: nothing yet */
};

static void send_scale(struct fractional_scale *fs, struct tack_output *output)
{
	uint32_t scale = (uint32_t)output->scale * SCALE_DENOMINATOR;

	if (fs->sent == scale)
		return;
	fs->sent = scale;
	wp_fractional_scale_v1_send_preferred_scale(fs->resource, scale);
}

static void forget_surface(struct fractional_scale *fs)
{
	if (!fs->surface)
		return;
	wl_list_remove(&fs->surface_destroy.link);
	wl_list_remove(&fs->surface_enter.link);
	fs->surface = NULL;
}

static void handle_surface_destroy(struct wl_listener *listener, void *data)
{
	struct fractional_scale *fs =
		wl_container_of(listener, fs, surface_destroy);

	forget_surface(fs);
}

static void handle_surface_enter(struct wl_listener *listener, void *data)
{
	struct fractional_scale *fs =
		wl_container_of(listener, fs, surface_enter);

	send_scale(fs, data);
}

static void fractional_scale_resource_destroy(struct wl_resource *resource)
{
	struct fractional_scale *fs = wl_resource_get_user_data(resource);

	forget_surface(fs);
	free(fs);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wp_fractional_scale_v1_interface fractional_scale_impl = {
	.destroy = handle_destroy,
};

static void handle_get_fractional_scale(struct wl_client *client,
					struct wl_resource *resource,
					uint32_t id,
					struct wl_resource *surface_resource)
{
	struct tack_surface *surface = tack_surface_from_resource(surface_resource);
	struct fractional_scale *fs;

	if (wl_signal_get(&surface->events.destroy, handle_surface_destroy)) {
		wl_resource_post_error(resource,
			WP_FRACTIONAL_SCALE_MANAGER_V1_ERROR_FRACTIONAL_SCALE_EXISTS,
			"wl_surface@%u has a fractional scale object already",
			wl_resource_get_id(surface_resource));
		return;
	}
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		goto no_memory;
	fs->resource = wl_resource_create(client,
		&wp_fractional_scale_v1_interface,
		wl_resource_get_version(resource), id);
	if (!fs->resource)
		goto free_fs;
	wl_resource_set_implementation(fs->resource, &fractional_scale_impl, fs,
				       fractional_scale_resource_destroy);
	fs->surface = surface;
	fs->surface_destroy.notify = handle_surface_destroy;
	wl_signal_add(&surface->events.destroy, &fs->surface_destroy);
	fs->surface_enter.notify = handle_surface_enter;
	wl_signal_add(&surface->events.enter, &fs->surface_enter);
	return;

free_fs:
	free(fs);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wp_fractional_scale_manager_v1_interface manager_impl = {
	.destroy = handle_manager_destroy,
	.get_fractional_scale = handle_get_fractional_scale,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &wp_fractional_scale_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, NULL, NULL);
}

struct wl_global *tack_fractional_scale_create(struct wl_display *display)
{
	return wl_global_create(display, &wp_fractional_scale_manager_v1_interface,
				FRACTIONAL_SCALE_VERSION, NULL, bind_manager);
}
