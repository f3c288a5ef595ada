/* wl_surface: double-buffered state, roles and the subsurface stack. */
#ifndef TACK_SURFACE_H
#define TACK_SURFACE_H

#include <stdbool.h>
#include <stdint.h>
#include <pixman.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>
#include "util/quota.h"

struct tack_output;
struct tack_shm_buffer;
struct tack_subsurface;
struct tack_trace;
struct tack_view;

enum tack_surface_field {
	TACK_SURFACE_BUFFER = 1 << 0,
	TACK_SURFACE_DAMAGE = 1 << 1,
	TACK_SURFACE_OPAQUE = 1 << 2,
	TACK_SURFACE_INPUT = 1 << 3,
	TACK_SURFACE_SCALE = 1 << 4,
	TACK_SURFACE_TRANSFORM = 1 << 5,
	TACK_SURFACE_FRAME = 1 << 6,
	TACK_SURFACE_OFFSET = 1 << 7,
	TACK_SURFACE_VIEWPORT = 1 << 8,
	TACK_SURFACE_FEEDBACK = 1 << 9,
};

struct tack_viewport_state {
	bool has_src, has_dst;
	double src_x, src_y, src_w, src_h;
	int32_t dst_w, dst_h;
};

struct tack_surface_state {
	uint32_t committed;		/* enum tack_surface_field */
	struct tack_shm_buffer *buffer;	/* a reference; NULL: no content */
	int32_t dx, dy;
	pixman_region32_t surface_damage, buffer_damage;
	pixman_region32_t opaque, input;
	int32_t scale;
	enum wl_output_transform transform;
	struct tack_viewport_state viewport;
	struct wl_list frame_callbacks;	/* wl_resource_get_link */
	struct wl_list feedbacks;	/* tack_presentation_feedback.link */
};

/* One entry of a stack: a subsurface, or the parent itself. */
struct tack_surface_stack_entry {
	struct wl_list link;
	struct tack_surface *surface;
};

struct tack_surface_role {
	const char *name;
	/* Check the pending state; false after posting a protocol error. */
	bool (*precommit)(struct tack_surface *surface);
	/* The committed state has become current. */
	void (*commit)(struct tack_surface *surface);
};

struct tack_surface {
	struct wl_resource *resource;
	struct tack_compositor *compositor;
	struct tack_quota_unit *quota_unit;
	struct wl_list link;		/* tack_compositor.surfaces */
	struct tack_surface_state pending, current;
	/* Outputs it was told it entered (wl_surface.enter), by output bit. */
	uint32_t entered_outputs;

	/* For traces: its id, its last commit's, and the last one shown. */
	uint32_t trace_id;
	uint64_t commit_id, shown_commit;
	int64_t commit_time;		/* when traced, ns */

	/* Derived from current: logical size, and the buffer's size. */
	int32_t width, height;
	int32_t buffer_width, buffer_height;
	/* Current buffer, locked while it is the content. */
	struct tack_shm_buffer *buffer;

	const struct tack_surface_role *role;
	void *role_data;		/* NULL once the role object is gone */

	/* the scene's: set while the scene shows it as a root */
	struct tack_view *view;
	struct tack_subsurface *subsurface;	/* set for the subsurface role */
	struct wl_resource *viewport_resource;

	/* Subsurfaces and this surface, bottom to top. */
	struct wl_list stack_current, stack_pending;
	struct tack_surface_stack_entry self_current, self_pending;

	struct {
		/* wl_surface.attach, with the tack_shm_buffer or NULL */
		struct wl_signal attach;
		struct wl_signal commit;	/* after state became current */
		struct wl_signal enter;		/* tack_output *: entered it */
		struct wl_signal destroy;
	} events;
};

/*
 * What changed on a surface, in its own coordinates: pixels it shows or
 * showed there, and whether where input goes or a frame is wanted. Who
 * shows the surface turns it into damage on outputs.
 */
