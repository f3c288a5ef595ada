/* Per-client quotas, counted in a short list: clients are few. */
#include <assert.h>
#include <stdlib.h>
#include "util/quota.h"

struct tack_quota_unit {
	struct wl_list link;		/* tack_quota.counts */
	struct wl_client *client;	/* NULL once gone: a new one may reuse it */
	struct wl_listener client_destroy;
	uint32_t count;
};

static void handle_client_destroy(struct wl_listener *listener, void *data)
{
	struct tack_quota_unit *unit =
		wl_container_of(listener, unit, client_destroy);

	wl_list_remove(&unit->client_destroy.link);
	wl_list_init(&unit->client_destroy.link);
	unit->client = NULL;
}

void tack_quota_init(struct tack_quota *quota, const char *what,
		     uint32_t limit)
{
	quota->what = what;
	quota->limit = limit;
	wl_list_init(&quota->counts);
}

void tack_quota_finish(struct tack_quota *quota)
{
	assert(wl_list_empty(&quota->counts));
}

struct tack_quota_unit *tack_quota_take(struct tack_quota *quota,
					struct wl_client *client)
{
	struct tack_quota_unit *unit;

	wl_list_for_each(unit, &quota->counts, link)
		if (unit->client == client)
			goto found;
	unit = calloc(1, sizeof(*unit));
	if (!unit) {
		wl_client_post_no_memory(client);
		return NULL;
	}
	unit->client = client;
	unit->client_destroy.notify = handle_client_destroy;
	wl_client_add_destroy_listener(client, &unit->client_destroy);
	wl_list_insert(&quota->counts, &unit->link);
found:
	if (unit->count >= quota->limit) {
		wl_client_post_implementation_error(client,
			"a client may hold %u %s at most", quota->limit,
			quota->what);
		return NULL;
	}
	unit->count++;
	return unit;
}

void tack_quota_give_back(struct tack_quota_unit *unit)
{
	if (--unit->count > 0)
		return;
	wl_list_remove(&unit->client_destroy.link);
	wl_list_remove(&unit->link);
	free(unit);
}
