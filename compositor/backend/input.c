/* libinput devices feeding the seat, hot-plugged through udev. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libinput.h>
#include <libudev.h>
#include <linux/input-event-codes.h>
#include <wayland-server-protocol.h>
#include "backend/backend.h"
#include "backend/input.h"
#include "backend/session.h"
#include "output/layout.h"
#include "seat/seat.h"
#include "util/log.h"

struct input_device {
	struct wl_list link;		/* tack_input.devices */
	struct libinput_device *device;
	uint32_t kinds;			/* enum tack_seat_device */
};

struct tack_input {
	struct tack_seat *seat;
	struct tack_layout *layout;
	struct tack_session *session;
	struct udev *udev;
	struct libinput *libinput;
	struct wl_event_source *source;
	struct wl_list devices;		/* input_device.link */
	struct wl_listener session_active;
	/* held modifiers, for Ctrl+Alt+Fn */
	unsigned int ctrl, alt;
};

static int handle_open_restricted(const char *path, int flags, void *data)
{
	struct tack_input *input = data;

	return tack_session_open_device(input->session, path);
}

static void handle_close_restricted(int fd, void *data)
{
	struct tack_input *input = data;

	tack_session_close_device(input->session, fd);
}

static const struct libinput_interface libinput_impl = {
	.open_restricted = handle_open_restricted,
	.close_restricted = handle_close_restricted,
};

static uint32_t device_kinds(struct libinput_device *device)
{
	uint32_t kinds = 0;

	if (libinput_device_has_capability(device,
					   LIBINPUT_DEVICE_CAP_KEYBOARD))
		kinds |= TACK_SEAT_KEYBOARD;
	if (libinput_device_has_capability(device,
					   LIBINPUT_DEVICE_CAP_POINTER))
		kinds |= TACK_SEAT_POINTER;
	if (libinput_device_has_capability(device, LIBINPUT_DEVICE_CAP_TOUCH))
		kinds |= TACK_SEAT_TOUCH;
	return kinds;
}

/* What users of other compositors get without configuring anything. */
static void configure(struct libinput_device *device)
{
	if (libinput_device_config_tap_get_finger_count(device) > 0)
		libinput_device_config_tap_set_enabled(device,
			LIBINPUT_CONFIG_TAP_ENABLED);
	if (libinput_device_config_accel_is_available(device))
		libinput_device_config_accel_set_profile(device,
			LIBINPUT_CONFIG_ACCEL_PROFILE_ADAPTIVE);
}

static void device_added(struct tack_input *input,
			 struct libinput_device *device)
{
	struct input_device *dev;
	uint32_t kinds = device_kinds(device);

	if (!kinds)
		return;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return;
	dev->device = libinput_device_ref(device);
	dev->kinds = kinds;
	libinput_device_set_user_data(device, dev);
	wl_list_insert(&input->devices, &dev->link);
	configure(device);
	tack_seat_add_devices(input->seat, kinds);
	tack_info("input: %s (%s%s%s)", libinput_device_get_name(device),
		  kinds & TACK_SEAT_KEYBOARD ? " keyboard" : "",
		  kinds & TACK_SEAT_POINTER ? " pointer" : "",
		  kinds & TACK_SEAT_TOUCH ? " touch" : "");
}

static void device_destroy(struct tack_input *input, struct input_device *dev)
{
	tack_seat_remove_devices(input->seat, dev->kinds);
	libinput_device_set_user_data(dev->device, NULL);
	libinput_device_unref(dev->device);
	wl_list_remove(&dev->link);
	free(dev);
}

static void device_removed(struct tack_input *input,
			   struct libinput_device *device)
{
	struct input_device *dev = libinput_device_get_user_data(device);

	if (!dev)
		return;
	tack_info("input: %s removed", libinput_device_get_name(device));
	device_destroy(input, dev);
}

static uint32_t msec(uint64_t usec)
{
	return (uint32_t)(usec / 1000);
}

/* Ctrl+Alt+F1..F12 asks the session for that VT; the key goes nowhere. */
static bool vt_switch(struct tack_input *input, uint32_t key, bool pressed)
{
	int vt;

	unsigned int *held = NULL;

	if (key == KEY_LEFTCTRL || key == KEY_RIGHTCTRL)
		held = &input->ctrl;
	else if (key == KEY_LEFTALT || key == KEY_RIGHTALT)
		held = &input->alt;
	if (held) {
		if (pressed)
			(*held)++;
		else if (*held)
			(*held)--;
		return false;
	}
	if (!input->ctrl || !input->alt)
		return false;
	if (key >= KEY_F1 && key <= KEY_F10)
		vt = key - KEY_F1 + 1;
	else if (key == KEY_F11 || key == KEY_F12)
		vt = key - KEY_F11 + 11;
	else
		return false;
	if (pressed && tack_session_change_vt(input->session, vt) < 0)
		tack_err("input: cannot switch to VT %d", vt);
	return true;
}

