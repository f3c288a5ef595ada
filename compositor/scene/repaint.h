/*
 * The repaint cycle of one output: at the backend's frame signal the scene
 * builds a frame of what the output shows, lets the backend take surfaces
 * onto planes, composites the rest into the backend's render target and
 * hands the frame to the backend; at its present signal, the frame's
 * feedbacks and frame callbacks go out.
 */
#ifndef TACK_REPAINT_H
#define TACK_REPAINT_H

#include <stdint.h>
#include <pixman.h>
#include <wayland-server-core.h>
#include "scene/frame.h"

struct tack_output;
struct tack_render_target;
struct tack_scene;

struct tack_scene_render_event {
	struct tack_scene_output *scene_output;
	/*
	 * The whole frame as it will show, or NULL where the backend has
	 * planes that may show part of it (then the scene can be drawn again,
	 * or the frame captured).
	 */
	struct tack_render_target *target;
	pixman_region32_t *damage;	/* output pixels that changed */
};

struct tack_scene_output {
	struct tack_scene *scene;
	struct tack_output *output;
	struct wl_list link;		/* tack_scene.outputs */
	struct tack_frame frame;	/* the one being drawn, reused */
	/* presentation feedbacks of what the frame in flight shows */
	struct wl_list frame_feedbacks;
	/*
	 * wl_callback resources of the surfaces the frame in flight shows:
	 * one committed after the repaint waits for the next frame, as its
	 * buffer does, so a client never hears "done" while both of two
	 * buffers are still held
	 */
	struct wl_list frame_callbacks;
	uint64_t frames_rendered;
	struct tack_render_stats stats;

	struct wl_listener output_frame;
	struct wl_listener output_present;
	struct wl_listener output_destroy;

	struct {
		/* drawn, before the commit: struct tack_scene_render_event * */
		struct wl_signal render;
		/* on screen: struct tack_output_present_event * */
		struct wl_signal present;
		/* going, with its output: struct tack_scene_output * */
		struct wl_signal destroy;
	} events;
};

/* The scene makes one for each output the layout gets. */
struct tack_scene_output *tack_scene_output_create(struct tack_scene *scene,
						   struct tack_output *output);
struct tack_scene_output *tack_scene_output_for(struct tack_scene *scene,
						struct tack_output *output);
/* With its output, or with the scene while outputs remain. */
void tack_scene_output_destroy(struct tack_scene_output *so);

#endif
