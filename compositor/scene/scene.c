/* Views in z order, their place in the layout, and damage to outputs. */
#include <stdlib.h>
#include "output/layout.h"
#include "output/output.h"
#include "scene/repaint.h"
#include "scene/scene.h"
#include "surface/subsurface.h"
#include "util/coord.h"
#include "util/log.h"
#include "util/region.h"

static void damage_surface(struct tack_scene *scene,
			   struct tack_surface *surface,
			   pixman_region32_t *surface_damage);
static void schedule_surface(struct tack_scene *scene,
			     struct tack_surface *surface);

/*
 * Where input changed for a surface's event: the places it was, gathered
 * while it still showed there, and where it is once the change is done.
 */
static void surface_input(struct tack_scene *scene,
			  struct tack_surface_damage_event *event)
{
	int32_t lx, ly;
	bool shown = tack_surface_layout_position(event->surface, &lx, &ly);
	pixman_box32_t box;

	if (event->input_was && shown) {
		box = *pixman_region32_extents(event->damage);
		tack_box_translate(&box, lx, ly);
		tack_box_union(&scene->input_was, &box);
	}
	if (!event->input_box)
		return;
	box = scene->input_was;
	scene->input_was = (pixman_box32_t){ 0 };
	if (shown) {
		pixman_box32_t now = *event->input_box;

		tack_box_translate(&now, lx, ly);
		tack_box_union(&box, &now);
	}
	tack_scene_input_changed(scene, &box);
}

static void handle_compositor_surface_damage(struct wl_listener *listener,
					     void *data)
{
	struct tack_scene *scene =
		wl_container_of(listener, scene, surface_damage);
	struct tack_surface_damage_event *event = data;

	damage_surface(scene, event->surface, event->damage);
	if (event->input_was || event->input_box)
		surface_input(scene, event);
	if (event->frame_wanted)
		schedule_surface(scene, event->surface);
}

static void handle_layout_new_output(struct wl_listener *listener, void *data)
{
	struct tack_scene *scene = wl_container_of(listener, scene, new_output);

	if (!tack_scene_output_create(scene, data))
		tack_err("scene: no memory for an output; it shows nothing");
}

struct tack_scene *tack_scene_create(struct tack_compositor *compositor,
				     struct tack_layout *layout,
				     struct tack_renderer *renderer)
{
	struct tack_scene *scene = calloc(1, sizeof(*scene));
	int i;

	if (!scene)
		return NULL;
	scene->compositor = compositor;
	scene->layout = layout;
	scene->renderer = renderer;
	for (i = 0; i < TACK_LAYER_COUNT; i++)
		wl_list_init(&scene->layers[i]);
	wl_list_init(&scene->outputs);
	wl_signal_init(&scene->events.input_changed);
	scene->surface_damage.notify = handle_compositor_surface_damage;
	wl_signal_add(&compositor->events.surface_damage,
		      &scene->surface_damage);
	scene->new_output.notify = handle_layout_new_output;
	wl_signal_add(&layout->events.new_output, &scene->new_output);
	return scene;
}

void tack_scene_destroy(struct tack_scene *scene)
{
	struct tack_scene_output *so, *tmp;

	if (!scene)
		return;
	wl_list_for_each_safe(so, tmp, &scene->outputs, link)
		tack_scene_output_destroy(so);
	wl_list_remove(&scene->surface_damage.link);
	wl_list_remove(&scene->new_output.link);
	free(scene);
}

struct tack_view *tack_view_create(struct tack_scene *scene,
				   struct tack_surface *surface,
				   struct tack_view *parent,
				   enum tack_scene_layer layer,
				   const struct tack_view_impl *impl, void *data)
{
	struct tack_view *view = calloc(1, sizeof(*view));

	if (!view)
		return NULL;
	view->scene = scene;
	view->surface = surface;
	view->parent = parent;
	view->impl = impl;
	view->data = data;
	view->layer = parent ? parent->layer : layer;
	wl_list_init(&view->children);
	wl_list_insert(parent ? parent->children.prev :
				scene->layers[view->layer].prev,
		       &view->link);
	surface->view = view;
	return view;
}

void tack_scene_input_changed(struct tack_scene *scene,
			      const pixman_box32_t *box)
{
	wl_signal_emit(&scene->events.input_changed, (void *)box);
}

void tack_view_destroy(struct tack_view *view)
{
	struct tack_view *child, *tmp;

	if (!view)
		return;
	tack_view_set_mapped(view, false);
	/* Children outlive nothing: their owners see them orphaned. */
	wl_list_for_each_safe(child, tmp, &view->children, link) {
		wl_list_remove(&child->link);
		wl_list_init(&child->link);
		child->parent = NULL;
		child->mapped = false;
	}
	wl_list_remove(&view->link);
	if (view->surface->view == view)
		view->surface->view = NULL;
	free(view);
}

