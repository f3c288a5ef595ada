/* wl_pointer: focus, the implicit grab, events and the cursor surface. */
#include <math.h>
#include <stdlib.h>
#include <wayland-server-protocol.h>
#include "output/layout.h"
#include "scene/scene.h"
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/coord.h"
#include "util/log.h"
#include "util/region.h"
#include "util/time.h"

static void send_frame_to(struct tack_seat *seat, struct wl_client *client)
{
	struct wl_resource *resource;

	wl_resource_for_each(resource, &seat->pointer.resources)
		if (wl_resource_get_client(resource) == client &&
		    wl_resource_get_version(resource) >=
			    WL_POINTER_FRAME_SINCE_VERSION)
			wl_pointer_send_frame(resource);
}

void tack_seat_pointer_frame(struct tack_seat *seat)
{
	struct wl_client *client = tack_seat_surface_client(seat->pointer.focus);

	if (client && seat->pointer.frame_pending)
		send_frame_to(seat, client);
	seat->pointer.frame_pending = false;
}

static void hide_cursor(struct tack_seat *seat);

static bool surface_local(struct tack_seat *seat, struct tack_surface *surface,
			  double *sx, double *sy)
{
	int32_t x, y;

	if (!tack_surface_layout_position(surface, &x, &y))
		return false;
	*sx = seat->pointer.lx - x;
	*sy = seat->pointer.ly - y;
	return true;
}

static void send_enter(struct tack_seat *seat, struct wl_resource *resource)
{
	struct tack_pointer *p = &seat->pointer;

	wl_pointer_send_enter(resource, p->enter_serial, p->focus->resource,
			      wl_fixed_from_double(p->sx),
			      wl_fixed_from_double(p->sy));
}

static void set_focus(struct tack_seat *seat, struct tack_surface *surface,
		      double sx, double sy)
{
	struct tack_pointer *p = &seat->pointer;
	struct wl_client *old_client = tack_seat_surface_client(p->focus);
	struct wl_client *new_client = tack_seat_surface_client(surface);
	struct wl_resource *resource;
	uint32_t serial;

	if (p->focus == surface)
		return;
	if (p->focus) {
		serial = tack_seat_next_serial(seat, old_client,
					       TACK_SERIAL_OTHER);
		wl_resource_for_each(resource, &p->resources)
			if (wl_resource_get_client(resource) == old_client)
				wl_pointer_send_leave(resource, serial,
						      p->focus->resource);
		send_frame_to(seat, old_client);
	}
	/* The cursor image belongs to the client that had the pointer. */
	if (old_client != new_client)
		hide_cursor(seat);
	p->focus = surface;
	tack_seat_set_listener(&p->focus_destroy, surface);
	if (!surface) {
		tack_pointer_cursor_changed(seat);
		return;
	}
	p->sx = sx;
	p->sy = sy;
	p->enter_serial = tack_seat_next_serial(seat, new_client,
						TACK_SERIAL_ENTER);
	wl_resource_for_each(resource, &p->resources)
		if (wl_resource_get_client(resource) == new_client)
			send_enter(seat, resource);
	p->frame_pending = true;
	tack_pointer_cursor_changed(seat);
}

void tack_pointer_clear_focus(struct tack_seat *seat)
{
	set_focus(seat, NULL, 0, 0);
}

static void send_motion(struct tack_seat *seat, uint32_t time, double sx,
			double sy)
{
	struct tack_pointer *p = &seat->pointer;
	struct wl_client *client = tack_seat_surface_client(p->focus);
	struct wl_resource *resource;

	if (!client || (sx == p->sx && sy == p->sy))
		return;
	p->sx = sx;
	p->sy = sy;
	p->frame_pending = true;
	wl_resource_for_each(resource, &p->resources)
		if (wl_resource_get_client(resource) == client)
			wl_pointer_send_motion(resource, time,
					       wl_fixed_from_double(sx),
					       wl_fixed_from_double(sy));
}

static struct wl_client *popup_grab_client(struct tack_seat *seat)
{
	struct tack_popup_grab *grab;

	if (wl_list_empty(&seat->pointer.popup_grabs))
		return NULL;
	grab = wl_container_of(seat->pointer.popup_grabs.next, grab, link);
	return tack_seat_surface_client(grab->surface);
}

