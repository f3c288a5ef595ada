/* wl_compositor and wl_surface: double-buffered state and its commit. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "buffer/shm.h"
#include "output/output.h"
#include "surface/presentation.h"
#include "surface/subsurface.h"
#include "surface/surface.h"
#include "surface/viewporter.h"
#include "util/coord.h"
#include "util/region.h"
#include "util/trace.h"

#define COMPOSITOR_VERSION 5

static const struct wl_surface_interface surface_impl;

struct tack_surface *tack_surface_from_resource(struct wl_resource *resource)
{
	assert(wl_resource_instance_of(resource, &wl_surface_interface,
				       &surface_impl));
	return wl_resource_get_user_data(resource);
}

void tack_surface_state_init(struct tack_surface_state *state)
{
	memset(state, 0, sizeof(*state));
	state->scale = 1;
	state->transform = WL_OUTPUT_TRANSFORM_NORMAL;
	pixman_region32_init(&state->surface_damage);
	pixman_region32_init(&state->buffer_damage);
	pixman_region32_init(&state->opaque);
	/* The default input region is infinite. */
	pixman_region32_init_rect(&state->input, INT32_MIN / 2, INT32_MIN / 2,
				  UINT32_MAX / 2, UINT32_MAX / 2);
	wl_list_init(&state->frame_callbacks);
	wl_list_init(&state->feedbacks);
}

void tack_surface_state_finish(struct tack_surface_state *state)
{
	struct wl_resource *cb, *tmp;

	if (state->buffer)
		tack_shm_buffer_unref(state->buffer);
	state->buffer = NULL;
	wl_resource_for_each_safe(cb, tmp, &state->frame_callbacks)
		wl_resource_destroy(cb);
	tack_presentation_discard_all(&state->feedbacks);
	pixman_region32_fini(&state->surface_damage);
	pixman_region32_fini(&state->buffer_damage);
	pixman_region32_fini(&state->opaque);
	pixman_region32_fini(&state->input);
}

/*
 * Fold what next has set into dst (a cache, or the current state), leaving
 * next as a fresh pending state. Damage accumulates; the rest replaces.
 */
void tack_surface_state_move(struct tack_surface_state *dst,
			     struct tack_surface_state *next)
{
	uint32_t set = next->committed;

	if (set & TACK_SURFACE_BUFFER) {
		if (dst->buffer)
			tack_shm_buffer_unref(dst->buffer);
		dst->buffer = next->buffer;
		next->buffer = NULL;
	}
	if (set & (TACK_SURFACE_BUFFER | TACK_SURFACE_OFFSET)) {
		/* a cache adds up the offsets of the commits it holds */
		dst->dx = tack_coord_clamp((int64_t)dst->dx + next->dx);
		dst->dy = tack_coord_clamp((int64_t)dst->dy + next->dy);
	}
	if (set & TACK_SURFACE_DAMAGE) {
		pixman_region32_union(&dst->surface_damage, &dst->surface_damage,
				      &next->surface_damage);
		pixman_region32_union(&dst->buffer_damage, &dst->buffer_damage,
				      &next->buffer_damage);
		pixman_region32_clear(&next->surface_damage);
		pixman_region32_clear(&next->buffer_damage);
	}
	if (set & TACK_SURFACE_OPAQUE)
		pixman_region32_copy(&dst->opaque, &next->opaque);
	if (set & TACK_SURFACE_INPUT)
		pixman_region32_copy(&dst->input, &next->input);
	if (set & TACK_SURFACE_SCALE)
		dst->scale = next->scale;
	if (set & TACK_SURFACE_TRANSFORM)
		dst->transform = next->transform;
	if (set & TACK_SURFACE_VIEWPORT)
		dst->viewport = next->viewport;
	if (set & TACK_SURFACE_FRAME) {
		wl_list_insert_list(dst->frame_callbacks.prev,
				    &next->frame_callbacks);
		wl_list_init(&next->frame_callbacks);
	}
	if (set & TACK_SURFACE_FEEDBACK) {
		/* Older feedbacks in a cache belong to content never shown. */
		tack_presentation_discard_all(&dst->feedbacks);
		wl_list_insert_list(&dst->feedbacks, &next->feedbacks);
		wl_list_init(&next->feedbacks);
	}
	dst->committed |= set;
	next->committed = 0;
	next->dx = next->dy = 0;
}

