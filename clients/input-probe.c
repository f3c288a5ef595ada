/*
 * tack-input-probe: a toplevel that prints, one line each, the seat and data
 * device events it receives, so tests can check them. It can also act as a
 * drag source or drop target, and provoke named protocol errors.
 *
 *   tack-input-probe [--size WxH] [--color RRGGBB] [--title T] [--cursor]
 *                    [--drag-source TEXT] [--drop-target]
 *                    [--provoke ERROR] [--copy TEXT] [--popup]
 *                    [--cursor-offset] [--drag-icon] [--unmap-on-key]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "input-probe.h"

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* --- a grabbing popup (--popup) --- */

static void close_popup(struct probe *p)
{
	xdg_popup_destroy(p->popup);
	xdg_surface_destroy(p->popup_xdg);
	wl_surface_destroy(p->popup_surface);
	tc_buffer_destroy(&p->popup_buffer);
	p->popup = NULL;
}

static void handle_popup_xdg_configure(void *data, struct xdg_surface *xdg,
				       uint32_t serial)
{
	struct probe *p = data;
	uint32_t *px;
	int i;

	xdg_surface_ack_configure(xdg, serial);
	if (p->popup_buffer.buffer)
		return;
	if (tc_buffer_create(&p->d, &p->popup_buffer, 50, 50,
			     WL_SHM_FORMAT_XRGB8888) < 0)
		return;
	px = p->popup_buffer.data;
	for (i = 0; i < 50 * 50; i++)
		px[i] = 0xffe0e000;
	wl_surface_attach(p->popup_surface, p->popup_buffer.buffer, 0, 0);
	wl_surface_damage_buffer(p->popup_surface, 0, 0, 50, 50);
	wl_surface_commit(p->popup_surface);
	say("popup mapped");
}

static const struct xdg_surface_listener popup_xdg_listener = {
	.configure = handle_popup_xdg_configure,
};

static void handle_popup_configure(void *data, struct xdg_popup *popup,
				   int32_t x, int32_t y, int32_t w, int32_t h)
{
	say("popup configure %d %d %d %d", x, y, w, h);
}

static void handle_popup_done(void *data, struct xdg_popup *popup)
{
	say("popup done");
	close_popup(data);
}

static void handle_popup_repositioned(void *data, struct xdg_popup *popup,
				      uint32_t token)
{
}

static const struct xdg_popup_listener popup_listener = {
	.configure = handle_popup_configure,
	.popup_done = handle_popup_done,
	.repositioned = handle_popup_repositioned,
};

/* A 50x50 popup at the press, grabbing with the press's serial. */
static void open_popup(struct probe *p, uint32_t serial, int32_t x, int32_t y)
{
	struct xdg_positioner *pos = xdg_wm_base_create_positioner(p->d.wm_base);

	xdg_positioner_set_size(pos, 50, 50);
	xdg_positioner_set_anchor_rect(pos, x, y, 1, 1);
	xdg_positioner_set_anchor(pos, XDG_POSITIONER_ANCHOR_TOP_LEFT);
	xdg_positioner_set_gravity(pos, XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT);
	p->popup_surface = wl_compositor_create_surface(p->d.compositor);
	p->popup_xdg = xdg_wm_base_get_xdg_surface(p->d.wm_base,
						   p->popup_surface);
	xdg_surface_add_listener(p->popup_xdg, &popup_xdg_listener, p);
	p->popup = xdg_surface_get_popup(p->popup_xdg, p->window.xdg_surface,
					 pos);
	xdg_popup_add_listener(p->popup, &popup_listener, p);
	xdg_popup_grab(p->popup, p->seat, serial);
	xdg_positioner_destroy(pos);
	wl_surface_commit(p->popup_surface);
	say("popup opened");
}

/* Which of our surfaces an event names. */
static const char *surface_name(struct probe *p, struct wl_surface *surface)
{
	return surface && surface == p->popup_surface ? " popup" : "";
}

/* --- keyboard --- */

