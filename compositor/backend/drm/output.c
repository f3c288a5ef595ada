/*
 * A DRM output: one connector on one CRTC. A frame is planned (planes for
 * surfaces shown from their own pages, a composite on the primary plane
 * for the rest), committed without blocking, and finished by its page-flip
 * event, which releases what the previous frame scanned out and presents.
 * Repaints start as late before the next vblank as measured costs allow.
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
#include "backend/drm/internal.h"
#include "util/log.h"
#include "output/output.h"
#include "surface/presentation.h"
#include "render/render.h"
#include "server.h"
#include "buffer/shm.h"
#include "util/time.h"
#include "util/trace.h"
#include "import/userptr.h"
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
	tack_output_repaint(output->output);
	record_cost(output, tack_now_nsec() - start);
	return 0;
}

/* The rectangles that planes showed and no longer show need drawing. */
static void damage_left_planes(struct drm_output *output,
			       const struct drm_frame *next)
{
	pixman_region32_t *damage = &output->output->damage;
	int i, j;

	for (i = 0; i < output->current.n_planes; i++) {
		const struct drm_plane_state *old = &output->current.planes[i];
		bool kept = false;

		for (j = 0; j < next->n_planes && !kept; j++) {
			const struct drm_plane_state *ps = &next->planes[j];

			kept = ps->plane == old->plane && ps->x == old->x &&
			       ps->y == old->y && ps->w == old->w &&
			       ps->h == old->h;
		}
		if (!kept)
			pixman_region32_union_rect(damage, damage, old->x,
						   old->y, old->w, old->h);
	}
}

/* What opaque planes cover, the composite need not draw. */
static void undamage_opaque_planes(struct drm_output *output,
				   const struct drm_frame *frame)
{
	pixman_region32_t *damage = &output->output->damage;
	pixman_region32_t covered;
	int i;

	pixman_region32_init(&covered);
	for (i = 0; i < frame->n_planes; i++) {
		const struct drm_plane_state *ps = &frame->planes[i];

		if (ps->opaque)
			pixman_region32_union_rect(&covered, &covered, ps->x,
						   ps->y, ps->w, ps->h);
	}
	pixman_region32_subtract(damage, damage, &covered);
	pixman_region32_fini(&covered);
}

static bool drm_assign_planes(struct tack_output *o)
{
	struct drm_output *output = o->backend_data;
	struct drm_frame *frame = &output->pending;
	bool composite = drm_planes_assign(output, frame);

	damage_left_planes(output, frame);
	/* the composite was not kept up to date while nothing needed it */
	if (composite && !output->current.composite)
		pixman_region32_union_rect(&o->damage, &o->damage, 0, 0,
					   o->width, o->height);
	if (composite)
		undamage_opaque_planes(output, frame);
	return composite;
}

static bool drm_on_plane(struct tack_output *o, struct tack_surface *surface)
{
	struct drm_output *output = o->backend_data;

	return drm_frame_has_surface(&output->pending, surface);
}

/*
 * Can the composite be drawn into d? Not the one on screen, nor the
 * retired one a writeback job may still read.
 */
static bool drawable(const struct drm_output *output, const struct drm_dumb *d)
{
	return d->image && d != output->current.composite &&
	       d != output->retired.composite;
}

