/*
 * The userptr importer. vkms (kernel/) and i915 take the same argument
 * block and flag bits, so one path serves both; which ioctl a device has
 * is asked of the kernel with a test object, not guessed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xf86drm.h>
#include <i915_drm.h>
#include "buffer/shm.h"
#include "drm/vkms_drm.h"
#include "import/importer.h"
#include "import/userptr.h"
#include "util/log.h"

_Static_assert(sizeof(struct drm_vkms_gem_userptr) ==
		       sizeof(struct drm_i915_gem_userptr),
	       "vkms and i915 userptr arguments differ");
_Static_assert(VKMS_USERPTR_READ_ONLY == I915_USERPTR_READ_ONLY &&
		       VKMS_USERPTR_UNSYNCHRONIZED == I915_USERPTR_UNSYNCHRONIZED,
	       "vkms and i915 userptr flags differ");

enum userptr_kind {
	USERPTR_NONE,
	USERPTR_VKMS,		/* DRM_IOCTL_VKMS_GEM_USERPTR (kernel/) */
	USERPTR_I915,		/* DRM_IOCTL_I915_GEM_USERPTR */
};

struct userptr_importer {
	struct tack_importer base;
	enum userptr_kind kind;
	unsigned long ioctl_nr;
	bool notifier;		/* synchronized objects work */
	bool unsynchronized;	/* in use instead, by option */
	bool allow_unsynchronized;
	long page_size;
};

static const char *kind_name(enum userptr_kind kind)
{
	switch (kind) {
	case USERPTR_VKMS:
		return "vkms userptr";
	case USERPTR_I915:
		return "i915 userptr";
	case USERPTR_NONE:
		break;
	}
	return "none";
}

static int create_object(struct userptr_importer *up, void *ptr, size_t size,
			 uint32_t flags, uint32_t *handle)
{
	struct drm_vkms_gem_userptr args = {
		.user_ptr = (uintptr_t)ptr,
		.user_size = size,
		.flags = flags,
	};

	if (drmIoctl(up->base.drm_fd, up->ioctl_nr, &args) < 0)
		return -errno;
	*handle = args.handle;
	return 0;
}

static enum userptr_kind driver_kind(int fd, unsigned long *ioctl_nr)
{
	drmVersionPtr version = drmGetVersion(fd);
	enum userptr_kind kind = USERPTR_NONE;

	if (!version)
		return kind;
	if (!strcmp(version->name, "vkms")) {
		kind = USERPTR_VKMS;
		*ioctl_nr = DRM_IOCTL_VKMS_GEM_USERPTR;
	} else if (!strcmp(version->name, "i915")) {
		kind = USERPTR_I915;
		*ioctl_nr = DRM_IOCTL_I915_GEM_USERPTR;
	}
	drmFreeVersion(version);
	return kind;
}

/* Tries one object of one page with flags; 0 or -errno. */
static int try_object(struct userptr_importer *up, void *page, uint32_t flags)
{
	uint32_t handle = 0;
	int ret = create_object(up, page, up->page_size, flags, &handle);

	if (ret == 0)
		tack_importer_close_object(&up->base, handle);
	return ret;
}

/*
 * An unpatched vkms knows no such ioctl (EINVAL), a kernel without
 * notifiers says ENODEV.
 */
static void probe(struct userptr_importer *up)
{
	void *page;
	int ret;

	up->kind = driver_kind(up->base.drm_fd, &up->ioctl_nr);
	if (up->kind == USERPTR_NONE)
		return;
	page = mmap(NULL, up->page_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		up->kind = USERPTR_NONE;
		return;
	}
	ret = try_object(up, page, VKMS_USERPTR_READ_ONLY | VKMS_USERPTR_PROBE);
	if (ret == 0) {
		up->notifier = true;
	} else if (ret == -ENODEV) {
		tack_info("userptr: the kernel cannot follow mappings (no MMU notifiers)");
		if (up->allow_unsynchronized) {
			ret = try_object(up, page, VKMS_USERPTR_READ_ONLY |
						   VKMS_USERPTR_UNSYNCHRONIZED);
			up->unsynchronized = ret == 0;
			if (ret)
				tack_err("userptr: unsynchronized objects refused: %s",
					 strerror(-ret));
		}
	} else {
		tack_info("userptr: %s refused a test object: %s",
			  kind_name(up->kind), strerror(-ret));
		up->kind = USERPTR_NONE;
	}
	munmap(page, up->page_size);
}

static enum tack_fallback userptr_accepts(struct tack_importer *base,
					  struct tack_shm_buffer *buffer)
{
	struct userptr_importer *up = wl_container_of(base, up, base);

	if (up->kind == USERPTR_NONE)
		return TACK_FALLBACK_NO_USERPTR;
	if (!up->notifier && !up->unsynchronized)
		return TACK_FALLBACK_NO_NOTIFIER;
	return TACK_FALLBACK_NONE;
}

static int userptr_create(struct tack_importer *base,
			  struct tack_shm_buffer *buffer, size_t first,
			  size_t size, uint32_t *handle)
{
	struct userptr_importer *up = wl_container_of(base, up, base);
	uint32_t flags = VKMS_USERPTR_READ_ONLY;

	if (!up->notifier)
		flags |= VKMS_USERPTR_UNSYNCHRONIZED;
	return create_object(up, (char *)buffer->pool->data + first, size,
			     flags, handle);
}

static void userptr_destroy(struct tack_importer *base)
{
	struct userptr_importer *up = wl_container_of(base, up, base);

	free(up);
}

static const struct tack_importer_impl userptr_impl = {
	.name = "userptr",
	.accepts = userptr_accepts,
	.create = userptr_create,
	.destroy = userptr_destroy,
};

struct tack_importer *tack_userptr_importer_create(int drm_fd,
						   bool allow_unsynchronized)
{
	struct userptr_importer *up = calloc(1, sizeof(*up));

	if (!up)
		return NULL;
	up->base.impl = &userptr_impl;
	up->base.drm_fd = drm_fd;
	up->allow_unsynchronized = allow_unsynchronized;
	up->page_size = sysconf(_SC_PAGESIZE);
	probe(up);
	tack_info("userptr: %s, %s", kind_name(up->kind),
		  up->notifier ? "synchronized (MMU notifiers)" :
		  up->unsynchronized ? "UNSYNCHRONIZED (by option)" :
				       "not usable");
	return &up->base;
}
