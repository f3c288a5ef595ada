/* wp_presentation: feedback for every commit, from the backend's clock. */
#ifndef TACK_PRESENTATION_H
#define TACK_PRESENTATION_H

#include <stdbool.h>
#include <wayland-server-core.h>

struct tack_output_present_event;

struct tack_presentation_feedback {
	struct wl_resource *resource;
	/* a tack_surface_state.feedbacks, then the frame that shows it */
	struct wl_list link;
	uint32_t flags;			/* kinds known when drawn: ZERO_COPY */
};

struct wl_global *tack_presentation_create(struct wl_display *display);
/* The content these feedbacks belong to will never be shown. */
void tack_presentation_discard_all(struct wl_list *feedbacks);
/* The content was shown in this frame, with each feedback's own flags. */
void tack_presentation_present_all(struct wl_list *feedbacks,
				   const struct tack_output_present_event *event);
/* The frame lost a kind it was drawn with (a plane fell back). */
void tack_presentation_clear_flags(struct wl_list *feedbacks, uint32_t flags);
/* Moves the feedbacks to the frame list that will present them. */
void tack_presentation_take_all(struct wl_list *frame, struct wl_list *feedbacks,
				uint32_t flags);

#endif