/* The first keysym of key <AD01> (q on us, a on fr): tells layouts apart. */
static void keymap_ad01(const char *text, size_t size, char *out,
			size_t out_size)
{
	const char *key = "key <AD01>", *start, *end;

	start = memmem(text, size, key, strlen(key));
	if (!start)
		return;
	start = memchr(start, '[', size - (start - text));
	if (!start)
		return;
	for (start++; start < text + size && *start == ' '; start++)
		;
	for (end = start; end < text + size && *end != ',' && *end != ' ' &&
	     *end != ']'; end++)
		;
	if ((size_t)(end - start) >= out_size)
		return;
	memcpy(out, start, end - start);
	out[end - start] = '\0';
}

static void check_keymap(int32_t fd, uint32_t size)
{
	int seals = fcntl(fd, F_GET_SEALS);
	char ad01[64] = "?";
	void *map;
	bool writable, readable = false;

	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	writable = map != MAP_FAILED;
	if (writable)
		munmap(map, size);
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map != MAP_FAILED) {
		readable = strncmp(map, "xkb_keymap", 10) == 0;
		keymap_ad01(map, size, ad01, sizeof(ad01));
		munmap(map, size);
	}
	say("keyboard keymap size=%u seals=%#x writable=%s xkb=%s ad01=%s",
	    size, seals < 0 ? 0 : seals, writable ? "yes" : "no",
	    readable ? "yes" : "no", ad01);
}

static void handle_keyboard_keymap(void *data, struct wl_keyboard *keyboard,
				   uint32_t format, int32_t fd, uint32_t size)
{
	if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1)
		say("keyboard keymap format=%u", format);
	else
		check_keymap(fd, size);
	close(fd);
}

static void handle_keyboard_enter(void *data, struct wl_keyboard *keyboard,
				  uint32_t serial, struct wl_surface *surface,
				  struct wl_array *keys)
{
	struct probe *p = data;
	char line[256] = "";
	uint32_t *key;
	size_t len = 0;

	p->keyboard_serial = serial;
	wl_array_for_each(key, keys)
		if (len < sizeof(line) - 16)
			len += snprintf(line + len, sizeof(line) - len, " %u",
					*key);
	say("keyboard enter%s%s", surface_name(p, surface), line);
	probe_copy_selection(p);
	if (p->provoke)
		probe_provoke_with_serial(p);
}

static void handle_keyboard_leave(void *data, struct wl_keyboard *keyboard,
				  uint32_t serial, struct wl_surface *surface)
{
	say("keyboard leave%s", surface_name(data, surface));
}

static void handle_keyboard_key(void *data, struct wl_keyboard *keyboard,
				uint32_t serial, uint32_t time, uint32_t key,
				uint32_t state)
{
	struct probe *p = data;

	p->keyboard_serial = serial;
	say("keyboard key %u %u", key, state);
	/* --unmap-on-key: a null buffer unmaps the toplevel. */
	if (p->unmap_on_key && state == WL_KEYBOARD_KEY_STATE_PRESSED) {
		wl_surface_attach(p->window.surface, NULL, 0, 0);
		wl_surface_commit(p->window.surface);
		say("unmapped");
	}
}

static void handle_keyboard_modifiers(void *data, struct wl_keyboard *keyboard,
				      uint32_t serial, uint32_t depressed,
				      uint32_t latched, uint32_t locked,
				      uint32_t group)
{
	say("keyboard modifiers %u %u %u %u", depressed, latched, locked, group);
}

static void handle_keyboard_repeat_info(void *data,
					struct wl_keyboard *keyboard,
					int32_t rate, int32_t delay)
{
	say("keyboard repeat %d %d", rate, delay);
}

static const struct wl_keyboard_listener keyboard_listener = {
	.keymap = handle_keyboard_keymap,
	.enter = handle_keyboard_enter,
	.leave = handle_keyboard_leave,
	.key = handle_keyboard_key,
	.modifiers = handle_keyboard_modifiers,
	.repeat_info = handle_keyboard_repeat_info,
};

/* --- pointer --- */

