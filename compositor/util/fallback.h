/*
 * Why a surface was copied instead of shown from its own pages: by a KMS
 * plane, or by the GPU sampling them. The DRM backend and the Vulkan
 * renderer count each reason and traces report them.
 */
#ifndef TACK_FALLBACK_H
#define TACK_FALLBACK_H

enum tack_fallback {
	TACK_FALLBACK_NONE,
	TACK_FALLBACK_FORCED,		/* --no-zero-copy */
	TACK_FALLBACK_NO_USERPTR,	/* the device cannot import user memory */
	TACK_FALLBACK_NO_HOST_IMPORT,	/* the GPU cannot import host memory */
	/*
	 * the pool is not sealed against shrinking: udmabuf refuses it, and
	 * it may shrink under a driver thread that cannot take SIGBUS
	 */
	TACK_FALLBACK_UNSEALED,
	TACK_FALLBACK_NO_NOTIFIER,	/* the kernel cannot follow mappings */
	TACK_FALLBACK_UNALIGNED,	/* the kernel refused offset or pitch */
	TACK_FALLBACK_FORMAT,		/* no plane takes the pixel format */
	TACK_FALLBACK_TRANSFORM,	/* a buffer transform planes cannot do */
	TACK_FALLBACK_SCALE,		/* buffer scale or viewport scaling */
	TACK_FALLBACK_PLANES,		/* no plane left, or the layout refused */
	TACK_FALLBACK_STACKING,		/* under a composited surface */
	TACK_FALLBACK_BUDGET,		/* the client's pinned memory is spent */
	TACK_FALLBACK_EFAULT,		/* pages gone: the pool was truncated */
	TACK_FALLBACK_IMPORT,		/* the import failed otherwise */
	TACK_FALLBACK_SIZE_LIMIT,	/* over the kernel's limit for one object */
	/* the device refused to show the objects of the route it has */
	TACK_FALLBACK_NO_SCANOUT,
	TACK_FALLBACK_COUNT,
};

/* A short name, as logs and traces print it. */
const char *tack_fallback_name(enum tack_fallback reason);

#endif
