/*
 * zwp_pointer_constraints_v1: a game locks the pointer in place, a remote
 * desktop confines it to its window. A constraint holds while its surface
 * has both the keyboard and the pointer, the pointer inside its region.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include "pointer-constraints-unstable-v1-server-protocol.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/region.h"
#include "util/time.h"

#define POINTER_CONSTRAINTS_VERSION 1

enum constraint_kind { CONSTRAINT_LOCK, CONSTRAINT_CONFINE };

struct tack_pointer_constraint {
	struct wl_resource *resource;
	struct tack_seat *seat;		/* NULL once the seat is gone */
	struct tack_surface *surface;	/* NULL once the surface is gone */
	struct wl_list link;		/* tack_pointer.constraints */
	struct wl_listener surface_destroy;
	struct wl_listener surface_commit;
	enum constraint_kind kind;
	uint32_t lifetime;
	bool defunct;			/* a oneshot that ended */

	/* NULL region: the whole surface. Double-buffered with the surface. */
	bool has_region, pending_has_region, region_pending;
	pixman_region32_t region, pending_region;
	bool has_hint, hint_pending;
	double hint_x, hint_y, pending_hint_x, pending_hint_y;
};

static const struct zwp_locked_pointer_v1_interface locked_impl;
static const struct zwp_confined_pointer_v1_interface confined_impl;

static bool holds_point(struct tack_pointer_constraint *c, double sx,
			double sy)
{
	if (!tack_surface_accepts_input(c->surface, sx, sy))
		return false;
	return !c->has_region ||
	       pixman_region32_contains_point(&c->region, (int)floor(sx),
					      (int)floor(sy), NULL);
}

static void send_state(struct tack_pointer_constraint *c, bool active)
{
	if (c->kind == CONSTRAINT_LOCK && active)
		zwp_locked_pointer_v1_send_locked(c->resource);
	else if (c->kind == CONSTRAINT_LOCK)
		zwp_locked_pointer_v1_send_unlocked(c->resource);
	else if (active)
		zwp_confined_pointer_v1_send_confined(c->resource);
	else
		zwp_confined_pointer_v1_send_unconfined(c->resource);
}

/*
 * The constraint ends (a oneshot for good). A lock that ends with the
 * pointer over its surface leaves it where the client hinted it drew it:
 * true, with that layout position.
 */
static bool end_state(struct tack_seat *seat, struct tack_pointer_constraint *c,
		      double *lx, double *ly)
{
	int32_t x, y;

	send_state(c, false);
	if (c->lifetime == ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT)
		c->defunct = true;
	if (c->kind != CONSTRAINT_LOCK || !c->has_hint || !c->surface ||
	    seat->pointer.focus != c->surface ||
	    !tack_surface_layout_position(c->surface, &x, &y))
		return false;
	*lx = x + c->hint_x;
	*ly = y + c->hint_y;
	return true;
}

void tack_pointer_constraints_update(struct tack_seat *seat)
{
	struct tack_pointer *p = &seat->pointer;
	struct tack_surface *surface = p->focus;
	struct tack_pointer_constraint *c, *chosen = NULL, *old = p->constraint;
	bool warp = false;
	double lx, ly;

	if (surface && surface == seat->keyboard.focus) {
		wl_list_for_each(c, &p->constraints, link)
			if (c->surface == surface && !c->defunct &&
			    holds_point(c, p->sx, p->sy))
				chosen = c;
	}
	if (chosen == old)
		return;
	/* Settled before the warp, which comes back here. */
	p->constraint = chosen;
	if (old)
		warp = end_state(seat, old, &lx, &ly);
	if (chosen)
		send_state(chosen, true);
	if (warp)
		tack_pointer_move(seat, tack_now_msec(), lx, ly);
}

/*
 * A motion by dx, dy under the active constraint: false when the pointer
 * stays put (locked); a confined one stops at its region's edge.
 */
