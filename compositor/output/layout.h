/*
 * The layout: every output, side by side from left to right, in layout
 * coordinates (logical pixels). Backends add outputs to it; the scene,
 * the seat and the shell ask it where things are.
 */
#ifndef TACK_LAYOUT_H
#define TACK_LAYOUT_H

#include <stdint.h>
#include <wayland-server-core.h>

struct tack_output;
struct tack_trace;

struct tack_layout {
	struct wl_display *display;
	struct tack_trace *trace;	/* may be NULL */
	struct wl_list outputs;		/* tack_output.link, left to right */
	uint32_t next_output_id;

	struct {
		/* an output was added and placed: struct tack_output * */
		struct wl_signal new_output;
		/* outputs were added or removed: struct tack_layout * */
		struct wl_signal change;
	} events;
};

struct tack_layout *tack_layout_create(struct wl_display *display,
				       struct tack_trace *trace);
/* The backend has destroyed its outputs before. */
void tack_layout_destroy(struct tack_layout *layout);

/* The union of all outputs' logical boxes. */
void tack_layout_box(struct tack_layout *layout, int32_t *x, int32_t *y,
		     int32_t *width, int32_t *height);
/* The output whose logical box holds the point, or NULL. */
struct tack_output *tack_layout_output_at(struct tack_layout *layout,
					  double lx, double ly);
/* The first output, or NULL when there is none. */
struct tack_output *tack_layout_first_output(struct tack_layout *layout);

/*
 * For tack_output: an output joins at the right of the others, or leaves
 * (the first thing it does once its destroy signal went out).
 */
void tack_layout_add_output(struct tack_layout *layout,
			    struct tack_output *output);
void tack_layout_remove_output(struct tack_layout *layout,
			       struct tack_output *output);

#endif