static void buffer_size(struct tack_shm_buffer *buffer, int32_t scale,
			enum wl_output_transform transform, int32_t *width,
			int32_t *height)
{
	*width = buffer ? buffer->width : 0;
	*height = buffer ? buffer->height : 0;
	if (transform & 1) {
		int32_t tmp = *width;

		*width = *height;
		*height = tmp;
	}
	*width /= scale;
	*height /= scale;
}

/* The logical size a state gives the surface. */
static void state_surface_size(struct tack_shm_buffer *buffer,
			       const struct tack_surface_state *state,
			       int32_t *width, int32_t *height)
{
	buffer_size(buffer, state->scale, state->transform, width, height);
	if (!buffer)
		return;
	if (state->viewport.has_dst) {
		*width = state->viewport.dst_w;
		*height = state->viewport.dst_h;
	} else if (state->viewport.has_src) {
		*width = (int32_t)state->viewport.src_w;
		*height = (int32_t)state->viewport.src_h;
	}
}

/* Buffer damage in surface coordinates, with surface damage, clipped. */
static void surface_damage_from_state(struct tack_surface *surface,
				      struct tack_surface_state *state,
				      pixman_region32_t *out)
{
	const struct tack_viewport_state *vp = &surface->current.viewport;
	int32_t tw, th;
	pixman_region32_t tmp;

	pixman_region32_init(&tmp);
	tack_region_transform(&tmp, &state->buffer_damage,
			      surface->current.transform, surface->buffer_width,
			      surface->buffer_height);
	tack_region_scale(&tmp, &tmp, 1.0 / surface->current.scale,
			  1.0 / surface->current.scale);
	buffer_size(surface->buffer, surface->current.scale,
		    surface->current.transform, &tw, &th);
	if ((vp->has_src || vp->has_dst) && tw > 0 && th > 0) {
		double sx = vp->has_src ? vp->src_x : 0;
		double sy = vp->has_src ? vp->src_y : 0;
		double sw = vp->has_src ? vp->src_w : tw;
		double sh = vp->has_src ? vp->src_h : th;

		pixman_region32_translate(&tmp, -(int32_t)sx, -(int32_t)sy);
		tack_region_scale(&tmp, &tmp, surface->width / sw,
				  surface->height / sh);
		/* Sub-pixel crops and filtering bleed one pixel. */
		if (!pixman_region32_not_empty(&tmp))
			goto merge;
		{
			pixman_box32_t *e = pixman_region32_extents(&tmp);

			tack_region_add_rect(&tmp, e->x1 - 1, e->y1 - 1,
					     e->x2 - e->x1 + 2,
					     e->y2 - e->y1 + 2);
		}
	}
merge:
	pixman_region32_union(out, &tmp, &state->surface_damage);
	pixman_region32_intersect_rect(out, out, 0, 0, surface->width,
				       surface->height);
	pixman_region32_fini(&tmp);
}

static void lock_new_buffer(struct tack_surface *surface,
			    struct tack_shm_buffer *buffer)
{
	if (buffer)
		tack_shm_buffer_lock(buffer);
	if (surface->buffer) {
		tack_shm_buffer_unlock(surface->buffer);
		tack_shm_buffer_unref(surface->buffer);
	}
	surface->buffer = buffer;
}

static void trace_commit(struct tack_surface *surface, pixman_region32_t *damage)
{
	pixman_box32_t *e = pixman_region32_extents(damage);
	struct tack_shm_buffer *b = surface->buffer;
	pid_t pid = 0;

	if (!tack_trace_on(surface->compositor->trace))
		return;
	wl_client_get_credentials(wl_resource_get_client(surface->resource),
				  &pid, NULL, NULL);
	surface->commit_time = tack_trace_commit(surface->compositor->trace,
		surface->trace_id, surface->commit_id, pid,
		b && b->resource ? wl_resource_get_id(b->resource) : 0,
		(int64_t)(e->x2 - e->x1) * (e->y2 - e->y1));
}

static void emit_damage(struct tack_surface_damage_event *event)
{
	wl_signal_emit(&event->surface->compositor->events.surface_damage,
		       event);
}

/* Where the tree was: damage, and input that an event after it changes. */
static void emit_box_damage(struct tack_surface *surface,
			    const pixman_box32_t *box)
{
	pixman_region32_t region;

	pixman_region32_init_rects(&region, box, 1);
	emit_damage(&(struct tack_surface_damage_event){
		.surface = surface, .damage = &region, .input_was = true });
	pixman_region32_fini(&region);
}