static void show_cursor(struct probe *p, uint32_t serial)
{
	uint32_t *px;
	int i;

	if (!p->cursor_surface) {
		if (tc_buffer_create(&p->d, &p->cursor_buffer, 8, 8,
				     WL_SHM_FORMAT_ARGB8888) < 0)
			return;
		px = p->cursor_buffer.data;
		for (i = 0; i < 64; i++)
			px[i] = 0xffff00ff;
		p->cursor_surface = wl_compositor_create_surface(p->d.compositor);
		wl_surface_attach(p->cursor_surface, p->cursor_buffer.buffer, 0, 0);
		wl_surface_damage_buffer(p->cursor_surface, 0, 0, 8, 8);
		wl_surface_commit(p->cursor_surface);
	}
	wl_pointer_set_cursor(p->pointer, serial, p->cursor_surface, 2, 3);
	/* set_cursor sets the hotspot; the offset then moves it to 0,0. */
	if (p->cursor_offset) {
		wl_surface_offset(p->cursor_surface, 2, 3);
		wl_surface_commit(p->cursor_surface);
	}
}

static void handle_pointer_enter(void *data, struct wl_pointer *pointer,
				 uint32_t serial, struct wl_surface *surface,
				 wl_fixed_t x, wl_fixed_t y)
{
	struct probe *p = data;

	p->enter_serial = serial;
	p->pointer_x = wl_fixed_to_double(x);
	p->pointer_y = wl_fixed_to_double(y);
	say("pointer enter%s %.2f %.2f", surface_name(p, surface),
	    p->pointer_x, p->pointer_y);
	if (p->provoke && strcmp(p->provoke, "pointer_role") == 0)
		wl_pointer_set_cursor(pointer, serial, p->window.surface, 0, 0);
	else if (p->cursor)
		show_cursor(p, serial);
}

static void handle_pointer_leave(void *data, struct wl_pointer *pointer,
				 uint32_t serial, struct wl_surface *surface)
{
	say("pointer leave%s", surface_name(data, surface));
}

static void handle_pointer_motion(void *data, struct wl_pointer *pointer,
				  uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
	struct probe *p = data;

	p->pointer_x = wl_fixed_to_double(x);
	p->pointer_y = wl_fixed_to_double(y);
	say("pointer motion %.2f %.2f", wl_fixed_to_double(x),
	    wl_fixed_to_double(y));
}

static void handle_pointer_button(void *data, struct wl_pointer *pointer,
				  uint32_t serial, uint32_t time,
				  uint32_t button, uint32_t state)
{
	struct probe *p = data;

	say("pointer button %u %u", button, state);
	if (state == WL_POINTER_BUTTON_STATE_PRESSED && p->want_popup &&
	    !p->popup)
		open_popup(p, serial, (int32_t)p->pointer_x,
			   (int32_t)p->pointer_y);
	if (state == WL_POINTER_BUTTON_STATE_PRESSED && p->drag_text &&
	    !p->source && p->data_device)
		probe_start_drag(p, serial);
}

static void handle_pointer_axis(void *data, struct wl_pointer *pointer,
				uint32_t time, uint32_t axis, wl_fixed_t value)
{
	say("pointer axis %u %.2f", axis, wl_fixed_to_double(value));
}

static void handle_pointer_frame(void *data, struct wl_pointer *pointer)
{
	say("pointer frame");
}

static void handle_pointer_axis_source(void *data, struct wl_pointer *pointer,
				       uint32_t source)
{
	say("pointer axis_source %u", source);
}

static void handle_pointer_axis_stop(void *data, struct wl_pointer *pointer,
				     uint32_t time, uint32_t axis)
{
	say("pointer axis_stop %u", axis);
}

static void handle_pointer_axis_discrete(void *data, struct wl_pointer *pointer,
					 uint32_t axis, int32_t discrete)
{
	say("pointer axis_discrete %u %d", axis, discrete);
}

static void handle_pointer_axis_value120(void *data, struct wl_pointer *pointer,
					 uint32_t axis, int32_t value120)
{
	say("pointer axis_value120 %u %d", axis, value120);
}

static const struct wl_pointer_listener pointer_listener = {
	.enter = handle_pointer_enter,
	.leave = handle_pointer_leave,
	.motion = handle_pointer_motion,
	.button = handle_pointer_button,
	.axis = handle_pointer_axis,
	.frame = handle_pointer_frame,
	.axis_source = handle_pointer_axis_source,
	.axis_stop = handle_pointer_axis_stop,
	.axis_discrete = handle_pointer_axis_discrete,
	.axis_value120 = handle_pointer_axis_value120,
};

