/*
 * Atomic commits of an output's frames: the planes the frame puts clients'
 * buffers on, the composite on the primary plane, the modeset when one is
 * due and the writeback job when a screenshot waits, committed without
 * blocking. A refused commit is blamed on the buffers that caused it.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <xf86drm.h>
#include "backend/drm/internal.h"
#include "buffer/shm.h"
#include "import/importer.h"
#include "output/output.h"
#include "scene/frame.h"
#include "util/log.h"
#include "util/time.h"
#include "util/trace.h"

/* The rectangles that planes showed and no longer show need drawing. */
static void damage_left_planes(struct drm_output *output,
			       const struct drm_frame *next,
			       pixman_region32_t *damage)
{
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
static void undamage_opaque_planes(const struct drm_frame *frame,
				   pixman_region32_t *damage)
{
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

bool tack_drm_output_assign_planes(struct tack_output *o,
				   struct tack_frame *frame)
{
	struct drm_output *output = o->backend_data;
	struct drm_frame *pending = &output->pending;
	bool composite = tack_drm_planes_assign(output, frame, pending);

	damage_left_planes(output, pending, &frame->damage);
	/* the composite was not kept up to date while nothing needed it */
	if (composite && !output->current.composite)
		pixman_region32_union_rect(&frame->damage, &frame->damage, 0, 0,
					   o->width, o->height);
	if (composite)
		undamage_opaque_planes(pending, &frame->damage);
	return composite;
}

static int add_modeset(struct drm_output *output, drmModeAtomicReq *req)
{
	int ret = 0;

	ret |= tack_drm_atomic_add(req, output->connector_id,
				   output->connector_props[CONNECTOR_CRTC_ID],
				   output->crtc_id);
	ret |= tack_drm_atomic_add(req, output->crtc_id,
				   output->crtc_props[CRTC_MODE_ID],
				   output->mode_blob);
	ret |= tack_drm_atomic_add(req, output->crtc_id,
				   output->crtc_props[CRTC_ACTIVE], 1);
	if (!ret && output->writeback)
		ret = tack_drm_writeback_add_modeset(output->writeback, req);
	return ret ? -EINVAL : 0;
}

int tack_drm_output_frame_request(struct drm_output *output,
				  const struct drm_frame *frame,
				  drmModeAtomicReq *req, uint32_t *flags)
{
	int ret = tack_drm_frame_add_planes(output, frame, req);

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
	ret = tack_drm_output_frame_request(output, frame, req, &flags);
	if (!ret && output->writeback)
		ret = tack_drm_writeback_add_job(output->writeback, req,
						 &frame->writeback);
	start = tack_now_nsec();
	if (!ret && drmModeAtomicCommit(output->backend->fd, req, flags,
					output->backend) < 0)
		ret = -errno;
	tack_trace_record(output->backend->base.env.trace, TACK_TRACE_ATOMIC,
			  0, output->output->id, start,
			  tack_now_nsec() - start,
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
 * The kernel refused the frame's planes. EFAULT: a client shrank its pool
 * under a buffer on a plane; fstat finds it, and that buffer is not tried
 * again. EINVAL without a modeset: the layout passed its test, so some
 * import is at fault (the device could not pin or map it); an importer
 * none of whose objects was ever shown is taken to be the one. Other
 * errors (a busy device, the session gone) say nothing about the buffers.
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
			tack_import_cache_refuse(backend->imports, b, why);
			culprit = true;
		}
	}
	for (i = 0; i < frame->n_planes && !culprit; i++) {
		struct drm_plane_state *ps = &frame->planes[i];
		enum tack_fallback buffer_why = why;

		if (!ps->buffer)
			continue;
		/* each buffer by its own importer: one may be refused, not all */
		if (why == TACK_FALLBACK_PLANES && ps->import) {
			tack_importer_refused(ps->import->importer);
			if (ps->import->importer->no_scanout)
				buffer_why = TACK_FALLBACK_NO_SCANOUT;
		}
		tack_import_cache_refuse(backend->imports, ps->buffer,
					 buffer_why);
	}
}

/*
 * The refused frame's surfaces on planes were counted as shown from their
 * own pages when they were assigned: they were composited after all, the
 * one whose pool was truncated for that reason.
 */
static void recount_refused(struct drm_output *output, int error)
{
	struct drm_backend *backend = output->backend;
	struct drm_frame *frame = &output->pending;
	int i;

	for (i = 0; i < frame->n_planes; i++) {
		struct tack_shm_buffer *b = frame->planes[i].buffer;

		if (!b)
			continue;
		backend->zero_copy_frames--;
		backend->fallbacks[error == -EFAULT && pool_truncated(b) ?
					   TACK_FALLBACK_EFAULT :
					   TACK_FALLBACK_PLANES]++;
	}
}

/* The objects the committed frame shows were shown: their importers work. */
static void note_shown(const struct drm_frame *frame)
{
	int i;

	for (i = 0; i < frame->n_planes; i++)
		if (frame->planes[i].import)
			tack_importer_shown(frame->planes[i].import->importer);
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

/*
 * The kernel refused a frame with planes: they are forgotten, and the
 * repaint composites the whole frame and commits it again.
 */
static int refuse_planes(struct drm_output *output, struct tack_frame *frame,
			 int error)
{
	blame_planes(output, error);
	recount_refused(output, error);
	tack_info("drm: %s: the kernel refused the frame's planes (%s); composited instead",
		  output->output->name, strerror(-error));
	memset(&output->pending, 0, sizeof(output->pending));
	output->pending.composited = true;
	output->tested_layout = 0;
	frame->planes_refused = true;
	return error;
}

int tack_drm_output_commit(struct tack_output *o, struct tack_frame *frame)
{
	struct drm_output *output = o->backend_data;
	struct drm_frame *pending = &output->pending;
	int ret;

	pending->composite = pending->composited && frame->target ?
				     output->back : NULL;
	ret = commit_frame(output, pending);
	if (ret < 0 && pending->n_planes)
		return refuse_planes(output, frame, ret);
	if (ret < 0) {
		memset(pending, 0, sizeof(*pending));
		if (output->writeback)
			tack_drm_writeback_job_failed(output->writeback);
		return ret;
	}
	tack_drm_frame_hold(pending);
	note_cursor(output, pending);
	note_shown(pending);
	if (output->writeback)
		tack_drm_writeback_committed(output->writeback);
	output->needs_modeset = false;
	output->flip_pending = true;
	output->frame++;
	return 0;
}
