/*
 * zwlr_layer_shell_v1: wallpapers, panels, notifications and launchers as
 * surfaces on an output's layers, anchored to its edges. Panels' exclusive
 * zones become the output's reserved edges, which maximized windows leave.
 */
#include <stdlib.h>
#include "output/layout.h"
#include "output/output.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "shell/layer_shell.h"
#include "shell/xdg_shell_private.h"
#include "surface/surface.h"
#include "util/log.h"
#include "wlr-layer-shell-unstable-v1-server-protocol.h"

#define LAYER_SHELL_VERSION 4
#define ANCHOR_ALL (ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP |			\
		    ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM |		\
		    ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT |			\
		    ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT)

struct tack_layer_shell {
	struct tack_scene *scene;
	struct tack_layout *layout;
	struct tack_seat *seat;
	struct wl_global *global;
	struct wl_list surfaces;	/* tack_layer_surface.link, oldest first */
	struct wl_listener layout_change;
	bool arranging;			/* setting an output's reserved edges */
};

/* What the client sets, double-buffered. */
struct tack_layer_state {
	uint32_t layer, anchor, keyboard;
	uint32_t width, height;		/* 0: stretched between anchors */
	int32_t zone;			/* exclusive zone; -1: ignore others' */
	struct tack_output_reserved margin;
};

struct tack_layer_surface {
	struct tack_layer_shell *shell;
	struct wl_resource *resource;
	struct tack_surface *surface;
	struct tack_output *output;	/* NULL once closed */
	struct tack_view *view;
	struct tack_popup_parent popup_parent;
	struct wl_list link;		/* tack_layer_shell.surfaces */
	struct wl_listener surface_destroy;
	struct wl_listener surface_attach;
	struct wl_listener output_destroy;

	struct tack_layer_state pending, current;
	struct wl_list configures;	/* layer_configure, sent, not acked */
	int32_t configured_width, configured_height;	/* last sent */
	bool initial_commit;		/* the client asked for a configure */
	bool needs_configure;		/* its state changed since */
	bool configure_sent;		/* since the initial commit */
	bool configured;		/* acked one since (un)mapping */
	bool mapped, closed;
};

static const struct zwlr_layer_surface_v1_interface layer_surface_impl;

static const enum tack_scene_layer scene_layer[] = {
	[ZWLR_LAYER_SHELL_V1_LAYER_BACKGROUND] = TACK_LAYER_BACKGROUND,
	[ZWLR_LAYER_SHELL_V1_LAYER_BOTTOM] = TACK_LAYER_BOTTOM,
	[ZWLR_LAYER_SHELL_V1_LAYER_TOP] = TACK_LAYER_TOP,
	[ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY] = TACK_LAYER_OVERLAY,
};

struct layer_configure {
	struct wl_list link;		/* tack_layer_surface.configures */
	uint32_t serial;
};

static struct tack_layer_surface *from_resource(struct wl_resource *resource)
{
	return wl_resource_get_user_data(resource);
}

static bool has_anchors(uint32_t anchor, uint32_t both)
{
	return (anchor & both) == both;
}

static bool takes_focus(struct tack_view *view)
{
	struct tack_layer_surface *ls = view->data;

	return ls->current.keyboard !=
	       ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_NONE;
}

static const struct tack_view_impl layer_view_impl = {
	.takes_focus = takes_focus,
};

/* The one edge a panel's exclusive zone keeps, or 0 when it keeps none. */
static uint32_t exclusive_edge(uint32_t anchor)
{
	const uint32_t t = ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP;
	const uint32_t b = ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM;
	const uint32_t l = ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT;
	const uint32_t r = ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT;

	if (anchor == t || anchor == (t | l | r))
		return t;
	if (anchor == b || anchor == (b | l | r))
		return b;
	if (anchor == l || anchor == (l | t | b))
		return l;
	if (anchor == r || anchor == (r | t | b))
		return r;
	return 0;
}

static void send_configure(struct tack_layer_surface *ls, int32_t width,
			   int32_t height)
{
	struct layer_configure *c = calloc(1, sizeof(*c));
	struct wl_client *client = wl_resource_get_client(ls->resource);

	if (!c) {
		wl_client_post_no_memory(client);
		return;
	}
	c->serial = wl_display_next_serial(wl_client_get_display(client));
	wl_list_insert(ls->configures.prev, &c->link);
	ls->configure_sent = true;
	ls->configured_width = width;
	ls->configured_height = height;
	ls->needs_configure = false;
	zwlr_layer_surface_v1_send_configure(ls->resource, c->serial, width,
					     height);
}