void tack_surface_damage_tree(struct tack_surface *surface)
{
	pixman_box32_t box;

	tack_surface_tree_extents(surface, &box);
	emit_box_damage(surface, &box);
}

void tack_surface_input_changed(struct tack_surface *surface)
{
	pixman_box32_t nowhere = { 0 };
	pixman_region32_t none;

	pixman_region32_init(&none);
	emit_damage(&(struct tack_surface_damage_event){
		.surface = surface, .damage = &none, .input_box = &nowhere });
	pixman_region32_fini(&none);
}

void tack_surface_apply_state(struct tack_surface *surface,
			      struct tack_surface_state *next)
{
	struct tack_surface_state *cur = &surface->current;
	int32_t old_w = surface->width, old_h = surface->height;
	bool had_buffer = surface->buffer != NULL, geometry_changed;
	bool input_changed = next->committed & TACK_SURFACE_INPUT;
	pixman_box32_t before, after;
	pixman_region32_t damage;

	tack_surface_tree_extents(surface, &before);
	tack_surface_state_move(cur, next);
	if (cur->committed & TACK_SURFACE_BUFFER) {
		lock_new_buffer(surface, cur->buffer);
		/* The lock now owns the reference the state carried. */
		cur->buffer = NULL;
	}
	buffer_size(surface->buffer, 1, WL_OUTPUT_TRANSFORM_NORMAL,
		    &surface->buffer_width, &surface->buffer_height);
	state_surface_size(surface->buffer, cur, &surface->width,
			   &surface->height);

	pixman_region32_init(&damage);
	surface_damage_from_state(surface, cur, &damage);
	surface->commit_id = ++surface->compositor->next_commit_id;
	trace_commit(surface, &damage);
	pixman_region32_clear(&cur->surface_damage);
	pixman_region32_clear(&cur->buffer_damage);

	geometry_changed = tack_subsurface_parent_committed(surface);
	geometry_changed |= old_w != surface->width || old_h != surface->height ||
			    had_buffer != (surface->buffer != NULL) ||
			    cur->dx || cur->dy;

	/* where the tree was, before the role moves what shows it */
	if (geometry_changed)
		emit_box_damage(surface, &before);
	if (surface->role && surface->role->commit)
		surface->role->commit(surface);

	if (geometry_changed || input_changed) {
		tack_surface_tree_extents(surface, &after);
		tack_box_union(&before, &after);
	}
	if (geometry_changed)
		pixman_region32_union_rect(&damage, &damage, after.x1, after.y1,
					   after.x2 - after.x1,
					   after.y2 - after.y1);
	emit_damage(&(struct tack_surface_damage_event){
		.surface = surface,
		.damage = &damage,
		.input_box = geometry_changed || input_changed ? &before : NULL,
		.frame_wanted = !wl_list_empty(&cur->frame_callbacks) ||
				!wl_list_empty(&cur->feedbacks),
	});
	pixman_region32_fini(&damage);

	cur->committed = 0;
	wl_signal_emit(&surface->events.commit, surface);
	cur->dx = cur->dy = 0;
}

static bool check_pending(struct tack_surface *surface)
{
	struct tack_surface_state *p = &surface->pending;
	struct tack_shm_buffer *buffer =
		p->committed & TACK_SURFACE_BUFFER ? p->buffer : surface->buffer;
	struct tack_surface_state merged = *p;
	int32_t w, h;

	if (!(p->committed & TACK_SURFACE_SCALE))
		merged.scale = surface->current.scale;
	if (!(p->committed & TACK_SURFACE_TRANSFORM))
		merged.transform = surface->current.transform;
	if (!(p->committed & TACK_SURFACE_VIEWPORT))
		merged.viewport = surface->current.viewport;
	if (buffer) {
		int32_t bw = buffer->width, bh = buffer->height;

		if (bw % merged.scale || bh % merged.scale) {
			wl_resource_post_error(surface->resource,
				WL_SURFACE_ERROR_INVALID_SIZE,
				"buffer %dx%d is not a multiple of scale %d",
				bw, bh, merged.scale);
			return false;
		}
	}
	buffer_size(buffer, merged.scale, merged.transform, &w, &h);
	if (buffer && !tack_viewport_check(surface, w, h))
		return false;
	if (surface->role && surface->role->precommit &&
	    !surface->role->precommit(surface))
		return false;
	return true;
}

