/* xdg_popup: placement by positioner rules, grabs, dismissal, reposition. */
#include <stdlib.h>
#include "output/layout.h"
#include "output/output.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "shell/xdg_shell_private.h"
#include "surface/surface.h"
#include "util/log.h"

static const struct xdg_popup_interface popup_impl;

static struct tack_xdg_popup *popup_from_resource(struct wl_resource *r)
{
	return wl_resource_get_user_data(r);
}

static struct tack_seat *seat_of(struct tack_xdg_popup *popup)
{
	return popup->xdg->shell->seat;
}

static struct tack_view *parent_view(struct tack_popup_parent *parent)
{
	return parent->xdg ? parent->xdg->view : parent->view;
}

/* The window geometry of an xdg parent; a layer surface is all geometry. */
static void parent_geometry(struct tack_popup_parent *parent,
			    struct tack_box *box)
{
	if (parent->xdg)
		tack_xdg_surface_geometry(parent->xdg, box);
	else
		*box = (struct tack_box){ 0, 0, parent->view->surface->width,
					  parent->view->surface->height };
}

static struct tack_xdg_popup *popup_of_parent(struct tack_popup_parent *parent)
{
	return parent && parent->xdg ? parent->xdg->popup : NULL;
}

/*
 * The box popups must stay in: the output the parent is on, in the
 * coordinates of the parent's window geometry.
 */
static void constraint_box(struct tack_xdg_popup *popup, struct tack_box *box)
{
	struct tack_popup_parent *parent = popup->parent;
	struct tack_layout *layout = popup->xdg->shell->layout;
	struct tack_view *view = parent_view(parent);
	struct tack_output *output;
	struct tack_box geom;
	int32_t lx = 0, ly = 0;

	parent_geometry(parent, &geom);
	if (view)
		tack_view_layout_position(view, &lx, &ly);
	lx += geom.x;
	ly += geom.y;
	output = tack_layout_output_at(layout, lx + geom.width / 2.0,
				       ly + geom.height / 2.0);
	if (!output)
		output = tack_layout_first_output(layout);
	if (!output) {
		/* Nowhere to be shown: nothing constrains the popup. */
		*box = (struct tack_box){ INT32_MIN / 2, INT32_MIN / 2,
					  INT32_MAX, INT32_MAX };
		return;
	}
	tack_xdg_output_box(output, box);
	box->x -= lx;
	box->y -= ly;
}

static void unconstrain(struct tack_xdg_popup *popup)
{
	struct tack_box constraint;

	constraint_box(popup, &constraint);
	tack_positioner_solve(&popup->rules, &constraint, &popup->scheduled);
}

static void end_grab(struct tack_xdg_popup *popup)
{
	struct tack_seat *seat = seat_of(popup);

	if (!popup->grabbing)
		return;
	popup->grabbing = false;
	wl_list_remove(&popup->grab_link);
	wl_list_init(&popup->grab_link);
	if (seat)
		tack_seat_popup_grab_end(seat, popup->xdg->surface);
}

static void detach_from_parent(struct tack_xdg_popup *popup)
{
	if (!popup->parent)
		return;
	wl_list_remove(&popup->link);
	wl_list_init(&popup->link);
	popup->parent = NULL;
}

/* The compositor dismisses: children first, then popup_done. */
static void dismiss(struct tack_xdg_popup *popup)
{
	struct tack_xdg_surface *xdg = popup->xdg;

	if (popup->dismissed)
		return;
	tack_popup_parent_dismiss(&xdg->popup_parent);
	popup->dismissed = true;
	end_grab(popup);
	detach_from_parent(popup);
	if (xdg->view)
		tack_view_set_mapped(xdg->view, false);
	xdg->mapped = false;
	xdg_popup_send_popup_done(popup->resource);
}

void tack_popup_parent_init(struct tack_popup_parent *parent,
			    struct tack_xdg_surface *xdg,
			    struct tack_view *view)
{
	parent->xdg = xdg;
	parent->view = view;
	wl_list_init(&parent->popups);
}

void tack_popup_parent_dismiss(struct tack_popup_parent *parent)
{
	struct tack_xdg_popup *child, *tmp;

	wl_list_for_each_safe(child, tmp, &parent->popups, link)
		dismiss(child);
}

static void handle_grab_dismiss(void *data)
{
	dismiss(data);
}

void tack_xdg_popup_destroy(struct tack_xdg_popup *popup)
{
	struct tack_xdg_surface *xdg = popup->xdg;

	tack_popup_parent_dismiss(&xdg->popup_parent);
	end_grab(popup);
	detach_from_parent(popup);
	tack_view_destroy(xdg->view);
	xdg->view = NULL;
	xdg->popup = NULL;
	xdg->mapped = false;
	if (xdg->surface)
		tack_surface_clear_role_data(xdg->surface);
	wl_resource_set_user_data(popup->resource, NULL);
	free(popup);
}

