/*
 * Writeback: the display engine writes the frame it composes (planes and
 * all) into a buffer of ours, so screenshots show what the screen shows.
 * The writeback connector is attached to the CRTC at the modeset, so that
 * a later frame only adds a job. A job is done when its frame has flipped
 * and its out-fence has signalled.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include "backend/drm/internal.h"
#include "output/output.h"
#include "util/log.h"

struct drm_writeback {
	struct drm_output *output;
	/* the job ended: what its frame showed may be released */
	void (*job_done)(struct drm_output *output);
	uint32_t connector_id;
	uint32_t props[CONNECTOR_PROP_COUNT];
	struct drm_dumb target;
	struct wl_list queued;		/* tack_output_capture.link: next job */
	struct wl_list running;		/* ... of the job committed */
	bool committed;			/* the running job is in the kernel */
	int fence_fd;
	struct wl_event_source *fence_source;
	bool flipped, fenced;
	struct timespec when;
};

static bool takes_xrgb8888(int fd, uint64_t blob_id)
{
	drmModePropertyBlobPtr blob = drmModeGetPropertyBlob(fd, blob_id);
	const uint32_t *formats;
	bool found = false;
	uint32_t i;

	if (!blob)
		return false;
	formats = blob->data;
	for (i = 0; i < blob->length / sizeof(*formats); i++)
		found |= formats[i] == DRM_FORMAT_XRGB8888;
	drmModeFreePropertyBlob(blob);
	return found;
}

/* The bits, in possible_clones, of the encoders of the output's connector. */
static uint32_t output_encoder_bits(struct drm_output *output,
				    drmModeResPtr res)
{
	drmModeConnectorPtr conn =
		drmModeGetConnector(output->backend->fd, output->connector_id);
	uint32_t bits = 0;
	int i, j;

	if (!conn)
		return 0;
	for (i = 0; i < conn->count_encoders; i++)
		for (j = 0; j < res->count_encoders && j < 32; j++)
			if (res->encoders[j] == conn->encoders[i])
				bits |= 1u << j;
	drmModeFreeConnector(conn);
	return bits;
}

/*
 * Can this writeback connector write back the output's CRTC while the
 * output shows it? Its encoder must be a clone of the output's: stock 6.1
 * vkms's is not, and refuses every commit that has both.
 */
static bool connector_serves(struct drm_output *output, drmModeResPtr res,
			     drmModeConnectorPtr conn)
{
	int fd = output->backend->fd;
	uint32_t clones = output_encoder_bits(output, res);
	bool ok = false;
	int i;

	for (i = 0; i < conn->count_encoders && !ok; i++) {
		drmModeEncoderPtr enc = drmModeGetEncoder(fd, conn->encoders[i]);

		if (!enc)
			continue;
		ok = enc->possible_crtcs & (1u << output->crtc_index);
		if (ok && !(enc->possible_clones & clones)) {
			tack_info("drm: writeback connector %u cannot run beside the display; screenshots are drawn instead",
				  conn->connector_id);
			ok = false;
		}
		drmModeFreeEncoder(enc);
	}
	return ok;
}

static bool writeback_in_use(struct drm_backend *backend, uint32_t id)
{
	struct drm_output *other;

	wl_list_for_each(other, &backend->outputs, link)
		if (other->writeback && other->writeback->connector_id == id)
			return true;
	return false;
}

static uint32_t find_connector(struct drm_output *output,
			       uint32_t props[CONNECTOR_PROP_COUNT])
{
	int fd = output->backend->fd;
	drmModeResPtr res = drmModeGetResources(fd);
	uint64_t values[CONNECTOR_PROP_COUNT];
	uint32_t found = 0;
	int i;

	if (!res)
		return 0;
	for (i = 0; i < res->count_connectors && !found; i++) {
		drmModeConnectorPtr conn = drmModeGetConnector(fd,
						res->connectors[i]);

		if (!conn)
			continue;
		if (conn->connector_type == DRM_MODE_CONNECTOR_WRITEBACK &&
		    !writeback_in_use(output->backend, conn->connector_id) &&
		    connector_serves(output, res, conn) &&
		    tack_drm_connector_props_get(fd, conn->connector_id, props,
						 values) == 0 &&
		    props[CONNECTOR_WRITEBACK_FB_ID] &&
		    props[CONNECTOR_WRITEBACK_OUT_FENCE_PTR] &&
		    takes_xrgb8888(fd,
				   values[CONNECTOR_WRITEBACK_PIXEL_FORMATS]))
			found = conn->connector_id;
		drmModeFreeConnector(conn);
	}
	drmModeFreeResources(res);
	return found;
}

struct drm_writeback *
tack_drm_writeback_create(struct drm_output *output,
			  void (*job_done)(struct drm_output *output))
{
	struct drm_backend *backend = output->backend;
	struct drm_writeback *wb = calloc(1, sizeof(*wb));

	if (!wb)
		return NULL;
	wb->output = output;
	wb->job_done = job_done;
	wb->fence_fd = -1;
	wl_list_init(&wb->queued);
	wl_list_init(&wb->running);
	wb->connector_id = find_connector(output, wb->props);
	if (!wb->connector_id ||
	    tack_drm_dumb_create(backend->fd, output->mode.hdisplay,
				 output->mode.vdisplay, false,
				 &wb->target) < 0) {
		free(wb);
		return NULL;
	}
	/* screenshots read it back through the renderer */
	if (tack_drm_dumb_attach_target(&wb->target,
					backend->base.env.renderer) < 0) {
		tack_drm_dumb_destroy(backend->fd, &wb->target);
		free(wb);
		return NULL;
	}
	tack_info("drm: writeback connector %u captures screenshots",
		  wb->connector_id);
	return wb;
}

