/* zwlr_virtual_pointer_manager_v1: clients that drive the seat's pointer. */
#ifndef TACK_VIRTUAL_POINTER_H
#define TACK_VIRTUAL_POINTER_H

#include <wayland-server-core.h>

struct tack_layout;
struct tack_seat;
struct tack_virtual_pointer_manager;

/* Absolute motion spans the layout, or the output a pointer was made for. */
struct tack_virtual_pointer_manager *tack_virtual_pointer_manager_create(
	struct wl_display *display, struct tack_seat *seat,
	struct tack_layout *layout);
void tack_virtual_pointer_manager_destroy(struct tack_virtual_pointer_manager *m);

#endif
