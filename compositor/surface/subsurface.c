/* wl_subcompositor and wl_subsurface. */
#include <stdlib.h>
#include "surface/subsurface.h"
#include "surface/surface.h"
#include "util/coord.h"
#include "util/log.h"

static const struct tack_surface_role subsurface_role = {
	.name = "wl_subsurface",
};

bool tack_subsurface_is_synchronized(struct tack_subsurface *sub)
{
	while (sub) {
		if (sub->synchronized)
			return true;
		if (!sub->parent)
			return false;
		sub = sub->parent->subsurface;
	}
	return false;
}

static void apply_cache(struct tack_subsurface *sub)
{
	if (!sub->has_cache || !sub->surface)
		return;
	sub->has_cache = false;
	tack_surface_apply_state(sub->surface, &sub->cached);
}

bool tack_subsurface_parent_committed(struct tack_surface *parent)
{
	struct tack_surface_stack_entry *entry, *cur;
	struct wl_list *prev = &parent->stack_current;
	bool changed = false;

	wl_list_for_each(entry, &parent->stack_pending, link) {
		struct tack_subsurface *sub = entry->surface->subsurface;

		cur = entry->surface == parent ? &parent->self_current :
						 &sub->current;
		if (prev->next != &cur->link) {
			wl_list_remove(&cur->link);
			wl_list_insert(prev, &cur->link);
			changed = true;
		}
		prev = &cur->link;
	}
	wl_list_for_each(entry, &parent->stack_pending, link) {
		struct tack_subsurface *sub = entry->surface->subsurface;

		if (entry->surface == parent)
			continue;
		if (sub->x != sub->pending_x || sub->y != sub->pending_y) {
			sub->x = sub->pending_x;
			sub->y = sub->pending_y;
			changed = true;
		}
		/* Only a synchronized child can have a cache to apply. */
		apply_cache(sub);
	}
	return changed;
}

/* Take the subsurface out of its parent's stacks; it shows no more. */
static void detach_from_parent(struct tack_subsurface *sub)
{
	if (!sub->parent)
		return;
	if (sub->surface)
		tack_surface_damage_tree(sub->surface);
	wl_list_remove(&sub->current.link);
	wl_list_init(&sub->current.link);
	wl_list_remove(&sub->pending.link);
	wl_list_init(&sub->pending.link);
	wl_list_remove(&sub->parent_destroy.link);
	wl_list_init(&sub->parent_destroy.link);
	sub->parent = NULL;
	if (sub->surface)
		tack_surface_input_changed(sub->surface);
}

static void subsurface_make_inert(struct tack_subsurface *sub)
{
	detach_from_parent(sub);
	if (sub->surface) {
		sub->surface->subsurface = NULL;
		tack_surface_clear_role_data(sub->surface);
		wl_list_remove(&sub->surface_destroy.link);
		wl_list_init(&sub->surface_destroy.link);
		sub->surface = NULL;
	}
	sub->has_cache = false;
	tack_surface_state_finish(&sub->cached);
	tack_surface_state_init(&sub->cached);
}

static void handle_surface_destroy(struct wl_listener *listener, void *data)
{
	struct tack_subsurface *sub =
		wl_container_of(listener, sub, surface_destroy);

	subsurface_make_inert(sub);
}

static void handle_parent_destroy(struct wl_listener *listener, void *data)
{
	struct tack_subsurface *sub =
		wl_container_of(listener, sub, parent_destroy);

	detach_from_parent(sub);
}

static void handle_subsurface_resource_destroy(struct wl_resource *resource)
{
	struct tack_subsurface *sub = wl_resource_get_user_data(resource);

	subsurface_make_inert(sub);
	tack_surface_state_finish(&sub->cached);
	free(sub);
}