static void handle_surface_commit(struct wl_client *client,
				  struct wl_resource *resource)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	if (!check_pending(surface))
		return;
	if (surface->subsurface &&
	    tack_subsurface_is_synchronized(surface->subsurface)) {
		tack_surface_state_move(&surface->subsurface->cached,
					&surface->pending);
		surface->subsurface->has_cache = true;
		return;
	}
	tack_surface_apply_state(surface, &surface->pending);
}

static void handle_surface_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_surface_attach(struct wl_client *client,
				  struct wl_resource *resource,
				  struct wl_resource *buffer_resource, int32_t x,
				  int32_t y)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);
	struct tack_surface_state *p = &surface->pending;
	struct tack_shm_buffer *buffer = NULL;

	if ((x || y) && wl_resource_get_version(resource) >=
			       WL_SURFACE_OFFSET_SINCE_VERSION) {
		wl_resource_post_error(resource, WL_SURFACE_ERROR_INVALID_OFFSET,
				       "attach offset must be 0 since version 5");
		return;
	}
	if (buffer_resource) {
		buffer = tack_shm_buffer_from_resource(buffer_resource);
		if (!buffer) {
			wl_resource_post_error(resource,
				WL_DISPLAY_ERROR_INVALID_OBJECT,
				"wl_buffer@%u is not a buffer tack can read",
				wl_resource_get_id(buffer_resource));
			return;
		}
		tack_shm_buffer_ref(buffer);
	}
	/* A role may refuse a buffer here: xdg_surface before its configure. */
	wl_signal_emit(&surface->events.attach, buffer);
	if (p->buffer)
		tack_shm_buffer_unref(p->buffer);
	p->buffer = buffer;
	p->dx = tack_coord_clamp(x);
	p->dy = tack_coord_clamp(y);
	p->committed |= TACK_SURFACE_BUFFER;
}

static void handle_surface_damage(struct wl_client *client,
				  struct wl_resource *resource, int32_t x,
				  int32_t y, int32_t width, int32_t height)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	tack_region_add_rect(&surface->pending.surface_damage, x, y, width,
			     height);
	surface->pending.committed |= TACK_SURFACE_DAMAGE;
}

static void handle_surface_damage_buffer(struct wl_client *client,
					 struct wl_resource *resource,
					 int32_t x, int32_t y, int32_t width,
					 int32_t height)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	tack_region_add_rect(&surface->pending.buffer_damage, x, y, width,
			     height);
	surface->pending.committed |= TACK_SURFACE_DAMAGE;
}

static void handle_callback_resource_destroy(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void handle_surface_frame(struct wl_client *client,
				 struct wl_resource *resource, uint32_t id)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);
	struct wl_resource *cb;

	cb = wl_resource_create(client, &wl_callback_interface, 1, id);
	if (!cb) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(cb, NULL, NULL,
				       handle_callback_resource_destroy);
	wl_list_insert(surface->pending.frame_callbacks.prev,
		       wl_resource_get_link(cb));
	surface->pending.committed |= TACK_SURFACE_FRAME;
}

static void set_region(pixman_region32_t *dst, struct wl_resource *region,
		       bool infinite_default)
{
	if (region)
		pixman_region32_copy(dst, tack_region_from_resource(region));
	else if (infinite_default)
		pixman_region32_reset(dst, &(pixman_box32_t){
			INT32_MIN / 2, INT32_MIN / 2, INT32_MAX / 2,
			INT32_MAX / 2 });
	else
		pixman_region32_clear(dst);
}

static void handle_surface_set_opaque_region(struct wl_client *client,
					     struct wl_resource *resource,
					     struct wl_resource *region)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	set_region(&surface->pending.opaque, region, false);
	surface->pending.committed |= TACK_SURFACE_OPAQUE;
}

static void handle_surface_set_input_region(struct wl_client *client,
					    struct wl_resource *resource,
					    struct wl_resource *region)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	set_region(&surface->pending.input, region, true);
	surface->pending.committed |= TACK_SURFACE_INPUT;
}

static void handle_surface_set_buffer_transform(struct wl_client *client,
						struct wl_resource *resource,
						int32_t transform)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	if (transform < WL_OUTPUT_TRANSFORM_NORMAL ||
	    transform > WL_OUTPUT_TRANSFORM_FLIPPED_270) {
		wl_resource_post_error(resource,
				       WL_SURFACE_ERROR_INVALID_TRANSFORM,
				       "buffer transform %d is not valid",
				       transform);
		return;
	}
	surface->pending.transform = transform;
	surface->pending.committed |= TACK_SURFACE_TRANSFORM;
}

