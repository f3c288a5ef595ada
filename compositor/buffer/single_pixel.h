/* wp_single_pixel_buffer_manager_v1: 1x1 buffers of one colour. */
#ifndef TACK_SINGLE_PIXEL_H
#define TACK_SINGLE_PIXEL_H

#include <wayland-server-core.h>

struct tack_shm;

/* The global, which the display destroys; the shm must outlive it. */
struct wl_global *tack_single_pixel_create(struct wl_display *display,
					   struct tack_shm *shm);

#endif