static void finish_captures(struct wl_list *captures,
			    struct tack_render_target *image,
			    const struct timespec *when)
{
	while (!wl_list_empty(captures)) {
		struct tack_output_capture *capture =
			wl_container_of(captures->next, capture, link);

		wl_list_remove(&capture->link);
		wl_list_init(&capture->link);
		capture->done(capture, image, when);
	}
}

static void stop_fence(struct drm_writeback *wb)
{
	if (wb->fence_source)
		wl_event_source_remove(wb->fence_source);
	wb->fence_source = NULL;
	if (wb->fence_fd >= 0)
		close(wb->fence_fd);
	wb->fence_fd = -1;
}

void tack_drm_writeback_destroy(struct drm_writeback *wb)
{
	struct timespec never = { 0 };

	if (!wb)
		return;
	stop_fence(wb);
	finish_captures(&wb->running, NULL, &never);
	finish_captures(&wb->queued, NULL, &never);
	tack_drm_dumb_destroy(wb->output->backend->fd, &wb->target);
	free(wb);
}

int tack_drm_writeback_capture(struct tack_output *o,
			       struct tack_output_capture *capture)
{
	struct drm_output *output = o->backend_data;

	if (!output->writeback)
		return -ENOTSUP;
	wl_list_remove(&capture->link);
	wl_list_insert(output->writeback->queued.prev, &capture->link);
	return 0;
}

int tack_drm_writeback_add_modeset(struct drm_writeback *wb,
				   drmModeAtomicReq *req)
{
	return tack_drm_atomic_add(req, wb->connector_id,
				   wb->props[CONNECTOR_CRTC_ID],
				   wb->output->crtc_id);
}

int tack_drm_writeback_add_job(struct drm_writeback *wb, drmModeAtomicReq *req,
			       bool *added)
{
	int ret = 0;

	/*
	 * One job at a time; a commit retried keeps its job; captures asked
	 * while a job is in the kernel wait for its end, even if the ones it
	 * was for were cancelled.
	 */
	if (wl_list_empty(&wb->running) && !wb->committed) {
		wl_list_insert_list(&wb->running, &wb->queued);
		wl_list_init(&wb->queued);
	}
	if (wl_list_empty(&wb->running) || wb->committed)
		return 0;
	wb->fence_fd = -1;
	ret |= tack_drm_atomic_add(req, wb->connector_id,
				   wb->props[CONNECTOR_WRITEBACK_FB_ID],
				   wb->target.fb_id);
	ret |= tack_drm_atomic_add(req, wb->connector_id,
				   wb->props[CONNECTOR_WRITEBACK_OUT_FENCE_PTR],
				   (uint64_t)(uintptr_t)&wb->fence_fd);
	*added = !ret;
	return ret ? -EINVAL : 0;
}

static void try_complete(struct drm_writeback *wb)
{
	if (!wb->flipped || !wb->fenced)
		return;
	stop_fence(wb);
	wb->committed = false;
	wb->flipped = wb->fenced = false;
	finish_captures(&wb->running, wb->target.target, &wb->when);
	wb->job_done(wb->output);
	/* captures asked meanwhile wait for the next frame */
	if (!wl_list_empty(&wb->queued))
		tack_output_schedule_frame(wb->output->output);
}

static int handle_fence_readable(int fd, uint32_t mask, void *data)
{
	struct drm_writeback *wb = data;

	wb->fenced = true;
	try_complete(wb);
	return 0;
}

void tack_drm_writeback_committed(struct drm_writeback *wb)
{
	struct wl_event_loop *loop = wb->output->backend->base.env.loop;

	if (wl_list_empty(&wb->running) || wb->committed)
		return;
	wb->committed = true;
	if (wb->fence_fd < 0) {
		/* no fence: the flip is the only sign */
		wb->fenced = true;
		return;
	}
	wb->fence_source = wl_event_loop_add_fd(loop, wb->fence_fd,
						WL_EVENT_READABLE,
						handle_fence_readable, wb);
	if (!wb->fence_source)
		wb->fenced = true;
}

bool tack_drm_writeback_busy(struct drm_writeback *wb)
{
	return wb->committed;
}

void tack_drm_writeback_job_failed(struct drm_writeback *wb)
{
	struct timespec never = { 0 };

	if (wb->committed)
		return;
	stop_fence(wb);
	finish_captures(&wb->running, NULL, &never);
}

void tack_drm_writeback_flipped(struct drm_writeback *wb,
				const struct timespec *when, uint64_t seq)
{
	if (!wb->committed || wb->flipped)
		return;
	wb->flipped = true;
	wb->when = *when;
	try_complete(wb);
}
