/*
 * The importer: wl_shm buffers as KMS framebuffers made of the client's
 * own pages (userptr objects), created once per buffer and cached.
 */
#ifndef TACK_USERPTR_IMPORT_H
#define TACK_USERPTR_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/fallback.h"

struct tack_shm_buffer;
struct userptr_importer;

enum userptr_kind {
	USERPTR_NONE,
	USERPTR_VKMS,		/* DRM_IOCTL_VKMS_GEM_USERPTR (kernel/) */
	USERPTR_I915,		/* DRM_IOCTL_I915_GEM_USERPTR */
};

struct userptr_importer_options {
	/* Use UNSYNCHRONIZED objects where the kernel has no notifiers. */
	bool allow_unsynchronized;
	/* Bytes of each client's memory that may be pinned at once. */
	size_t client_budget;
};

/* What the device offers, probed for real at creation. */
struct userptr_caps {
	enum userptr_kind kind;
	bool notifier;		/* synchronized objects work */
	bool unsynchronized;	/* in use instead, by option */
	/*
	 * /dev/udmabuf opens and the device imports dma-bufs: a pool that is
	 * a memfd sealed against shrinking can be imported by its file pages
	 * where userptr objects cannot.
	 */
	bool udmabuf;
};

struct userptr_importer *userptr_importer_create(
	int drm_fd, const struct userptr_importer_options *options);
void userptr_importer_destroy(struct userptr_importer *importer);
const struct userptr_caps *userptr_importer_caps(
	struct userptr_importer *importer);
const char *userptr_kind_name(enum userptr_kind kind);

struct userptr_import;

/*
 * The framebuffer showing the buffer's pixels from its own pages, made on
 * first use and cached until the buffer's resource goes, its pool is
 * remapped, or userptr_import_fail(). Returns TACK_FALLBACK_NONE and the
 * import (owned by the cache: take a reference to keep it), or why not; a
 * refusal other than the budget is remembered for the buffer.
 */
enum tack_fallback userptr_import_get(struct userptr_importer *importer,
				      struct tack_shm_buffer *buffer,
				      uint32_t drm_format,
				      struct userptr_import **import);
uint32_t userptr_import_fb_id(struct userptr_import *import);
/* Frames on screen hold their imports: the framebuffer goes after them. */
struct userptr_import *userptr_import_ref(struct userptr_import *import);
void userptr_import_unref(struct userptr_import *import);
/*
 * A commit with the buffer's framebuffer failed: with EFAULT its pages are
 * gone (the client shrank its pool). The import is dropped and the buffer
 * is not tried again.
 */
void userptr_import_fail(struct userptr_importer *importer,
			 struct tack_shm_buffer *buffer, enum tack_fallback why);
struct userptr_stats {
	uint64_t imports;		/* framebuffers made of client pages */
	uint64_t remap_drops;		/* dropped as their pool was remapped */
	size_t pinned;			/* bytes of client memory, now */
};

const struct userptr_stats *userptr_importer_stats(
	struct userptr_importer *importer);

#endif
