/* zwp_virtual_keyboard_manager_v1: clients that type on the seat. */
#ifndef TACK_VIRTUAL_KEYBOARD_H
#define TACK_VIRTUAL_KEYBOARD_H

#include <wayland-server-core.h>

struct tack_seat;
struct tack_virtual_keyboard_manager;

struct tack_virtual_keyboard_manager *tack_virtual_keyboard_manager_create(
	struct wl_display *display, struct tack_seat *seat);
void tack_virtual_keyboard_manager_destroy(
	struct tack_virtual_keyboard_manager *m);

#endif