/* One coordinate of a box of size within bounds, by its two anchors. */
static int32_t place_axis(int32_t start, int32_t extent, int32_t size,
			  bool low, bool high, int32_t margin_low,
			  int32_t margin_high)
{
	if (low && high)
		return start + margin_low +
		       (extent - margin_low - margin_high - size) / 2;
	if (low)
		return start + margin_low;
	if (high)
		return start + extent - margin_high - size;
	return start + (extent - size) / 2;
}

/* Size, configure and place one surface in bounds; panels shrink usable. */
static void place(struct tack_layer_surface *ls, const struct tack_box *bounds,
		  struct tack_box *usable)
{
	const struct tack_layer_state *s = &ls->current;
	bool l = s->anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT;
	bool r = s->anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT;
	bool t = s->anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP;
	bool b = s->anchor & ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM;
	int32_t w = s->width, h = s->height, sw, sh;

	if (!w)
		w = bounds->width - s->margin.left - s->margin.right;
	if (!h)
		h = bounds->height - s->margin.top - s->margin.bottom;
	w = w > 0 ? w : 1;
	h = h > 0 ? h : 1;
	if (ls->needs_configure || w != ls->configured_width ||
	    h != ls->configured_height)
		send_configure(ls, w, h);
	/*
	 * The box of the size asked for; a surface of another size sits at
	 * its top-left, but centred between opposite anchors, as configure
	 * says.
	 */
	sw = ls->mapped ? ls->surface->width : w;
	sh = ls->mapped ? ls->surface->height : h;
	tack_view_set_position(ls->view,
		place_axis(bounds->x, bounds->width, w, l, r, s->margin.left,
			   s->margin.right) + (l && r ? (w - sw) / 2 : 0),
		place_axis(bounds->y, bounds->height, h, t, b, s->margin.top,
			   s->margin.bottom) + (t && b ? (h - sh) / 2 : 0));
	if (!usable || !ls->mapped)
		return;
	switch (exclusive_edge(s->anchor)) {
	case ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP:
		usable->y += s->zone + s->margin.top;
		usable->height -= s->zone + s->margin.top;
		break;
	case ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM:
		usable->height -= s->zone + s->margin.bottom;
		break;
	case ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT:
		usable->x += s->zone + s->margin.left;
		usable->width -= s->zone + s->margin.left;
		break;
	case ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT:
		usable->width -= s->zone + s->margin.right;
		break;
	}
}

static bool arranged_on(struct tack_layer_surface *ls,
			struct tack_output *output, uint32_t layer)
{
	return ls->output == output && ls->initial_commit &&
	       ls->current.layer == layer;
}

/*
 * Panels first, top layer first, each inside what those before it left;
 * then the others in what panels left, or the whole output for zone -1.
 */
static void arrange_output(struct tack_layer_shell *shell,
			   struct tack_output *output)
{
	struct tack_layer_surface *ls;
	struct tack_box full, usable;
	pixman_box32_t b;
	int layer;

	tack_output_logical_box(output, &b);
	full = (struct tack_box){ b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1 };
	usable = full;
	for (layer = ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY; layer >= 0; layer--)
		wl_list_for_each(ls, &shell->surfaces, link)
			if (arranged_on(ls, output, layer) &&
			    ls->current.zone > 0)
				place(ls, &usable, &usable);
	for (layer = ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY; layer >= 0; layer--)
		wl_list_for_each(ls, &shell->surfaces, link)
			if (arranged_on(ls, output, layer) &&
			    ls->current.zone <= 0)
				place(ls, ls->current.zone < 0 ? &full : &usable,
				      NULL);
	/* Our layout listener hears this; it has nothing more to do. */
	shell->arranging = true;
	tack_output_set_reserved(output, &(struct tack_output_reserved){
		.top = usable.y - full.y,
		.left = usable.x - full.x,
		.bottom = full.y + full.height - usable.y - usable.height,
		.right = full.x + full.width - usable.x - usable.width,
	});
	shell->arranging = false;
}