static void keyboard_key(struct tack_input *input,
			 struct libinput_event_keyboard *e)
{
	uint32_t key = libinput_event_keyboard_get_key(e);
	bool pressed = libinput_event_keyboard_get_key_state(e) ==
		       LIBINPUT_KEY_STATE_PRESSED;

	if (vt_switch(input, key, pressed))
		return;
	tack_seat_keyboard_key(input->seat,
			       msec(libinput_event_keyboard_get_time_usec(e)),
			       key, pressed);
}

static void pointer_scroll(struct tack_input *input,
			   struct libinput_event_pointer *e, uint32_t source)
{
	static const enum libinput_pointer_axis axes[] = {
		LIBINPUT_POINTER_AXIS_SCROLL_VERTICAL,
		LIBINPUT_POINTER_AXIS_SCROLL_HORIZONTAL,
	};
	static const uint32_t wl_axes[] = {
		WL_POINTER_AXIS_VERTICAL_SCROLL,
		WL_POINTER_AXIS_HORIZONTAL_SCROLL,
	};
	uint32_t time = msec(libinput_event_pointer_get_time_usec(e));
	int i;

	for (i = 0; i < 2; i++) {
		int32_t v120 = 0;

		if (!libinput_event_pointer_has_axis(e, axes[i]))
			continue;
		if (source == WL_POINTER_AXIS_SOURCE_WHEEL)
			v120 = (int32_t)libinput_event_pointer_get_scroll_value_v120(
				e, axes[i]);
		tack_seat_pointer_axis(input->seat, time, wl_axes[i],
			libinput_event_pointer_get_scroll_value(e, axes[i]),
			v120, source);
	}
	tack_seat_pointer_frame(input->seat);
}

static void pointer_event(struct tack_input *input, struct libinput_event *ev)
{
	struct libinput_event_pointer *e = libinput_event_get_pointer_event(ev);
	struct tack_seat *seat = input->seat;
	uint32_t time = msec(libinput_event_pointer_get_time_usec(e));
	int32_t x, y, w, h;

	switch (libinput_event_get_type(ev)) {
	case LIBINPUT_EVENT_POINTER_MOTION:
		tack_seat_pointer_motion_relative(seat, time,
			libinput_event_pointer_get_dx(e),
			libinput_event_pointer_get_dy(e));
		break;
	case LIBINPUT_EVENT_POINTER_MOTION_ABSOLUTE:
		tack_layout_box(input->layout, &x, &y, &w, &h);
		tack_seat_pointer_motion_absolute(seat, time,
			x + libinput_event_pointer_get_absolute_x_transformed(e, w),
			y + libinput_event_pointer_get_absolute_y_transformed(e, h));
		break;
	case LIBINPUT_EVENT_POINTER_BUTTON:
		tack_seat_pointer_button(seat, time,
			libinput_event_pointer_get_button(e),
			libinput_event_pointer_get_button_state(e) ==
				LIBINPUT_BUTTON_STATE_PRESSED);
		break;
	case LIBINPUT_EVENT_POINTER_SCROLL_WHEEL:
		pointer_scroll(input, e, WL_POINTER_AXIS_SOURCE_WHEEL);
		return;
	case LIBINPUT_EVENT_POINTER_SCROLL_FINGER:
		pointer_scroll(input, e, WL_POINTER_AXIS_SOURCE_FINGER);
		return;
	case LIBINPUT_EVENT_POINTER_SCROLL_CONTINUOUS:
		pointer_scroll(input, e, WL_POINTER_AXIS_SOURCE_CONTINUOUS);
		return;
	default:
		return;
	}
	tack_seat_pointer_frame(seat);
}

static void touch_event(struct tack_input *input, struct libinput_event *ev)
{
	struct libinput_event_touch *e = libinput_event_get_touch_event(ev);
	struct tack_seat *seat = input->seat;
	uint32_t time = msec(libinput_event_touch_get_time_usec(e));
	int32_t x, y, w, h;
	double lx, ly;

	tack_layout_box(input->layout, &x, &y, &w, &h);
	switch (libinput_event_get_type(ev)) {
	case LIBINPUT_EVENT_TOUCH_DOWN:
	case LIBINPUT_EVENT_TOUCH_MOTION:
		lx = x + libinput_event_touch_get_x_transformed(e, w);
		ly = y + libinput_event_touch_get_y_transformed(e, h);
		if (libinput_event_get_type(ev) == LIBINPUT_EVENT_TOUCH_DOWN)
			tack_seat_touch_down(seat, time,
				libinput_event_touch_get_seat_slot(e), lx, ly);
		else
			tack_seat_touch_motion(seat, time,
				libinput_event_touch_get_seat_slot(e), lx, ly);
		break;
	case LIBINPUT_EVENT_TOUCH_UP:
	case LIBINPUT_EVENT_TOUCH_CANCEL:
		tack_seat_touch_up(seat, time,
				   libinput_event_touch_get_seat_slot(e));
		break;
	case LIBINPUT_EVENT_TOUCH_FRAME:
		tack_seat_touch_frame(seat);
		break;
	default:
		break;
	}
}

