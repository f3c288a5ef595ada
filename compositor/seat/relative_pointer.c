/*
 * zwp_relative_pointer_manager_v1: the motion a mouse made, even where the
 * pointer could not follow (an edge, a lock), for games and 3D views.
 */
#include <errno.h>
#include <stdlib.h>
#include "relative-pointer-unstable-v1-server-protocol.h"
#include "seat/seat.h"
#include "seat/seat_internal.h"

#define RELATIVE_POINTER_VERSION 1

static void relative_pointer_resource_destroy(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwp_relative_pointer_v1_interface relative_pointer_impl = {
	.destroy = handle_destroy,
};

static void handle_get_relative_pointer(struct wl_client *client,
					struct wl_resource *resource,
					uint32_t id,
					struct wl_resource *pointer_resource)
{
	struct tack_seat *seat = wl_resource_get_user_data(pointer_resource);
	struct wl_resource *rp;

	rp = wl_resource_create(client, &zwp_relative_pointer_v1_interface,
				wl_resource_get_version(resource), id);
	if (!rp) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(rp, &relative_pointer_impl, NULL,
				       relative_pointer_resource_destroy);
	/* The pointer of a seat that is gone: an inert object. */
	if (seat)
		wl_list_insert(&seat->pointer.relative_pointers,
			       wl_resource_get_link(rp));
	else
		wl_list_init(wl_resource_get_link(rp));
}

void tack_relative_pointer_send(struct tack_seat *seat, uint32_t time,
				double dx, double dy)
{
	struct wl_client *client = tack_seat_surface_client(seat->pointer.focus);
	uint64_t usec = (uint64_t)time * 1000;
	struct wl_resource *rp;

	if (!client)
		return;
	/* tack applies no acceleration: the motion is the device's own. */
	wl_resource_for_each(rp, &seat->pointer.relative_pointers)
		if (wl_resource_get_client(rp) == client)
			zwp_relative_pointer_v1_send_relative_motion(rp,
				usec >> 32, usec & 0xffffffff,
				wl_fixed_from_double(dx), wl_fixed_from_double(dy),
				wl_fixed_from_double(dx), wl_fixed_from_double(dy));
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwp_relative_pointer_manager_v1_interface manager_impl = {
	.destroy = handle_manager_destroy,
	.get_relative_pointer = handle_get_relative_pointer,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &zwp_relative_pointer_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

int tack_relative_pointer_init(struct tack_seat *seat)
{
	wl_list_init(&seat->pointer.relative_pointers);
	seat->pointer.relative_global = wl_global_create(seat->display,
		&zwp_relative_pointer_manager_v1_interface,
		RELATIVE_POINTER_VERSION, seat, bind_manager);
	return seat->pointer.relative_global ? 0 : -ENOMEM;
}

/* After the clients: their relative pointers are gone. */
void tack_relative_pointer_finish(struct tack_seat *seat)
{
	wl_global_destroy(seat->pointer.relative_global);
}
