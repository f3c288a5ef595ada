/*
 * tack_test_input_v1: virtual devices for tests. Every request feeds the
 * real seat entry points, as a backend's input devices would.
 */
#include <wayland-server-protocol.h>
#include "seat/seat.h"
#include "util/log.h"
#include "util/time.h"
#include "tack-test-input-v1-server-protocol.h"

static struct tack_seat *seat_of(struct wl_resource *resource)
{
	return wl_resource_get_user_data(resource);
}

static void handle_add_devices(struct wl_client *client,
			       struct wl_resource *resource, uint32_t devices)
{
	tack_seat_add_devices(seat_of(resource), devices);
}

static void handle_remove_devices(struct wl_client *client,
				  struct wl_resource *resource,
				  uint32_t devices)
{
	tack_seat_remove_devices(seat_of(resource), devices);
}

static void handle_pointer_motion_absolute(struct wl_client *client,
					   struct wl_resource *resource,
					   wl_fixed_t x, wl_fixed_t y)
{
	tack_seat_pointer_motion_absolute(seat_of(resource), tack_now_msec(),
					  wl_fixed_to_double(x),
					  wl_fixed_to_double(y));
	tack_seat_pointer_frame(seat_of(resource));
}

static void handle_pointer_button(struct wl_client *client,
				  struct wl_resource *resource, uint32_t button,
				  uint32_t pressed)
{
	tack_seat_pointer_button(seat_of(resource), tack_now_msec(), button,
				 pressed != 0);
	tack_seat_pointer_frame(seat_of(resource));
}

static void handle_pointer_axis(struct wl_client *client,
				struct wl_resource *resource, uint32_t axis,
				wl_fixed_t value, int32_t value120)
{
	struct tack_seat *seat = seat_of(resource);

	if (axis > WL_POINTER_AXIS_HORIZONTAL_SCROLL) {
		wl_resource_post_error(resource,
				       TACK_TEST_INPUT_V1_ERROR_INVALID_AXIS,
				       "axis %u is not an axis", axis);
		return;
	}
	tack_seat_pointer_axis(seat, tack_now_msec(), axis,
			       wl_fixed_to_double(value), value120,
			       WL_POINTER_AXIS_SOURCE_WHEEL);
	tack_seat_pointer_frame(seat);
}

static void handle_key(struct wl_client *client, struct wl_resource *resource,
		       uint32_t key, uint32_t pressed)
{
	tack_seat_keyboard_key(seat_of(resource), tack_now_msec(), key,
			       pressed != 0);
}

static void handle_touch_down(struct wl_client *client,
			      struct wl_resource *resource, int32_t id,
			      wl_fixed_t x, wl_fixed_t y)
{
	tack_seat_touch_down(seat_of(resource), tack_now_msec(), id,
			     wl_fixed_to_double(x), wl_fixed_to_double(y));
}

static void handle_touch_motion(struct wl_client *client,
				struct wl_resource *resource, int32_t id,
				wl_fixed_t x, wl_fixed_t y)
{
	tack_seat_touch_motion(seat_of(resource), tack_now_msec(), id,
			       wl_fixed_to_double(x), wl_fixed_to_double(y));
}

static void handle_touch_up(struct wl_client *client,
			    struct wl_resource *resource, int32_t id)
{
	tack_seat_touch_up(seat_of(resource), tack_now_msec(), id);
}

static void handle_touch_frame(struct wl_client *client,
			       struct wl_resource *resource)
{
	tack_seat_touch_frame(seat_of(resource));
}

/* Events reach other clients' queues in order; done follows them. */
static void handle_sync(struct wl_client *client, struct wl_resource *resource,
			uint32_t id)
{
	struct wl_resource *callback;

	callback = wl_resource_create(client, &wl_callback_interface, 1, id);
	if (!callback) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_callback_send_done(callback,
			      wl_display_next_serial(wl_client_get_display(client)));
	wl_resource_destroy(callback);
}

static const struct tack_test_input_v1_interface test_input_impl = {
	.add_devices = handle_add_devices,
	.remove_devices = handle_remove_devices,
	.pointer_motion_absolute = handle_pointer_motion_absolute,
	.pointer_button = handle_pointer_button,
	.pointer_axis = handle_pointer_axis,
	.key = handle_key,
	.touch_down = handle_touch_down,
	.touch_motion = handle_touch_motion,
	.touch_up = handle_touch_up,
	.touch_frame = handle_touch_frame,
	.sync = handle_sync,
};

static void bind_test_input(struct wl_client *client, void *data,
			    uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &tack_test_input_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &test_input_impl, data, NULL);
}

struct wl_global *tack_test_input_create(struct wl_display *display,
					 struct tack_seat *seat)
{
	tack_info("test input: offering tack_test_input_v1 (tests only)");
	return wl_global_create(display, &tack_test_input_v1_interface, 1, seat,
				bind_test_input);
}