static void popup_resource_destroy(struct wl_resource *resource)
{
	struct tack_xdg_popup *popup = popup_from_resource(resource);

	if (popup)
		tack_xdg_popup_destroy(popup);
}

static struct wl_resource *wm_base_of(struct tack_xdg_popup *popup)
{
	return popup->xdg->client ? popup->xdg->client->resource :
				    popup->resource;
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	struct tack_xdg_popup *popup = popup_from_resource(resource);

	if (popup && !wl_list_empty(&popup->xdg->popup_parent.popups)) {
		wl_resource_post_error(wm_base_of(popup),
			XDG_WM_BASE_ERROR_NOT_THE_TOPMOST_POPUP,
			"xdg_popup destroyed before the popups above it");
		return;
	}
	wl_resource_destroy(resource);
}

static void handle_grab(struct wl_client *client, struct wl_resource *resource,
			struct wl_resource *seat, uint32_t serial)
{
	struct tack_xdg_popup *popup = popup_from_resource(resource);
	struct tack_xdg_popup *parent_popup;

	if (!popup)
		return;
	if (popup->xdg->initial_commit || popup->xdg->mapped) {
		wl_resource_post_error(resource, XDG_POPUP_ERROR_INVALID_GRAB,
			"grab after the popup's initial commit");
		return;
	}
	parent_popup = popup_of_parent(popup->parent);
	if (parent_popup && !parent_popup->wants_grab) {
		wl_resource_post_error(wm_base_of(popup),
			XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT,
			"a grabbing popup's parent popup must grab too");
		return;
	}
	popup->wants_grab = true;
	popup->grab_serial = serial;
	/* The parent's grab is over already: so is this popup. */
	if ((!popup->parent && !popup->orphan) ||
	    (parent_popup && parent_popup->dismissed))
		dismiss(popup);
}

static void handle_reposition(struct wl_client *client,
			      struct wl_resource *resource,
			      struct wl_resource *positioner, uint32_t token)
{
	struct tack_xdg_popup *popup = popup_from_resource(resource);
	const struct tack_positioner_rules *rules =
		tack_xdg_positioner_rules(positioner);

	if (!popup)
		return;
	if (!tack_positioner_rules_complete(rules)) {
		wl_resource_post_error(wm_base_of(popup),
			XDG_WM_BASE_ERROR_INVALID_POSITIONER,
			"the positioner needs a size and an anchor rectangle");
		return;
	}
	popup->rules = *rules;
	if (popup->dismissed || !popup->parent)
		return;
	popup->has_reposition = true;
	popup->reposition_token = token;
	unconstrain(popup);
	tack_xdg_surface_schedule_configure(popup->xdg);
}

static const struct xdg_popup_interface popup_impl = {
	.destroy = handle_destroy,
	.grab = handle_grab,
	.reposition = handle_reposition,
};

/* Under its parent's view; false when out of memory. */
static bool attach_to_parent(struct tack_xdg_popup *popup,
			     struct tack_popup_parent *parent)
{
	struct tack_xdg_surface *xdg = popup->xdg;
	struct tack_xdg_popup *pp = popup_of_parent(parent);

	xdg->view = tack_view_create(xdg->shell->scene, xdg->surface,
				     parent_view(parent), TACK_LAYER_NORMAL,
				     NULL, xdg);
	if (!xdg->view)
		return false;
	if (pp && pp->dismissed) {
		dismiss(popup);
		return true;
	}
	popup->parent = parent;
	wl_list_insert(&parent->popups, &popup->link);
	unconstrain(popup);
	return true;
}

void tack_popup_parent_adopt(struct tack_popup_parent *parent,
			     struct wl_resource *popup_resource)
{
	struct tack_xdg_popup *popup = popup_from_resource(popup_resource);

	if (!popup || !popup->orphan)
		return;
	if (popup->xdg->initial_commit) {
		wl_resource_post_error(wm_base_of(popup),
			XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT,
			"a popup gets its parent before its initial commit");
		return;
	}
	popup->orphan = false;
	if (!attach_to_parent(popup, parent))
		wl_client_post_no_memory(wl_resource_get_client(popup_resource));
}

