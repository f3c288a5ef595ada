/*
 * A DRM output: one connector on one CRTC, its mode, and the dumb buffers
 * its composites are drawn into. A frame (commit.c) is finished by its
 * page-flip event, which releases what the previous frame scanned out and
 * presents. Repaints start as late before the next vblank as measured
 * costs allow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <xf86drm.h>
#include <drm_fourcc.h>
#include "backend/drm/internal.h"
#include "output/output.h"
#include "render/renderer.h"
#include "scene/frame.h"
#include "util/log.h"
#include "util/time.h"
#include "presentation-time-server-protocol.h"

/*
 * Slack on top of the slowest recent repaint, for the kernel to latch the
 * commit: it grows when a frame misses the vblank it was drawn for and
 * shrinks slowly while frames make it.
 */
#define REPAINT_MARGIN_MIN_NS TACK_NSEC_PER_MSEC
#define REPAINT_MARGIN_STEP_UP_NS 2000000ll
#define REPAINT_MARGIN_STEP_DOWN_NS 50000ll

static int64_t repaint_budget(struct drm_output *output)
{
	int64_t worst = 0;
	int i;

	for (i = 0; i < output->n_costs; i++)
		if (output->repaint_cost_ns[i] > worst)
			worst = output->repaint_cost_ns[i];
	return worst + output->repaint_margin_ns;
}

/* Did the frame make the vblank it was drawn for? Adjusts the margin. */
static void learn_margin(struct drm_output *output, int64_t flipped)
{
	int64_t missed = flipped - output->target_vblank;

	if (!output->target_vblank)
		return;
	if (missed > output->period_ns / 2) {
		output->repaint_margin_ns += REPAINT_MARGIN_STEP_UP_NS;
		if (output->repaint_margin_ns > output->period_ns / 2)
			output->repaint_margin_ns = output->period_ns / 2;
		output->missed_vblanks++;
	} else if (output->repaint_margin_ns > REPAINT_MARGIN_MIN_NS) {
		output->repaint_margin_ns -= REPAINT_MARGIN_STEP_DOWN_NS;
	}
	output->target_vblank = 0;
}

static void record_cost(struct drm_output *output, int64_t cost)
{
	output->repaint_cost_ns[output->next_cost] = cost;
	output->next_cost = (output->next_cost + 1) % 16;
	if (output->n_costs < 16)
		output->n_costs++;
}

/*
 * The start of the repaint for the first vblank that it can still make:
 * a commit that lands before a vblank is shown at it.
 */
static int64_t repaint_deadline(struct drm_output *output)
{
	int64_t period = output->period_ns;
	int64_t last = tack_timespec_to_nsec(&output->last_vblank);
	int64_t budget = repaint_budget(output), now = tack_now_nsec(), next;

	if (last == 0 || period <= 0 || budget >= period) {
		output->target_vblank = 0;
		return now;
	}
	next = last + period;
	if (next - budget < now)
		next += ((now + budget - next) / period + 1) * period;
	output->target_vblank = next;
	return next - budget;
}

static void arm_repaint(struct drm_output *output)
{
	int64_t when = repaint_deadline(output);
	struct itimerspec its = { 0 };

	/* zero disarms the timer: the epoch is never a deadline */
	if (when <= 0)
		when = 1;
	tack_timespec_from_nsec(&its.it_value, when);
	if (timerfd_settime(output->repaint_timer_fd, TFD_TIMER_ABSTIME, &its,
			    NULL) < 0)
		tack_err("drm: cannot arm the repaint timer: %s",
			 strerror(errno));
}

static void drm_schedule_frame(struct tack_output *o)
{
	struct drm_output *output = o->backend_data;

	/*
	 * the flip event (or a deferred presentation) arms it: one frame in
	 * flight at a time, so the callbacks a repaint takes are this frame's
	 */
	if (!output->flip_pending && !output->present_deferred)
		arm_repaint(output);
}