static pixman_image_t *drm_acquire_image(struct tack_output *o, int *age)
{
	struct drm_output *output = o->backend_data;
	struct drm_dumb *front = output->current.composite, *pick = NULL;
	int i;

	/* nothing to draw: show the front buffer again */
	if (front && !pixman_region32_not_empty(&o->damage)) {
		output->back = front;
		front->drawn_frame = output->frame + 1;
		*age = 1;
		return front->image;
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
	return pick->image;
}

static int add_modeset(struct drm_output *output, drmModeAtomicReq *req)
{
	int ret = 0;

	ret |= drm_atomic_add(req, output->connector_id,
			      output->connector_props[CONNECTOR_CRTC_ID],
			      output->crtc_id);
	ret |= drm_atomic_add(req, output->crtc_id,
			      output->crtc_props[CRTC_MODE_ID],
			      output->mode_blob);
	ret |= drm_atomic_add(req, output->crtc_id,
			      output->crtc_props[CRTC_ACTIVE], 1);
	if (!ret && output->writeback)
		ret = drm_writeback_add_modeset(output->writeback, req);
	return ret ? -EINVAL : 0;
}

int drm_output_frame_request(struct drm_output *output,
			     const struct drm_frame *frame,
			     drmModeAtomicReq *req, uint32_t *flags)
{
	int ret = drm_frame_add_planes(output, frame, req);

	if (!ret && output->needs_modeset) {
		ret = add_modeset(output, req);
		*flags |= DRM_MODE_ATOMIC_ALLOW_MODESET;
	}
	return ret;
}

static int commit_frame(struct drm_output *output, struct drm_frame *frame)
{
	uint32_t flags = DRM_MODE_ATOMIC_NONBLOCK | DRM_MODE_PAGE_FLIP_EVENT;
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	int64_t start;
	int ret;

	if (!req)
		return -ENOMEM;
	ret = drm_output_frame_request(output, frame, req, &flags);
	if (!ret && output->writeback)
		ret = drm_writeback_add_job(output->writeback, req,
					    &frame->writeback);
	start = tack_now_nsec();
	if (!ret && drmModeAtomicCommit(output->backend->fd, req, flags,
					output->backend) < 0)
		ret = -errno;
	tack_trace_record(output->output->server->trace, TACK_TRACE_ATOMIC, 0,
			  output->output->id, start, tack_now_nsec() - start,
			  frame->n_planes + (frame->composite != NULL), ret);
	drmModeAtomicFree(req);
	return ret;
}

/* Is the pool behind the buffer shorter than the buffer needs now? */
static bool pool_truncated(const struct tack_shm_buffer *buffer)
{
	struct stat st;

	return fstat(buffer->pool->fd, &st) == 0 &&
	       st.st_size < (off_t)buffer->offset +
				    (off_t)buffer->stride * buffer->height;
}

/*
 * The kernel refused the frame's planes: with EFAULT a client shrank its
 * pool under a buffer on a plane. Those buffers are not tried again, and
 * the frame is composited whole instead, now.
 */
/*
 * EFAULT: a client shrank its pool under a buffer on a plane; fstat finds
 * it, and that buffer is not tried again. EINVAL without a modeset: the
 * layout passed its test, so some import is at fault. Other errors (a
 * busy device, the session gone) say nothing about the buffers.
 */
static void blame_planes(struct drm_output *output, int error)
{
	struct drm_backend *backend = output->backend;
	struct drm_frame *frame = &output->pending;
	enum tack_fallback why;
	bool culprit = false;
	int i;

	if (error == -EFAULT)
		why = TACK_FALLBACK_EFAULT;
	else if (error == -EINVAL && !output->needs_modeset)
		why = TACK_FALLBACK_PLANES;
	else
		return;
	for (i = 0; i < frame->n_planes; i++) {
		struct tack_shm_buffer *b = frame->planes[i].buffer;

		/* tack's own cursor has no buffer */
		if (b && why == TACK_FALLBACK_EFAULT && pool_truncated(b)) {
			userptr_import_fail(backend->importer, b, why);
			backend->fallbacks[why]++;
			culprit = true;
		}
	}
	for (i = 0; i < frame->n_planes && !culprit; i++)
		if (frame->planes[i].buffer)
			userptr_import_fail(backend->importer,
					    frame->planes[i].buffer, why);
}

/*
 * A buffer for drawing the whole frame again: neither on screen nor read
 * by writeback. What the abandoned draw left in the others is unknown.
 */
static pixman_image_t *redraw_image(struct drm_output *output)
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
	return output->back->image;
}

static int commit_composited(struct drm_output *output, int error)
{
	struct tack_output *o = output->output;
	struct drm_frame *frame = &output->pending;
	pixman_region32_t all;
	pixman_image_t *image;

	blame_planes(output, error);
	tack_info("drm: %s: the kernel refused the frame's planes (%s); composited instead",
		  o->name, strerror(-error));
	memset(frame, 0, sizeof(*frame));
	output->tested_layout = 0;
	/* the feedbacks were taken for a frame that will not be zero-copy */
	tack_presentation_clear_flags(&o->frame_feedbacks,
				      WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY);
	image = redraw_image(output);
	if (!image)
		return -ENOMEM;
	frame->composite = output->back;
	pixman_region32_init_rect(&all, 0, 0, o->width, o->height);
	tack_render_output(o, image, &all, &o->stats);
	pixman_region32_fini(&all);
	return commit_frame(output, frame);
}

