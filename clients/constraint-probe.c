/*
 * tack-constraint-probe: a window that locks the pointer (persistent, with
 * a cursor hint) and prints locked and unlocked as tack says them. A line
 * on stdin destroys the lock while it holds; the next one exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pointer-constraints-unstable-v1-client-protocol.h"
#include "xdg-window.h"

static bool locked;

static void handle_locked(void *data, struct zwp_locked_pointer_v1 *lock)
{
	locked = true;
	xw_say("locked");
}

static void handle_unlocked(void *data, struct zwp_locked_pointer_v1 *lock)
{
	xw_say("unlocked");
}

static const struct zwp_locked_pointer_v1_listener lock_listener = {
	.locked = handle_locked,
	.unlocked = handle_unlocked,
};

static void handle_global(void *data, struct wl_registry *registry,
			  uint32_t name, const char *interface,
			  uint32_t version)
{
	struct zwp_pointer_constraints_v1 **constraints = data;

	if (strcmp(interface, zwp_pointer_constraints_v1_interface.name) == 0)
		*constraints = wl_registry_bind(registry, name,
			&zwp_pointer_constraints_v1_interface, 1);
}

static void handle_global_remove(void *data, struct wl_registry *registry,
				 uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

int main(void)
{
	struct zwp_pointer_constraints_v1 *constraints = NULL;
	struct zwp_locked_pointer_v1 *lock;
	struct wl_pointer *pointer;
	struct tc_display d;
	struct window w;

	if (tc_connect(&d) < 0 || !d.seat)
		xw_fail("cannot connect, or no seat");
	wl_registry_add_listener(wl_display_get_registry(d.display),
				 &registry_listener, &constraints);
	wl_display_roundtrip(d.display);
	if (!constraints)
		xw_fail("no zwp_pointer_constraints_v1");
	pointer = wl_seat_get_pointer(d.seat);
	xw_mapped_toplevel(&d, &w);
	lock = zwp_pointer_constraints_v1_lock_pointer(constraints, w.surface,
		pointer, NULL, ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT);
	zwp_locked_pointer_v1_add_listener(lock, &lock_listener, NULL);
	zwp_locked_pointer_v1_set_cursor_position_hint(lock,
		wl_fixed_from_int(10), wl_fixed_from_int(10));
	wl_surface_commit(w.surface);
	wl_display_roundtrip(d.display);
	xw_say("mapped");
	/* It holds once the pointer is over the window, which has the keys. */
	while (!locked)
		if (wl_display_dispatch(d.display) < 0)
			return 1;
	if (!xw_wait_stdin())
		return 0;
	zwp_locked_pointer_v1_destroy(lock);
	wl_display_roundtrip(d.display);
	xw_say("destroyed");
	xw_wait_stdin();
	return 0;
}
