/*
 * wl_data_device_manager: data sources, offers, data devices and the
 * selection. Drag-and-drop itself is in drag.c.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-server-protocol.h>
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/log.h"

#define DATA_DEVICE_MANAGER_VERSION 3

#define ALL_ACTIONS (WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY | \
		     WL_DATA_DEVICE_MANAGER_DND_ACTION_MOVE | \
		     WL_DATA_DEVICE_MANAGER_DND_ACTION_ASK)

static const struct wl_data_source_interface source_impl;
static const struct wl_data_offer_interface offer_impl;

struct tack_data_source *tack_data_source_from_resource(
	struct wl_resource *resource)
{
	if (!resource)
		return NULL;
	wl_resource_instance_of(resource, &wl_data_source_interface,
				&source_impl);
	return wl_resource_get_user_data(resource);
}

static uint32_t source_actions(struct tack_data_source *source)
{
	/* Before version 3 every drag was a copy. */
	if (wl_resource_get_version(source->resource) <
	    WL_DATA_SOURCE_ACTION_SINCE_VERSION)
		return WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY;
	return source->actions;
}

static uint32_t choose_action(struct tack_data_offer *offer)
{
	uint32_t dst = offer->actions, preferred = offer->preferred, common;

	if (wl_resource_get_version(offer->resource) <
	    WL_DATA_OFFER_ACTION_SINCE_VERSION)
		dst = preferred = WL_DATA_DEVICE_MANAGER_DND_ACTION_COPY;
	common = source_actions(offer->source) & dst;
	if (!common)
		return WL_DATA_DEVICE_MANAGER_DND_ACTION_NONE;
	if (preferred & common)
		return preferred;
	/* The first match in bit order, as the spec recommends. */
	return common & -common;
}

void tack_data_offer_update_action(struct tack_data_offer *offer)
{
	struct tack_data_source *source = offer->source;
	uint32_t action;

	if (!source || !offer->dnd)
		return;
	action = choose_action(offer);
	if (action == offer->action)
		return;
	offer->action = action;
	if (wl_resource_get_version(offer->resource) >=
	    WL_DATA_OFFER_ACTION_SINCE_VERSION)
		wl_data_offer_send_action(offer->resource, action);
	if (wl_resource_get_version(source->resource) >=
	    WL_DATA_SOURCE_ACTION_SINCE_VERSION)
		wl_data_source_send_action(source->resource, action);
}

void tack_data_source_cancel(struct tack_data_source *source)
{
	wl_data_source_send_cancelled(source->resource);
}

static void handle_offer_source_destroy(struct wl_listener *listener,
					void *data)
{
	struct tack_data_offer *offer =
		wl_container_of(listener, offer, source_destroy);

	offer->source = NULL;
	wl_list_remove(&offer->source_destroy.link);
	wl_list_init(&offer->source_destroy.link);
}

void tack_data_offer_detach(struct tack_data_offer *offer)
{
	if (offer->source && offer->source->dnd_offer == offer)
		offer->source->dnd_offer = NULL;
	offer->source = NULL;
	wl_list_remove(&offer->source_destroy.link);
	wl_list_init(&offer->source_destroy.link);
}

static struct tack_data_offer *offer_from_resource(struct wl_resource *resource)
{
	return wl_resource_get_user_data(resource);
}

static bool offer_is_finished(struct tack_data_offer *offer)
{
	if (offer->finished)
		wl_resource_post_error(offer->resource,
				       WL_DATA_OFFER_ERROR_INVALID_OFFER,
				       "the offer was finished");
	return offer->finished;
}

static void handle_offer_accept(struct wl_client *client,
				struct wl_resource *resource, uint32_t serial,
				const char *mime_type)
{
	struct tack_data_offer *offer = offer_from_resource(resource);

	if (offer_is_finished(offer) || !offer->source || !offer->dnd)
		return;
	offer->accepted = mime_type != NULL;
	wl_data_source_send_target(offer->source->resource, mime_type);
}

static void handle_offer_receive(struct wl_client *client,
				 struct wl_resource *resource,
				 const char *mime_type, int32_t fd)
{
	struct tack_data_offer *offer = offer_from_resource(resource);

	if (!offer_is_finished(offer) && offer->source)
		wl_data_source_send_send(offer->source->resource, mime_type, fd);
	close(fd);
}