static void handle_surface_set_buffer_scale(struct wl_client *client,
					    struct wl_resource *resource,
					    int32_t scale)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	if (scale < 1) {
		wl_resource_post_error(resource, WL_SURFACE_ERROR_INVALID_SCALE,
				       "buffer scale %d is not positive", scale);
		return;
	}
	surface->pending.scale = scale;
	surface->pending.committed |= TACK_SURFACE_SCALE;
}

static void handle_surface_offset(struct wl_client *client,
				  struct wl_resource *resource, int32_t x,
				  int32_t y)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	surface->pending.dx = tack_coord_clamp(x);
	surface->pending.dy = tack_coord_clamp(y);
	surface->pending.committed |= TACK_SURFACE_OFFSET;
}

static const struct wl_surface_interface surface_impl = {
	.destroy = handle_surface_destroy,
	.attach = handle_surface_attach,
	.damage = handle_surface_damage,
	.frame = handle_surface_frame,
	.set_opaque_region = handle_surface_set_opaque_region,
	.set_input_region = handle_surface_set_input_region,
	.commit = handle_surface_commit,
	.set_buffer_transform = handle_surface_set_buffer_transform,
	.set_buffer_scale = handle_surface_set_buffer_scale,
	.damage_buffer = handle_surface_damage_buffer,
	.offset = handle_surface_offset,
};

static void handle_surface_resource_destroy(struct wl_resource *resource)
{
	struct tack_surface *surface = wl_resource_get_user_data(resource);

	/* Listeners may detach each other's links: the mutable emit copes. */
	wl_signal_emit_mutable(&surface->events.destroy, surface);
	if (surface->buffer) {
		tack_surface_damage_tree(surface);
		lock_new_buffer(surface, NULL);
	}
	wl_list_remove(&surface->link);
	wl_list_remove(&surface->self_current.link);
	wl_list_remove(&surface->self_pending.link);
	tack_surface_state_finish(&surface->pending);
	tack_surface_state_finish(&surface->current);
	tack_quota_give_back(surface->quota_unit);
	free(surface);
}

static void handle_compositor_create_surface(struct wl_client *client,
					     struct wl_resource *resource,
					     uint32_t id)
{
	struct tack_compositor *compositor = wl_resource_get_user_data(resource);
	struct tack_quota_unit *unit;
	struct tack_surface *surface;

	unit = tack_quota_take(&compositor->surface_quota, client);
	if (!unit)
		return;
	surface = calloc(1, sizeof(*surface));
	if (!surface)
		goto give_back;
	surface->resource = wl_resource_create(client, &wl_surface_interface,
		wl_resource_get_version(resource), id);
	if (!surface->resource)
		goto free_surface;
	surface->compositor = compositor;
	surface->quota_unit = unit;
	surface->trace_id = ++compositor->next_surface_id;
	wl_list_insert(&compositor->surfaces, &surface->link);
	tack_surface_state_init(&surface->pending);
	tack_surface_state_init(&surface->current);
	wl_list_init(&surface->stack_current);
	wl_list_init(&surface->stack_pending);
	surface->self_current.surface = surface;
	surface->self_pending.surface = surface;
	wl_list_insert(&surface->stack_current, &surface->self_current.link);
	wl_list_insert(&surface->stack_pending, &surface->self_pending.link);
	wl_signal_init(&surface->events.attach);
	wl_signal_init(&surface->events.commit);
	wl_signal_init(&surface->events.enter);
	wl_signal_init(&surface->events.destroy);
	wl_resource_set_implementation(surface->resource, &surface_impl,
				       surface, handle_surface_resource_destroy);
	wl_signal_emit(&compositor->events.new_surface, surface);
	return;

free_surface:
	free(surface);
give_back:
	tack_quota_give_back(unit);
	wl_client_post_no_memory(client);
}

static void handle_compositor_create_region(struct wl_client *client,
					    struct wl_resource *resource,
					    uint32_t id)
{
	tack_region_create(client, wl_resource_get_version(resource), id);
}

static const struct wl_compositor_interface compositor_impl = {
	.create_surface = handle_compositor_create_surface,
	.create_region = handle_compositor_create_region,
};

static void bind_compositor(struct wl_client *client, void *data,
			    uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_compositor_interface, version,
				      id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &compositor_impl, data, NULL);
}

