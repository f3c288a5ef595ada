/*
 * The scene: views (a toplevel or popup surface, with its subsurfaces) in
 * z order per layer, placed in the layout; damage goes from here to outputs.
 */
#ifndef TACK_SCENE_H
#define TACK_SCENE_H

#include <stdbool.h>
#include <stdint.h>
#include <pixman.h>
#include <wayland-server-core.h>
#include "surface/surface.h"

struct tack_compositor;
struct tack_layout;
struct tack_renderer;
struct tack_view;

/* Bottom to top; the first four below the cursor are layer shell's too. */
enum tack_scene_layer {
	TACK_LAYER_BACKGROUND,	/* wallpapers */
	TACK_LAYER_BOTTOM,	/* desktop widgets */
	TACK_LAYER_NORMAL,	/* toplevels with their popups as children */
	TACK_LAYER_TOP,		/* panels, notifications */
	TACK_LAYER_OVERLAY,	/* above fullscreen windows */
	TACK_LAYER_LOCK,	/* the lock screen: all there is while locked */
	TACK_LAYER_CURSOR,	/* drag icon and cursor: never take input */
	TACK_LAYER_COUNT,
};

struct tack_view_impl {
	/* Keyboard focus arrived or left (the xdg activated state). */
	void (*set_activated)(struct tack_view *view, bool activated);
	/* Whether a click gives it the keyboard; NULL: always. */
	bool (*takes_focus)(struct tack_view *view);
};

struct tack_view {
	struct tack_scene *scene;
	struct tack_surface *surface;
	struct tack_view *parent;	/* popups: the view they belong to */
	const struct tack_view_impl *impl;
	void *data;			/* the owner's */
	struct wl_list link;		/* parent's children, or the layer */
	struct wl_list children;	/* drawn above this view, bottom to top */
	enum tack_scene_layer layer;
	int32_t x, y;			/* surface origin: parent-relative or layout */
	bool mapped;
};

struct tack_scene {
	struct tack_compositor *compositor;
	struct tack_layout *layout;
	struct tack_renderer *renderer;
	struct wl_list layers[TACK_LAYER_COUNT];	/* tack_view.link */
	struct wl_list outputs;		/* tack_scene_output.link */
	struct wl_listener surface_damage;
	struct wl_listener new_output;
	/* where surfaces took input before changes still being applied */
	pixman_box32_t input_was;
	/* the session is locked: only the lock and cursor layers exist */
	bool locked;

	struct {
		/*
		 * what lies under the pointer may have changed, only within
		 * a layout box: const pixman_box32_t *
		 */
		struct wl_signal input_changed;
	} events;
};

/*
 * The scene shows the compositor's surfaces on the layout's outputs, and
 * draws what planes do not show with the renderer. It lives while the
 * layout has outputs, and its views go before it.
 */
struct tack_scene *tack_scene_create(struct tack_compositor *compositor,
				     struct tack_layout *layout,
				     struct tack_renderer *renderer);
void tack_scene_destroy(struct tack_scene *scene);

/* A view starts unmapped at 0,0; its owner destroys it before the surface. */
struct tack_view *tack_view_create(struct tack_scene *scene,
				   struct tack_surface *surface,
				   struct tack_view *parent,
				   enum tack_scene_layer layer,
				   const struct tack_view_impl *impl, void *data);
void tack_view_destroy(struct tack_view *view);
void tack_view_set_mapped(struct tack_view *view, bool mapped);
void tack_view_set_position(struct tack_view *view, int32_t x, int32_t y);
/*
 * Locked, the scene shows, lists and hit-tests only the lock layer (and
 * the cursor): screenshots and screencopy see what the screen shows.
 */
void tack_scene_set_locked(struct tack_scene *scene, bool locked);
/* A root view moves, with its children, to the top of another layer. */
void tack_view_set_layer(struct tack_view *view, enum tack_scene_layer layer);
/* To the top of its siblings; for a popup, its whole family rises. */
void tack_view_raise(struct tack_view *view);
struct tack_view *tack_view_root(struct tack_view *view);
/* Mapped, and every ancestor too. */
bool tack_view_is_visible(struct tack_view *view);
void tack_view_layout_position(struct tack_view *view, int32_t *lx, int32_t *ly);
void tack_view_damage_whole(struct tack_view *view);

/* Where the surface's origin is in the layout; false when not shown. */
bool tack_surface_layout_position(struct tack_surface *surface, int32_t *lx,
				  int32_t *ly);

typedef void (*tack_scene_iterator_t)(struct tack_surface *surface,
				      int32_t lx, int32_t ly, void *data);
/* Every visible surface, bottom to top, with its layout position. */
void tack_scene_for_each_surface(struct tack_scene *scene,
				 tack_scene_iterator_t iterator, void *data);
/* The same, limited to layers in mask (1u << enum tack_scene_layer). */
void tack_scene_for_each_surface_in(struct tack_scene *scene, uint32_t mask,
				    tack_scene_iterator_t iterator, void *data);
/*
 * The topmost surface below the cursor layer whose input region holds the
 * point; sx, sy are surface-local. The view returned is that surface's view.
 */
struct tack_surface *tack_scene_surface_at(struct tack_scene *scene, double lx,
					   double ly, double *sx, double *sy,
					   struct tack_view **view);

/* Damage, in layout coordinates, to every output it touches. */
void tack_scene_damage_box(struct tack_scene *scene, const pixman_box32_t *box);
void tack_scene_damage_region(struct tack_scene *scene,
			      pixman_region32_t *region);
/*
 * What takes input may have changed within box (layout coordinates): a
 * seat whose pointer is there looks again.
 */
void tack_scene_input_changed(struct tack_scene *scene,
			      const pixman_box32_t *box);

#endif
