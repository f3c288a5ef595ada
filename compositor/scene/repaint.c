/* Each output's frames: build, composite, commit; then present. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "output/layout.h"
#include "output/output.h"
#include "render/renderer.h"
#include "scene/repaint.h"
#include "scene/scene.h"
#include "surface/presentation.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/time.h"
#include "util/trace.h"
#include "presentation-time-server-protocol.h"

static struct tack_trace *trace_of(struct tack_scene_output *so)
{
	return so->scene->layout->trace;
}

static void send_frame_done(struct wl_list *callbacks, uint32_t msec)
{
	struct wl_resource *cb, *tmp;

	wl_resource_for_each_safe(cb, tmp, callbacks) {
		wl_callback_send_done(cb, msec);
		wl_resource_destroy(cb);
	}
}

/* What this frame shows of each surface: its feedbacks go with the frame. */
static void take_feedbacks(struct tack_scene_output *so)
{
	struct tack_trace *trace = trace_of(so);
	struct tack_frame_surface *fs;

	tack_frame_for_each_surface(fs, &so->frame) {
		struct tack_surface *surface = fs->surface;
		uint32_t flags = fs->on_plane ?
			WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY : 0;

		tack_presentation_take_all(&so->frame_feedbacks,
					   &surface->current.feedbacks, flags);
		tack_surface_take_frame_callbacks(surface,
						  &so->frame_callbacks);
		if (tack_trace_on(trace) &&
		    surface->shown_commit != surface->commit_id) {
			tack_trace_frame_shows(trace, so->output->id,
					       surface->trace_id,
					       surface->commit_id,
					       surface->commit_time,
					       fs->on_plane);
			surface->shown_commit = surface->commit_id;
		}
	}
}

/* The composite of what planes do not show, into the backend's target. */
static void draw_composite(struct tack_scene_output *so)
{
	struct tack_output *output = so->output;
	struct tack_frame *frame = &so->frame;
	struct tack_render_stats before = so->stats;
	int64_t start = tack_now_nsec();
	pixman_region32_t region;
	int age = 0;

	frame->target = output->impl->acquire_target(output, frame, &age);
	if (!frame->target) {
		tack_err("output %s: no target to draw into", output->name);
		return;
	}
	pixman_region32_init(&region);
	tack_output_damage_for_age(output, &frame->damage, age, &region);
	pixman_region32_intersect_rect(&region, &region, 0, 0, output->width,
				       output->height);
	if (pixman_region32_not_empty(&region))
		tack_frame_draw(frame, so->scene->renderer, &region, true,
				&so->stats);
	pixman_region32_fini(&region);
	tack_trace_record(trace_of(so), TACK_TRACE_COMPOSITE, 0, output->id,
			  start, tack_now_nsec() - start,
			  so->stats.bytes_read - before.bytes_read,
			  (int64_t)(so->stats.surfaces - before.surfaces));
}

/*
 * The backend refused the planes: the whole output is drawn anew, into a
 * target of its choice, and committed again. The feedbacks were taken
 * for a frame that will not be zero-copy.
 */
static int commit_composited(struct tack_scene_output *so)
{
	struct tack_output *output = so->output;
	struct tack_frame *frame = &so->frame;
	struct tack_frame_surface *fs;
	pixman_region32_t all;
	int age;

	tack_frame_for_each_surface(fs, frame)
		fs->on_plane = false;
	tack_presentation_clear_flags(&so->frame_feedbacks,
				      WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY);
	frame->planes_refused = false;
	frame->redraw = true;
	frame->target = output->impl->acquire_target(output, frame, &age);
	frame->redraw = false;
	if (!frame->target)
		return -ENOMEM;
	pixman_region32_init_rect(&all, 0, 0, output->width, output->height);
	tack_frame_draw(frame, so->scene->renderer, &all, false, &so->stats);
	pixman_region32_fini(&all);
	return output->impl->commit(output, frame);
}