/* The topmost exclusive surface above windows keeps the keyboard. */
static void update_keyboard(struct tack_layer_shell *shell)
{
	struct tack_layer_surface *ls, *chosen = NULL;
	int layer;

	if (!shell->seat)
		return;
	for (layer = ZWLR_LAYER_SHELL_V1_LAYER_TOP;
	     layer <= ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY; layer++)
		wl_list_for_each(ls, &shell->surfaces, link)
			if (ls->mapped && ls->current.layer == (uint32_t)layer &&
			    ls->current.keyboard ==
			    ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_EXCLUSIVE)
				chosen = ls;
	tack_seat_set_exclusive_focus(shell->seat,
				      chosen ? chosen->surface : NULL);
}

static void rearrange(struct tack_layer_shell *shell,
		      struct tack_output *output)
{
	if (output)
		arrange_output(shell, output);
	update_keyboard(shell);
}

static void unmap(struct tack_layer_surface *ls)
{
	struct tack_layer_shell *shell = ls->shell;

	ls->mapped = false;
	tack_view_set_mapped(ls->view, false);
	tack_popup_parent_dismiss(&ls->popup_parent);
	if (shell->seat)
		tack_seat_unfocus_surface(shell->seat, ls->surface);
}

/*
 * A launcher or panel above windows that takes keys on demand has them
 * when it opens, as a new window would; exclusive ones always do.
 */
static void map(struct tack_layer_surface *ls)
{
	struct tack_seat *seat = ls->shell->seat;

	ls->mapped = true;
	tack_view_set_mapped(ls->view, true);
	if (seat && ls->current.keyboard ==
		    ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_ON_DEMAND &&
	    ls->current.layer >= ZWLR_LAYER_SHELL_V1_LAYER_TOP)
		tack_seat_focus_view(seat, ls->view);
}

static void free_configures(struct tack_layer_surface *ls)
{
	struct layer_configure *c, *tmp;

	wl_list_for_each_safe(c, tmp, &ls->configures, link) {
		wl_list_remove(&c->link);
		free(c);
	}
}

/* The output is gone or none was there: the client should let go. */
static void close_surface(struct tack_layer_surface *ls)
{
	if (ls->closed)
		return;
	ls->closed = true;
	if (ls->mapped)
		unmap(ls);
	if (ls->output) {
		wl_list_remove(&ls->output_destroy.link);
		ls->output = NULL;
	}
	zwlr_layer_surface_v1_send_closed(ls->resource);
}

/* Free the layer surface; its resource stays, inert, until destroyed. */
static void layer_surface_free(struct tack_layer_surface *ls)
{
	struct tack_layer_shell *shell = ls->shell;
	struct tack_output *output = ls->output;

	if (ls->mapped)
		unmap(ls);
	tack_popup_parent_dismiss(&ls->popup_parent);
	if (output)
		wl_list_remove(&ls->output_destroy.link);
	wl_list_remove(&ls->surface_destroy.link);
	wl_list_remove(&ls->surface_attach.link);
	wl_list_remove(&ls->link);
	tack_view_destroy(ls->view);
	tack_surface_clear_role_data(ls->surface);
	free_configures(ls);
	wl_resource_set_user_data(ls->resource, NULL);
	free(ls);
	rearrange(shell, output);
}

static void handle_surface_destroy(struct wl_listener *listener, void *data)
{
	struct tack_layer_surface *ls =
		wl_container_of(listener, ls, surface_destroy);

	layer_surface_free(ls);
}

/* As xdg_surface: a buffer before the first configure is an error. */
static void handle_surface_attach(struct wl_listener *listener, void *data)
{
	struct tack_layer_surface *ls =
		wl_container_of(listener, ls, surface_attach);

	if (data && !ls->configure_sent && !ls->closed)
		wl_resource_post_error(ls->resource,
			ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE,
			"a buffer was attached before the configure was acked");
}

static void handle_output_destroy(struct wl_listener *listener, void *data)
{
	struct tack_layer_surface *ls =
		wl_container_of(listener, ls, output_destroy);

	close_surface(ls);
	update_keyboard(ls->shell);
}