static int handle_repaint_timer_readable(int fd, uint32_t mask, void *data)
{
	struct drm_output *output = data;
	uint64_t expirations;
	int64_t start = tack_now_nsec();

	if (read(fd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
		tack_err("drm: repaint timer: %s", strerror(errno));
	if (output->flip_pending || !output->output->enabled)
		return 0;
	tack_output_frame(output->output);
	record_cost(output, tack_now_nsec() - start);
	return 0;
}

/*
 * Can the composite be drawn into d? Not the one on screen, nor the
 * retired one a writeback job may still read.
 */
static bool drawable(const struct drm_output *output, const struct drm_dumb *d)
{
	return d->target && d != output->current.composite &&
	       d != output->retired.composite;
}

/*
 * A buffer for drawing the whole frame again: neither on screen nor read
 * by writeback. What the abandoned draw left in the others is unknown.
 */
static struct tack_render_target *redraw_target(struct drm_output *output)
{
	int i;

	output->back = NULL;
	for (i = 0; i < DRM_SWAPCHAIN_LEN; i++) {
		struct drm_dumb *d = &output->swapchain[i];

		if (!drawable(output, d))
			continue;
		d->drawn_frame = 0;
		if (!output->back)
			output->back = d;
	}
	if (!output->back)
		return NULL;
	output->back->drawn_frame = output->frame + 1;
	return output->back->target;
}

static struct tack_render_target *drm_acquire_target(struct tack_output *o,
						     struct tack_frame *frame,
						     int *age)
{
	struct drm_output *output = o->backend_data;
	struct drm_dumb *front = output->current.composite, *pick = NULL;
	int i;

	*age = 0;
	if (frame->redraw)
		return redraw_target(output);
	/* nothing to draw: show the front buffer again */
	if (front && !pixman_region32_not_empty(&frame->damage)) {
		output->back = front;
		front->drawn_frame = output->frame + 1;
		*age = 1;
		return front->target;
	}
	for (i = 0; i < DRM_SWAPCHAIN_LEN; i++) {
		struct drm_dumb *d = &output->swapchain[i];

		if (!drawable(output, d))
			continue;
		if (!pick || d->drawn_frame < pick->drawn_frame)
			pick = d;
	}
	if (!pick)
		return NULL;
	output->back = pick;
	*age = pick->drawn_frame ? (int)(output->frame + 1 - pick->drawn_frame) :
				   0;
	pick->drawn_frame = output->frame + 1;
	return pick->target;
}

static void flush_deferred_present(struct drm_output *output)
{
	if (!output->present_deferred)
		return;
	output->present_deferred = false;
	tack_output_presented(output->output, &output->deferred_when,
			      output->deferred_seq, output->deferred_flags);
}

void tack_drm_output_handle_flip(struct drm_output *output, unsigned int seq,
				 unsigned int sec, unsigned int usec)
{
	struct tack_output *o = output->output;
	struct timespec when = {
		.tv_sec = sec, .tv_nsec = usec * TACK_NSEC_PER_USEC,
	};
	uint32_t flags = WP_PRESENTATION_FEEDBACK_KIND_VSYNC |
			 WP_PRESENTATION_FEEDBACK_KIND_HW_COMPLETION;

	if (output->backend->monotonic)
		flags |= WP_PRESENTATION_FEEDBACK_KIND_HW_CLOCK;
	else
		tack_timespec_from_nsec(&when, tack_now_nsec());
	output->flip_pending = false;
	/* one frame late at most, if a writeback job never ends */
	flush_deferred_present(output);
	/* what left the screen with this flip may be drawn into again... */
	if (output->current.writeback && output->writeback &&
	    tack_drm_writeback_busy(output->writeback)) {
		/* ...unless a writeback job still composes it */
		tack_drm_frame_release(&output->retired);
		output->retired = output->current;
		output->present_deferred = true;
		output->deferred_when = when;
		output->deferred_seq = seq;
		output->deferred_flags = flags;
	} else {
		tack_drm_frame_release(&output->current);
	}
	output->current = output->pending;
	memset(&output->pending, 0, sizeof(output->pending));
	output->last_vblank = when;
	learn_margin(output, tack_timespec_to_nsec(&when));
	if (!output->present_deferred)
		tack_output_presented(o, &when, seq, flags);
	if (output->writeback)
		tack_drm_writeback_flipped(output->writeback, &when, seq);
	if (o->frame_scheduled && o->enabled && !output->present_deferred)
		arm_repaint(output);
}

/* The writeback job is done: the frame it read may be released. */
static void handle_writeback_done(struct drm_output *output)
{
	struct tack_output *o = output->output;

	tack_drm_frame_release(&output->retired);
	if (!output->present_deferred)
		return;
	flush_deferred_present(output);
	if (o->frame_scheduled && o->enabled && !output->flip_pending)
		arm_repaint(output);
}

void tack_drm_output_restore(struct drm_output *output)
{
	output->needs_modeset = true;
	output->tested_layout = 0;
	/* a writeback job cut short by the switch ends no deferral */
	flush_deferred_present(output);
	/*
	 * A flip in flight still ends with its event, which arms the next
	 * repaint. A repaint that fell while away did nothing: ask again.
	 */
	if (!output->flip_pending)
		output->output->frame_scheduled = false;
	tack_output_damage_whole(output->output);
}

/* Everything but the tack_output, in the order it was made. */
static void output_teardown(struct drm_output *output)
{
	int fd = output->backend->fd;
	int i;

	tack_drm_writeback_destroy(output->writeback);
	tack_drm_cursor_destroy(output);
	tack_drm_frame_release(&output->retired);
	tack_drm_frame_release(&output->pending);
	tack_drm_frame_release(&output->current);
	for (i = 0; i < DRM_SWAPCHAIN_LEN; i++)
		tack_drm_dumb_destroy(fd, &output->swapchain[i]);
	tack_drm_backend_release_planes(output);
	if (output->mode_blob)
		drmModeDestroyPropertyBlob(fd, output->mode_blob);
	if (output->repaint_timer)
		wl_event_source_remove(output->repaint_timer);
	if (output->repaint_timer_fd >= 0)
		close(output->repaint_timer_fd);
	wl_list_remove(&output->link);
	free(output);
}

static void drm_output_destroy(struct tack_output *o)
{
	output_teardown(o->backend_data);
}

static const struct tack_output_impl drm_output_impl = {
	.schedule_frame = drm_schedule_frame,
	.assign_planes = tack_drm_output_assign_planes,
	.acquire_target = drm_acquire_target,
	.commit = tack_drm_output_commit,
	.capture = tack_drm_writeback_capture,
	.destroy = drm_output_destroy,
};

/*
 * The buffers composites are drawn into, by the renderer: its own memory
 * exported where it can (a GPU), else dumb buffers it draws into.
 */
static int create_swapchain(struct drm_output *output)
{
	struct drm_backend *backend = output->backend;
	int i, ret;

	for (i = 0; i < DRM_SWAPCHAIN_LEN; i++) {
		struct drm_dumb *d = &output->swapchain[i];

		ret = tack_drm_exported_create(backend->fd,
					       backend->base.env.renderer,
					       output->mode.hdisplay,
					       output->mode.vdisplay, d);
		if (ret == 0)
			continue;
		if (ret != -EOPNOTSUPP)
			tack_info("drm: %s cannot scan out the renderer's memory (%s); compositing into dumb buffers",
				  output->output->name, strerror(-ret));
		ret = tack_drm_dumb_create(backend->fd, output->mode.hdisplay,
					   output->mode.vdisplay, false, d);
		if (ret == 0)
			ret = tack_drm_dumb_attach_target(
				d, backend->base.env.renderer);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static void connector_name(drmModeConnectorPtr conn, char *name, size_t len)
{
	const char *type = drmModeGetConnectorTypeName(conn->connector_type);

	snprintf(name, len, "%s-%u", type ? type : "Unknown",
		 conn->connector_type_id);
}

static int init_output(struct drm_output *output, drmModeConnectorPtr conn)
{
	struct drm_backend *backend = output->backend;
	int ret;

	ret = tack_drm_mode_pick(conn, &backend->options, &output->mode);
	if (ret)
		return ret;
	output->period_ns = tack_refresh_period_nsec(
		tack_drm_mode_refresh_mhz(&output->mode));
	ret = tack_drm_connector_props_get(backend->fd, output->connector_id,
					   output->connector_props, NULL);
	if (!ret)
		ret = tack_drm_crtc_props_get(backend->fd, output->crtc_id,
					      output->crtc_props);
	if (ret)
		return ret;
	if (drmModeCreatePropertyBlob(backend->fd, &output->mode,
				      sizeof(output->mode),
				      &output->mode_blob) < 0)
		return -errno;
	ret = tack_drm_backend_claim_planes(output);
	if (ret)
		return ret;
	return create_swapchain(output);
}

int tack_drm_output_create(struct drm_backend *backend,
			   drmModeConnectorPtr conn, uint32_t crtc_id,
			   int crtc_index)
{
	const struct tack_backend_env *env = &backend->base.env;
	struct drm_output *output = calloc(1, sizeof(*output));
	char name[32];
	int ret;

	if (!output)
		return -ENOMEM;
	output->backend = backend;
	output->connector_id = conn->connector_id;
	output->crtc_id = crtc_id;
	output->crtc_index = crtc_index;
	output->needs_modeset = true;
	output->repaint_timer_fd = -1;
	output->repaint_margin_ns = 2 * REPAINT_MARGIN_MIN_NS;
	wl_list_insert(backend->outputs.prev, &output->link);
	output->repaint_timer_fd = timerfd_create(TACK_CLOCK,
						  TFD_CLOEXEC | TFD_NONBLOCK);
	if (output->repaint_timer_fd < 0) {
		ret = -errno;
		goto teardown;
	}
	output->repaint_timer = wl_event_loop_add_fd(env->loop,
		output->repaint_timer_fd, WL_EVENT_READABLE,
		handle_repaint_timer_readable, output);
	if (!output->repaint_timer) {
		ret = -ENOMEM;
		goto teardown;
	}
	ret = init_output(output, conn);
	if (ret)
		goto teardown;
	output->writeback =
		tack_drm_writeback_create(output, handle_writeback_done);
	connector_name(conn, name, sizeof(name));
	output->output =
		tack_output_create(env->layout, &drm_output_impl, output, name,
				   output->mode.hdisplay, output->mode.vdisplay,
				   tack_drm_mode_refresh_mhz(&output->mode));
	if (!output->output) {
		ret = -ENOMEM;
		goto teardown;
	}
	if (conn->mmWidth && conn->mmHeight) {
		output->output->phys_width_mm = conn->mmWidth;
		output->output->phys_height_mm = conn->mmHeight;
	}
	return 0;

teardown:
	output_teardown(output);
	return ret;
}