/* The surface under the pointer that may have it, with local coordinates. */
static struct tack_surface *pick(struct tack_seat *seat, double *sx,
				 double *sy, struct tack_view **view)
{
	struct tack_pointer *p = &seat->pointer;
	struct wl_client *grab_client = popup_grab_client(seat);
	struct tack_surface *surface;

	surface = tack_scene_surface_at(seat->scene, p->lx, p->ly, sx,
					sy, view);
	if (surface && grab_client &&
	    tack_seat_surface_client(surface) != grab_client)
		return NULL;
	return surface;
}

/* Focus follows the pointer unless a grab holds it. */
static void update_focus(struct tack_seat *seat, uint32_t time)
{
	struct tack_pointer *p = &seat->pointer;
	struct tack_surface *surface;
	double sx = 0, sy = 0;

	if (seat->drag || p->op)
		return;
	if (p->n_buttons > 0) {
		if (p->focus && surface_local(seat, p->focus, &sx, &sy))
			send_motion(seat, time, sx, sy);
		return;
	}
	surface = pick(seat, &sx, &sy, NULL);
	if (surface != p->focus)
		set_focus(seat, surface, sx, sy);
	else
		send_motion(seat, time, sx, sy);
	tack_pointer_constraints_update(seat);
}

void tack_seat_rescan_pointer(struct tack_seat *seat)
{
	/* Moving our own overlay views changes nothing under the pointer. */
	if (!seat || seat->pointer.placing_overlay)
		return;
	tack_keyboard_refocus(seat);
	update_focus(seat, tack_now_msec());
	tack_seat_pointer_frame(seat);
}

/*
 * Whether a change of what takes input within box may matter to the
 * pointer: it lies under the pointer or where the pointer's focus is (a
 * focus that moves or goes changes its enter and motion coordinates).
 */
static bool pointer_concerned(struct tack_seat *seat, const pixman_box32_t *box)
{
	struct tack_pointer *p = &seat->pointer;
	pixman_box32_t focus;
	int32_t x, y;

	if (tack_box_contains(box, p->lx, p->ly))
		return true;
	if (!p->focus)
		return false;
	if (!tack_surface_layout_position(p->focus, &x, &y))
		return true;
	focus = (pixman_box32_t){ x, y, tack_coord_add(x, p->focus->width),
				  tack_coord_add(y, p->focus->height) };
	return tack_box_intersect(box, &focus);
}

void tack_seat_rescan_pointer_in(struct tack_seat *seat,
				 const pixman_box32_t *box)
{
	if (!seat || seat->pointer.placing_overlay)
		return;
	if (pointer_concerned(seat, box)) {
		tack_seat_rescan_pointer(seat);
		return;
	}
	/* the keyboard's chosen window may have gone anywhere */
	tack_keyboard_refocus(seat);
}

void tack_pointer_destroy_overlay(struct tack_seat *seat,
				  struct tack_view *view)
{
	seat->pointer.placing_overlay = true;
	tack_view_destroy(view);
	seat->pointer.placing_overlay = false;
}

void tack_pointer_place_overlay(struct tack_seat *seat, struct tack_view *view,
				int32_t dx, int32_t dy, bool mapped)
{
	seat->pointer.placing_overlay = true;
	tack_view_set_position(view, (int32_t)floor(seat->pointer.lx) - dx,
			       (int32_t)floor(seat->pointer.ly) - dy);
	tack_view_set_mapped(view, mapped);
	seat->pointer.placing_overlay = false;
}

static void place_cursor(struct tack_seat *seat)
{
	struct tack_pointer *p = &seat->pointer;

	if (p->cursor_view)
		tack_pointer_place_overlay(seat, p->cursor_view, p->hotspot_x,
					   p->hotspot_y,
					   tack_surface_has_buffer(p->cursor));
	tack_pointer_cursor_changed(seat);
}

void tack_seat_add_pointer_listener(struct tack_seat *seat,
				    struct wl_listener *listener)
{
	wl_signal_add(&seat->events.pointer_motion, listener);
}

void tack_pointer_cursor_changed(struct tack_seat *seat)
{
	struct tack_seat_pointer_event *said = &seat->pointer.said;
	double lx = 0, ly = 0;
	bool shown = tack_seat_default_cursor(seat, &lx, &ly);

	if (shown == said->default_cursor &&
	    (!shown || (lx == said->lx && ly == said->ly)))
		return;
	*said = (struct tack_seat_pointer_event){
		.seat = seat, .default_cursor = shown, .lx = lx, .ly = ly,
	};
	wl_signal_emit(&seat->events.pointer_motion, said);
}

