/* Drag-and-drop: a pointer drag carrying a data source and an icon. */
#include <math.h>
#include <stdlib.h>
#include <wayland-server-protocol.h>
#include "scene/scene.h"
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/time.h"

struct tack_drag {
	struct tack_seat *seat;
	struct wl_client *client;		/* the origin's */
	struct tack_data_source *source;	/* NULL: a drag within client */
	struct wl_listener source_destroy;
	struct tack_surface *origin;
	struct wl_listener origin_destroy;

	struct tack_surface *icon;
	struct wl_listener icon_destroy;
	struct tack_view *icon_view;
	int32_t icon_x, icon_y;			/* icon origin minus pointer */

	struct tack_surface *focus;
	struct wl_listener focus_destroy;
	struct wl_resource *focus_device;	/* where enter went */
	struct wl_listener focus_device_destroy;
	struct tack_data_offer *offer;
};

static void place_icon(struct tack_drag *drag)
{
	if (drag->icon_view)
		tack_pointer_place_overlay(drag->seat, drag->icon_view,
					   -drag->icon_x, -drag->icon_y,
					   tack_surface_has_buffer(drag->icon));
}

static void icon_commit(struct tack_surface *surface)
{
	struct tack_drag *drag = surface->role_data;

	if (!drag)
		return;
	drag->icon_x += surface->current.dx;
	drag->icon_y += surface->current.dy;
	place_icon(drag);
}

static const struct tack_surface_role icon_role = {
	.name = "dnd_icon",
	.commit = icon_commit,
};

static void forget_icon(struct tack_drag *drag)
{
	struct tack_view *view = drag->icon_view;

	if (!drag->icon)
		return;
	drag->icon_view = NULL;
	tack_pointer_destroy_overlay(drag->seat, view);
	tack_surface_clear_role_data(drag->icon);
	wl_list_remove(&drag->icon_destroy.link);
	wl_list_init(&drag->icon_destroy.link);
	drag->icon = NULL;
}

static void forget_device(struct tack_drag *drag)
{
	drag->focus_device = NULL;
	wl_list_remove(&drag->focus_device_destroy.link);
	wl_list_init(&drag->focus_device_destroy.link);
}

/* Leave the focus; keep_offer: the drop happened, the offer lives on. */
static void leave_focus(struct tack_drag *drag, bool keep_offer)
{
	if (drag->focus_device)
		wl_data_device_send_leave(drag->focus_device);
	if (drag->offer && !keep_offer)
		tack_data_offer_detach(drag->offer);
	drag->offer = NULL;
	forget_device(drag);
	drag->focus = NULL;
	tack_seat_set_listener(&drag->focus_destroy, NULL);
}

static void enter_focus(struct tack_drag *drag, struct tack_surface *surface,
			double sx, double sy)
{
	struct wl_client *client = tack_seat_surface_client(surface);
	struct wl_resource *device;
	uint32_t serial;

	drag->focus = surface;
	tack_seat_set_listener(&drag->focus_destroy, surface);
	device = tack_data_device_for_client(drag->seat, client);
	if (!device)
		return;
	if (drag->source) {
		drag->offer = tack_data_offer_create(drag->source, device, true);
		if (!drag->offer)
			return;
		drag->source->dnd_offer = drag->offer;
	}
	drag->focus_device = device;
	wl_resource_add_destroy_listener(device, &drag->focus_device_destroy);
	serial = tack_seat_next_serial(drag->seat, client, TACK_SERIAL_ENTER);
	wl_data_device_send_enter(device, serial, surface->resource,
				  wl_fixed_from_double(sx),
				  wl_fixed_from_double(sy),
				  drag->offer ? drag->offer->resource : NULL);
	if (drag->offer && wl_resource_get_version(drag->offer->resource) >=
			WL_DATA_OFFER_SOURCE_ACTIONS_SINCE_VERSION)
		wl_data_offer_send_source_actions(drag->offer->resource,
						  drag->source->actions);
	if (drag->offer)
		tack_data_offer_update_action(drag->offer);
}

void tack_drag_motion(struct tack_seat *seat, uint32_t time)
{
	struct tack_drag *drag = seat->drag;
	struct tack_surface *surface;
	double sx = 0, sy = 0;

	place_icon(drag);
	surface = tack_scene_surface_at(seat->scene, seat->pointer.lx,
					seat->pointer.ly, &sx, &sy, NULL);
	/* Without a source, only the origin's client takes part. */
	if (surface && !drag->source &&
	    tack_seat_surface_client(surface) != drag->client)
		surface = NULL;
	if (surface != drag->focus) {
		leave_focus(drag, false);
		if (surface)
			enter_focus(drag, surface, sx, sy);
		return;
	}
	if (drag->focus_device)
		wl_data_device_send_motion(drag->focus_device, time,
					   wl_fixed_from_double(sx),
					   wl_fixed_from_double(sy));
}

void tack_drag_destroy(struct tack_drag *drag)
{
	struct tack_seat *seat = drag->seat;

	leave_focus(drag, false);
	forget_icon(drag);
	wl_list_remove(&drag->source_destroy.link);
	wl_list_remove(&drag->origin_destroy.link);
	wl_list_remove(&drag->focus_destroy.link);
	wl_list_remove(&drag->focus_device_destroy.link);
	seat->drag = NULL;
	free(drag);
	tack_pointer_cursor_changed(seat);
	tack_seat_schedule_refocus(seat);
}

