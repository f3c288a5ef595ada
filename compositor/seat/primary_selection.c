/*
 * The primary selection: what was last selected, pasted with the middle
 * button (wl-copy -p, terminals, editors). zwp_primary_selection_v1 and
 * GTK's older gtk_primary_selection are one protocol under two names, with
 * the same requests and events in the same order, so one implementation
 * serves both; each object keeps the name its client used.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gtk-primary-selection-server-protocol.h"
#include "primary-selection-unstable-v1-server-protocol.h"
#include "seat/seat.h"
#include "seat/seat_internal.h"
#include "util/log.h"

#define PRIMARY_SELECTION_VERSION 1

struct flavour {
	const struct wl_interface *manager, *device, *source, *offer;
};

static const struct flavour zwp_flavour = {
	&zwp_primary_selection_device_manager_v1_interface,
	&zwp_primary_selection_device_v1_interface,
	&zwp_primary_selection_source_v1_interface,
	&zwp_primary_selection_offer_v1_interface,
};

static const struct flavour gtk_flavour = {
	&gtk_primary_selection_device_manager_interface,
	&gtk_primary_selection_device_interface,
	&gtk_primary_selection_source_interface,
	&gtk_primary_selection_offer_interface,
};

struct tack_primary_source {
	struct wl_resource *resource;
	struct wl_array mime_types;	/* char *, owned */
	struct tack_seat *seat;		/* while it is the selection */
};

struct primary_device {
	struct wl_resource *resource;
	struct tack_seat *seat;		/* NULL once the seat is gone */
	const struct flavour *flavour;
	struct wl_list link;		/* tack_seat.primary_devices */
};

static const struct zwp_primary_selection_offer_v1_interface offer_impl;
static const struct zwp_primary_selection_source_v1_interface source_impl;
static const struct zwp_primary_selection_device_v1_interface device_impl;