/* --- touch --- */

static void handle_touch_down(void *data, struct wl_touch *touch,
			      uint32_t serial, uint32_t time,
			      struct wl_surface *surface, int32_t id,
			      wl_fixed_t x, wl_fixed_t y)
{
	say("touch down %d %.2f %.2f", id, wl_fixed_to_double(x),
	    wl_fixed_to_double(y));
}

static void handle_touch_up(void *data, struct wl_touch *touch,
			    uint32_t serial, uint32_t time, int32_t id)
{
	say("touch up %d", id);
}

static void handle_touch_motion(void *data, struct wl_touch *touch,
				uint32_t time, int32_t id, wl_fixed_t x,
				wl_fixed_t y)
{
	say("touch motion %d %.2f %.2f", id, wl_fixed_to_double(x),
	    wl_fixed_to_double(y));
}

static void handle_touch_frame(void *data, struct wl_touch *touch)
{
	say("touch frame");
}

static void handle_touch_cancel(void *data, struct wl_touch *touch)
{
	say("touch cancel");
}

static void handle_touch_shape(void *data, struct wl_touch *touch, int32_t id,
			       wl_fixed_t major, wl_fixed_t minor)
{
}

static void handle_touch_orientation(void *data, struct wl_touch *touch,
				     int32_t id, wl_fixed_t orientation)
{
}

static const struct wl_touch_listener touch_listener = {
	.down = handle_touch_down,
	.up = handle_touch_up,
	.motion = handle_touch_motion,
	.frame = handle_touch_frame,
	.cancel = handle_touch_cancel,
	.shape = handle_touch_shape,
	.orientation = handle_touch_orientation,
};

/* --- seat --- */

static void handle_seat_capabilities(void *data, struct wl_seat *seat,
				     uint32_t caps)
{
	struct probe *p = data;

	say("seat capabilities %u", caps);
	if ((caps & WL_SEAT_CAPABILITY_KEYBOARD) && !p->keyboard) {
		p->keyboard = wl_seat_get_keyboard(seat);
		wl_keyboard_add_listener(p->keyboard, &keyboard_listener, p);
	} else if (!(caps & WL_SEAT_CAPABILITY_KEYBOARD) && p->keyboard) {
		wl_keyboard_release(p->keyboard);
		p->keyboard = NULL;
	}
	if ((caps & WL_SEAT_CAPABILITY_POINTER) && !p->pointer) {
		p->pointer = wl_seat_get_pointer(seat);
		wl_pointer_add_listener(p->pointer, &pointer_listener, p);
	} else if (!(caps & WL_SEAT_CAPABILITY_POINTER) && p->pointer) {
		wl_pointer_release(p->pointer);
		p->pointer = NULL;
	}
	if ((caps & WL_SEAT_CAPABILITY_TOUCH) && !p->touch) {
		p->touch = wl_seat_get_touch(seat);
		wl_touch_add_listener(p->touch, &touch_listener, p);
	} else if (!(caps & WL_SEAT_CAPABILITY_TOUCH) && p->touch) {
		wl_touch_release(p->touch);
		p->touch = NULL;
	}
}

static void handle_seat_name(void *data, struct wl_seat *seat,
			     const char *name)
{
	say("seat name %s", name);
}

static const struct wl_seat_listener seat_listener = {
	.capabilities = handle_seat_capabilities,
	.name = handle_seat_name,
};

static void handle_registry_global(void *data, struct wl_registry *registry,
				   uint32_t name, const char *interface,
				   uint32_t version)
{
	struct probe *p = data;

	if (strcmp(interface, wl_seat_interface.name) == 0 && !p->seat) {
		say("seat version %u", version);
		p->seat = wl_registry_bind(registry, name, &wl_seat_interface,
					   version < 8 ? version : 8);
		wl_seat_add_listener(p->seat, &seat_listener, p);
	}
}

static void handle_registry_global_remove(void *data,
					  struct wl_registry *registry,
					  uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_registry_global,
	.global_remove = handle_registry_global_remove,
};

