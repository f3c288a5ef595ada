/* Grabs other parts ask for: popup grabs and interactive move or resize. */
#include <stdlib.h>
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/log.h"

static struct tack_popup_grab *find_grab(struct tack_seat *seat,
					 struct tack_surface *popup)
{
	struct tack_popup_grab *grab;

	wl_list_for_each(grab, &seat->pointer.popup_grabs, link)
		if (grab->surface == popup)
			return grab;
	return NULL;
}

static void handle_grab_surface_destroy(struct wl_listener *listener,
					void *data)
{
	struct tack_popup_grab *grab =
		wl_container_of(listener, grab, surface_destroy);
	struct tack_seat *seat = grab->seat;

	/*
	 * Other listeners of this surface may be ours too: only this one
	 * goes now, focus follows from the idle refocus.
	 */
	wl_list_remove(&grab->surface_destroy.link);
	wl_list_remove(&grab->link);
	free(grab);
	tack_seat_schedule_refocus(seat);
}

bool tack_seat_popup_grab_begin(struct tack_seat *seat,
				struct tack_surface *popup, uint32_t serial,
				void (*dismiss)(void *data), void *data)
{
	struct wl_client *client = tack_seat_surface_client(popup);
	struct tack_popup_grab *grab, *bottom;
	uint32_t kind;

	kind = tack_serial_ring_find(&seat->serials, serial, client);
	/* Menus open on a press or on its release, or from a key or touch. */
	if (!(kind & (TACK_SERIAL_PRESS | TACK_SERIAL_RELEASE | TACK_SERIAL_KEY |
		      TACK_SERIAL_TOUCH))) {
		tack_dbg("seat: popup grab refused: serial %u is of no button, key or touch",
			 serial);
		return false;
	}
	if (!wl_list_empty(&seat->pointer.popup_grabs)) {
		bottom = wl_container_of(seat->pointer.popup_grabs.next, bottom,
					 link);
		if (tack_seat_surface_client(bottom->surface) != client) {
			tack_dbg("seat: popup grab refused: another client grabs");
			return false;
		}
	}
	if (find_grab(seat, popup))
		return false;
	grab = calloc(1, sizeof(*grab));
	if (!grab) {
		tack_err("seat: no memory for a popup grab");
		return false;
	}
	grab->seat = seat;
	grab->surface = popup;
	grab->dismiss = dismiss;
	grab->data = data;
	grab->surface_destroy.notify = handle_grab_surface_destroy;
	wl_signal_add(&popup->events.destroy, &grab->surface_destroy);
	wl_list_insert(seat->pointer.popup_grabs.prev, &grab->link);
	tack_keyboard_update_focus(seat);
	tack_seat_rescan_pointer(seat);
	return true;
}

void tack_seat_popup_grab_end(struct tack_seat *seat, struct tack_surface *popup)
{
	struct tack_popup_grab *grab = find_grab(seat, popup);

	if (!grab)
		return;
	wl_list_remove(&grab->surface_destroy.link);
	wl_list_remove(&grab->link);
	free(grab);
	tack_keyboard_update_focus(seat);
	tack_seat_schedule_refocus(seat);
}

bool tack_seat_begin_pointer_op(struct tack_seat *seat, struct wl_client *client,
				uint32_t serial,
				const struct tack_seat_pointer_op *op, void *data,
				double *start_lx, double *start_ly)
{
	struct tack_pointer *p = &seat->pointer;

	if (p->n_buttons == 0 || p->op || seat->drag ||
	    tack_seat_surface_client(p->focus) != client ||
	    tack_serial_ring_find(&seat->serials, serial, client) !=
		    TACK_SERIAL_PRESS)
		return false;
	/* The client gives the pointer up for the operation. */
	tack_pointer_clear_focus(seat);
	p->op = op;
	p->op_data = data;
	*start_lx = p->lx;
	*start_ly = p->ly;
	return true;
}

void tack_seat_cancel_pointer_op(struct tack_seat *seat, void *data)
{
	struct tack_pointer *p = &seat->pointer;

	if (!p->op || p->op_data != data)
		return;
	p->op = NULL;
	p->op_data = NULL;
	tack_seat_schedule_refocus(seat);
}