void tack_pointer_move(struct tack_seat *seat, uint32_t time, double lx,
		       double ly)
{
	struct tack_pointer *p = &seat->pointer;
	int32_t x, y, w, h;

	tack_layout_box(seat->scene->layout, &x, &y, &w, &h);
	if (w > 0 && h > 0) {
		lx = fmin(fmax(lx, x), x + w - 1);
		ly = fmin(fmax(ly, y), y + h - 1);
	}
	p->lx = lx;
	p->ly = ly;
	place_cursor(seat);
	if (seat->drag)
		tack_drag_motion(seat, time);
	else if (p->op)
		p->op->motion(p->op_data, lx, ly);
	else
		update_focus(seat, time);
	tack_pointer_cursor_changed(seat);
}

void tack_seat_pointer_motion_absolute(struct tack_seat *seat, uint32_t time,
				       double lx, double ly)
{
	tack_idle_activity(seat);
	tack_pointer_move(seat, time, lx, ly);
}

bool tack_seat_default_cursor(struct tack_seat *seat, double *lx, double *ly)
{
	struct tack_pointer *p = &seat->pointer;

	if (!(seat->devices & TACK_SEAT_POINTER) || p->focus || seat->drag ||
	    (p->cursor_view && p->cursor_view->mapped))
		return false;
	*lx = p->lx;
	*ly = p->ly;
	return true;
}

bool tack_seat_pointer_position(struct tack_seat *seat, double *lx,
				double *ly)
{
	if (!seat || !(seat->devices & TACK_SEAT_POINTER))
		return false;
	*lx = seat->pointer.lx;
	*ly = seat->pointer.ly;
	return true;
}

void tack_seat_pointer_motion_relative(struct tack_seat *seat, uint32_t time,
				       double dx, double dy)
{
	tack_idle_activity(seat);
	tack_relative_pointer_send(seat, time, dx, dy);
	if (!tack_pointer_constraints_motion(seat, &dx, &dy))
		return;
	tack_pointer_move(seat, time, seat->pointer.lx + dx,
			  seat->pointer.ly + dy);
}

void tack_seat_dismiss_popups(struct tack_seat *seat)
{
	struct tack_pointer *p = &seat->pointer;

	while (!wl_list_empty(&p->popup_grabs)) {
		struct tack_popup_grab *top =
			wl_container_of(p->popup_grabs.prev, top, link);

		/* dismiss() normally ends the grab itself. */
		top->dismiss(top->data);
		if (!wl_list_empty(&p->popup_grabs) &&
		    p->popup_grabs.prev == &top->link)
			tack_seat_popup_grab_end(seat, top->surface);
	}
}

static void press_begins(struct tack_seat *seat)
{
	struct tack_pointer *p = &seat->pointer;
	struct tack_view *view = NULL;
	struct tack_surface *surface;
	struct wl_client *grab_client = popup_grab_client(seat);
	double sx, sy;

	surface = tack_scene_surface_at(seat->scene, p->lx, p->ly, &sx,
					&sy, &view);
	if (grab_client && tack_seat_surface_client(surface) != grab_client)
		tack_seat_dismiss_popups(seat);
	if (view)
		tack_seat_focus_view(seat, tack_view_root(view));
	update_focus(seat, tack_now_msec());
}

static bool update_buttons(struct tack_pointer *p, uint32_t button,
			   bool pressed)
{
	int i;

	for (i = 0; i < p->n_buttons; i++) {
		if (p->buttons[i] != button)
			continue;
		if (pressed)
			return false;
		p->n_buttons--;
		p->buttons[i] = p->buttons[p->n_buttons];
		return true;
	}
	if (!pressed || p->n_buttons == (int)(sizeof(p->buttons) /
					      sizeof(p->buttons[0])))
		return false;
	p->buttons[p->n_buttons++] = button;
	return true;
}

static void end_op(struct tack_seat *seat)
{
	struct tack_pointer *p = &seat->pointer;
	const struct tack_seat_pointer_op *op = p->op;
	void *data = p->op_data;

	p->op = NULL;
	p->op_data = NULL;
	op->end(data);
}

