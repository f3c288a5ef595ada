/* Held keys and buttons, in the order they went down. */
#include <errno.h>
#include <string.h>
#include "util/held.h"

int tack_held_update(struct wl_array *held, uint32_t code, bool pressed)
{
	uint32_t *c, *end;

	wl_array_for_each(c, held) {
		if (*c != code)
			continue;
		if (pressed)
			return 0;
		end = (uint32_t *)((char *)held->data + held->size);
		memmove(c, c + 1, (char *)end - (char *)(c + 1));
		held->size -= sizeof(*c);
		return 1;
	}
	if (!pressed)
		return 0;
	c = wl_array_add(held, sizeof(*c));
	if (!c)
		return -ENOMEM;
	*c = code;
	return 1;
}