bool tack_pointer_constraints_motion(struct tack_seat *seat, double *dx,
				     double *dy)
{
	struct tack_pointer_constraint *c = seat->pointer.constraint;
	struct tack_pointer *p = &seat->pointer;
	pixman_box32_t box = { 0, 0, c ? c->surface->width : 0,
			       c ? c->surface->height : 0 };
	double sx, sy;

	if (!c)
		return true;
	if (c->kind == CONSTRAINT_LOCK)
		return false;
	if (c->has_region) {
		const pixman_box32_t *e = pixman_region32_extents(&c->region);

		box = (pixman_box32_t){ e->x1 > 0 ? e->x1 : 0,
					e->y1 > 0 ? e->y1 : 0,
					e->x2 < box.x2 ? e->x2 : box.x2,
					e->y2 < box.y2 ? e->y2 : box.y2 };
	}
	sx = fmin(fmax(p->sx + *dx, box.x1), box.x2 - 1);
	sy = fmin(fmax(p->sy + *dy, box.y1), box.y2 - 1);
	/* A region of several boxes: no step across a gap in it. */
	if (!holds_point(c, sx, sy))
		sx = p->sx, sy = p->sy;
	*dx = sx - p->sx;
	*dy = sy - p->sy;
	return true;
}

static void forget_surface(struct tack_pointer_constraint *c)
{
	if (!c->surface)
		return;
	wl_list_remove(&c->surface_destroy.link);
	wl_list_remove(&c->surface_commit.link);
	c->surface = NULL;
}

/*
 * Inert: its resource stays until the client destroys it. Out of the
 * seat's list first, so nothing chooses it again; told it ended when its
 * resource lives on (its surface went).
 */
static void constraint_end(struct tack_pointer_constraint *c, bool tell)
{
	struct tack_seat *seat = c->seat;

	forget_surface(c);
	if (!seat)
		return;
	wl_list_remove(&c->link);
	c->seat = NULL;
	c->defunct = true;
	if (seat->pointer.constraint != c)
		return;
	seat->pointer.constraint = NULL;
	if (tell)
		send_state(c, false);
	tack_pointer_constraints_update(seat);
}

static void handle_surface_destroy(struct wl_listener *listener, void *data)
{
	struct tack_pointer_constraint *c =
		wl_container_of(listener, c, surface_destroy);

	constraint_end(c, true);
}

static void handle_surface_commit(struct wl_listener *listener, void *data)
{
	struct tack_pointer_constraint *c =
		wl_container_of(listener, c, surface_commit);

	if (c->region_pending) {
		c->has_region = c->pending_has_region;
		pixman_region32_copy(&c->region, &c->pending_region);
		c->region_pending = false;
	}
	if (c->hint_pending) {
		c->has_hint = true;
		c->hint_x = c->pending_hint_x;
		c->hint_y = c->pending_hint_y;
		c->hint_pending = false;
	}
	if (c->seat)
		tack_pointer_constraints_update(c->seat);
}

static void constraint_resource_destroy(struct wl_resource *resource)
{
	struct tack_pointer_constraint *c = wl_resource_get_user_data(resource);

	constraint_end(c, false);
	pixman_region32_fini(&c->region);
	pixman_region32_fini(&c->pending_region);
	free(c);
}

