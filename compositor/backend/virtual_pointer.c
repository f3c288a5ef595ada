/*
 * zwlr_virtual_pointer_manager_v1: a client drives the seat's pointer, as
 * a VNC server (wayvnc) or an input tool does. Its events are held until
 * its frame and then fed to the seat like a device's. It lets one client
 * act on all others, so tack offers it only with --privileged-protocols.
 */
#include <stdlib.h>
#include "backend/virtual_pointer.h"
#include "output/layout.h"
#include "output/output.h"
#include "seat/seat.h"
#include "util/held.h"
#include "util/log.h"
#include "wlr-virtual-pointer-unstable-v1-server-protocol.h"

#define VIRTUAL_POINTER_VERSION 2
#define MAX_HELD_EVENTS 64

enum held_kind { HELD_MOTION, HELD_ABSOLUTE, HELD_BUTTON, HELD_AXIS };

struct held_event {
	enum held_kind kind;
	uint32_t time;
	double x, y;			/* motion delta, or absolute */
	uint32_t code;			/* button or axis */
	bool pressed;
	int32_t value120;
};

struct virtual_pointer {
	struct wl_resource *resource;
	struct tack_seat *seat;
	struct tack_layout *layout;
	/* Absolute motion spans this output, or the layout when NULL. */
	struct tack_output *output;
	struct wl_listener output_destroy;
	struct held_event held[MAX_HELD_EVENTS];
	int n_held;
	uint32_t axis_source;
	bool overflowed;
	struct wl_array pressed;	/* uint32_t buttons: released when it goes */
};

struct tack_virtual_pointer_manager {
	struct wl_global *global;
	struct tack_seat *seat;
	struct tack_layout *layout;
};

static const struct zwlr_virtual_pointer_v1_interface pointer_impl;

static struct held_event *hold(struct wl_resource *resource,
			       enum held_kind kind, uint32_t time)
{
	struct virtual_pointer *vp = wl_resource_get_user_data(resource);
	struct held_event *e;

	/* Too many events in one frame: the frame is dropped, not the client. */
	if (vp->n_held == MAX_HELD_EVENTS) {
		vp->overflowed = true;
		return NULL;
	}
	e = &vp->held[vp->n_held++];
	*e = (struct held_event){ .kind = kind, .time = time };
	return e;
}

static void handle_motion(struct wl_client *client,
			  struct wl_resource *resource, uint32_t time,
			  wl_fixed_t dx, wl_fixed_t dy)
{
	struct held_event *e = hold(resource, HELD_MOTION, time);

	if (e) {
		e->x = wl_fixed_to_double(dx);
		e->y = wl_fixed_to_double(dy);
	}
}

static void handle_motion_absolute(struct wl_client *client,
				   struct wl_resource *resource, uint32_t time,
				   uint32_t x, uint32_t y, uint32_t x_extent,
				   uint32_t y_extent)
{
	struct held_event *e;

	if (!x_extent || !y_extent) {
		wl_resource_post_error(resource,
			ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS,
			"an extent of 0 places nothing");
		return;
	}
	e = hold(resource, HELD_ABSOLUTE, time);
	if (e) {
		e->x = (double)x / x_extent;
		e->y = (double)y / y_extent;
	}
}

static void handle_button(struct wl_client *client,
			  struct wl_resource *resource, uint32_t time,
			  uint32_t button, uint32_t state)
{
	struct held_event *e = hold(resource, HELD_BUTTON, time);

	if (e) {
		e->code = button;
		e->pressed = state == WL_POINTER_BUTTON_STATE_PRESSED;
	}
}

static bool axis_known(struct wl_resource *resource, uint32_t axis)
{
	if (axis <= WL_POINTER_AXIS_HORIZONTAL_SCROLL)
		return true;
	wl_resource_post_error(resource,
		ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS,
		"axis %u is unknown", axis);
	return false;
}