static bool role_precommit(struct tack_surface *surface)
{
	struct tack_layer_surface *ls = surface->role_data;
	const struct tack_layer_state *s;
	struct tack_surface_state *p = &surface->pending;

	if (!ls || ls->closed)
		return true;
	s = &ls->pending;
	if ((!s->width && !has_anchors(s->anchor,
			ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT |
			ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT)) ||
	    (!s->height && !has_anchors(s->anchor,
			ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP |
			ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM))) {
		wl_resource_post_error(ls->resource,
			ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SIZE,
			"a size of 0 needs anchors on both opposite edges");
		return false;
	}
	if ((p->committed & TACK_SURFACE_BUFFER) && p->buffer &&
	    !ls->configured) {
		wl_resource_post_error(ls->resource,
			ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE,
			"a buffer was committed before the configure was acked");
		return false;
	}
	return true;
}

static bool state_differs(const struct tack_layer_state *a,
			  const struct tack_layer_state *b)
{
	return a->width != b->width || a->height != b->height ||
	       a->anchor != b->anchor || a->zone != b->zone ||
	       a->margin.top != b->margin.top ||
	       a->margin.right != b->margin.right ||
	       a->margin.bottom != b->margin.bottom ||
	       a->margin.left != b->margin.left;
}

static void role_commit(struct tack_surface *surface)
{
	struct tack_layer_surface *ls = surface->role_data;
	uint32_t keyboard_was;

	if (!ls || ls->closed)
		return;
	keyboard_was = ls->current.keyboard;
	if (state_differs(&ls->pending, &ls->current))
		ls->needs_configure = true;
	ls->current = ls->pending;
	tack_view_set_layer(ls->view, scene_layer[ls->current.layer]);
	if (!tack_surface_has_buffer(surface)) {
		if (ls->mapped) {
			/* Back to the state right after get_layer_surface. */
			unmap(ls);
			ls->initial_commit = false;
			ls->configured = false;
			ls->configure_sent = false;
		} else if (!ls->initial_commit) {
			ls->initial_commit = true;
			ls->needs_configure = true;
		}
	} else if (!ls->mapped) {
		map(ls);
	}
	if (ls->mapped && keyboard_was != ls->current.keyboard &&
	    ls->current.keyboard ==
	    ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_NONE &&
	    ls->shell->seat)
		tack_seat_unfocus_surface(ls->shell->seat, surface);
	rearrange(ls->shell, ls->output);
	tack_popup_parent_moved(&ls->popup_parent);
}

static const struct tack_surface_role layer_role = {
	.name = "zwlr_layer_surface_v1",
	.precommit = role_precommit,
	.commit = role_commit,
};

static void handle_set_size(struct wl_client *client,
			    struct wl_resource *resource, uint32_t width,
			    uint32_t height)
{
	struct tack_layer_surface *ls = from_resource(resource);

	if (width > INT32_MAX || height > INT32_MAX) {
		wl_resource_post_error(resource,
			ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SIZE,
			"size %ux%u is too large", width, height);
		return;
	}
	if (!ls)
		return;
	ls->pending.width = width;
	ls->pending.height = height;
}

static void handle_set_anchor(struct wl_client *client,
			      struct wl_resource *resource, uint32_t anchor)
{
	struct tack_layer_surface *ls = from_resource(resource);

	if (anchor & ~ANCHOR_ALL) {
		wl_resource_post_error(resource,
			ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_ANCHOR,
			"anchor %#x has unknown edges", anchor);
		return;
	}
	if (ls)
		ls->pending.anchor = anchor;
}

static void handle_set_exclusive_zone(struct wl_client *client,
				      struct wl_resource *resource,
				      int32_t zone)
{
	struct tack_layer_surface *ls = from_resource(resource);

	/* Below -1 means nothing more than -1. */
	if (ls)
		ls->pending.zone = zone < -1 ? -1 : zone;
}

static void handle_set_margin(struct wl_client *client,
			      struct wl_resource *resource, int32_t top,
			      int32_t right, int32_t bottom, int32_t left)
{
	struct tack_layer_surface *ls = from_resource(resource);

	if (ls)
		ls->pending.margin = (struct tack_output_reserved){
			top, right, bottom, left };
}

static void handle_set_keyboard_interactivity(struct wl_client *client,
					      struct wl_resource *resource,
					      uint32_t keyboard)
{
	struct tack_layer_surface *ls = from_resource(resource);
	uint32_t max = wl_resource_get_version(resource) >=
		ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_ON_DEMAND_SINCE_VERSION ?
		ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_ON_DEMAND :
		ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_EXCLUSIVE;

	if (keyboard > max) {
		wl_resource_post_error(resource,
			ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_KEYBOARD_INTERACTIVITY,
			"keyboard interactivity %u is unknown", keyboard);
		return;
	}
	if (ls)
		ls->pending.keyboard = keyboard;
}

