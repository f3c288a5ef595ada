/*
 * Per-client quotas: how many of a kind of object (surfaces, pools) each
 * client holds, so that one client cannot take what all of them share.
 * An object takes a unit when made and gives it back when freed, which
 * may be after its client has gone: the count lives while units are out.
 */
#ifndef TACK_QUOTA_H
#define TACK_QUOTA_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct tack_quota {
	const char *what;		/* "surfaces", for the error */
	uint32_t limit;			/* per client */
	struct wl_list counts;		/* quota_count.link */
};

struct tack_quota_unit;

void tack_quota_init(struct tack_quota *quota, const char *what,
		     uint32_t limit);
/* Every unit must have been given back. */
void tack_quota_finish(struct tack_quota *quota);
/*
 * A unit for one more object of the client; NULL when the client holds
 * the limit already (an implementation error is posted to it) or there is
 * no memory (likewise).
 */
struct tack_quota_unit *tack_quota_take(struct tack_quota *quota,
					struct wl_client *client);
void tack_quota_give_back(struct tack_quota_unit *unit);

#endif