/*
 * Damage what the view and the views above it show, and add it to shown
 * (where they take input) when given.
 */
static void damage_view(struct tack_view *view, pixman_box32_t *shown)
{
	struct tack_view *child;
	pixman_box32_t box;
	int32_t lx, ly;

	if (!tack_view_is_visible(view))
		return;
	tack_view_layout_position(view, &lx, &ly);
	tack_surface_tree_extents(view->surface, &box);
	tack_box_translate(&box, lx, ly);
	tack_scene_damage_box(view->scene, &box);
	if (shown)
		tack_box_union(shown, &box);
	wl_list_for_each(child, &view->children, link)
		damage_view(child, shown);
}

void tack_view_damage_whole(struct tack_view *view)
{
	damage_view(view, NULL);
}

void tack_view_set_mapped(struct tack_view *view, bool mapped)
{
	pixman_box32_t box = { 0 };

	if (view->mapped == mapped)
		return;
	if (!mapped)
		damage_view(view, &box);
	view->mapped = mapped;
	if (mapped)
		damage_view(view, &box);
	tack_scene_input_changed(view->scene, &box);
}

void tack_view_set_position(struct tack_view *view, int32_t x, int32_t y)
{
	pixman_box32_t box = { 0 };

	x = tack_coord_clamp(x);
	y = tack_coord_clamp(y);
	if (view->x == x && view->y == y)
		return;
	damage_view(view, &box);
	view->x = x;
	view->y = y;
	damage_view(view, &box);
	tack_scene_input_changed(view->scene, &box);
}

struct tack_view *tack_view_root(struct tack_view *view)
{
	while (view->parent)
		view = view->parent;
	return view;
}

void tack_view_raise(struct tack_view *view)
{
	pixman_box32_t box = { 0 };
	struct wl_list *siblings;

	view = tack_view_root(view);
	if (wl_list_empty(&view->link))
		return;
	siblings = &view->scene->layers[view->layer];
	if (siblings->prev == &view->link)
		return;
	wl_list_remove(&view->link);
	wl_list_insert(siblings->prev, &view->link);
	damage_view(view, &box);
	tack_scene_input_changed(view->scene, &box);
}

void tack_scene_set_locked(struct tack_scene *scene, bool locked)
{
	pixman_box32_t all;
	int32_t x, y, w, h;

	if (scene->locked == locked)
		return;
	scene->locked = locked;
	tack_layout_box(scene->layout, &x, &y, &w, &h);
	all = (pixman_box32_t){ x, y, x + w, y + h };
	tack_scene_damage_box(scene, &all);
	tack_scene_input_changed(scene, &all);
}

static void set_layer_of_tree(struct tack_view *view,
			      enum tack_scene_layer layer)
{
	struct tack_view *child;

	view->layer = layer;
	wl_list_for_each(child, &view->children, link)
		set_layer_of_tree(child, layer);
}

void tack_view_set_layer(struct tack_view *view, enum tack_scene_layer layer)
{
	pixman_box32_t box = { 0 };

	if (view->parent || view->layer == layer)
		return;
	damage_view(view, &box);
	set_layer_of_tree(view, layer);
	wl_list_remove(&view->link);
	wl_list_insert(view->scene->layers[layer].prev, &view->link);
	damage_view(view, &box);
	tack_scene_input_changed(view->scene, &box);
}

bool tack_view_is_visible(struct tack_view *view)
{
	for (; view; view = view->parent) {
		if (!view->mapped)
			return false;
		if (!view->parent && wl_list_empty(&view->link))
			return false;
	}
	return true;
}

void tack_view_layout_position(struct tack_view *view, int32_t *lx, int32_t *ly)
{
	*lx = *ly = 0;
	for (; view; view = view->parent) {
		*lx = tack_coord_add(*lx, view->x);
		*ly = tack_coord_add(*ly, view->y);
	}
}

bool tack_surface_layout_position(struct tack_surface *surface, int32_t *lx,
				  int32_t *ly)
{
	struct tack_subsurface *sub = surface->subsurface;

	if (surface->view) {
		if (!tack_view_is_visible(surface->view))
			return false;
		tack_view_layout_position(surface->view, lx, ly);
		return true;
	}
	if (!sub || !sub->parent || wl_list_empty(&sub->current.link) ||
	    !sub->parent->buffer)
		return false;
	if (!tack_surface_layout_position(sub->parent, lx, ly))
		return false;
	*lx = tack_coord_add(*lx, sub->x);
	*ly = tack_coord_add(*ly, sub->y);
	return true;
}

struct scene_iter {
	tack_scene_iterator_t iterator;
	void *data;
};

