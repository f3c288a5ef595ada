/*
 * The importer. A wl_shm buffer lies in tack's mapping of the client's
 * pool; the pages it spans (rounded out to pages) become a userptr object,
 * and a framebuffer of it gets the in-page offset and the buffer's stride.
 * Both are made once per buffer and cached: a steady stream of frames costs
 * no ioctl here. vkms (kernel/) and i915 take the same argument block and
 * flag bits, so one path serves both. Where userptr objects cannot be
 * used, a pool that is a memfd sealed against shrinking is imported
 * through udmabuf instead, by the file's pages, which cannot go away.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wayland-server-core.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include <i915_drm.h>
#include <linux/udmabuf.h>
#include "drm/vkms_drm.h"
#include "util/log.h"
#include "buffer/shm.h"
#include "import/userptr.h"

#define PAGE_MASK_OF(size) ((uintptr_t)(size) - 1)

_Static_assert(sizeof(struct drm_vkms_gem_userptr) ==
		       sizeof(struct drm_i915_gem_userptr),
	       "vkms and i915 userptr arguments differ");
_Static_assert(VKMS_USERPTR_READ_ONLY == I915_USERPTR_READ_ONLY &&
		       VKMS_USERPTR_UNSYNCHRONIZED == I915_USERPTR_UNSYNCHRONIZED,
	       "vkms and i915 userptr flags differ");

/* One framebuffer over a buffer's pages; frames on screen hold references. */
struct userptr_import {
	struct wl_list link;		/* userptr_importer.imports */
	struct userptr_importer *importer;
	struct tack_shm_buffer *buffer;	/* a reference: keeps the pool mapped */
	struct wl_client *client;
	size_t size;			/* bytes pinned */
	uint32_t handle, fb_id;
	int refs;
};

/* What the cache knows of one buffer, while its resource lives. */
struct import_entry {
	struct wl_list link;		/* userptr_importer.entries */
	struct userptr_importer *importer;
	struct tack_shm_buffer *buffer;
	struct userptr_import *import;	/* NULL until made, or after a drop */
	void *pool_data;		/* the mapping the import was made in */
	unsigned int pool_generation;
	enum tack_fallback refused;	/* NONE, or why never to try again */
	struct wl_listener buffer_resource_destroy;
};

struct userptr_importer {
	int fd;
	int udmabuf_fd;			/* /dev/udmabuf, or -1 */
	unsigned long ioctl_nr;
	struct userptr_caps caps;
	struct userptr_importer_options options;
	long page_size;
	size_t pinned;
	struct wl_list entries;		/* import_entry.link */
	/* every import alive, cached or only held by frames on screen */
	struct wl_list imports;
	/* offset/pitch alignment classes ADDFB2 refused, learnt */
	unsigned int refused_alignment;
	struct userptr_stats stats;
};

const char *userptr_kind_name(enum userptr_kind kind)
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

static int create_object(struct userptr_importer *importer, void *ptr,
			 size_t size, uint32_t flags, uint32_t *handle)
{
	struct drm_vkms_gem_userptr args = {
		.user_ptr = (uintptr_t)ptr,
		.user_size = size,
		.flags = flags,
	};

	if (drmIoctl(importer->fd, importer->ioctl_nr, &args) < 0)
		return -errno;
	*handle = args.handle;
	return 0;
}

