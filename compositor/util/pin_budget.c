/*
 * Per-client pinned bytes. A count lives while its client holds bytes,
 * which may be after the client has gone: imports outlive their client
 * until the frames on screen that show them are done.
 */
#include <stdlib.h>
#include "util/log.h"
#include "util/pin_budget.h"

struct pin_count {
	struct wl_list link;		/* tack_pin_budget.clients */
	struct wl_client *client;
	size_t bytes;
};

void tack_pin_budget_init(struct tack_pin_budget *budget, size_t per_client)
{
	budget->per_client = per_client;
	wl_list_init(&budget->clients);
}

void tack_pin_budget_finish(struct tack_pin_budget *budget)
{
	struct pin_count *count, *tmp;

	wl_list_for_each_safe(count, tmp, &budget->clients, link) {
		tack_err("pin budget: %zu bytes still charged at exit",
			 count->bytes);
		wl_list_remove(&count->link);
		free(count);
	}
}

static struct pin_count *find(struct tack_pin_budget *budget,
			      struct wl_client *client)
{
	struct pin_count *count;

	wl_list_for_each(count, &budget->clients, link)
		if (count->client == client)
			return count;
	return NULL;
}

bool tack_pin_budget_charge(struct tack_pin_budget *budget,
			    struct wl_client *client, size_t bytes)
{
	struct pin_count *count = find(budget, client);
	size_t held = count ? count->bytes : 0;

	if (bytes > budget->per_client || held > budget->per_client - bytes)
		return false;
	if (!count) {
		count = calloc(1, sizeof(*count));
		if (!count)
			return false;
		count->client = client;
		wl_list_insert(&budget->clients, &count->link);
	}
	count->bytes += bytes;
	return true;
}

void tack_pin_budget_uncharge(struct tack_pin_budget *budget,
			      struct wl_client *client, size_t bytes)
{
	struct pin_count *count = find(budget, client);

	if (!count || count->bytes < bytes) {
		tack_err("pin budget: %zu bytes given back that were not charged",
			 bytes);
		return;
	}
	count->bytes -= bytes;
	if (count->bytes)
		return;
	wl_list_remove(&count->link);
	free(count);
}
