/* wp_presentation: when each commit's content reached the screen. */
#include <stdlib.h>
#include "output/output.h"
#include "surface/presentation.h"
#include "surface/surface.h"
#include "util/time.h"
#include "presentation-time-server-protocol.h"

static void handle_feedback_resource_destroy(struct wl_resource *resource)
{
	struct tack_presentation_feedback *fb =
		wl_resource_get_user_data(resource);

	wl_list_remove(&fb->link);
	free(fb);
}

void tack_presentation_discard_all(struct wl_list *feedbacks)
{
	struct tack_presentation_feedback *fb, *tmp;

	wl_list_for_each_safe(fb, tmp, feedbacks, link) {
		wp_presentation_feedback_send_discarded(fb->resource);
		wl_resource_destroy(fb->resource);
	}
}

void tack_presentation_clear_flags(struct wl_list *feedbacks, uint32_t flags)
{
	struct tack_presentation_feedback *fb;

	wl_list_for_each(fb, feedbacks, link)
		fb->flags &= ~flags;
}

void tack_presentation_take_all(struct wl_list *frame, struct wl_list *feedbacks,
				uint32_t flags)
{
	struct tack_presentation_feedback *fb;

	wl_list_for_each(fb, feedbacks, link)
		fb->flags = flags;
	wl_list_insert_list(frame->prev, feedbacks);
	wl_list_init(feedbacks);
}

void tack_presentation_present_all(struct wl_list *feedbacks,
				   const struct tack_output_present_event *event)
{
	struct tack_presentation_feedback *fb, *tmp;
	uint64_t sec = event->when.tv_sec;
	int64_t refresh = tack_refresh_period_nsec(event->output->refresh_mhz);

	wl_list_for_each_safe(fb, tmp, feedbacks, link) {
		struct wl_client *client = wl_resource_get_client(fb->resource);
		struct wl_resource *output_resource;

		wl_resource_for_each(output_resource,
				     &event->output->resources)
			if (wl_resource_get_client(output_resource) == client)
				wp_presentation_feedback_send_sync_output(
					fb->resource, output_resource);
		wp_presentation_feedback_send_presented(fb->resource,
			sec >> 32, sec & 0xffffffff, event->when.tv_nsec,
			(uint32_t)refresh, event->seq >> 32,
			event->seq & 0xffffffff, event->flags | fb->flags);
		wl_resource_destroy(fb->resource);
	}
}

static void handle_presentation_feedback(struct wl_client *client,
					 struct wl_resource *resource,
					 struct wl_resource *surface_resource,
					 uint32_t id)
{
	struct tack_surface *surface =
		tack_surface_from_resource(surface_resource);
	struct tack_presentation_feedback *fb = calloc(1, sizeof(*fb));

	if (!fb)
		goto no_memory;
	fb->resource = wl_resource_create(client,
					  &wp_presentation_feedback_interface,
					  1, id);
	if (!fb->resource)
		goto free_fb;
	wl_resource_set_implementation(fb->resource, NULL, fb,
				       handle_feedback_resource_destroy);
	wl_list_insert(surface->pending.feedbacks.prev, &fb->link);
	surface->pending.committed |= TACK_SURFACE_FEEDBACK;
	return;

free_fb:
	free(fb);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_presentation_destroy(struct wl_client *client,
					struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wp_presentation_interface presentation_impl = {
	.destroy = handle_presentation_destroy,
	.feedback = handle_presentation_feedback,
};

static void bind_presentation(struct wl_client *client, void *data,
			      uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wp_presentation_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &presentation_impl, NULL,
				       NULL);
	wp_presentation_send_clock_id(resource, TACK_CLOCK);
}

struct wl_global *tack_presentation_create(struct wl_display *display)
{
	return wl_global_create(display, &wp_presentation_interface, 1, NULL,
				bind_presentation);
}