void tack_xdg_popup_create(struct tack_xdg_surface *xdg, uint32_t version,
			   uint32_t id, struct wl_client *client,
			   struct tack_popup_parent *parent,
			   const struct tack_positioner_rules *rules)
{
	struct wl_resource *resource;
	struct tack_xdg_popup *popup;

	resource = wl_resource_create(client, &xdg_popup_interface, version,
				      id);
	if (!resource)
		goto no_memory;
	wl_resource_set_implementation(resource, &popup_impl, NULL,
				       popup_resource_destroy);
	if (!xdg)
		return;
	popup = calloc(1, sizeof(*popup));
	if (!popup)
		goto no_memory;
	popup->xdg = xdg;
	popup->resource = resource;
	popup->rules = *rules;
	wl_list_init(&popup->grab_link);
	wl_list_init(&popup->link);
	popup->orphan = !parent;
	if (parent && !attach_to_parent(popup, parent)) {
		free(popup);
		goto no_memory;
	}
	xdg->popup = popup;
	wl_resource_set_user_data(resource, popup);
	return;

no_memory:
	wl_client_post_no_memory(client);
}

void tack_xdg_popup_send_configure(struct tack_xdg_popup *popup,
				   struct tack_xdg_configure *configure)
{
	const struct tack_box *b = &popup->scheduled;

	if (popup->has_reposition) {
		xdg_popup_send_repositioned(popup->resource,
					    popup->reposition_token);
		popup->has_reposition = false;
	}
	xdg_popup_send_configure(popup->resource, b->x, b->y, b->width,
				 b->height);
	configure->popup = *b;
}

static void place_view(struct tack_xdg_popup *popup)
{
	struct tack_box geom, parent_geom;

	if (!popup->parent)
		return;
	tack_xdg_surface_geometry(popup->xdg, &geom);
	parent_geometry(popup->parent, &parent_geom);
	tack_view_set_position(popup->xdg->view,
			       parent_geom.x + popup->current.x - geom.x,
			       parent_geom.y + popup->current.y - geom.y);
}

/*
 * A grabbing popup opens on top of the client's grab chain, or starts a new
 * chain from a toplevel (closing the old one). False after a protocol error.
 */
static bool take_grab(struct tack_xdg_popup *popup)
{
	struct tack_xdg_client *xc = popup->xdg->client;
	struct tack_seat *seat = seat_of(popup);
	struct tack_xdg_popup *top = NULL;

	if (!xc)
		return true;
	if (!wl_list_empty(&xc->grabs))
		top = wl_container_of(xc->grabs.prev, top, grab_link);
	if (top && popup_of_parent(popup->parent) &&
	    popup_of_parent(popup->parent) != top) {
		wl_resource_post_error(xc->resource,
			XDG_WM_BASE_ERROR_NOT_THE_TOPMOST_POPUP,
			"a grabbing popup must open on the topmost popup");
		return false;
	}
	if (top && !popup_of_parent(popup->parent)) {
		struct tack_xdg_popup *bottom =
			wl_container_of(xc->grabs.next, bottom, grab_link);

		dismiss(bottom);
	}
	if (!seat || !tack_seat_popup_grab_begin(seat, popup->xdg->surface,
						 popup->grab_serial,
						 handle_grab_dismiss, popup)) {
		tack_dbg("xdg: popup grab refused (serial %u)",
			 popup->grab_serial);
		dismiss(popup);
		return true;
	}
	popup->grabbing = true;
	wl_list_insert(xc->grabs.prev, &popup->grab_link);
	return true;
}

void tack_xdg_popup_commit(struct tack_xdg_popup *popup)
{
	struct tack_xdg_surface *xdg = popup->xdg;

	if (popup->orphan) {
		wl_resource_post_error(wm_base_of(popup),
			XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT,
			"a popup without a parent was committed before one adopted it");
		return;
	}
	if (xdg->acked)
		popup->current = xdg->acked_configure.popup;
	if (!tack_surface_has_buffer(xdg->surface)) {
		if (xdg->mapped) {
			tack_popup_parent_dismiss(&xdg->popup_parent);
			end_grab(popup);
			tack_view_set_mapped(xdg->view, false);
			xdg->mapped = false;
		}
		return;
	}
	if (popup->dismissed || !popup->parent)
		return;
	place_view(popup);
	if (xdg->mapped)
		return;
	if (popup->wants_grab && !take_grab(popup))
		return;
	if (popup->dismissed)
		return;
	xdg->mapped = true;
	tack_view_set_mapped(xdg->view, true);
}

void tack_popup_parent_moved(struct tack_popup_parent *parent)
{
	struct tack_xdg_popup *popup;

	wl_list_for_each(popup, &parent->popups, link) {
		struct tack_box before = popup->scheduled;

		if (popup->rules.reactive) {
			unconstrain(popup);
			if (before.x != popup->scheduled.x ||
			    before.y != popup->scheduled.y ||
			    before.width != popup->scheduled.width ||
			    before.height != popup->scheduled.height)
				tack_xdg_surface_schedule_configure(popup->xdg);
		}
		tack_popup_parent_moved(&popup->xdg->popup_parent);
	}
}
