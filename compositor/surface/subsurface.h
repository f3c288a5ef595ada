/* wl_subcompositor and wl_subsurface: position, stacking and sync mode. */
#ifndef TACK_SUBSURFACE_H
#define TACK_SUBSURFACE_H

#include <stdbool.h>
#include <stdint.h>
#include "surface/surface.h"

struct tack_subsurface {
	struct wl_resource *resource;
	struct tack_surface *surface;
	struct tack_surface *parent;	/* NULL once the parent is gone */
	struct tack_surface_stack_entry current, pending;
	int32_t x, y;
	int32_t pending_x, pending_y;
	bool synchronized;
	bool has_cache;
	struct tack_surface_state cached;
	struct wl_listener surface_destroy;
	struct wl_listener parent_destroy;
};

struct wl_global *tack_subcompositor_create(struct wl_display *display);
/* Synchronized itself or through any ancestor. */
bool tack_subsurface_is_synchronized(struct tack_subsurface *subsurface);
/*
 * The parent's state became current: the pending stacking order and
 * positions apply, and synchronized children apply their cached state.
 * Returns true when the stack's geometry (order or positions) changed.
 */
bool tack_subsurface_parent_committed(struct tack_surface *parent);

#endif