void tack_seat_pointer_button(struct tack_seat *seat, uint32_t time,
			      uint32_t button, bool pressed)
{
	struct tack_pointer *p = &seat->pointer;
	struct wl_client *client;
	struct wl_resource *resource;
	uint32_t serial;

	tack_idle_activity(seat);
	if (pressed && p->n_buttons == 0 && !seat->drag && !p->op)
		press_begins(seat);
	if (!update_buttons(p, button, pressed))
		return;
	client = tack_seat_surface_client(p->focus);
	if (client) {
		serial = tack_seat_next_serial(seat, client, pressed ?
				TACK_SERIAL_PRESS : TACK_SERIAL_RELEASE);
		if (pressed && p->n_buttons == 1)
			p->grab_serial = serial;
		p->frame_pending = true;
		wl_resource_for_each(resource, &p->resources)
			if (wl_resource_get_client(resource) == client)
				wl_pointer_send_button(resource, serial, time,
					button, pressed ?
					WL_POINTER_BUTTON_STATE_PRESSED :
					WL_POINTER_BUTTON_STATE_RELEASED);
	} else if (pressed && p->n_buttons == 1) {
		p->grab_serial = 0;
	}
	if (p->n_buttons > 0)
		return;
	if (seat->drag)
		tack_drag_button_released(seat);
	else if (p->op)
		end_op(seat);
	/* The implicit grab is over: the pointer may be elsewhere now. */
	update_focus(seat, time);
}

bool tack_pointer_grab_matches(struct tack_seat *seat, struct wl_client *client,
			       uint32_t serial)
{
	struct tack_pointer *p = &seat->pointer;

	return p->n_buttons > 0 && serial == p->grab_serial && p->focus &&
	       tack_seat_surface_client(p->focus) == client &&
	       !seat->drag && !p->op;
}

void tack_seat_pointer_axis(struct tack_seat *seat, uint32_t time,
			    uint32_t axis, double value, int32_t value120,
			    uint32_t source)
{
	struct wl_client *client = tack_seat_surface_client(seat->pointer.focus);
	struct wl_resource *resource;

	tack_idle_activity(seat);
	if (!client || seat->drag || seat->pointer.op)
		return;
	seat->pointer.frame_pending = true;
	wl_resource_for_each(resource, &seat->pointer.resources) {
		uint32_t version = wl_resource_get_version(resource);

		if (wl_resource_get_client(resource) != client)
			continue;
		if (version >= WL_POINTER_AXIS_SOURCE_SINCE_VERSION)
			wl_pointer_send_axis_source(resource, source);
		if (value == 0 &&
		    version >= WL_POINTER_AXIS_STOP_SINCE_VERSION) {
			wl_pointer_send_axis_stop(resource, time, axis);
			continue;
		}
		if (value120 && version >= WL_POINTER_AXIS_VALUE120_SINCE_VERSION)
			wl_pointer_send_axis_value120(resource, axis, value120);
		else if (value120 && value120 % 120 == 0 &&
			 version >= WL_POINTER_AXIS_DISCRETE_SINCE_VERSION)
			wl_pointer_send_axis_discrete(resource, axis,
						      value120 / 120);
		wl_pointer_send_axis(resource, time, axis,
				     wl_fixed_from_double(value));
	}
}

static void handle_focus_destroy(struct wl_listener *listener, void *data)
{
	struct tack_pointer *p = wl_container_of(listener, p, focus_destroy);
	struct tack_seat *seat = wl_container_of(p, seat, pointer);

	/* No leave for a surface that is gone; look again once it left the scene. */
	p->focus = NULL;
	tack_seat_set_listener(&p->focus_destroy, NULL);
	tack_pointer_cursor_changed(seat);
	tack_seat_schedule_refocus(seat);
}

/* The cursor role: the surface follows the pointer, minus its hotspot. */
static void cursor_commit(struct tack_surface *surface)
{
	struct tack_seat *seat = surface->role_data;
	struct tack_pointer *p;

	if (!seat || seat->pointer.cursor != surface)
		return;
	p = &seat->pointer;
	p->hotspot_x -= surface->current.dx;
	p->hotspot_y -= surface->current.dy;
	place_cursor(seat);
}

static const struct tack_surface_role cursor_role = {
	.name = "cursor",
	.commit = cursor_commit,
};