static bool drop_accepted(struct tack_drag *drag)
{
	struct tack_data_offer *offer = drag->offer;

	if (!offer || !drag->focus_device || !offer->accepted)
		return false;
	if (wl_resource_get_version(offer->resource) <
	    WL_DATA_OFFER_ACTION_SINCE_VERSION)
		return true;
	return offer->action != WL_DATA_DEVICE_MANAGER_DND_ACTION_NONE;
}

void tack_drag_button_released(struct tack_seat *seat)
{
	struct tack_drag *drag = seat->drag;
	struct tack_data_source *source = drag->source;

	if (!source) {
		if (drag->focus_device)
			wl_data_device_send_drop(drag->focus_device);
		tack_drag_destroy(drag);
		return;
	}
	if (!drop_accepted(drag)) {
		tack_data_source_cancel(source);
		tack_drag_destroy(drag);
		return;
	}
	drag->offer->dropped = true;
	wl_data_device_send_drop(drag->focus_device);
	if (wl_resource_get_version(source->resource) >=
	    WL_DATA_SOURCE_DND_DROP_PERFORMED_SINCE_VERSION)
		wl_data_source_send_dnd_drop_performed(source->resource);
	/* The offer stays with the source until finish or destroy. */
	leave_focus(drag, true);
	tack_drag_destroy(drag);
}

static void handle_source_destroy(struct wl_listener *listener, void *data)
{
	struct tack_drag *drag = wl_container_of(listener, drag, source_destroy);

	leave_focus(drag, false);
	drag->source = NULL;
	tack_drag_destroy(drag);
}

static void handle_origin_destroy(struct wl_listener *listener, void *data)
{
	struct tack_drag *drag = wl_container_of(listener, drag, origin_destroy);

	/*
	 * The drag goes on until the button is released; ending it here
	 * would detach other listeners of the same surface mid-emission.
	 */
	wl_list_remove(&drag->origin_destroy.link);
	wl_list_init(&drag->origin_destroy.link);
	drag->origin = NULL;
}

static void handle_icon_destroy(struct wl_listener *listener, void *data)
{
	struct tack_drag *drag = wl_container_of(listener, drag, icon_destroy);

	forget_icon(drag);
}

static void handle_focus_destroy(struct wl_listener *listener, void *data)
{
	struct tack_drag *drag = wl_container_of(listener, drag, focus_destroy);

	if (drag->offer)
		tack_data_offer_detach(drag->offer);
	drag->offer = NULL;
	forget_device(drag);
	drag->focus = NULL;
	tack_seat_set_listener(&drag->focus_destroy, NULL);
}

static void handle_focus_device_destroy(struct wl_listener *listener,
					void *data)
{
	struct tack_drag *drag =
		wl_container_of(listener, drag, focus_device_destroy);

	forget_device(drag);
}

static bool take_icon(struct tack_drag *drag, struct tack_surface *icon,
		      struct wl_resource *device)
{
	if (!tack_surface_set_role(icon, &icon_role, drag, device,
				   WL_DATA_DEVICE_ERROR_ROLE))
		return false;
	drag->icon = icon;
	wl_signal_add(&icon->events.destroy, &drag->icon_destroy);
	drag->icon_view = tack_view_create(drag->seat->scene, icon,
					   NULL, TACK_LAYER_CURSOR, NULL, NULL);
	if (!drag->icon_view)
		tack_err("drag: cannot show the icon");
	return true;
}

static struct tack_drag *drag_alloc(struct tack_seat *seat,
				    struct tack_surface *origin)
{
	struct tack_drag *drag = calloc(1, sizeof(*drag));

	if (!drag)
		return NULL;
	drag->seat = seat;
	drag->origin = origin;
	drag->client = tack_seat_surface_client(origin);
	drag->source_destroy.notify = handle_source_destroy;
	drag->origin_destroy.notify = handle_origin_destroy;
	drag->icon_destroy.notify = handle_icon_destroy;
	drag->focus_destroy.notify = handle_focus_destroy;
	drag->focus_device_destroy.notify = handle_focus_device_destroy;
	wl_list_init(&drag->source_destroy.link);
	wl_list_init(&drag->icon_destroy.link);
	wl_list_init(&drag->focus_destroy.link);
	wl_list_init(&drag->focus_device_destroy.link);
	wl_signal_add(&origin->events.destroy, &drag->origin_destroy);
	return drag;
}

void tack_drag_start(struct tack_seat *seat, struct wl_resource *device,
		     struct tack_data_source *source,
		     struct tack_surface *origin, struct tack_surface *icon,
		     uint32_t serial)
{
	struct wl_client *client = wl_resource_get_client(device);
	struct tack_drag *drag;

	/* The origin may be any surface of the client holding the grab. */
	if (!origin || tack_seat_surface_client(origin) != client ||
	    !tack_pointer_grab_matches(seat, client, serial)) {
		tack_dbg("drag: refused: serial %u is not the client's grab",
			 serial);
		goto cancel;
	}
	drag = drag_alloc(seat, origin);
	if (!drag) {
		wl_client_post_no_memory(client);
		goto cancel;
	}
	if (icon && !take_icon(drag, icon, device)) {
		wl_list_remove(&drag->origin_destroy.link);
		free(drag);
		return;
	}
	if (source) {
		drag->source = source;
		wl_signal_add(&source->destroy, &drag->source_destroy);
	}
	tack_pointer_clear_focus(seat);
	seat->drag = drag;
	tack_pointer_cursor_changed(seat);
	tack_drag_motion(seat, tack_now_msec());
	return;

cancel:
	if (source)
		tack_data_source_cancel(source);
}
