/* wp_presentation: feedback for every commit, from the backend's clock. */
#ifndef TACK_PRESENTATION_H
#define TACK_PRESENTATION_H

#include <stdbool.h>
#include <wayland-server-core.h>

struct tack_server;
struct tack_output_present_event;

struct tack_presentation_feedback {
	struct wl_resource *resource;
	struct wl_list link;		/* a tack_surface_state.feedbacks */
};

struct wl_global *tack_presentation_create(struct tack_server *server);
/* The content these feedbacks belong to will never be shown. */
void tack_presentation_discard_all(struct wl_list *feedbacks);
/* The content was shown in this frame; extra_flags adds e.g. ZERO_COPY. */
void tack_presentation_present_all(struct wl_list *feedbacks,
				   const struct tack_output_present_event *event,
				   uint32_t extra_flags);

#endif