static void handle_get_popup(struct wl_client *client,
			     struct wl_resource *resource,
			     struct wl_resource *popup)
{
	struct tack_layer_surface *ls = from_resource(resource);

	if (ls && !ls->closed)
		tack_popup_parent_adopt(&ls->popup_parent, popup);
}

static void handle_ack_configure(struct wl_client *client,
				 struct wl_resource *resource, uint32_t serial)
{
	struct tack_layer_surface *ls = from_resource(resource);
	struct layer_configure *c, *tmp;
	bool known = false;

	if (!ls)
		return;
	wl_list_for_each(c, &ls->configures, link)
		known |= c->serial == serial;
	if (!known) {
		if (ls->closed)
			return;
		wl_resource_post_error(resource,
			ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE,
			"ack_configure of unknown serial %u", serial);
		return;
	}
	/* It answers this configure and every one before it. */
	wl_list_for_each_safe(c, tmp, &ls->configures, link) {
		bool last = c->serial == serial;

		wl_list_remove(&c->link);
		free(c);
		if (last)
			break;
	}
	ls->configured = true;
}

static void handle_set_layer(struct wl_client *client,
			     struct wl_resource *resource, uint32_t layer)
{
	struct tack_layer_surface *ls = from_resource(resource);

	if (layer > ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY) {
		wl_resource_post_error(resource,
			ZWLR_LAYER_SHELL_V1_ERROR_INVALID_LAYER,
			"layer %u is unknown", layer);
		return;
	}
	if (ls)
		ls->pending.layer = layer;
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwlr_layer_surface_v1_interface layer_surface_impl = {
	.set_size = handle_set_size,
	.set_anchor = handle_set_anchor,
	.set_exclusive_zone = handle_set_exclusive_zone,
	.set_margin = handle_set_margin,
	.set_keyboard_interactivity = handle_set_keyboard_interactivity,
	.get_popup = handle_get_popup,
	.ack_configure = handle_ack_configure,
	.destroy = handle_destroy,
	.set_layer = handle_set_layer,
};

static void layer_surface_resource_destroy(struct wl_resource *resource)
{
	struct tack_layer_surface *ls = from_resource(resource);

	if (ls)
		layer_surface_free(ls);
}

/* NULL asks tack: the output under the pointer, as new windows use. */
static struct tack_output *choose_output(struct tack_layer_shell *shell,
					 struct wl_resource *output_resource)
{
	struct tack_output *output = NULL;
	double lx, ly;

	if (output_resource)
		return tack_output_from_resource(output_resource);
	if (shell->seat && tack_seat_pointer_position(shell->seat, &lx, &ly))
		output = tack_layout_output_at(shell->layout, lx, ly);
	return output ? output : tack_layout_first_output(shell->layout);
}

static bool check_new_layer_surface(struct wl_resource *shell_resource,
				    struct tack_surface *surface)
{
	struct tack_surface_state *p = &surface->pending;