static void hold_axis(struct wl_resource *resource, uint32_t time,
		      uint32_t axis, double value, int32_t value120)
{
	struct held_event *e;

	if (!axis_known(resource, axis))
		return;
	e = hold(resource, HELD_AXIS, time);
	if (e) {
		e->code = axis;
		e->x = value;
		e->value120 = value120;
	}
}

static void handle_axis(struct wl_client *client, struct wl_resource *resource,
			uint32_t time, uint32_t axis, wl_fixed_t value)
{
	hold_axis(resource, time, axis, wl_fixed_to_double(value), 0);
}

static void handle_axis_discrete(struct wl_client *client,
				 struct wl_resource *resource, uint32_t time,
				 uint32_t axis, wl_fixed_t value,
				 int32_t discrete)
{
	hold_axis(resource, time, axis, wl_fixed_to_double(value),
		  discrete * 120);
}

/* axis_stop is an axis event of 0, as the seat sends it. */
static void handle_axis_stop(struct wl_client *client,
			     struct wl_resource *resource, uint32_t time,
			     uint32_t axis)
{
	hold_axis(resource, time, axis, 0, 0);
}

static void handle_axis_source(struct wl_client *client,
			       struct wl_resource *resource, uint32_t source)
{
	struct virtual_pointer *vp = wl_resource_get_user_data(resource);

	if (source > WL_POINTER_AXIS_SOURCE_WHEEL_TILT) {
		wl_resource_post_error(resource,
			ZWLR_VIRTUAL_POINTER_V1_ERROR_INVALID_AXIS_SOURCE,
			"axis source %u is unknown", source);
		return;
	}
	vp->axis_source = source;
}

static void absolute_box(struct virtual_pointer *vp, int32_t *x, int32_t *y,
			 int32_t *w, int32_t *h)
{
	pixman_box32_t b;

	if (!vp->output) {
		tack_layout_box(vp->layout, x, y, w, h);
		return;
	}
	tack_output_logical_box(vp->output, &b);
	*x = b.x1;
	*y = b.y1;
	*w = b.x2 - b.x1;
	*h = b.y2 - b.y1;
}

static void replay(struct virtual_pointer *vp, const struct held_event *e)
{
	int32_t x, y, w, h;

	switch (e->kind) {
	case HELD_MOTION:
		tack_seat_pointer_motion_relative(vp->seat, e->time, e->x, e->y);
		break;
	case HELD_ABSOLUTE:
		absolute_box(vp, &x, &y, &w, &h);
		tack_seat_pointer_motion_absolute(vp->seat, e->time,
						  x + e->x * w, y + e->y * h);
		break;
	case HELD_BUTTON:
		/* Held buttons come up when it goes; without memory one stays. */
		tack_held_update(&vp->pressed, e->code, e->pressed);
		tack_seat_pointer_button(vp->seat, e->time, e->code,
					 e->pressed);
		break;
	case HELD_AXIS:
		tack_seat_pointer_axis(vp->seat, e->time, e->code, e->x,
				       e->value120, vp->axis_source);
		break;
	}
}

static void handle_frame(struct wl_client *client,
			 struct wl_resource *resource)
{
	struct virtual_pointer *vp = wl_resource_get_user_data(resource);