/* Where the committed frame shows tack's cursor, to know when it moves. */
static void note_cursor(struct drm_output *output, const struct drm_frame *frame)
{
	int i;

	output->cursor_shown = false;
	for (i = 0; i < frame->n_planes; i++) {
		const struct drm_plane_state *ps = &frame->planes[i];

		if (ps->plane == output->cursor_plane && !ps->buffer) {
			output->cursor_shown = true;
			output->cursor_x = ps->x;
			output->cursor_y = ps->y;
		}
	}
}

static int drm_commit(struct tack_output *o)
{
	struct drm_output *output = o->backend_data;
	struct drm_frame *frame = &output->pending;
	int ret;

	if (frame->composite)
		frame->composite = output->back;
	ret = commit_frame(output, frame);
	if (ret < 0 && frame->n_planes)
		ret = commit_composited(output, ret);
	if (ret < 0) {
		memset(frame, 0, sizeof(*frame));
		if (output->writeback)
			drm_writeback_job_failed(output->writeback);
		return ret;
	}
	drm_frame_hold(frame);
	note_cursor(output, frame);
	if (output->writeback)
		drm_writeback_committed(output->writeback);
	output->needs_modeset = false;
	output->flip_pending = true;
	output->frame++;
	return 0;
}

static void flush_deferred_present(struct drm_output *output)
{
	if (!output->present_deferred)
		return;
	output->present_deferred = false;
	tack_output_presented(output->output, &output->deferred_when,
			      output->deferred_seq, output->deferred_flags);
}

void drm_output_handle_flip(struct drm_output *output, unsigned int seq,
			    unsigned int sec, unsigned int usec)
{
	struct tack_output *o = output->output;
	struct timespec when = { .tv_sec = sec, .tv_nsec = usec * TACK_NSEC_PER_USEC };
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
	    drm_writeback_busy(output->writeback)) {
		/* ...unless a writeback job still composes it */
		drm_frame_release(&output->retired);
		output->retired = output->current;
		output->present_deferred = true;
		output->deferred_when = when;
		output->deferred_seq = seq;
		output->deferred_flags = flags;
	} else {
		drm_frame_release(&output->current);
	}
	output->current = output->pending;
	memset(&output->pending, 0, sizeof(output->pending));
	output->last_vblank = when;
	learn_margin(output, tack_timespec_to_nsec(&when));
	if (!output->present_deferred)
		tack_output_presented(o, &when, seq, flags);
	if (output->writeback)
		drm_writeback_flipped(output->writeback, &when, seq);
	if (o->frame_scheduled && o->enabled && !output->present_deferred)
		arm_repaint(output);
}

void drm_output_writeback_done(struct drm_output *output)
{
	struct tack_output *o = output->output;

	drm_frame_release(&output->retired);
	if (!output->present_deferred)
		return;
	flush_deferred_present(output);
	if (o->frame_scheduled && o->enabled && !output->flip_pending)
		arm_repaint(output);
}

void drm_output_restore(struct drm_output *output)
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

	drm_writeback_destroy(output->writeback);
	drm_cursor_destroy(output);
	drm_frame_release(&output->retired);
	drm_frame_release(&output->pending);
	drm_frame_release(&output->current);
	for (i = 0; i < DRM_SWAPCHAIN_LEN; i++)
		drm_dumb_destroy(fd, &output->swapchain[i]);
	drm_backend_release_planes(output);
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
	.assign_planes = drm_assign_planes,
	.on_plane = drm_on_plane,
	.acquire_image = drm_acquire_image,
	.commit = drm_commit,
	.capture = drm_writeback_capture,
	.destroy = drm_output_destroy,
};

static const drmModeModeInfo *preferred_mode(drmModeConnectorPtr conn)
{
	int i;

	for (i = 0; i < conn->count_modes; i++)
		if (conn->modes[i].type & DRM_MODE_TYPE_PREFERRED)
			return &conn->modes[i];
	return conn->count_modes ? &conn->modes[0] : NULL;
}

static int32_t mode_refresh_mhz(const drmModeModeInfo *mode);

