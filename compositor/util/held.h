/* The keys or buttons a device holds down: uint32_t codes in a wl_array. */
#ifndef TACK_HELD_H
#define TACK_HELD_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-util.h>

/*
 * A press adds code, a release takes it out, in press order. 1 when the
 * set changed, 0 for a repeated press or a stray release, -ENOMEM.
 */
int tack_held_update(struct wl_array *held, uint32_t code, bool pressed);

#endif