	if (surface->role) {
		wl_resource_post_error(shell_resource,
			ZWLR_LAYER_SHELL_V1_ERROR_ROLE,
			"wl_surface@%u already has role %s",
			wl_resource_get_id(surface->resource),
			surface->role->name);
		return false;
	}
	if (tack_surface_has_buffer(surface) ||
	    ((p->committed & TACK_SURFACE_BUFFER) && p->buffer)) {
		wl_resource_post_error(shell_resource,
			ZWLR_LAYER_SHELL_V1_ERROR_ALREADY_CONSTRUCTED,
			"wl_surface@%u has a buffer",
			wl_resource_get_id(surface->resource));
		return false;
	}
	return true;
}

static void watch(struct tack_layer_surface *ls)
{
	ls->surface_destroy.notify = handle_surface_destroy;
	wl_signal_add(&ls->surface->events.destroy, &ls->surface_destroy);
	ls->surface_attach.notify = handle_surface_attach;
	wl_signal_add(&ls->surface->events.attach, &ls->surface_attach);
	if (!ls->output)
		return;
	ls->output_destroy.notify = handle_output_destroy;
	wl_signal_add(&ls->output->events.destroy, &ls->output_destroy);
}

static void handle_get_layer_surface(struct wl_client *client,
				     struct wl_resource *resource, uint32_t id,
				     struct wl_resource *surface_resource,
				     struct wl_resource *output_resource,
				     uint32_t layer, const char *namespace)
{
	struct tack_layer_shell *shell = wl_resource_get_user_data(resource);
	struct tack_surface *surface = tack_surface_from_resource(surface_resource);
	struct tack_layer_surface *ls;

	if (layer > ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY) {
		wl_resource_post_error(resource,
			ZWLR_LAYER_SHELL_V1_ERROR_INVALID_LAYER,
			"layer %u is unknown", layer);
		return;
	}
	if (!check_new_layer_surface(resource, surface))
		return;
	ls = calloc(1, sizeof(*ls));
	if (!ls)
		goto no_memory;
	ls->resource = wl_resource_create(client, &zwlr_layer_surface_v1_interface,
					  wl_resource_get_version(resource), id);
	if (!ls->resource)
		goto free_ls;
	ls->view = tack_view_create(shell->scene, surface, NULL,
				    scene_layer[layer], &layer_view_impl, ls);
	if (!ls->view)
		goto destroy_resource;
	if (!tack_surface_set_role(surface, &layer_role, ls, resource,
				   ZWLR_LAYER_SHELL_V1_ERROR_ROLE))
		goto destroy_view;
	wl_resource_set_implementation(ls->resource, &layer_surface_impl, ls,
				       layer_surface_resource_destroy);
	ls->shell = shell;
	ls->surface = surface;
	ls->output = choose_output(shell, output_resource);
	ls->pending.layer = layer;
	ls->current = ls->pending;
	wl_list_init(&ls->configures);
	tack_popup_parent_init(&ls->popup_parent, NULL, ls->view);
	wl_list_insert(shell->surfaces.prev, &ls->link);
	watch(ls);
	tack_dbg("layer: \"%s\" on %s, layer %u", namespace,
		 ls->output ? ls->output->name : "no output", layer);
	if (!ls->output)
		close_surface(ls);
	return;

destroy_view:
	/* The role's error is posted: nothing more to tell the client. */
	tack_view_destroy(ls->view);
	wl_resource_destroy(ls->resource);
	free(ls);
	return;
destroy_resource:
	wl_resource_destroy(ls->resource);
free_ls:
	free(ls);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_shell_destroy(struct wl_client *client,
				 struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwlr_layer_shell_v1_interface layer_shell_impl = {
	.get_layer_surface = handle_get_layer_surface,
	.destroy = handle_shell_destroy,
};

static void bind_layer_shell(struct wl_client *client, void *data,
			     uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &zwlr_layer_shell_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &layer_shell_impl, data, NULL);
}

static void handle_layout_change(struct wl_listener *listener, void *data)
{
	struct tack_layer_shell *shell =
		wl_container_of(listener, shell, layout_change);
	struct tack_output *output;

	if (shell->arranging)
		return;
	wl_list_for_each(output, &shell->layout->outputs, link)
		arrange_output(shell, output);
}

struct tack_layer_shell *tack_layer_shell_create(struct wl_display *display,
						 struct tack_scene *scene,
						 struct tack_seat *seat)
{
	struct tack_layer_shell *shell = calloc(1, sizeof(*shell));

	if (!shell)
		return NULL;
	shell->scene = scene;
	shell->layout = scene->layout;
	shell->seat = seat;
	wl_list_init(&shell->surfaces);
	shell->global = wl_global_create(display, &zwlr_layer_shell_v1_interface,
					 LAYER_SHELL_VERSION, shell,
					 bind_layer_shell);
	if (!shell->global) {
		tack_err("layer: cannot create the zwlr_layer_shell_v1 global");
		free(shell);
		return NULL;
	}
	shell->layout_change.notify = handle_layout_change;
	wl_signal_add(&shell->layout->events.change, &shell->layout_change);
	return shell;
}

/* After the clients: their layer surfaces are gone. */
void tack_layer_shell_destroy(struct tack_layer_shell *shell)
{
	if (!shell)
		return;
	wl_list_remove(&shell->layout_change.link);
	wl_global_destroy(shell->global);
	free(shell);
}