struct tack_surface_damage_event {
	struct tack_surface *surface;
	pixman_region32_t *damage;	/* surface-local, may be empty */
	/*
	 * Surface-local, the tree's extents before and after: where its input
	 * region or geometry changed, completing any input_was events before
	 * it. NULL where neither did.
	 */
	const pixman_box32_t *input_box;
	/*
	 * The damage is where the tree took input before a change that an
	 * event with input_box completes: seen now, while it still shows there.
	 */
	bool input_was;
	bool frame_wanted;		/* frame callbacks or feedbacks wait */
};

/*
 * Surfaces a client may have, subsurfaces and windows included: a client
 * with more is an attack (one surface per glyph of text), and every one
 * costs each frame a little.
 */
#define TACK_MAX_SURFACES_PER_CLIENT 4096

/* wl_compositor, and every surface. */
struct tack_compositor {
	struct wl_display *display;
	struct tack_trace *trace;	/* may be NULL */
	struct wl_global *global;
	struct wl_list surfaces;	/* tack_surface.link, every one */
	uint32_t next_surface_id;	/* for traces */
	uint64_t next_commit_id;
	struct tack_quota surface_quota;	/* per client */

	struct {
		struct wl_signal new_surface;	/* struct tack_surface * */
		/* struct tack_surface_damage_event * */
		struct wl_signal surface_damage;
	} events;
};

/* It outlives every surface: destroy it after the clients. */
struct tack_compositor *tack_compositor_create(struct wl_display *display,
					       struct tack_trace *trace);
void tack_compositor_destroy(struct tack_compositor *compositor);
struct tack_surface *tack_surface_from_resource(struct wl_resource *resource);

/*
 * Give the surface a role. A surface keeps its first role for life; a second,
 * different one (or a second object of the same role) posts error_code on
 * error_resource and returns false.
 */
bool tack_surface_set_role(struct tack_surface *surface,
			   const struct tack_surface_role *role, void *role_data,
			   struct wl_resource *error_resource, uint32_t error_code);
/* The role object is gone; the surface keeps the role, without data. */
void tack_surface_clear_role_data(struct tack_surface *surface);

bool tack_surface_has_buffer(struct tack_surface *surface);
/* Apply a cached or pending state (used by the subsurface code). */
void tack_surface_apply_state(struct tack_surface *surface,
			      struct tack_surface_state *next);
void tack_surface_state_init(struct tack_surface_state *state);
void tack_surface_state_finish(struct tack_surface_state *state);
/* Move what next has set into cached, leaving next empty. */
void tack_surface_state_move(struct tack_surface_state *cached,
			     struct tack_surface_state *next);

/* Is the point, in surface coordinates, inside the surface's input region? */
bool tack_surface_accepts_input(struct tack_surface *surface, double sx,
				double sy);

typedef void (*tack_surface_iterator_t)(struct tack_surface *surface,
					int32_t sx, int32_t sy, void *data);
/* Visit the surface and its mapped subsurfaces bottom to top; sx, sy offsets. */
void tack_surface_for_each_surface(struct tack_surface *surface, int32_t x,
				   int32_t y, tack_surface_iterator_t iterator,
				   void *data);
/* The box, relative to the surface, that the surface and subsurfaces cover. */
void tack_surface_tree_extents(struct tack_surface *surface,
			       pixman_box32_t *box);
/*
 * The surface and its subsurfaces no longer show where they did; once they
 * have gone, tack_surface_input_changed() says so for input.
 */
void tack_surface_damage_tree(struct tack_surface *surface);
void tack_surface_input_changed(struct tack_surface *surface);

/*
 * Tell the surface's client which outputs it is on, entering or leaving
 * the output whose bit is given, from whether it shows there now.
 */
void tack_surface_update_output(struct tack_surface *surface,
				struct tack_output *output, bool on_output);

/* Moves the frame callbacks of what the surface shows now to dst. */
void tack_surface_take_frame_callbacks(struct tack_surface *surface,
				       struct wl_list *dst);

#endif
