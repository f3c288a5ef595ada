/* wp_viewporter: crop and scale of a surface's buffer. */
#ifndef TACK_VIEWPORTER_H
#define TACK_VIEWPORTER_H

#include <stdbool.h>

struct tack_surface;
struct wl_display;
struct wl_global;

struct wl_global *tack_viewporter_create(struct wl_display *display);
/*
 * Check the pending viewport against the pending buffer at commit; posts the
 * wp_viewport error and returns false when the spec says it is invalid.
 */
bool tack_viewport_check(struct tack_surface *surface, int32_t surface_width,
			 int32_t surface_height);

#endif