static void handle_subsurface_destroy(struct wl_client *client,
				      struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_subsurface_set_position(struct wl_client *client,
					   struct wl_resource *resource,
					   int32_t x, int32_t y)
{
	struct tack_subsurface *sub = wl_resource_get_user_data(resource);

	if (!sub->surface)
		return;
	sub->pending_x = tack_coord_clamp(x);
	sub->pending_y = tack_coord_clamp(y);
}

/* The pending stack entry of sibling within sub's parent, or NULL. */
static struct tack_surface_stack_entry *
find_sibling(struct tack_subsurface *sub, struct wl_resource *sibling_res)
{
	struct tack_surface *sibling = tack_surface_from_resource(sibling_res);

	if (sibling == sub->surface || !sub->parent)
		return NULL;
	if (sibling == sub->parent)
		return &sub->parent->self_pending;
	if (sibling->subsurface && sibling->subsurface->parent == sub->parent)
		return &sibling->subsurface->pending;
	return NULL;
}

static void restack(struct wl_resource *resource,
		    struct wl_resource *sibling_res, bool above)
{
	struct tack_subsurface *sub = wl_resource_get_user_data(resource);
	struct tack_surface_stack_entry *sibling;

	if (!sub->surface || !sub->parent)
		return;
	sibling = find_sibling(sub, sibling_res);
	if (!sibling) {
		wl_resource_post_error(resource, WL_SUBSURFACE_ERROR_BAD_SURFACE,
			"wl_surface@%u is neither a sibling nor the parent",
			wl_resource_get_id(sibling_res));
		return;
	}
	wl_list_remove(&sub->pending.link);
	wl_list_insert(above ? &sibling->link : sibling->link.prev,
		       &sub->pending.link);
}

static void handle_subsurface_place_above(struct wl_client *client,
					  struct wl_resource *resource,
					  struct wl_resource *sibling)
{
	restack(resource, sibling, true);
}

static void handle_subsurface_place_below(struct wl_client *client,
					  struct wl_resource *resource,
					  struct wl_resource *sibling)
{
	restack(resource, sibling, false);
}

static void handle_subsurface_set_sync(struct wl_client *client,
				       struct wl_resource *resource)
{
	struct tack_subsurface *sub = wl_resource_get_user_data(resource);

	if (sub->surface)
		sub->synchronized = true;
}

static void handle_subsurface_set_desync(struct wl_client *client,
					 struct wl_resource *resource)
{
	struct tack_subsurface *sub = wl_resource_get_user_data(resource);

	if (!sub->surface || !sub->synchronized)
		return;
	sub->synchronized = false;
	/* Now desynchronized in effect: what waited for the parent shows. */
	if (!tack_subsurface_is_synchronized(sub))
		apply_cache(sub);
}

static const struct wl_subsurface_interface subsurface_impl = {
	.destroy = handle_subsurface_destroy,
	.set_position = handle_subsurface_set_position,
	.place_above = handle_subsurface_place_above,
	.place_below = handle_subsurface_place_below,
	.set_sync = handle_subsurface_set_sync,
	.set_desync = handle_subsurface_set_desync,
};

static bool is_ancestor(struct tack_surface *maybe_ancestor,
			struct tack_surface *surface)
{
	while (surface) {
		if (surface == maybe_ancestor)
			return true;
		if (!surface->subsurface)
			return false;
		surface = surface->subsurface->parent;
	}
	return false;
}

/* Surfaces from the surface up to the root of its tree, both counted. */
static int depth_of(struct tack_surface *surface)
{
	int depth = 1;

	while (surface->subsurface && surface->subsurface->parent) {
		surface = surface->subsurface->parent;
		depth++;
	}
	return depth;
}

/* Levels of the tree under the surface, the surface counted. */
static int height_of(struct tack_surface *surface)
{
	struct tack_surface_stack_entry *entry;
	int height = 0;

	wl_list_for_each(entry, &surface->stack_pending, link) {
		int h;

		if (entry->surface == surface)
			continue;
		h = height_of(entry->surface);
		if (h > height)
			height = h;
	}
	return height + 1;
}

static void handle_subcompositor_get_subsurface(struct wl_client *client,
						struct wl_resource *resource,
						uint32_t id,
						struct wl_resource *surface_res,
						struct wl_resource *parent_res)
{
	struct tack_surface *surface = tack_surface_from_resource(surface_res);
	struct tack_surface *parent = tack_surface_from_resource(parent_res);
	struct tack_subsurface *sub;

	if (is_ancestor(surface, parent)) {
		wl_resource_post_error(resource,
			WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
			"wl_surface@%u cannot be a subsurface of itself or of its own descendant",
			wl_resource_get_id(surface_res));
		return;
	}
	/* trees are walked level by level: their depth is bounded */
	if (depth_of(parent) + height_of(surface) > TACK_SUBSURFACE_MAX_DEPTH) {
		wl_resource_post_error(resource,
			WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE,
			"a subsurface tree may be %d surfaces deep at most",
			TACK_SUBSURFACE_MAX_DEPTH);
		return;
	}
	sub = calloc(1, sizeof(*sub));
	if (!sub) {
		wl_client_post_no_memory(client);
		return;
	}
	if (!tack_surface_set_role(surface, &subsurface_role, sub, resource,
				   WL_SUBCOMPOSITOR_ERROR_BAD_SURFACE)) {
		free(sub);
		return;
	}
	sub->resource = wl_resource_create(client, &wl_subsurface_interface,
					   1, id);
	if (!sub->resource) {
		tack_surface_clear_role_data(surface);
		free(sub);
		wl_client_post_no_memory(client);
		return;
	}
	sub->surface = surface;
	sub->parent = parent;
	sub->synchronized = true;
	sub->current.surface = surface;
	sub->pending.surface = surface;
	tack_surface_state_init(&sub->cached);
	wl_list_init(&sub->current.link);
	/* New subsurfaces go on top of the parent's pending stack. */
	wl_list_insert(parent->stack_pending.prev, &sub->pending.link);
	surface->subsurface = sub;
	sub->surface_destroy.notify = handle_surface_destroy;
	wl_signal_add(&surface->events.destroy, &sub->surface_destroy);
	sub->parent_destroy.notify = handle_parent_destroy;
	wl_signal_add(&parent->events.destroy, &sub->parent_destroy);
	wl_resource_set_implementation(sub->resource, &subsurface_impl, sub,
				       handle_subsurface_resource_destroy);
}

static void handle_subcompositor_destroy(struct wl_client *client,
					 struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_subcompositor_interface subcompositor_impl = {
	.destroy = handle_subcompositor_destroy,
	.get_subsurface = handle_subcompositor_get_subsurface,
};

static void bind_subcompositor(struct wl_client *client, void *data,
			       uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_subcompositor_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &subcompositor_impl, data,
				       NULL);
}

struct wl_global *tack_subcompositor_create(struct wl_display *display)
{
	return wl_global_create(display, &wl_subcompositor_interface, 1, NULL,
				bind_subcompositor);
}