static void handle_constraint_destroy(struct wl_client *client,
				      struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_set_region(struct wl_client *client,
			      struct wl_resource *resource,
			      struct wl_resource *region)
{
	struct tack_pointer_constraint *c = wl_resource_get_user_data(resource);

	c->region_pending = true;
	c->pending_has_region = region != NULL;
	if (region)
		pixman_region32_copy(&c->pending_region,
				     tack_region_from_resource(region));
}

static void handle_set_cursor_position_hint(struct wl_client *client,
					    struct wl_resource *resource,
					    wl_fixed_t x, wl_fixed_t y)
{
	struct tack_pointer_constraint *c = wl_resource_get_user_data(resource);

	c->hint_pending = true;
	c->pending_hint_x = wl_fixed_to_double(x);
	c->pending_hint_y = wl_fixed_to_double(y);
}

static const struct zwp_locked_pointer_v1_interface locked_impl = {
	.destroy = handle_constraint_destroy,
	.set_cursor_position_hint = handle_set_cursor_position_hint,
	.set_region = handle_set_region,
};

static const struct zwp_confined_pointer_v1_interface confined_impl = {
	.destroy = handle_constraint_destroy,
	.set_region = handle_set_region,
};

static bool check_new_constraint(struct wl_resource *resource,
				 struct tack_seat *seat,
				 struct tack_surface *surface, uint32_t lifetime)
{
	struct tack_pointer_constraint *c;

	if (lifetime != ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_ONESHOT &&
	    lifetime != ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT) {
		wl_resource_post_error(resource, WL_DISPLAY_ERROR_INVALID_METHOD,
				       "lifetime %u is unknown", lifetime);
		return false;
	}
	if (!seat)
		return true;
	wl_list_for_each(c, &seat->pointer.constraints, link) {
		if (c->surface != surface)
			continue;
		wl_resource_post_error(resource,
			ZWP_POINTER_CONSTRAINTS_V1_ERROR_ALREADY_CONSTRAINED,
			"wl_surface@%u already has a pointer constraint",
			wl_resource_get_id(surface->resource));
		return false;
	}
	return true;
}

static void create_constraint(struct wl_client *client,
			      struct wl_resource *resource, uint32_t id,
			      struct wl_resource *surface_resource,
			      struct wl_resource *pointer_resource,
			      struct wl_resource *region, uint32_t lifetime,
			      enum constraint_kind kind)
{
	struct tack_seat *seat = wl_resource_get_user_data(pointer_resource);
	struct tack_surface *surface = tack_surface_from_resource(surface_resource);
	struct tack_pointer_constraint *c;
	bool lock = kind == CONSTRAINT_LOCK;

	if (!check_new_constraint(resource, seat, surface, lifetime))
		return;
	c = calloc(1, sizeof(*c));
	if (!c)
		goto no_memory;
	c->resource = wl_resource_create(client,
		lock ? &zwp_locked_pointer_v1_interface :
		       &zwp_confined_pointer_v1_interface,
		wl_resource_get_version(resource), id);
	if (!c->resource)
		goto free_c;
	pixman_region32_init(&c->region);
	pixman_region32_init(&c->pending_region);
	wl_resource_set_implementation(c->resource,
		lock ? (const void *)&locked_impl : (const void *)&confined_impl,
		c, constraint_resource_destroy);
	c->kind = kind;
	c->lifetime = lifetime;
	c->has_region = region != NULL;
	if (region)
		pixman_region32_copy(&c->region, tack_region_from_resource(region));
	/* A pointer of a seat that is gone: an inert constraint. */
	if (!seat)
		return;
	c->seat = seat;
	c->surface = surface;
	wl_list_insert(&seat->pointer.constraints, &c->link);
	c->surface_destroy.notify = handle_surface_destroy;
	wl_signal_add(&surface->events.destroy, &c->surface_destroy);
	c->surface_commit.notify = handle_surface_commit;
	wl_signal_add(&surface->events.commit, &c->surface_commit);
	tack_pointer_constraints_update(seat);
	return;

free_c:
	free(c);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_lock_pointer(struct wl_client *client,
				struct wl_resource *resource, uint32_t id,
				struct wl_resource *surface,
				struct wl_resource *pointer,
				struct wl_resource *region, uint32_t lifetime)
{
	create_constraint(client, resource, id, surface, pointer, region,
			  lifetime, CONSTRAINT_LOCK);
}

static void handle_confine_pointer(struct wl_client *client,
				   struct wl_resource *resource, uint32_t id,
				   struct wl_resource *surface,
				   struct wl_resource *pointer,
				   struct wl_resource *region,
				   uint32_t lifetime)
{
	create_constraint(client, resource, id, surface, pointer, region,
			  lifetime, CONSTRAINT_CONFINE);
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwp_pointer_constraints_v1_interface manager_impl = {
	.destroy = handle_manager_destroy,
	.lock_pointer = handle_lock_pointer,
	.confine_pointer = handle_confine_pointer,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &zwp_pointer_constraints_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

int tack_pointer_constraints_init(struct tack_seat *seat)
{
	wl_list_init(&seat->pointer.constraints);
	seat->pointer.constraints_global = wl_global_create(seat->display,
		&zwp_pointer_constraints_v1_interface,
		POINTER_CONSTRAINTS_VERSION, seat, bind_manager);
	return seat->pointer.constraints_global ? 0 : -ENOMEM;
}

/* The clients are gone, and their constraints with them. */
void tack_pointer_constraints_finish(struct tack_seat *seat)
{
	wl_global_destroy(seat->pointer.constraints_global);
}