/* An offer's user data is its seat; what it offers is that seat's now. */
static void handle_offer_receive(struct wl_client *client,
				 struct wl_resource *resource,
				 const char *mime_type, int32_t fd)
{
	struct tack_seat *seat = wl_resource_get_user_data(resource);
	struct tack_primary_source *source = seat ? seat->primary : NULL;

	if (source)
		zwp_primary_selection_source_v1_send_send(source->resource,
							  mime_type, fd);
	close(fd);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwp_primary_selection_offer_v1_interface offer_impl = {
	.receive = handle_offer_receive,
	.destroy = handle_destroy,
};

static void unlink_resource(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void send_selection_to(struct primary_device *device)
{
	struct wl_client *client = wl_resource_get_client(device->resource);
	struct tack_primary_source *source = device->seat->primary;
	struct wl_resource *offer;
	char **mime;

	if (!source) {
		zwp_primary_selection_device_v1_send_selection(device->resource,
							       NULL);
		return;
	}
	offer = wl_resource_create(client, device->flavour->offer,
				   wl_resource_get_version(device->resource), 0);
	if (!offer) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(offer, &offer_impl, device->seat,
				       unlink_resource);
	wl_list_insert(&device->seat->primary_offers, wl_resource_get_link(offer));
	zwp_primary_selection_device_v1_send_data_offer(device->resource, offer);
	wl_array_for_each(mime, &source->mime_types)
		zwp_primary_selection_offer_v1_send_offer(offer, *mime);
	zwp_primary_selection_device_v1_send_selection(device->resource, offer);
}

void tack_primary_selection_focus_client(struct tack_seat *seat,
					 struct wl_client *client)
{
	struct primary_device *device;

	wl_list_for_each(device, &seat->primary_devices, link)
		if (wl_resource_get_client(device->resource) == client)
			send_selection_to(device);
}

/* Offers made for the old selection can no longer be served. */
static void orphan_offers(struct tack_seat *seat)
{
	struct wl_resource *offer, *tmp;

	wl_resource_for_each_safe(offer, tmp, &seat->primary_offers) {
		wl_resource_set_user_data(offer, NULL);
		wl_list_remove(wl_resource_get_link(offer));
		wl_list_init(wl_resource_get_link(offer));
	}
}

static void set_primary(struct tack_seat *seat,
			struct tack_primary_source *source)
{
	struct tack_surface *focus = tack_seat_keyboard_focus(seat);
	struct tack_primary_source *old = seat->primary;

	orphan_offers(seat);
	seat->primary = source;
	if (source)
		source->seat = seat;
	if (old && old != source) {
		old->seat = NULL;
		zwp_primary_selection_source_v1_send_cancelled(old->resource);
	}
	if (focus)
		tack_primary_selection_focus_client(seat,
			tack_seat_surface_client(focus));
}

static void handle_source_offer(struct wl_client *client,
				struct wl_resource *resource,
				const char *mime_type)
{
	struct tack_primary_source *source = wl_resource_get_user_data(resource);
	char **slot = wl_array_add(&source->mime_types, sizeof(*slot));

	if (!slot || !(*slot = strdup(mime_type))) {
		if (slot)
			source->mime_types.size -= sizeof(*slot);
		wl_client_post_no_memory(client);
	}
}

static const struct zwp_primary_selection_source_v1_interface source_impl = {
	.offer = handle_source_offer,
	.destroy = handle_destroy,
};

static void destroy_source_resource(struct wl_resource *resource)
{
	struct tack_primary_source *source = wl_resource_get_user_data(resource);
	char **mime;

	if (source->seat) {
		/* The selection goes with its source. */
		source->seat->primary = NULL;
		set_primary(source->seat, NULL);
	}
	wl_array_for_each(mime, &source->mime_types)
		free(*mime);
	wl_array_release(&source->mime_types);
	free(source);
}

static void handle_device_set_selection(struct wl_client *client,
					struct wl_resource *resource,
					struct wl_resource *source_resource,
					uint32_t serial)
{
	struct primary_device *device = wl_resource_get_user_data(resource);
	struct tack_primary_source *source = source_resource ?
		wl_resource_get_user_data(source_resource) : NULL;
	struct tack_seat *seat = device->seat;

	if (!seat)
		return;
	/* As for the clipboard: only a request older than the selection loses. */
	if (seat->primary && serial - seat->primary_serial > UINT32_MAX / 2) {
		tack_dbg("primary selection: serial %u is older than %u",
			 serial, seat->primary_serial);
		if (source)
			zwp_primary_selection_source_v1_send_cancelled(
				source->resource);
		return;
	}
	seat->primary_serial = serial;
	set_primary(seat, source);
}

static const struct zwp_primary_selection_device_v1_interface device_impl = {
	.set_selection = handle_device_set_selection,
	.destroy = handle_destroy,
};

static void destroy_device_resource(struct wl_resource *resource)
{
	struct primary_device *device = wl_resource_get_user_data(resource);

	wl_list_remove(&device->link);
	free(device);
}

static void handle_create_source(struct wl_client *client,
				 struct wl_resource *resource, uint32_t id)
{
	const struct flavour *flavour = wl_resource_get_user_data(resource);
	struct tack_primary_source *source = calloc(1, sizeof(*source));

	if (!source)
		goto no_memory;
	source->resource = wl_resource_create(client, flavour->source,
		wl_resource_get_version(resource), id);
	if (!source->resource)
		goto free_source;
	wl_array_init(&source->mime_types);
	wl_resource_set_implementation(source->resource, &source_impl, source,
				       destroy_source_resource);
	return;

free_source:
	free(source);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_get_device(struct wl_client *client,
			      struct wl_resource *resource, uint32_t id,
			      struct wl_resource *seat_resource)
{
	const struct flavour *flavour = wl_resource_get_user_data(resource);
	struct tack_seat *seat = wl_resource_get_user_data(seat_resource);
	struct primary_device *device = calloc(1, sizeof(*device));

	if (!device)
		goto no_memory;
	device->resource = wl_resource_create(client, flavour->device,
		wl_resource_get_version(resource), id);
	if (!device->resource)
		goto free_device;
	wl_resource_set_implementation(device->resource, &device_impl, device,
				       destroy_device_resource);
	device->flavour = flavour;
	device->seat = seat;
	wl_list_init(&device->link);
	if (!seat)
		return;
	wl_list_insert(&seat->primary_devices, &device->link);
	if (tack_seat_surface_client(tack_seat_keyboard_focus(seat)) == client)
		send_selection_to(device);
	return;

free_device:
	free(device);
no_memory:
	wl_client_post_no_memory(client);
}

static const struct zwp_primary_selection_device_manager_v1_interface
manager_impl = {
	.create_source = handle_create_source,
	.get_device = handle_get_device,
	.destroy = handle_destroy,
};

static void bind_manager(struct wl_client *client, const void *flavour,
			 uint32_t version, uint32_t id)
{
	const struct flavour *f = flavour;
	struct wl_resource *resource;

	resource = wl_resource_create(client, f->manager, version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, (void *)f, NULL);
}

static void bind_zwp(struct wl_client *client, void *data, uint32_t version,
		     uint32_t id)
{
	bind_manager(client, &zwp_flavour, version, id);
}

static void bind_gtk(struct wl_client *client, void *data, uint32_t version,
		     uint32_t id)
{
	bind_manager(client, &gtk_flavour, version, id);
}

int tack_primary_selection_init(struct tack_seat *seat)
{
	wl_list_init(&seat->primary_devices);
	wl_list_init(&seat->primary_offers);
	seat->primary_global = wl_global_create(seat->display,
		zwp_flavour.manager, PRIMARY_SELECTION_VERSION, NULL, bind_zwp);
	if (!seat->primary_global)
		return -ENOMEM;
	seat->gtk_primary_global = wl_global_create(seat->display,
		gtk_flavour.manager, PRIMARY_SELECTION_VERSION, NULL, bind_gtk);
	if (!seat->gtk_primary_global) {
		wl_global_destroy(seat->primary_global);
		return -ENOMEM;
	}
	return 0;
}

/* After the clients: every device, source and offer is gone. */
void tack_primary_selection_finish(struct tack_seat *seat)
{
	wl_global_destroy(seat->gtk_primary_global);
	wl_global_destroy(seat->primary_global);
}