static void set_cursor(struct tack_seat *seat, struct tack_surface *surface,
		       int32_t hotspot_x, int32_t hotspot_y)
{
	struct tack_pointer *p = &seat->pointer;

	if (p->cursor != surface) {
		struct tack_view *old = p->cursor_view;

		p->cursor_view = NULL;
		p->cursor = surface;
		tack_seat_set_listener(&p->cursor_destroy, surface);
		tack_pointer_destroy_overlay(seat, old);
	}
	p->hotspot_x = hotspot_x;
	p->hotspot_y = hotspot_y;
	if (surface && !p->cursor_view) {
		p->cursor_view = tack_view_create(seat->scene, surface,
						  NULL, TACK_LAYER_CURSOR,
						  NULL, NULL);
		if (!p->cursor_view)
			tack_err("pointer: cannot show the cursor");
	}
	place_cursor(seat);
}

static void hide_cursor(struct tack_seat *seat)
{
	set_cursor(seat, NULL, 0, 0);
}

static void handle_cursor_destroy(struct wl_listener *listener, void *data)
{
	struct tack_pointer *p = wl_container_of(listener, p, cursor_destroy);
	struct tack_seat *seat = wl_container_of(p, seat, pointer);

	hide_cursor(seat);
}

static void handle_pointer_set_cursor(struct wl_client *client,
				      struct wl_resource *resource,
				      uint32_t serial,
				      struct wl_resource *surface_resource,
				      int32_t hotspot_x, int32_t hotspot_y)
{
	struct tack_seat *seat = wl_resource_get_user_data(resource);
	struct tack_surface *surface = surface_resource ?
		tack_surface_from_resource(surface_resource) : NULL;

	if (!seat)
		return;
	if (surface && surface->role != &cursor_role &&
	    !tack_surface_set_role(surface, &cursor_role, seat, resource,
				   WL_POINTER_ERROR_ROLE))
		return;
	if (surface)
		surface->role_data = seat;
	/* The spec: a stale serial or an unfocused client is ignored. */
	if (tack_seat_surface_client(seat->pointer.focus) != client ||
	    serial != seat->pointer.enter_serial)
		return;
	set_cursor(seat, surface, hotspot_x, hotspot_y);
}

static void handle_pointer_release(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_pointer_interface pointer_impl = {
	.set_cursor = handle_pointer_set_cursor,
	.release = handle_pointer_release,
};

static void destroy_pointer_resource(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

void tack_pointer_create_resource(struct tack_seat *seat,
				  struct wl_client *client, uint32_t version,
				  uint32_t id)
{
	struct tack_pointer *p = &seat->pointer;
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_pointer_interface, version,
				      id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &pointer_impl, seat,
				       destroy_pointer_resource);
	wl_list_insert(&p->resources, wl_resource_get_link(resource));
	if (p->focus && tack_seat_surface_client(p->focus) == client) {
		send_enter(seat, resource);
		if (version >= WL_POINTER_FRAME_SINCE_VERSION)
			wl_pointer_send_frame(resource);
	}
}

void tack_pointer_init(struct tack_seat *seat)
{
	struct tack_pointer *p = &seat->pointer;

	wl_list_init(&p->resources);
	wl_list_init(&p->popup_grabs);
	wl_list_init(&p->focus_destroy.link);
	wl_list_init(&p->cursor_destroy.link);
	p->focus_destroy.notify = handle_focus_destroy;
	p->cursor_destroy.notify = handle_cursor_destroy;
}

void tack_pointer_finish(struct tack_seat *seat)
{
	struct tack_pointer *p = &seat->pointer;
	struct wl_resource *resource, *tmp;

	wl_resource_for_each_safe(resource, tmp, &p->resources) {
		wl_resource_set_user_data(resource, NULL);
		wl_list_remove(wl_resource_get_link(resource));
		wl_list_init(wl_resource_get_link(resource));
	}
	while (!wl_list_empty(&p->popup_grabs)) {
		struct tack_popup_grab *grab =
			wl_container_of(p->popup_grabs.next, grab, link);

		tack_seat_popup_grab_end(seat, grab->surface);
	}
	tack_pointer_destroy_overlay(seat, p->cursor_view);
	p->cursor_view = NULL;
	wl_list_remove(&p->focus_destroy.link);
	wl_list_remove(&p->cursor_destroy.link);
}