static void repaint(struct tack_scene_output *so)
{
	struct tack_output *output = so->output;
	struct tack_frame *frame = &so->frame;
	struct tack_scene_render_event event = { .scene_output = so };
	int64_t start = tack_now_nsec();
	pixman_region32_t damage;
	bool composite = true;
	int ret;

	tack_output_take_damage(output, &frame->damage);
	frame->target = NULL;
	frame->planes_refused = false;
	tack_frame_collect(frame, so->scene, ~0u);
	/* what changed, before planes take out what they show */
	pixman_region32_init(&damage);
	pixman_region32_copy(&damage, &frame->damage);
	if (output->impl->assign_planes)
		composite = output->impl->assign_planes(output, frame);
	so->frames_rendered++;
	if (composite)
		draw_composite(so);
	event.target = output->impl->assign_planes ? NULL : frame->target;
	event.damage = &damage;
	wl_signal_emit(&so->events.render, &event);
	pixman_region32_fini(&damage);
	tack_output_push_damage(output, &frame->damage);
	take_feedbacks(so);
	ret = output->impl->commit(output, frame);
	if (ret < 0 && frame->planes_refused)
		ret = commit_composited(so);
	if (ret < 0) {
		tack_err("output %s: commit failed: %s", output->name,
			 strerror(-ret));
		tack_presentation_discard_all(&so->frame_feedbacks);
		tack_trace_frame_dropped(trace_of(so), output->id);
	}
	tack_trace_record(trace_of(so), TACK_TRACE_REPAINT, 0, output->id,
			  start, tack_now_nsec() - start, so->frames_rendered,
			  0);
	/* what the frame listed may go before the next repaint */
	frame->surfaces.size = 0;
}

static void handle_output_frame(struct wl_listener *listener, void *data)
{
	struct tack_scene_output *so =
		wl_container_of(listener, so, output_frame);

	repaint(so);
}

static bool surface_on_output(struct tack_surface *surface,
			      struct tack_output *output)
{
	int32_t lx, ly;

	return surface->buffer &&
	       tack_surface_layout_position(surface, &lx, &ly) &&
	       tack_output_overlaps(output, lx, ly, surface->width,
				    surface->height);
}

/* wl_surface.enter and leave follow what this frame showed. */
static void update_entered_outputs(struct tack_scene_output *so)
{
	struct tack_surface *surface;

	wl_list_for_each(surface, &so->scene->compositor->surfaces, link)
		tack_surface_update_output(surface, so->output,
					   surface_on_output(surface,
							     so->output));
}

static void handle_output_present(struct wl_listener *listener, void *data)
{
	struct tack_scene_output *so =
		wl_container_of(listener, so, output_present);
	struct tack_output_present_event *event = data;
	int64_t when = tack_timespec_to_nsec(&event->when);

	tack_trace_frame_presented(trace_of(so), so->output->id, event->seq,
				   when);
	wl_signal_emit(&so->events.present, event);
	tack_presentation_present_all(&so->frame_feedbacks, event);
	send_frame_done(&so->frame_callbacks,
			(uint32_t)(when / TACK_NSEC_PER_MSEC));
	update_entered_outputs(so);
}

void tack_scene_output_destroy(struct tack_scene_output *so)
{
	struct tack_surface *surface;

	wl_signal_emit_mutable(&so->events.destroy, so);
	wl_list_for_each(surface, &so->scene->compositor->surfaces, link)
		tack_surface_update_output(surface, so->output, false);
	tack_presentation_discard_all(&so->frame_feedbacks);
	/* never presented here: the clients may draw for another output */
	send_frame_done(&so->frame_callbacks, tack_now_msec());
	wl_list_remove(&so->output_frame.link);
	wl_list_remove(&so->output_present.link);
	wl_list_remove(&so->output_destroy.link);
	wl_list_remove(&so->link);
	tack_frame_finish(&so->frame);
	free(so);
}

static void handle_output_destroy(struct wl_listener *listener, void *data)
{
	struct tack_scene_output *so =
		wl_container_of(listener, so, output_destroy);

	tack_scene_output_destroy(so);
}

struct tack_scene_output *tack_scene_output_create(struct tack_scene *scene,
						   struct tack_output *output)
{
	struct tack_scene_output *so = calloc(1, sizeof(*so));

	if (!so)
		return NULL;
	so->scene = scene;
	so->output = output;
	tack_frame_init(&so->frame, output);
	wl_list_init(&so->frame_feedbacks);
	wl_list_init(&so->frame_callbacks);
	wl_signal_init(&so->events.render);
	wl_signal_init(&so->events.present);
	wl_signal_init(&so->events.destroy);
	so->output_frame.notify = handle_output_frame;
	wl_signal_add(&output->events.frame, &so->output_frame);
	so->output_present.notify = handle_output_present;
	wl_signal_add(&output->events.present, &so->output_present);
	so->output_destroy.notify = handle_output_destroy;
	wl_signal_add(&output->events.destroy, &so->output_destroy);
	wl_list_insert(scene->outputs.prev, &so->link);
	return so;
}

struct tack_scene_output *tack_scene_output_for(struct tack_scene *scene,
						struct tack_output *output)
{
	struct tack_scene_output *so;

	wl_list_for_each(so, &scene->outputs, link)
		if (so->output == output)
			return so;
	return NULL;
}