struct tack_compositor *tack_compositor_create(struct wl_display *display,
					       struct tack_trace *trace)
{
	struct tack_compositor *compositor = calloc(1, sizeof(*compositor));

	if (!compositor)
		return NULL;
	compositor->display = display;
	compositor->trace = trace;
	wl_list_init(&compositor->surfaces);
	tack_quota_init(&compositor->surface_quota, "surfaces",
			TACK_MAX_SURFACES_PER_CLIENT);
	wl_signal_init(&compositor->events.new_surface);
	wl_signal_init(&compositor->events.surface_damage);
	compositor->global = wl_global_create(display, &wl_compositor_interface,
					      COMPOSITOR_VERSION, compositor,
					      bind_compositor);
	if (!compositor->global) {
		free(compositor);
		return NULL;
	}
	return compositor;
}

void tack_compositor_destroy(struct tack_compositor *compositor)
{
	if (!compositor)
		return;
	tack_quota_finish(&compositor->surface_quota);
	wl_global_destroy(compositor->global);
	free(compositor);
}

bool tack_surface_set_role(struct tack_surface *surface,
			   const struct tack_surface_role *role, void *role_data,
			   struct wl_resource *error_resource,
			   uint32_t error_code)
{
	if ((surface->role && surface->role != role) ||
	    (surface->role == role && surface->role_data)) {
		wl_resource_post_error(error_resource, error_code,
			"wl_surface@%u already has role %s, cannot become %s",
			wl_resource_get_id(surface->resource),
			surface->role->name, role->name);
		return false;
	}
	surface->role = role;
	surface->role_data = role_data;
	return true;
}

void tack_surface_clear_role_data(struct tack_surface *surface)
{
	surface->role_data = NULL;
}

bool tack_surface_has_buffer(struct tack_surface *surface)
{
	return surface->buffer != NULL;
}

bool tack_surface_accepts_input(struct tack_surface *surface, double sx,
				double sy)
{
	return sx >= 0 && sy >= 0 && sx < surface->width &&
	       sy < surface->height &&
	       pixman_region32_contains_point(&surface->current.input,
					      (int)sx - (sx < 0),
					      (int)sy - (sy < 0), NULL);
}

void tack_surface_update_output(struct tack_surface *surface,
				struct tack_output *output, bool on_output)
{
	struct wl_client *client = wl_resource_get_client(surface->resource);
	bool entered = surface->entered_outputs & output->bit;
	struct wl_resource *resource;

	if (entered == on_output)
		return;
	surface->entered_outputs ^= output->bit;
	if (on_output)
		wl_signal_emit(&surface->events.enter, output);
	wl_resource_for_each(resource, &output->resources) {
		if (wl_resource_get_client(resource) != client)
			continue;
		if (on_output)
			wl_surface_send_enter(surface->resource, resource);
		else
			wl_surface_send_leave(surface->resource, resource);
	}
}

void tack_surface_take_frame_callbacks(struct tack_surface *surface,
				       struct wl_list *dst)
{
	wl_list_insert_list(dst->prev, &surface->current.frame_callbacks);
	wl_list_init(&surface->current.frame_callbacks);
}

void tack_surface_for_each_surface(struct tack_surface *surface, int32_t x,
				   int32_t y, tack_surface_iterator_t iterator,
				   void *data)
{
	struct tack_surface_stack_entry *entry;

	wl_list_for_each(entry, &surface->stack_current, link) {
		struct tack_subsurface *sub;

		if (entry->surface == surface) {
			if (surface->buffer)
				iterator(surface, x, y, data);
			continue;
		}
		sub = entry->surface->subsurface;
		if (sub->surface->buffer)
			tack_surface_for_each_surface(sub->surface,
						      tack_coord_add(x, sub->x),
						      tack_coord_add(y, sub->y),
						      iterator, data);
	}
}

/* The bounding box only: a union of thousands of boxes costs their square. */
static void add_extents(struct tack_surface *surface, int32_t sx, int32_t sy,
			void *data)
{
	pixman_box32_t *box = data;
	pixman_box32_t this = {
		sx, sy, tack_coord_add(sx, surface->width),
		tack_coord_add(sy, surface->height),
	};

	tack_box_union(box, &this);
}

void tack_surface_tree_extents(struct tack_surface *surface,
			       pixman_box32_t *box)
{
	*box = (pixman_box32_t){ 0, 0, 0, 0 };
	tack_surface_for_each_surface(surface, 0, 0, add_extents, box);
}