static void handle_event(struct tack_input *input, struct libinput_event *ev)
{
	enum libinput_event_type type = libinput_event_get_type(ev);

	switch (type) {
	case LIBINPUT_EVENT_DEVICE_ADDED:
		device_added(input, libinput_event_get_device(ev));
		break;
	case LIBINPUT_EVENT_DEVICE_REMOVED:
		device_removed(input, libinput_event_get_device(ev));
		break;
	case LIBINPUT_EVENT_KEYBOARD_KEY:
		keyboard_key(input, libinput_event_get_keyboard_event(ev));
		break;
	case LIBINPUT_EVENT_POINTER_MOTION:
	case LIBINPUT_EVENT_POINTER_MOTION_ABSOLUTE:
	case LIBINPUT_EVENT_POINTER_BUTTON:
	case LIBINPUT_EVENT_POINTER_SCROLL_WHEEL:
	case LIBINPUT_EVENT_POINTER_SCROLL_FINGER:
	case LIBINPUT_EVENT_POINTER_SCROLL_CONTINUOUS:
		pointer_event(input, ev);
		break;
	case LIBINPUT_EVENT_TOUCH_DOWN:
	case LIBINPUT_EVENT_TOUCH_UP:
	case LIBINPUT_EVENT_TOUCH_MOTION:
	case LIBINPUT_EVENT_TOUCH_CANCEL:
	case LIBINPUT_EVENT_TOUCH_FRAME:
		touch_event(input, ev);
		break;
	default:
		break;
	}
}

static int handle_libinput_readable(int fd, uint32_t mask, void *data)
{
	struct tack_input *input = data;
	struct libinput_event *ev;

	if (libinput_dispatch(input->libinput) < 0)
		tack_err("input: libinput_dispatch: %s", strerror(errno));
	while ((ev = libinput_get_event(input->libinput))) {
		handle_event(input, ev);
		libinput_event_destroy(ev);
	}
	return 0;
}

static void handle_libinput_log(struct libinput *li,
				enum libinput_log_priority priority,
				const char *fmt, va_list args)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, args);
	line[strcspn(line, "\n")] = '\0';
	tack_log(priority == LIBINPUT_LOG_PRIORITY_ERROR ? TACK_LOG_ERROR :
							   TACK_LOG_DEBUG,
		 "libinput: %s", line);
}

/* Away from our VT the devices are not ours: libinput lets go of them. */
static void handle_session_active(struct wl_listener *listener, void *data)
{
	struct tack_input *input =
		wl_container_of(listener, input, session_active);

	if (input->session->active) {
		if (libinput_resume(input->libinput) < 0)
			tack_err("input: cannot resume libinput");
	} else {
		input->ctrl = input->alt = 0;
		libinput_suspend(input->libinput);
	}
}

struct tack_input *tack_input_create(const struct tack_backend_env *env,
				     struct tack_session *session)
{
	struct tack_input *input = calloc(1, sizeof(*input));

	if (!input)
		return NULL;
	input->seat = env->seat;
	input->layout = env->layout;
	input->session = session;
	wl_list_init(&input->devices);
	input->session_active.notify = handle_session_active;
	wl_list_init(&input->session_active.link);
	input->udev = udev_new();
	if (!input->udev)
		goto destroy;
	input->libinput = libinput_udev_create_context(&libinput_impl, input,
						       input->udev);
	if (!input->libinput)
		goto destroy;
	libinput_log_set_handler(input->libinput, handle_libinput_log);
	libinput_log_set_priority(input->libinput, LIBINPUT_LOG_PRIORITY_INFO);
	if (libinput_udev_assign_seat(input->libinput,
				      tack_session_seat_name(session)) < 0) {
		tack_err("input: cannot assign seat %s to libinput",
			 tack_session_seat_name(session));
		goto destroy;
	}
	input->source = wl_event_loop_add_fd(env->loop,
		libinput_get_fd(input->libinput), WL_EVENT_READABLE,
		handle_libinput_readable, input);
	if (!input->source)
		goto destroy;
	wl_signal_add(&session->events.active, &input->session_active);
	/* devices present at start */
	handle_libinput_readable(0, 0, input);
	if (wl_list_empty(&input->devices))
		tack_info("input: no devices yet (is udev running?)");
	return input;

destroy:
	tack_input_destroy(input);
	return NULL;
}

void tack_input_destroy(struct tack_input *input)
{
	struct input_device *dev, *tmp;

	if (!input)
		return;
	wl_list_remove(&input->session_active.link);
	wl_list_for_each_safe(dev, tmp, &input->devices, link)
		device_destroy(input, dev);
	if (input->source)
		wl_event_source_remove(input->source);
	if (input->libinput)
		libinput_unref(input->libinput);
	if (input->udev)
		udev_unref(input->udev);
	free(input);
}
