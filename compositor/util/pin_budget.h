/*
 * How much of each client's memory tack holds pinned or imported into a
 * device at once: KMS imports and the GPU's imports draw on one budget, so
 * that a client cannot pin twice the limit by being seen by both.
 */
#ifndef TACK_PIN_BUDGET_H
#define TACK_PIN_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <wayland-server-core.h>

struct tack_pin_budget {
	size_t per_client;		/* bytes */
	struct wl_list clients;		/* pin_count.link */
};

void tack_pin_budget_init(struct tack_pin_budget *budget, size_t per_client);
/* Every charge must have been given back. */
void tack_pin_budget_finish(struct tack_pin_budget *budget);
/* False when the client would go over, or no memory: nothing charged. */
bool tack_pin_budget_charge(struct tack_pin_budget *budget,
			    struct wl_client *client, size_t bytes);
void tack_pin_budget_uncharge(struct tack_pin_budget *budget,
			      struct wl_client *client, size_t bytes);

#endif