static void view_for_each(struct tack_view *view, int32_t px, int32_t py,
			  struct scene_iter *it)
{
	struct tack_view *child;
	int32_t x = tack_coord_add(px, view->x);
	int32_t y = tack_coord_add(py, view->y);

	if (!view->mapped)
		return;
	tack_surface_for_each_surface(view->surface, x, y, it->iterator,
				      it->data);
	wl_list_for_each(child, &view->children, link)
		view_for_each(child, x, y, it);
}

void tack_scene_for_each_surface_in(struct tack_scene *scene, uint32_t mask,
				    tack_scene_iterator_t iterator, void *data)
{
	struct scene_iter it = { iterator, data };
	struct tack_view *view;
	int i;

	if (scene->locked)
		mask &= 1u << TACK_LAYER_LOCK | 1u << TACK_LAYER_CURSOR;
	for (i = 0; i < TACK_LAYER_COUNT; i++) {
		if (!(mask & (1u << i)))
			continue;
		wl_list_for_each(view, &scene->layers[i], link)
			view_for_each(view, 0, 0, &it);
	}
}

void tack_scene_for_each_surface(struct tack_scene *scene,
				 tack_scene_iterator_t iterator, void *data)
{
	tack_scene_for_each_surface_in(scene, ~0u, iterator, data);
}

struct hit {
	double lx, ly;
	struct tack_surface *surface;
	double sx, sy;
};

static void test_hit(struct tack_surface *surface, int32_t x, int32_t y,
		     void *data)
{
	struct hit *hit = data;

	/* Bottom to top: the last match is the topmost. */
	if (tack_surface_accepts_input(surface, hit->lx - x, hit->ly - y)) {
		hit->surface = surface;
		hit->sx = hit->lx - x;
		hit->sy = hit->ly - y;
	}
}

static struct tack_view *view_at(struct tack_view *view, int32_t px,
				 int32_t py, struct hit *hit)
{
	struct tack_view *child, *found;
	int32_t x = tack_coord_add(px, view->x);
	int32_t y = tack_coord_add(py, view->y);

	if (!view->mapped)
		return NULL;
	wl_list_for_each_reverse(child, &view->children, link) {
		found = view_at(child, x, y, hit);
		if (found)
			return found;
	}
	tack_surface_for_each_surface(view->surface, x, y, test_hit, hit);
	return hit->surface ? view : NULL;
}

struct tack_surface *tack_scene_surface_at(struct tack_scene *scene, double lx,
					   double ly, double *sx, double *sy,
					   struct tack_view **view_out)
{
	struct hit hit = { .lx = lx, .ly = ly };
	struct tack_view *view, *found = NULL;
	int layer;

	for (layer = TACK_LAYER_CURSOR - 1; layer >= 0 && !found; layer--) {
		if (scene->locked && layer != TACK_LAYER_LOCK)
			continue;
		wl_list_for_each_reverse(view, &scene->layers[layer], link) {
			found = view_at(view, 0, 0, &hit);
			if (found)
				break;
		}
	}
	if (view_out)
		*view_out = found;
	if (!found)
		return NULL;
	*sx = hit.sx;
	*sy = hit.sy;
	return hit.surface;
}

void tack_scene_damage_region(struct tack_scene *scene,
			      pixman_region32_t *region)
{
	struct tack_output *output;

	if (!pixman_region32_not_empty(region))
		return;
	wl_list_for_each(output, &scene->layout->outputs, link)
		tack_output_damage_layout(output, region);
}

void tack_scene_damage_box(struct tack_scene *scene, const pixman_box32_t *box)
{
	pixman_region32_t region;

	if (box->x2 <= box->x1 || box->y2 <= box->y1)
		return;
	pixman_region32_init_rects(&region, box, 1);
	tack_scene_damage_region(scene, &region);
	pixman_region32_fini(&region);
}

static void damage_surface(struct tack_scene *scene,
			   struct tack_surface *surface,
			   pixman_region32_t *surface_damage)
{
	pixman_region32_t region;
	int32_t lx, ly;

	if (!pixman_region32_not_empty(surface_damage) ||
	    !tack_surface_layout_position(surface, &lx, &ly))
		return;
	pixman_region32_init(&region);
	pixman_region32_copy(&region, surface_damage);
	pixman_region32_translate(&region, lx, ly);
	tack_scene_damage_region(scene, &region);
	pixman_region32_fini(&region);
}

static void schedule_surface(struct tack_scene *scene,
			     struct tack_surface *surface)
{
	struct tack_output *output;
	int32_t lx, ly;

	if (!tack_surface_layout_position(surface, &lx, &ly))
		return;
	wl_list_for_each(output, &scene->layout->outputs, link)
		if (tack_output_overlaps(output, lx, ly, surface->width,
					 surface->height))
			tack_output_schedule_frame(output);
}