static void handle_offer_destroy(struct wl_client *client,
				 struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_offer_finish(struct wl_client *client,
				struct wl_resource *resource)
{
	struct tack_data_offer *offer = offer_from_resource(resource);
	const char *why = NULL;

	if (offer_is_finished(offer))
		return;
	if (!offer->dnd)
		why = "finish on a selection offer";
	else if (!offer->dropped)
		why = "finish before the drop";
	else if (!offer->accepted)
		why = "finish without an accepted mime type";
	else if (offer->action == WL_DATA_DEVICE_MANAGER_DND_ACTION_NONE ||
		 offer->action == WL_DATA_DEVICE_MANAGER_DND_ACTION_ASK)
		why = "finish without a final action";
	if (why) {
		wl_resource_post_error(resource,
				       WL_DATA_OFFER_ERROR_INVALID_FINISH,
				       "%s", why);
		return;
	}
	offer->finished = true;
	if (offer->source &&
	    wl_resource_get_version(offer->source->resource) >=
		    WL_DATA_SOURCE_DND_FINISHED_SINCE_VERSION)
		wl_data_source_send_dnd_finished(offer->source->resource);
	tack_data_offer_detach(offer);
}

static void handle_offer_set_actions(struct wl_client *client,
				     struct wl_resource *resource,
				     uint32_t actions, uint32_t preferred)
{
	struct tack_data_offer *offer = offer_from_resource(resource);

	if (offer_is_finished(offer))
		return;
	if (!offer->dnd) {
		wl_resource_post_error(resource,
				       WL_DATA_OFFER_ERROR_INVALID_OFFER,
				       "set_actions on a selection offer");
		return;
	}
	if (actions & ~ALL_ACTIONS) {
		wl_resource_post_error(resource,
				       WL_DATA_OFFER_ERROR_INVALID_ACTION_MASK,
				       "invalid action mask %#x", actions);
		return;
	}
	if ((preferred & (preferred - 1)) || (preferred & ~actions)) {
		wl_resource_post_error(resource,
				       WL_DATA_OFFER_ERROR_INVALID_ACTION,
				       "invalid preferred action %#x", preferred);
		return;
	}
	offer->actions = actions;
	offer->preferred = preferred;
	tack_data_offer_update_action(offer);
}

static const struct wl_data_offer_interface offer_impl = {
	.accept = handle_offer_accept,
	.receive = handle_offer_receive,
	.destroy = handle_offer_destroy,
	.finish = handle_offer_finish,
	.set_actions = handle_offer_set_actions,
};

static void destroy_offer_resource(struct wl_resource *resource)
{
	struct tack_data_offer *offer = offer_from_resource(resource);
	struct tack_data_source *source = offer->source;

	/* A dropped drag that the target never finished went nowhere. */
	if (source && offer->dnd && offer->dropped && !offer->finished &&
	    wl_resource_get_version(source->resource) >=
		    WL_DATA_SOURCE_DND_FINISHED_SINCE_VERSION)
		tack_data_source_cancel(source);
	tack_data_offer_detach(offer);
	free(offer);
}

struct tack_data_offer *tack_data_offer_create(struct tack_data_source *source,
					       struct wl_resource *device,
					       bool dnd)
{
	struct wl_client *client = wl_resource_get_client(device);
	struct tack_data_offer *offer = calloc(1, sizeof(*offer));
	char **mime;

	if (!offer)
		goto no_memory;
	offer->resource = wl_resource_create(client, &wl_data_offer_interface,
					     wl_resource_get_version(device), 0);
	if (!offer->resource) {
		free(offer);
		goto no_memory;
	}
	offer->source = source;
	offer->dnd = dnd;
	offer->source_destroy.notify = handle_offer_source_destroy;
	wl_signal_add(&source->destroy, &offer->source_destroy);
	wl_resource_set_implementation(offer->resource, &offer_impl, offer,
				       destroy_offer_resource);
	wl_data_device_send_data_offer(device, offer->resource);
	wl_array_for_each(mime, &source->mime_types)
		wl_data_offer_send_offer(offer->resource, *mime);
	return offer;

no_memory:
	wl_client_post_no_memory(client);
	return NULL;
}

static void handle_source_offer(struct wl_client *client,
				struct wl_resource *resource,
				const char *mime_type)
{
	struct tack_data_source *source = wl_resource_get_user_data(resource);
	char **slot = wl_array_add(&source->mime_types, sizeof(*slot));

	if (!slot || !(*slot = strdup(mime_type))) {
		if (slot)
			source->mime_types.size -= sizeof(*slot);
		wl_client_post_no_memory(client);
	}
}

static void handle_source_destroy(struct wl_client *client,
				  struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_source_set_actions(struct wl_client *client,
				      struct wl_resource *resource,
				      uint32_t actions)
{
	struct tack_data_source *source = wl_resource_get_user_data(resource);

	if (actions & ~ALL_ACTIONS) {
		wl_resource_post_error(resource,
				       WL_DATA_SOURCE_ERROR_INVALID_ACTION_MASK,
				       "invalid action mask %#x", actions);
		return;
	}
	if (source->actions_set || source->used) {
		wl_resource_post_error(resource,
				       WL_DATA_SOURCE_ERROR_INVALID_SOURCE,
				       source->used ?
				       "set_actions after the source was used" :
				       "set_actions may be sent once only");
		return;
	}
	source->actions = actions;
	source->actions_set = true;
}

static const struct wl_data_source_interface source_impl = {
	.offer = handle_source_offer,
	.destroy = handle_source_destroy,
	.set_actions = handle_source_set_actions,
};

static void destroy_source_resource(struct wl_resource *resource)
{
	struct tack_data_source *source = wl_resource_get_user_data(resource);
	char **mime;

	/* Listeners detach one another (drag and offer): emit safely. */
	wl_signal_emit_mutable(&source->destroy, source);
	wl_array_for_each(mime, &source->mime_types)
		free(*mime);
	wl_array_release(&source->mime_types);
	free(source);
}

static void handle_manager_create_data_source(struct wl_client *client,
					      struct wl_resource *resource,
					      uint32_t id)
{
	struct tack_data_source *source = calloc(1, sizeof(*source));

	if (!source) {
		wl_client_post_no_memory(client);
		return;
	}
	source->resource = wl_resource_create(client, &wl_data_source_interface,
		wl_resource_get_version(resource), id);
	if (!source->resource) {
		free(source);
		wl_client_post_no_memory(client);
		return;
	}
	wl_array_init(&source->mime_types);
	wl_signal_init(&source->destroy);
	wl_resource_set_implementation(source->resource, &source_impl, source,
				       destroy_source_resource);
}

static void send_selection(struct tack_seat *seat, struct wl_resource *device)
{
	struct tack_data_offer *offer = NULL;

	if (seat->selection) {
		offer = tack_data_offer_create(seat->selection, device, false);
		if (!offer)
			return;
	}
	wl_data_device_send_selection(device, offer ? offer->resource : NULL);
}

void tack_data_device_focus_client(struct tack_seat *seat,
				   struct wl_client *client)
{
	struct wl_resource *device;

	wl_resource_for_each(device, &seat->data_devices)
		if (wl_resource_get_client(device) == client)
			send_selection(seat, device);
}

struct wl_resource *tack_data_device_for_client(struct tack_seat *seat,
						struct wl_client *client)
{
	struct wl_resource *device;

	wl_resource_for_each(device, &seat->data_devices)
		if (wl_resource_get_client(device) == client)
			return device;
	return NULL;
}

static void set_selection(struct tack_seat *seat,
			  struct tack_data_source *source)
{
	struct tack_surface *focus = tack_seat_keyboard_focus(seat);

	if (seat->selection) {
		wl_list_remove(&seat->selection_destroy.link);
		wl_list_init(&seat->selection_destroy.link);
		tack_data_source_cancel(seat->selection);
	}
	seat->selection = source;
	if (source)
		wl_signal_add(&source->destroy, &seat->selection_destroy);
	if (focus)
		tack_data_device_focus_client(seat,
			tack_seat_surface_client(focus));
}

static void handle_selection_destroy(struct wl_listener *listener, void *data)
{
	struct tack_seat *seat =
		wl_container_of(listener, seat, selection_destroy);
	struct tack_surface *focus = tack_seat_keyboard_focus(seat);

	wl_list_remove(&seat->selection_destroy.link);
	wl_list_init(&seat->selection_destroy.link);
	seat->selection = NULL;
	if (focus)
		tack_data_device_focus_client(seat,
			tack_seat_surface_client(focus));
}

/* A source serves one purpose once; anything else is the client's error. */
static bool claim_source(struct tack_data_source *source, bool dnd)
{
	if (source->used) {
		wl_resource_post_error(source->resource,
				       WL_DATA_SOURCE_ERROR_INVALID_SOURCE,
				       "the source is already in use");
		return false;
	}
	if (!dnd && source->actions_set) {
		wl_resource_post_error(source->resource,
				       WL_DATA_SOURCE_ERROR_INVALID_SOURCE,
				       "a drag-and-drop source cannot be a selection");
		return false;
	}
	source->used = true;
	return true;
}

static void handle_device_set_selection(struct wl_client *client,
					struct wl_resource *resource,
					struct wl_resource *source_resource,
					uint32_t serial)
{
	struct tack_seat *seat = wl_resource_get_user_data(resource);
	struct tack_data_source *source =
		tack_data_source_from_resource(source_resource);

	if (source && !claim_source(source, false))
		return;
	if (!seat)
		goto refuse;
	/*
	 * As weston does: a request older than the selection it would replace
	 * loses the race. Clients (wlcs's among them) send serial 0 or serials
	 * from other seats' events, so the serial is not checked otherwise.
	 */
	if (seat->selection && serial - seat->selection_serial > UINT32_MAX / 2) {
		tack_dbg("data device: set_selection serial %u is older than the selection's %u",
			 serial, seat->selection_serial);
		goto refuse;
	}
	seat->selection_serial = serial;
	set_selection(seat, source);
	return;

refuse:
	if (source)
		tack_data_source_cancel(source);
}

static void handle_device_start_drag(struct wl_client *client,
				     struct wl_resource *resource,
				     struct wl_resource *source_resource,
				     struct wl_resource *origin_resource,
				     struct wl_resource *icon_resource,
				     uint32_t serial)
{
	struct tack_seat *seat = wl_resource_get_user_data(resource);
	struct tack_data_source *source =
		tack_data_source_from_resource(source_resource);
	struct tack_surface *icon = icon_resource ?
		tack_surface_from_resource(icon_resource) : NULL;

	if (icon && icon->role && strcmp(icon->role->name, "dnd_icon") != 0) {
		wl_resource_post_error(resource, WL_DATA_DEVICE_ERROR_ROLE,
				       "the icon surface has the role %s",
				       icon->role->name);
		return;
	}
	if (source && !claim_source(source, true))
		return;
	if (!seat) {
		if (source)
			tack_data_source_cancel(source);
		return;
	}
	tack_drag_start(seat, resource, source,
			tack_surface_from_resource(origin_resource), icon,
			serial);
}

static void handle_device_release(struct wl_client *client,
				  struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_data_device_interface device_impl = {
	.start_drag = handle_device_start_drag,
	.set_selection = handle_device_set_selection,
	.release = handle_device_release,
};

static void destroy_device_resource(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void handle_manager_get_data_device(struct wl_client *client,
					   struct wl_resource *resource,
					   uint32_t id,
					   struct wl_resource *seat_resource)
{
	struct tack_seat *seat = wl_resource_get_user_data(seat_resource);
	struct wl_resource *device;

	device = wl_resource_create(client, &wl_data_device_interface,
				    wl_resource_get_version(resource), id);
	if (!device) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(device, &device_impl, seat,
				       destroy_device_resource);
	if (!seat) {
		wl_list_init(wl_resource_get_link(device));
		return;
	}
	wl_list_insert(&seat->data_devices, wl_resource_get_link(device));
	if (tack_seat_surface_client(tack_seat_keyboard_focus(seat)) == client)
		send_selection(seat, device);
}

static const struct wl_data_device_manager_interface manager_impl = {
	.create_data_source = handle_manager_create_data_source,
	.get_data_device = handle_manager_get_data_device,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_data_device_manager_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

int tack_data_device_init(struct tack_seat *seat)
{
	wl_list_init(&seat->data_devices);
	wl_list_init(&seat->selection_destroy.link);
	seat->selection_destroy.notify = handle_selection_destroy;
	seat->data_device_manager = wl_global_create(seat->display,
		&wl_data_device_manager_interface, DATA_DEVICE_MANAGER_VERSION,
		seat, bind_manager);
	if (!seat->data_device_manager) {
		tack_err("data device: cannot create the global");
		return -1;
	}
	return 0;
}

void tack_data_device_finish(struct tack_seat *seat)
{
	struct wl_resource *device, *tmp;

	wl_resource_for_each_safe(device, tmp, &seat->data_devices) {
		wl_resource_set_user_data(device, NULL);
		wl_list_remove(wl_resource_get_link(device));
		wl_list_init(wl_resource_get_link(device));
	}
	if (seat->drag)
		tack_drag_destroy(seat->drag);
	wl_list_remove(&seat->selection_destroy.link);
	wl_list_init(&seat->selection_destroy.link);
	if (seat->data_device_manager)
		wl_global_destroy(seat->data_device_manager);
	seat->data_device_manager = NULL;
}
