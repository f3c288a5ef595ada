/*
 * An output: its wl_output and xdg_output, its damage and when its frames
 * come; and the interface its backend implements, which the repaint calls.
 */
#ifndef TACK_OUTPUT_H
#define TACK_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <pixman.h>
#include <wayland-server-core.h>

struct tack_frame;
struct tack_layout;
struct tack_output;
struct tack_output_capture;
struct tack_render_target;

/* What a backend does for its outputs. */
struct tack_output_impl {
	/* Call tack_output_frame() at the next good moment (a vblank). */
	void (*schedule_frame)(struct tack_output *output);
	/*
	 * Optional, first thing in a repaint: put what can be shown from the
	 * clients' own memory on planes, marking the frame's surfaces (on a
	 * plane, or why not), and add to or take from frame->damage what
	 * the composite must redraw. Returns whether the frame needs a
	 * composite (a render target) at all.
	 */
	bool (*assign_planes)(struct tack_output *output,
			      struct tack_frame *frame);
	/*
	 * The target to draw the frame's composite into; *age is how many
	 * frames ago its contents were current (0: unknown). After a commit
	 * the kernel refused, frame->redraw asks for one to draw anew.
	 */
	struct tack_render_target *(*acquire_target)(struct tack_output *output,
						     struct tack_frame *frame,
						     int *age);
	/*
	 * Show the frame. The backend then calls tack_output_presented() once
	 * it is on screen. Negative errno; when the refusal was of the
	 * planes, the backend sets frame->planes_refused, and the repaint
	 * composites everything and commits again.
	 */
	int (*commit)(struct tack_output *output, struct tack_frame *frame);
	/*
	 * Optional: a copy of the frame being drawn as the display composes it
	 * (planes and all), for screenshots. 0: capture->done will be called;
	 * negative errno: copy the composited image instead.
	 */
	int (*capture)(struct tack_output *output,
		       struct tack_output_capture *capture);
	void (*destroy)(struct tack_output *output);
};

/*
 * One frame wanted as shown. done() gets the frame, output-sized (NULL on
 * failure), and when it was shown; the capture is unlinked before.
 */
struct tack_output_capture {
	struct wl_list link;		/* the backend's, while waiting */
	void (*done)(struct tack_output_capture *capture,
		     struct tack_render_target *frame,
		     const struct timespec *when);
};

/* The capture's owner gives up on it: done() will not be called. */
void tack_output_capture_cancel(struct tack_output_capture *capture);

struct tack_output_present_event {
	struct tack_output *output;
	struct timespec when;
	uint64_t seq;
	uint32_t flags;		/* wp_presentation_feedback kind */
};

#define TACK_OUTPUT_DAMAGE_HISTORY 4

/* What panels keep for themselves at each edge, in logical pixels. */
struct tack_output_reserved {
	int32_t top, right, bottom, left;
};

struct tack_output {
	struct tack_layout *layout;
	const struct tack_output_impl *impl;
	void *backend_data;
	struct wl_list link;		/* tack_layout.outputs */
	char name[32];
	char description[128];
	char make[32], model[32];
	int32_t width, height;		/* mode, in pixels */
	int32_t refresh_mhz;
	int32_t scale;
	int32_t phys_width_mm, phys_height_mm;
	int32_t x, y;			/* logical position in the layout */
	struct tack_output_reserved reserved;
	uint32_t bit;			/* this output in tack_surface.entered_outputs */
	uint32_t id;			/* for traces */

	struct wl_global *global;
	struct wl_list resources;	/* wl_output resources */
	struct wl_list xdg_resources;	/* zxdg_output_v1 resources */

	pixman_region32_t damage;	/* output pixels, since the last frame */
	pixman_region32_t history[TACK_OUTPUT_DAMAGE_HISTORY];
	bool frame_scheduled;		/* waiting for the backend's call */
	bool enabled;
	uint64_t seq;			/* presented frames */
	struct timespec last_present;

	struct {
		struct wl_signal frame;		/* tack_output *: draw now */
		struct wl_signal present;	/* tack_output_present_event * */
		struct wl_signal destroy;	/* tack_output * */
	} events;
};

/* Backends make outputs with this; it adds the globals and places it. */
struct tack_output *tack_output_create(struct tack_layout *layout,
				       const struct tack_output_impl *impl,
				       void *backend_data, const char *name,
				       int32_t width, int32_t height,
				       int32_t refresh_mhz);
void tack_output_destroy(struct tack_output *output);
/* Its logical size and box in the layout. */
void tack_output_logical_box(struct tack_output *output, pixman_box32_t *box);
/* The logical box less what panels reserve: where windows maximize. */
void tack_output_usable_box(struct tack_output *output, pixman_box32_t *box);
/* Panels changed what they reserve; the layout's change tells windows. */
void tack_output_set_reserved(struct tack_output *output,
			      const struct tack_output_reserved *reserved);
/* Does a layout rectangle reach into the output? */
bool tack_output_overlaps(struct tack_output *output, int32_t lx, int32_t ly,
			  int32_t width, int32_t height);
struct tack_output *tack_output_from_resource(struct wl_resource *resource);
/* Every wl_output resource of the client bound to this output. */
struct wl_resource *tack_output_resource_for_client(struct tack_output *output,
						    struct wl_client *client);

/* Layout-coordinate damage; schedules a frame. */
void tack_output_damage_layout(struct tack_output *output,
			       pixman_region32_t *layout_region);
void tack_output_damage_whole(struct tack_output *output);
/* Ask for a frame even without damage (frame callbacks, screencopy). */
void tack_output_schedule_frame(struct tack_output *output);

/*
 * Backends call this when it is time to draw: the frame signal goes out,
 * and whoever draws the output takes its damage.
 */
void tack_output_frame(struct tack_output *output);
/* The damage since the last frame, for the frame now drawn; cleared. */
void tack_output_take_damage(struct tack_output *output,
			     pixman_region32_t *damage);
/*
 * What must be redrawn in an image whose contents are age frames old,
 * given the frame's damage; the output's size when age is unknown.
 */
void tack_output_damage_for_age(struct tack_output *output,
				const pixman_region32_t *damage, int age,
				pixman_region32_t *out);
/* The frame was drawn with this damage: it joins the history. */
void tack_output_push_damage(struct tack_output *output,
			     const pixman_region32_t *damage);
/* Backends call this when the committed frame is on screen. */
void tack_output_presented(struct tack_output *output,
			   const struct timespec *when, uint64_t seq,
			   uint32_t flags);

struct wl_global *tack_xdg_output_manager_create(struct wl_display *display);

#endif