static bool parse_args(struct probe *p, int argc, char **argv, int *w, int *h,
		       uint32_t *color, const char **title)
{
	static const struct option options[] = {
		{ "size", required_argument, NULL, 's' },
		{ "color", required_argument, NULL, 'c' },
		{ "title", required_argument, NULL, 't' },
		{ "cursor", no_argument, NULL, 'C' },
		{ "drag-source", required_argument, NULL, 'd' },
		{ "drop-target", no_argument, NULL, 'D' },
		{ "provoke", required_argument, NULL, 'p' },
		{ "copy", required_argument, NULL, 'y' },
		{ "popup", no_argument, NULL, 'P' },
		{ "cursor-offset", no_argument, NULL, 'O' },
		{ "drag-icon", no_argument, NULL, 'I' },
		{ "unmap-on-key", no_argument, NULL, 'U' },
		{ 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (sscanf(optarg, "%dx%d", w, h) != 2 || *w <= 0 ||
			    *h <= 0)
				return false;
			break;
		case 'c':
			*color = 0xff000000 | (uint32_t)strtoul(optarg, NULL, 16);
			break;
		case 't':
			*title = optarg;
			break;
		case 'C':
			p->cursor = true;
			break;
		case 'd':
			p->drag_text = optarg;
			break;
		case 'D':
			p->drop_target = true;
			break;
		case 'p':
			p->provoke = optarg;
			break;
		case 'y':
			p->copy_text = optarg;
			break;
		case 'P':
			p->want_popup = true;
			break;
		case 'O':
			p->cursor = p->cursor_offset = true;
			break;
		case 'I':
			p->drag_icon = true;
			break;
		case 'U':
			p->unmap_on_key = true;
			break;
		default:
			return false;
		}
	}
	return true;
}

static int show_window(struct probe *p, int w, int h, uint32_t color,
		       const char *title)
{
	uint32_t *px;
	int i, err;

	err = tc_window_create(&p->d, &p->window, title);
	if (err < 0)
		return err;
	err = tc_buffer_create(&p->d, &p->buffer, w, h, WL_SHM_FORMAT_XRGB8888);
	if (err < 0)
		return err;
	px = p->buffer.data;
	for (i = 0; i < w * h; i++)
		px[i] = color;
	tc_window_show(&p->window, &p->buffer);
	return 0;
}

static void provoke_at_start(struct probe *p)
{
	struct wl_data_source *source;

	if (strcmp(p->provoke, "source_invalid_action_mask") == 0) {
		source = probe_make_source(p, 0);
		wl_data_source_set_actions(source, 0x80);
	} else if (strcmp(p->provoke, "seat_missing_capability") == 0) {
		wl_seat_get_touch(p->seat);
	}
}

int main(int argc, char **argv)
{
	struct probe p = { 0 };
	int w = 200, h = 150;
	uint32_t color = 0xff3070c0;
	const char *title = "tack-input-probe";

	if (!parse_args(&p, argc, argv, &w, &h, &color, &title)) {
		fprintf(stderr, "usage: tack-input-probe [--size WxH] "
			"[--color RRGGBB] [--title T] [--cursor] "
			"[--drag-source TEXT] [--drop-target] [--provoke ERROR] "
			"[--copy TEXT] [--popup] [--cursor-offset] [--drag-icon] "
			"[--unmap-on-key]\n");
		return 2;
	}
	if (tc_connect(&p.d) < 0) {
		fprintf(stderr, "tack-input-probe: cannot connect\n");
		return 1;
	}
	if (p.d.data_device_manager && p.d.seat) {
		p.data_device = wl_data_device_manager_get_data_device(
			p.d.data_device_manager, p.d.seat);
		wl_data_device_add_listener(p.data_device, &probe_device_listener, &p);
	}
	p.registry = wl_display_get_registry(p.d.display);
	wl_registry_add_listener(p.registry, &registry_listener, &p);
	wl_display_roundtrip(p.d.display);
	if (show_window(&p, w, h, color, title) < 0) {
		tc_report_protocol_error(&p.d);
		return 1;
	}
	say("ready %d %d", w, h);
	if (p.provoke)
		provoke_at_start(&p);
	while (wl_display_dispatch(p.d.display) >= 0)
		;
	tc_report_protocol_error(&p.d);
	return 1;
}
