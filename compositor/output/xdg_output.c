/* zxdg_output_manager_v1: outputs' logical place and names for clients. */
#include <stdlib.h>
#include "output/output.h"
#include "xdg-output-unstable-v1-server-protocol.h"

#define XDG_OUTPUT_MANAGER_VERSION 3

static void handle_xdg_output_destroy(struct wl_client *client,
				      struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zxdg_output_v1_interface xdg_output_impl = {
	.destroy = handle_xdg_output_destroy,
};

static void handle_xdg_output_resource_destroy(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void send_xdg_output_state(struct wl_resource *resource,
				  struct tack_output *output,
				  struct wl_resource *output_resource)
{
	uint32_t version = wl_resource_get_version(resource);
	pixman_box32_t box;

	tack_output_logical_box(output, &box);
	zxdg_output_v1_send_logical_position(resource, box.x1, box.y1);
	zxdg_output_v1_send_logical_size(resource, box.x2 - box.x1,
					 box.y2 - box.y1);
	if (version >= ZXDG_OUTPUT_V1_NAME_SINCE_VERSION)
		zxdg_output_v1_send_name(resource, output->name);
	if (version >= ZXDG_OUTPUT_V1_DESCRIPTION_SINCE_VERSION)
		zxdg_output_v1_send_description(resource, output->description);
	/* From version 3 the wl_output's done closes the group. */
	if (version < 3)
		zxdg_output_v1_send_done(resource);
	else if (wl_resource_get_version(output_resource) >=
		 WL_OUTPUT_DONE_SINCE_VERSION)
		wl_output_send_done(output_resource);
}

static void handle_manager_get_xdg_output(struct wl_client *client,
					  struct wl_resource *resource,
					  uint32_t id,
					  struct wl_resource *output_resource)
{
	struct tack_output *output = tack_output_from_resource(output_resource);
	struct wl_resource *xdg;

	xdg = wl_resource_create(client, &zxdg_output_v1_interface,
				 wl_resource_get_version(resource), id);
	if (!xdg) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(xdg, &xdg_output_impl, output,
				       handle_xdg_output_resource_destroy);
	/* The output is already gone: the object stays inert. */
	if (!output) {
		wl_list_init(wl_resource_get_link(xdg));
		return;
	}
	wl_list_insert(&output->xdg_resources, wl_resource_get_link(xdg));
	send_xdg_output_state(xdg, output, output_resource);
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zxdg_output_manager_v1_interface manager_impl = {
	.destroy = handle_manager_destroy,
	.get_xdg_output = handle_manager_get_xdg_output,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &zxdg_output_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

struct wl_global *tack_xdg_output_manager_create(struct wl_display *display)
{
	return wl_global_create(display, &zxdg_output_manager_v1_interface,
				XDG_OUTPUT_MANAGER_VERSION, NULL,
				bind_manager);
}