	if (vp->overflowed)
		tack_info("virtual pointer: a frame of over %d events dropped",
			  MAX_HELD_EVENTS);
	else
		for (int i = 0; i < vp->n_held; i++)
			replay(vp, &vp->held[i]);
	if (!vp->overflowed && vp->n_held)
		tack_seat_pointer_frame(vp->seat);
	vp->n_held = 0;
	vp->overflowed = false;
	vp->axis_source = WL_POINTER_AXIS_SOURCE_WHEEL;
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwlr_virtual_pointer_v1_interface pointer_impl = {
	.motion = handle_motion,
	.motion_absolute = handle_motion_absolute,
	.button = handle_button,
	.axis = handle_axis,
	.frame = handle_frame,
	.axis_source = handle_axis_source,
	.axis_stop = handle_axis_stop,
	.axis_discrete = handle_axis_discrete,
	.destroy = handle_destroy,
};

static void pointer_resource_destroy(struct wl_resource *resource)
{
	struct virtual_pointer *vp = wl_resource_get_user_data(resource);
	uint32_t *button;

	wl_array_for_each(button, &vp->pressed)
		tack_seat_pointer_button(vp->seat, 0, *button, false);
	if (vp->pressed.size)
		tack_seat_pointer_frame(vp->seat);
	wl_array_release(&vp->pressed);
	tack_seat_remove_devices(vp->seat, TACK_SEAT_POINTER);
	if (vp->output)
		wl_list_remove(&vp->output_destroy.link);
	free(vp);
}

/* Its output gone, the pointer spans the layout. */
static void handle_output_destroy(struct wl_listener *listener, void *data)
{
	struct virtual_pointer *vp =
		wl_container_of(listener, vp, output_destroy);

	wl_list_remove(&vp->output_destroy.link);
	vp->output = NULL;
}

static void create_pointer(struct wl_client *client,
			   struct wl_resource *resource, uint32_t id,
			   struct tack_output *output)
{
	struct tack_virtual_pointer_manager *m =
		wl_resource_get_user_data(resource);
	struct virtual_pointer *vp = calloc(1, sizeof(*vp));

	if (!vp)
		goto no_memory;
	vp->resource = wl_resource_create(client,
		&zwlr_virtual_pointer_v1_interface,
		wl_resource_get_version(resource), id);
	if (!vp->resource)
		goto free_vp;
	wl_resource_set_implementation(vp->resource, &pointer_impl, vp,
				       pointer_resource_destroy);
	vp->seat = m->seat;
	vp->layout = m->layout;
	wl_array_init(&vp->pressed);
	vp->axis_source = WL_POINTER_AXIS_SOURCE_WHEEL;
	if (output) {
		vp->output = output;
		vp->output_destroy.notify = handle_output_destroy;
		wl_signal_add(&output->events.destroy, &vp->output_destroy);
	}
	tack_seat_add_devices(vp->seat, TACK_SEAT_POINTER);
	return;

free_vp:
	free(vp);
no_memory:
	wl_client_post_no_memory(client);
}

/* tack has one seat: whichever the client names, it is that one. */
static void handle_create_virtual_pointer(struct wl_client *client,
					  struct wl_resource *resource,
					  struct wl_resource *seat,
					  uint32_t id)
{
	create_pointer(client, resource, id, NULL);
}

static void handle_create_virtual_pointer_with_output(
	struct wl_client *client, struct wl_resource *resource,
	struct wl_resource *seat, struct wl_resource *output, uint32_t id)
{
	create_pointer(client, resource, id,
		       output ? tack_output_from_resource(output) : NULL);
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwlr_virtual_pointer_manager_v1_interface manager_impl = {
	.create_virtual_pointer = handle_create_virtual_pointer,
	.destroy = handle_manager_destroy,
	.create_virtual_pointer_with_output =
		handle_create_virtual_pointer_with_output,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &zwlr_virtual_pointer_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

struct tack_virtual_pointer_manager *tack_virtual_pointer_manager_create(
	struct wl_display *display, struct tack_seat *seat,
	struct tack_layout *layout)
{
	struct tack_virtual_pointer_manager *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->seat = seat;
	m->layout = layout;
	m->global = wl_global_create(display,
				     &zwlr_virtual_pointer_manager_v1_interface,
				     VIRTUAL_POINTER_VERSION, m, bind_manager);
	if (!m->global) {
		tack_err("virtual pointer: cannot create the global");
		free(m);
		return NULL;
	}
	return m;
}

/* After the clients: their virtual pointers are gone. */
void tack_virtual_pointer_manager_destroy(struct tack_virtual_pointer_manager *m)
{
	if (!m)
		return;
	wl_global_destroy(m->global);
	free(m);
}
