/*
 * Framebuffers of clients' buffers: ADDFB2 over an import's object, at the
 * buffer's offset in it and with its stride, made once and kept with the
 * import. Where the kernel refuses an offset or pitch alignment, that is
 * learnt, and such buffers are not tried again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include "backend/drm/internal.h"
#include "buffer/shm.h"
#include "import/importer.h"
#include "util/log.h"

/* Scanout engines want rows this aligned, and a buffer at a page start. */
#define PITCH_ALIGN 64

struct drm_fb {
	struct drm_backend *backend;
	uint32_t fb_id;
	struct wl_listener import_destroy;
};

static void handle_import_destroy(struct wl_listener *listener, void *data)
{
	struct drm_fb *fb = wl_container_of(listener, fb, import_destroy);
	struct tack_import *import = data;

	if (drmModeRmFB(fb->backend->fd, fb->fb_id) < 0)
		tack_err("drm: RMFB: %s", strerror(errno));
	wl_list_remove(&fb->import_destroy.link);
	import->data = NULL;
	free(fb);
}

/* Which alignments an offset and pitch miss: one bit per kind of miss. */
static unsigned int alignment_class(struct drm_backend *backend,
				    uint32_t offset, uint32_t pitch)
{
	return 1u << ((offset % backend->page_size ? 1 : 0) |
		      (pitch % PITCH_ALIGN ? 2 : 0));
}

static enum tack_fallback add_fb(struct drm_backend *backend,
				 struct tack_import *import, uint32_t format,
				 uint32_t *fb_id)
{
	struct tack_shm_buffer *buffer = import->buffer;
	uint32_t handles[4] = { import->handle };
	uint32_t pitches[4] = { (uint32_t)buffer->stride };
	uint32_t offsets[4] = { import->offset };
	unsigned int class = alignment_class(backend, offsets[0], pitches[0]);

	if (backend->refused_alignment & class)
		return TACK_FALLBACK_UNALIGNED;
	if (drmModeAddFB2(backend->fd, buffer->width, buffer->height, format,
			  handles, pitches, offsets, fb_id, 0) == 0)
		return TACK_FALLBACK_NONE;
	if (errno == EINVAL && class != alignment_class(backend, 0, 0)) {
		tack_info("drm: the kernel refuses framebuffers at offset %u with pitch %u; such buffers are composited",
			  offsets[0], pitches[0]);
		backend->refused_alignment |= class;
		return TACK_FALLBACK_UNALIGNED;
	}
	tack_err("drm: ADDFB2 %dx%d: %s", buffer->width, buffer->height,
		 strerror(errno));
	return TACK_FALLBACK_IMPORT;
}

enum tack_fallback tack_drm_fb_get(struct drm_backend *backend,
				   struct tack_shm_buffer *buffer,
				   uint32_t format, struct tack_import **out,
				   uint32_t *fb_id)
{
	struct tack_import *import;
	enum tack_fallback why;
	struct drm_fb *fb;

	why = tack_import_cache_get(backend->imports, buffer, &import);
	if (why != TACK_FALLBACK_NONE)
		return why;
	fb = import->data;
	if (!fb) {
		fb = calloc(1, sizeof(*fb));
		why = fb ? add_fb(backend, import, format, &fb->fb_id) :
			   TACK_FALLBACK_IMPORT;
		if (why != TACK_FALLBACK_NONE) {
			free(fb);
			tack_import_cache_refuse(backend->imports, buffer, why);
			return why;
		}
		fb->backend = backend;
		fb->import_destroy.notify = handle_import_destroy;
		wl_signal_add(&import->events.destroy, &fb->import_destroy);
		import->data = fb;
	}
	*out = import;
	*fb_id = fb->fb_id;
	return TACK_FALLBACK_NONE;
}
