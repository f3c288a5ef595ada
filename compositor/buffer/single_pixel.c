/*
 * wp_single_pixel_buffer_manager_v1: a 1x1 buffer of one colour, which
 * clients scale with wp_viewporter for backgrounds and borders. Each is a
 * tiny shm buffer in tack's own memory, so every path that shows wl_shm
 * buffers shows it too.
 */
#include <math.h>
#include "buffer/shm.h"
#include "buffer/single_pixel.h"
#include "single-pixel-buffer-v1-server-protocol.h"

#define SINGLE_PIXEL_VERSION 1

/* A channel of 32 bits, 0 to UINT32_MAX, as the 8 of ARGB8888. */
static uint32_t channel8(uint32_t v)
{
	return (uint32_t)lround((double)v / UINT32_MAX * 255.0);
}

static void handle_create_u32_rgba_buffer(struct wl_client *client,
					  struct wl_resource *resource,
					  uint32_t id, uint32_t r, uint32_t g,
					  uint32_t b, uint32_t a)
{
	struct tack_shm *shm = wl_resource_get_user_data(resource);

	/* Premultiplied, as the protocol says and ARGB8888 wants. */
	tack_shm_solid_buffer_create(shm, client, id,
				     channel8(a) << 24 | channel8(r) << 16 |
				     channel8(g) << 8 | channel8(b));
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wp_single_pixel_buffer_manager_v1_interface manager_impl = {
	.destroy = handle_destroy,
	.create_u32_rgba_buffer = handle_create_u32_rgba_buffer,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &wp_single_pixel_buffer_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

struct wl_global *tack_single_pixel_create(struct wl_display *display,
					   struct tack_shm *shm)
{
	return wl_global_create(display,
				&wp_single_pixel_buffer_manager_v1_interface,
				SINGLE_PIXEL_VERSION, shm, bind_manager);
}