static void close_object(struct userptr_importer *importer, uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	if (drmIoctl(importer->fd, DRM_IOCTL_GEM_CLOSE, &args) < 0)
		tack_err("userptr: GEM_CLOSE: %s", strerror(errno));
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
static int try_object(struct userptr_importer *importer, void *page,
		      uint32_t flags)
{
	uint32_t handle = 0;
	int ret = create_object(importer, page, importer->page_size, flags,
				&handle);

	if (ret == 0)
		close_object(importer, handle);
	return ret;
}

/*
 * Asks the kernel rather than guessing from its version: an unpatched vkms
 * knows no such ioctl (EINVAL), a kernel without notifiers says ENODEV.
 */
static void probe(struct userptr_importer *importer)
{
	struct userptr_caps *caps = &importer->caps;
	void *page;
	int ret;

	caps->kind = driver_kind(importer->fd, &importer->ioctl_nr);
	if (caps->kind == USERPTR_NONE)
		return;
	page = mmap(NULL, importer->page_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		caps->kind = USERPTR_NONE;
		return;
	}
	ret = try_object(importer, page, VKMS_USERPTR_READ_ONLY |
					 VKMS_USERPTR_PROBE);
	if (ret == 0) {
		caps->notifier = true;
	} else if (ret == -ENODEV) {
		tack_info("userptr: the kernel cannot follow mappings (no MMU notifiers)");
		if (importer->options.allow_unsynchronized) {
			ret = try_object(importer, page,
					 VKMS_USERPTR_READ_ONLY |
					 VKMS_USERPTR_UNSYNCHRONIZED);
			caps->unsynchronized = ret == 0;
			if (ret)
				tack_err("userptr: unsynchronized objects refused: %s",
					 strerror(-ret));
		}
	} else {
		tack_info("userptr: %s refused a test object: %s",
			  userptr_kind_name(caps->kind), strerror(-ret));
		caps->kind = USERPTR_NONE;
	}
	munmap(page, importer->page_size);
}

static void probe_udmabuf(struct userptr_importer *importer)
{
	uint64_t prime = 0;

	importer->udmabuf_fd = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (importer->udmabuf_fd < 0)
		return;
	if (drmGetCap(importer->fd, DRM_CAP_PRIME, &prime) == 0 &&
	    (prime & DRM_PRIME_CAP_IMPORT)) {
		importer->caps.udmabuf = true;
		return;
	}
	close(importer->udmabuf_fd);
	importer->udmabuf_fd = -1;
}

static bool userptr_usable(const struct userptr_importer *importer)
{
	return importer->caps.kind != USERPTR_NONE &&
	       (importer->caps.notifier || importer->caps.unsynchronized);
}

/* udmabuf wants the size sealed and writes allowed. */
static bool udmabuf_pool(const struct tack_shm_pool *pool)
{
	int seals = fcntl(pool->fd, F_GET_SEALS);

	return seals >= 0 && (seals & F_SEAL_SHRINK) && !(seals & F_SEAL_WRITE);
}

/* The buffer's file pages as a dma-buf, imported; 0 or -errno. */
static int create_udmabuf_object(struct userptr_importer *importer,
				 struct tack_shm_buffer *buffer, size_t first,
				 size_t size, uint32_t *handle)
{
	struct udmabuf_create args = {
		.memfd = (uint32_t)buffer->pool->fd,
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.offset = first,
		.size = size,
	};
	int dmabuf = ioctl(importer->udmabuf_fd, UDMABUF_CREATE, &args);
	int ret = 0;

	if (dmabuf < 0)
		return -errno;
	if (drmPrimeFDToHandle(importer->fd, dmabuf, handle) < 0)
		ret = -errno;
	close(dmabuf);
	return ret;
}

struct userptr_importer *userptr_importer_create(
	int drm_fd, const struct userptr_importer_options *options)
{
	struct userptr_importer *importer = calloc(1, sizeof(*importer));

	if (!importer)
		return NULL;
	importer->fd = drm_fd;
	importer->options = *options;
	importer->page_size = sysconf(_SC_PAGESIZE);
	wl_list_init(&importer->entries);
	wl_list_init(&importer->imports);
	probe(importer);
	probe_udmabuf(importer);
	tack_info("userptr: %s, %s; udmabuf for sealed memfds: %s",
		  userptr_kind_name(importer->caps.kind),
		  importer->caps.notifier ? "synchronized (MMU notifiers)" :
		  importer->caps.unsynchronized ? "UNSYNCHRONIZED (by option)" :
						  "not usable",
		  importer->caps.udmabuf ? "yes" : "no");
	return importer;
}

const struct userptr_caps *userptr_importer_caps(
	struct userptr_importer *importer)
{
	return &importer->caps;
}

const struct userptr_stats *userptr_importer_stats(
	struct userptr_importer *importer)
{
	importer->stats.pinned = importer->pinned;
	return &importer->stats;
}

struct userptr_import *userptr_import_ref(struct userptr_import *import)
{
	import->refs++;
	return import;
}

void userptr_import_unref(struct userptr_import *import)
{
	struct userptr_importer *importer = import->importer;

	if (--import->refs > 0)
		return;
	/* Frames hold their imports until a flip shows something else. */
	if (drmModeRmFB(importer->fd, import->fb_id) < 0)
		tack_err("userptr: RMFB: %s", strerror(errno));
	close_object(importer, import->handle);
	importer->pinned -= import->size;
	wl_list_remove(&import->link);
	tack_shm_buffer_unref(import->buffer);
	free(import);
}

uint32_t userptr_import_fb_id(struct userptr_import *import)
{
	return import->fb_id;
}

static void entry_drop_import(struct import_entry *entry)
{
	if (!entry->import)
		return;
	userptr_import_unref(entry->import);
	entry->import = NULL;
}

static void entry_destroy(struct import_entry *entry)
{
	entry_drop_import(entry);
	wl_list_remove(&entry->buffer_resource_destroy.link);
	wl_list_remove(&entry->link);
	free(entry);
}

static void handle_buffer_resource_destroy(struct wl_listener *listener,
					   void *data)
{
	struct import_entry *entry =
		wl_container_of(listener, entry, buffer_resource_destroy);

	entry_destroy(entry);
}

void userptr_importer_destroy(struct userptr_importer *importer)
{
	struct import_entry *entry, *tmp;

	if (!importer)
		return;
	wl_list_for_each_safe(entry, tmp, &importer->entries, link)
		entry_destroy(entry);
	if (importer->udmabuf_fd >= 0)
		close(importer->udmabuf_fd);
	free(importer);
}

static struct import_entry *entry_get(struct userptr_importer *importer,
				      struct tack_shm_buffer *buffer)
{
	struct import_entry *entry;

	wl_list_for_each(entry, &importer->entries, link)
		if (entry->buffer == buffer)
			return entry;
	if (!buffer->resource)
		return NULL;
	entry = calloc(1, sizeof(*entry));
	if (!entry)
		return NULL;
	entry->importer = importer;
	entry->buffer = buffer;
	entry->buffer_resource_destroy.notify = handle_buffer_resource_destroy;
	wl_signal_add(&buffer->events.resource_destroy,
		      &entry->buffer_resource_destroy);
	wl_list_insert(&importer->entries, &entry->link);
	return entry;
}

static size_t client_pinned(struct userptr_importer *importer,
			    struct wl_client *client)
{
	struct userptr_import *import;
	size_t total = 0;

	wl_list_for_each(import, &importer->imports, link)
		if (import->client == client)
			total += import->size;
	return total;
}

static unsigned int alignment_class(uint32_t offset, uint32_t pitch)
{
	return 1u << ((offset % 4096 ? 1 : 0) | (pitch % 64 ? 2 : 0));
}

static enum tack_fallback add_fb(struct userptr_importer *importer,
				 struct userptr_import *import,
				 uint32_t format, uint32_t offset)
{
	struct tack_shm_buffer *buffer = import->buffer;
	uint32_t handles[4] = { import->handle };
	uint32_t pitches[4] = { (uint32_t)buffer->stride };
	uint32_t offsets[4] = { offset };
	unsigned int class = alignment_class(offset, pitches[0]);

	if (importer->refused_alignment & class)
		return TACK_FALLBACK_UNALIGNED;
	if (drmModeAddFB2(importer->fd, buffer->width, buffer->height, format,
			  handles, pitches, offsets, &import->fb_id, 0) == 0)
		return TACK_FALLBACK_NONE;
	if (errno == EINVAL && class != alignment_class(0, 64)) {
		tack_info("userptr: the kernel refuses framebuffers at offset %u with pitch %u; such buffers are composited",
			  offset, pitches[0]);
		importer->refused_alignment |= class;
		return TACK_FALLBACK_UNALIGNED;
	}
	tack_err("userptr: ADDFB2 %dx%d: %s", buffer->width, buffer->height,
		 strerror(errno));
	return TACK_FALLBACK_IMPORT;
}

static enum tack_fallback import_create(struct import_entry *entry,
					uint32_t format)
{
	struct userptr_importer *importer = entry->importer;
	struct tack_shm_buffer *buffer = entry->buffer;
	struct tack_shm_pool *pool = buffer->pool;
	uintptr_t page = PAGE_MASK_OF(importer->page_size);
	uintptr_t start = (uintptr_t)pool->data + buffer->offset;
	uintptr_t end = start + (size_t)buffer->stride * buffer->height;
	uintptr_t first = start & ~page, last = (end + page) & ~page;
	struct userptr_import *import;
	struct wl_client *client = wl_resource_get_client(buffer->resource);
	uint32_t flags = VKMS_USERPTR_READ_ONLY;
	enum tack_fallback why;
	int ret;

	if (client_pinned(importer, client) + (last - first) >
	    importer->options.client_budget)
		return TACK_FALLBACK_BUDGET;
	if (!importer->caps.notifier)
		flags |= VKMS_USERPTR_UNSYNCHRONIZED;
	import = calloc(1, sizeof(*import));
	if (!import)
		return TACK_FALLBACK_IMPORT;
	/* the pool is mapped from its file's start: the same page offsets */
	if (userptr_usable(importer))
		ret = create_object(importer, (void *)first, last - first,
				    flags, &import->handle);
	else
		ret = create_udmabuf_object(importer, buffer,
					    first - (uintptr_t)pool->data,
					    last - first, &import->handle);
	if (ret < 0) {
		tack_err("userptr: cannot import %zu bytes: %s",
			 (size_t)(last - first), strerror(-ret));
		free(import);
		return ret == -EFAULT ? TACK_FALLBACK_EFAULT :
					TACK_FALLBACK_IMPORT;
	}
	import->importer = importer;
	import->buffer = tack_shm_buffer_ref(buffer);
	import->client = client;
	import->size = last - first;
	import->refs = 1;
	why = add_fb(importer, import, format, (uint32_t)(start - first));
	if (why != TACK_FALLBACK_NONE) {
		close_object(importer, import->handle);
		tack_shm_buffer_unref(buffer);
		free(import);
		return why;
	}
	importer->pinned += import->size;
	importer->stats.imports++;
	wl_list_insert(&importer->imports, &import->link);
	entry->import = import;
	entry->pool_data = pool->data;
	entry->pool_generation = pool->generation;
	return TACK_FALLBACK_NONE;
}

enum tack_fallback userptr_import_get(struct userptr_importer *importer,
				      struct tack_shm_buffer *buffer,
				      uint32_t format,
				      struct userptr_import **out)
{
	struct import_entry *entry;
	enum tack_fallback why;

	if (!userptr_usable(importer) &&
	    !(importer->caps.udmabuf && udmabuf_pool(buffer->pool)))
		return importer->caps.kind == USERPTR_NONE ?
			       TACK_FALLBACK_NO_USERPTR :
			       TACK_FALLBACK_NO_NOTIFIER;
	entry = entry_get(importer, buffer);
	if (!entry)
		return TACK_FALLBACK_IMPORT;
	if (entry->refused != TACK_FALLBACK_NONE)
		return entry->refused;
	/* A remapped pool moved the pages: the object would show others. */
	if (entry->import && (entry->pool_data != buffer->pool->data ||
			      entry->pool_generation != buffer->pool->generation)) {
		entry_drop_import(entry);
		importer->stats.remap_drops++;
	}
	if (!entry->import) {
		why = import_create(entry, format);
		if (why != TACK_FALLBACK_NONE) {
			/* a spent budget may come back; the rest will not */
			if (why != TACK_FALLBACK_BUDGET)
				entry->refused = why;
			return why;
		}
	}
	*out = entry->import;
	return TACK_FALLBACK_NONE;
}

void userptr_import_fail(struct userptr_importer *importer,
			 struct tack_shm_buffer *buffer, enum tack_fallback why)
{
	struct import_entry *entry;

	wl_list_for_each(entry, &importer->entries, link) {
		if (entry->buffer != buffer)
			continue;
		entry_drop_import(entry);
		entry->refused = why;
		return;
	}
}
