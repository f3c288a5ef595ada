/* wp_fractional_scale_manager_v1: the scale a surface should draw at. */
#ifndef TACK_FRACTIONAL_SCALE_H
#define TACK_FRACTIONAL_SCALE_H

#include <wayland-server-core.h>

/* The global, which the display destroys; NULL on failure. */
struct wl_global *tack_fractional_scale_create(struct wl_display *display);

#endif
