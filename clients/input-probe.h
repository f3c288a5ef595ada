/* What tack-input-probe's files share: the probe's state and its output. */
#ifndef TACK_INPUT_PROBE_H
#define TACK_INPUT_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include "client_common.h"

#define TEXT_MIME "text/plain;charset=utf-8"

struct probe {
	struct tc_display d;
	struct tc_window window;
	struct tc_buffer buffer;
	struct wl_registry *registry;
	struct wl_seat *seat;
	struct wl_keyboard *keyboard;
	struct wl_pointer *pointer;
	struct wl_touch *touch;
	struct wl_data_device *data_device;
	uint32_t enter_serial, keyboard_serial;
	double pointer_x, pointer_y;

	bool cursor, cursor_offset, drag_icon;
	struct wl_surface *cursor_surface;
	struct wl_surface *icon_surface;
	struct tc_buffer icon_buffer;
	struct tc_buffer cursor_buffer;

	const char *drag_text;
	bool drop_target;
	const char *provoke;
	const char *copy_text;
	bool copied;
	bool want_popup, unmap_on_key;
	struct wl_surface *popup_surface;
	struct xdg_surface *popup_xdg;
	struct xdg_popup *popup;
	struct tc_buffer popup_buffer;
	struct wl_data_source *source;
	struct wl_data_offer *dnd_offer;
	struct wl_data_offer *selection;
	uint32_t dnd_action;
};

/* One line of output, flushed: tests read it as it comes. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* input-probe-data.c: the data device side. */
extern const struct wl_data_device_listener probe_device_listener;
struct wl_data_source *probe_make_source(struct probe *p, uint32_t actions);
/* --copy: set the selection with the latest keyboard serial. */
void probe_copy_selection(struct probe *p);
/* --provoke cases that need a keyboard serial. */
void probe_provoke_with_serial(struct probe *p);
/* --drag-source: start a drag from the press with this serial. */
void probe_start_drag(struct probe *p, uint32_t serial);

#endif
