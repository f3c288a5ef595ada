/*
 * A frame: what the repaint hands an output's backend. It lists the
 * surfaces the output shows, bottom to top, each of which the backend may
 * put on a plane of its own (it marks which, and says why not for the
 * rest); the damage the composite must redraw; and the render target the
 * composite is drawn into. The backend commits it; when the kernel refuses
 * the planes, the repaint composites everything and commits again.
 */
#ifndef TACK_FRAME_H
#define TACK_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pixman.h>
#include <wayland-server-core.h>
#include "render/matrix.h"
#include "util/fallback.h"

struct tack_output;
struct tack_render_target;
struct tack_renderer;
struct tack_scene;
struct tack_shm_buffer;
struct tack_surface;

/* What composites cost, summed. */
struct tack_render_stats {
	uint64_t surfaces;	/* surfaces composited */
	uint64_t pixels;	/* destination pixels written */
	uint64_t bytes_read;	/* client buffer bytes sampled */
};

/* One surface the frame shows. */
struct tack_frame_surface {
	struct tack_surface *surface;
	struct tack_shm_buffer *buffer;
	/* where it shows, output pixels; empty when it has no size */
	int32_t x, y, width, height;
	uint32_t format;		/* DRM fourcc */
	bool opaque;			/* its box is all opaque pixels */
	bool transformed;		/* a buffer transform turns it */
	/* its buffer's pixels are not the output's one to one */
	bool scaled;

	/* the backend's marks */
	bool on_plane;
	enum tack_fallback why;		/* not on a plane: why */
};

struct tack_frame {
	struct tack_output *output;
	struct wl_array surfaces;	/* struct tack_frame_surface */
	/* what the composite redraws, output pixels; the backend may edit */
	pixman_region32_t damage;
	/* what the composite draws into; NULL while no composite is drawn */
	struct tack_render_target *target;
	/* the backend refused the planes at commit: composite everything */
	bool planes_refused;
	/* the next target is for a frame drawn anew, after a refusal */
	bool redraw;
};

#define tack_frame_for_each_surface(pos, frame)                              \
	wl_array_for_each(pos, &(frame)->surfaces)

void tack_frame_init(struct tack_frame *frame, struct tack_output *output);
void tack_frame_finish(struct tack_frame *frame);
size_t tack_frame_surface_count(const struct tack_frame *frame);
/*
 * The frame lists, bottom to top, the surfaces of the scene's layers in
 * mask (1u << enum tack_scene_layer) that its output shows, unmarked.
 */
void tack_frame_collect(struct tack_frame *frame, struct tack_scene *scene,
			uint32_t layer_mask);
/*
 * Draw the frame's surfaces into its target within region (output
 * pixels), over the background; leave out those on planes when asked.
 * Adds to stats when not NULL. 0 or a negative errno.
 */
int tack_frame_draw(struct tack_frame *frame, struct tack_renderer *renderer,
		    const pixman_region32_t *region, bool skip_planes,
		    struct tack_render_stats *stats);
/*
 * The map from output pixels to a surface's buffer pixels, given the
 * surface's position in output pixels.
 */
void tack_surface_output_matrix(struct tack_surface *surface, double x,
				double y, double output_scale,
				struct tack_matrix *out);

#endif
