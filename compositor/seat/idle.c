/*
 * Idleness: ext_idle_notifier_v1 tells a client (swayidle, which then
 * blanks or locks) when the seat has had no input for its timeout, and
 * when input comes back; zwp_idle_inhibit_manager_v1 lets a visible
 * surface (a video) hold idleness off.
 */
#include <errno.h>
#include <stdlib.h>
#include "ext-idle-notify-v1-server-protocol.h"
#include "idle-inhibit-unstable-v1-server-protocol.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "seat/seat_internal.h"
#include "surface/surface.h"

#define IDLE_NOTIFY_VERSION 1
#define IDLE_INHIBIT_VERSION 1

struct idle_notification {
	struct wl_resource *resource;
	struct tack_seat *seat;		/* NULL: inert */
	struct wl_list link;		/* tack_seat.idle_notifications */
	struct wl_event_source *timer;
	uint32_t timeout;		/* ms */
	bool idled;
};

struct idle_inhibitor {
	struct wl_resource *resource;
	struct tack_surface *surface;	/* NULL once it is gone */
	struct wl_list link;		/* tack_seat.idle_inhibitors */
	struct wl_listener surface_destroy;
};

/* An inhibitor counts while its surface is shown. */
static bool inhibited(struct tack_seat *seat)
{
	struct idle_inhibitor *in;

	wl_list_for_each(in, &seat->idle_inhibitors, link)
		if (in->surface && in->surface->view &&
		    tack_view_is_visible(in->surface->view))
			return true;
	return false;
}

static int handle_timer(void *data)
{
	struct idle_notification *n = data;

	/* Held off: look again a timeout later. */
	if (inhibited(n->seat)) {
		wl_event_source_timer_update(n->timer, n->timeout);
		return 0;
	}
	n->idled = true;
	ext_idle_notification_v1_send_idled(n->resource);
	return 0;
}

void tack_idle_activity(struct tack_seat *seat)
{
	struct idle_notification *n;

	wl_list_for_each(n, &seat->idle_notifications, link) {
		if (n->idled) {
			n->idled = false;
			ext_idle_notification_v1_send_resumed(n->resource);
		}
		wl_event_source_timer_update(n->timer, n->timeout);
	}
}

static void notification_resource_destroy(struct wl_resource *resource)
{
	struct idle_notification *n = wl_resource_get_user_data(resource);

	if (n->seat) {
		wl_list_remove(&n->link);
		wl_event_source_remove(n->timer);
	}
	free(n);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct ext_idle_notification_v1_interface notification_impl = {
	.destroy = handle_destroy,
};

static void handle_get_idle_notification(struct wl_client *client,
					 struct wl_resource *resource,
					 uint32_t id, uint32_t timeout,
					 struct wl_resource *seat_resource)
{
	struct tack_seat *seat = wl_resource_get_user_data(seat_resource);
	struct idle_notification *n = calloc(1, sizeof(*n));

	if (!n)
		goto no_memory;
	n->resource = wl_resource_create(client,
		&ext_idle_notification_v1_interface,
		wl_resource_get_version(resource), id);
	if (!n->resource)
		goto free_n;
	wl_resource_set_implementation(n->resource, &notification_impl, n,
				       notification_resource_destroy);
	/* A seat that is gone: an inert notification. */
	if (!seat)
		return;
	n->timer = wl_event_loop_add_timer(
		wl_display_get_event_loop(seat->display), handle_timer, n);
	if (!n->timer) {
		wl_resource_destroy(n->resource);
		goto no_memory;
	}
	n->seat = seat;
	/* 0 would disarm the timer: idle at the first chance instead. */
	n->timeout = timeout ? timeout : 1;
	wl_list_insert(&seat->idle_notifications, &n->link);
	wl_event_source_timer_update(n->timer, n->timeout);
	return;

free_n:
	free(n);
no_memory:
	wl_client_post_no_memory(client);
}

static const struct ext_idle_notifier_v1_interface notifier_impl = {
	.destroy = handle_destroy,
	.get_idle_notification = handle_get_idle_notification,
};

static void forget_surface(struct idle_inhibitor *in)
{
	if (!in->surface)
		return;
	wl_list_remove(&in->surface_destroy.link);
	in->surface = NULL;
}

static void handle_inhibitor_surface_destroy(struct wl_listener *listener,
					     void *data)
{
	struct idle_inhibitor *in =
		wl_container_of(listener, in, surface_destroy);

	forget_surface(in);
}

static void inhibitor_resource_destroy(struct wl_resource *resource)
{
	struct idle_inhibitor *in = wl_resource_get_user_data(resource);

	forget_surface(in);
	wl_list_remove(&in->link);
	free(in);
}

static const struct zwp_idle_inhibitor_v1_interface inhibitor_impl = {
	.destroy = handle_destroy,
};

static void handle_create_inhibitor(struct wl_client *client,
				    struct wl_resource *resource, uint32_t id,
				    struct wl_resource *surface_resource)
{
	struct tack_seat *seat = wl_resource_get_user_data(resource);
	struct idle_inhibitor *in = calloc(1, sizeof(*in));

	if (!in)
		goto no_memory;
	in->resource = wl_resource_create(client,
		&zwp_idle_inhibitor_v1_interface,
		wl_resource_get_version(resource), id);
	if (!in->resource)
		goto free_in;
	wl_resource_set_implementation(in->resource, &inhibitor_impl, in,
				       inhibitor_resource_destroy);
	in->surface = tack_surface_from_resource(surface_resource);
	in->surface_destroy.notify = handle_inhibitor_surface_destroy;
	wl_signal_add(&in->surface->events.destroy, &in->surface_destroy);
	wl_list_insert(&seat->idle_inhibitors, &in->link);
	return;

free_in:
	free(in);
no_memory:
	wl_client_post_no_memory(client);
}

static const struct zwp_idle_inhibit_manager_v1_interface inhibit_impl = {
	.destroy = handle_destroy,
	.create_inhibitor = handle_create_inhibitor,
};

static void bind_notifier(struct wl_client *client, void *data,
			  uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &ext_idle_notifier_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &notifier_impl, data, NULL);
}

static void bind_inhibit(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &zwp_idle_inhibit_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &inhibit_impl, data, NULL);
}

int tack_idle_init(struct tack_seat *seat)
{
	wl_list_init(&seat->idle_notifications);
	wl_list_init(&seat->idle_inhibitors);
	seat->idle_notifier_global = wl_global_create(seat->display,
		&ext_idle_notifier_v1_interface, IDLE_NOTIFY_VERSION, seat,
		bind_notifier);
	if (!seat->idle_notifier_global)
		return -ENOMEM;
	seat->idle_inhibit_global = wl_global_create(seat->display,
		&zwp_idle_inhibit_manager_v1_interface, IDLE_INHIBIT_VERSION,
		seat, bind_inhibit);
	if (!seat->idle_inhibit_global) {
		wl_global_destroy(seat->idle_notifier_global);
		return -ENOMEM;
	}
	return 0;
}

/* After the clients: every notification and inhibitor is gone. */
void tack_idle_finish(struct tack_seat *seat)
{
	wl_global_destroy(seat->idle_inhibit_global);
	wl_global_destroy(seat->idle_notifier_global);
}