/*
 * The asked size from the connector's list, or else timings with reduced
 * blanking (CVT-RB-like): virtual and many real panels take those.
 */
static void asked_mode(drmModeConnectorPtr conn,
		       const struct tack_drm_options *o, drmModeModeInfo *out)
{
	int32_t mhz = o->mode_refresh_mhz ? o->mode_refresh_mhz : 60000;
	int i;

	for (i = 0; i < conn->count_modes; i++) {
		const drmModeModeInfo *m = &conn->modes[i];

		if (m->hdisplay == o->mode_width &&
		    m->vdisplay == o->mode_height &&
		    abs(mode_refresh_mhz(m) - mhz) < 500) {
			*out = *m;
			return;
		}
	}
	memset(out, 0, sizeof(*out));
	out->hdisplay = o->mode_width;
	out->hsync_start = o->mode_width + 48;
	out->hsync_end = o->mode_width + 80;
	out->htotal = o->mode_width + 160;
	out->vdisplay = o->mode_height;
	out->vsync_start = o->mode_height + 3;
	out->vsync_end = o->mode_height + 8;
	out->vtotal = o->mode_height + 40;
	out->clock = (uint32_t)((int64_t)out->htotal * out->vtotal * mhz /
				1000000);
	out->vrefresh = (mhz + 500) / 1000;
	out->flags = DRM_MODE_FLAG_PHSYNC | DRM_MODE_FLAG_NVSYNC;
	snprintf(out->name, sizeof(out->name), "%dx%d", o->mode_width,
		 o->mode_height);
}

static int32_t mode_refresh_mhz(const drmModeModeInfo *mode)
{
	int64_t num = (int64_t)mode->clock * 1000000ll;
	int64_t den = (int64_t)mode->htotal * mode->vtotal;

	if (mode->flags & DRM_MODE_FLAG_INTERLACE)
		num *= 2;
	if (mode->vscan > 1)
		den *= mode->vscan;
	return den ? (int32_t)((num + den / 2) / den) : 60000;
}

static int create_swapchain(struct drm_output *output)
{
	int i, ret;

	for (i = 0; i < DRM_SWAPCHAIN_LEN; i++) {
		ret = drm_dumb_create(output->backend->fd, output->mode.hdisplay,
				      output->mode.vdisplay, false,
				      &output->swapchain[i]);
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
	const drmModeModeInfo *mode = preferred_mode(conn);
	int ret;

	if (backend->options.mode_width)
		asked_mode(conn, &backend->options, &output->mode);
	else if (mode)
		output->mode = *mode;
	else
		return -ENOENT;
	mode = &output->mode;
	output->period_ns = tack_refresh_period_nsec(mode_refresh_mhz(mode));
	ret = drm_connector_props_get(backend->fd, output->connector_id,
				      output->connector_props, NULL);
	if (!ret)
		ret = drm_crtc_props_get(backend->fd, output->crtc_id,
					 output->crtc_props);
	if (ret)
		return ret;
	if (drmModeCreatePropertyBlob(backend->fd, &output->mode,
				      sizeof(output->mode),
				      &output->mode_blob) < 0)
		return -errno;
	ret = drm_backend_claim_planes(output);
	if (ret)
		return ret;
	return create_swapchain(output);
}

int drm_output_create(struct drm_backend *backend, drmModeConnectorPtr conn,
		      uint32_t crtc_id, int crtc_index)
{
	struct tack_server *server = backend->base.server;
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
	output->repaint_timer_fd = timerfd_create(CLOCK_MONOTONIC,
						  TFD_CLOEXEC | TFD_NONBLOCK);
	if (output->repaint_timer_fd < 0) {
		ret = -errno;
		goto teardown;
	}
	output->repaint_timer = wl_event_loop_add_fd(server->loop,
		output->repaint_timer_fd, WL_EVENT_READABLE,
		handle_repaint_timer_readable, output);
	if (!output->repaint_timer) {
		ret = -ENOMEM;
		goto teardown;
	}
	ret = init_output(output, conn);
	if (ret)
		goto teardown;
	output->writeback = drm_writeback_create(output);
	connector_name(conn, name, sizeof(name));
	output->output = tack_output_create(server, &drm_output_impl, output,
					    name, output->mode.hdisplay,
					    output->mode.vdisplay,
					    mode_refresh_mhz(&output->mode));
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
