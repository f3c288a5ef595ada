/*
 * The udmabuf importer. The pages of a sealed memfd cannot go away while
 * the dma-buf holds them: the seal refuses the client's ftruncate, and a
 * hole punched in the file leaves the dma-buf its own references.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xf86drm.h>
#include <linux/udmabuf.h>
#include "buffer/shm.h"
#include "import/importer.h"
#include "import/udmabuf.h"
#include "util/log.h"

struct udmabuf_importer {
	struct tack_importer base;
	int udmabuf_fd;			/* /dev/udmabuf */
	long page_size;
};

bool tack_udmabuf_takes_pool(struct tack_shm_pool *pool)
{
	int seals = fcntl(pool->fd, F_GET_SEALS);

	return seals >= 0 && (seals & F_SEAL_SHRINK) && !(seals & F_SEAL_WRITE);
}

int tack_udmabuf_export(int udmabuf_fd, struct tack_shm_pool *pool,
			size_t first, size_t size)
{
	struct udmabuf_create args = {
		.memfd = (uint32_t)pool->fd,
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.offset = first,
		.size = size,
	};
	int dmabuf = ioctl(udmabuf_fd, UDMABUF_CREATE, &args);

	return dmabuf < 0 ? -errno : dmabuf;
}

/*
 * udmabuf wants the size sealed and writes allowed, and takes whole pages
 * of the file only (UDMABUF_CREATE refuses any other offset). A buffer
 * that does not start a page would need a framebuffer offset into the
 * dma-buf, which scanout engines often refuse and which stock 6.1 vkms
 * applies twice (the series' patch 0005 fixes that for its own module):
 * such a buffer is composited instead.
 */
static enum tack_fallback udmabuf_accepts(struct tack_importer *base,
					  struct tack_shm_buffer *buffer)
{
	struct udmabuf_importer *ub = wl_container_of(base, ub, base);

	if (!tack_udmabuf_takes_pool(buffer->pool))
		return TACK_FALLBACK_UNSEALED;
	if (buffer->offset % ub->page_size)
		return TACK_FALLBACK_UNALIGNED;
	return TACK_FALLBACK_NONE;
}

/* The module's size_limit_mb as it is now, in bytes; 0 if unknown. */
static size_t size_limit(void)
{
	FILE *f = fopen("/sys/module/udmabuf/parameters/size_limit_mb", "re");
	unsigned long mb = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%lu", &mb) != 1)
		mb = 0;
	fclose(f);
	return (size_t)mb << 20;
}

/* The buffer's file pages as a dma-buf, imported; 0 or -errno. */
static int udmabuf_create(struct tack_importer *base,
			  struct tack_shm_buffer *buffer, size_t first,
			  size_t size, uint32_t *handle)
{
	struct udmabuf_importer *ub = wl_container_of(base, ub, base);
	int dmabuf = tack_udmabuf_export(ub->udmabuf_fd, buffer->pool, first,
					 size);
	int ret = 0;

	/*
	 * EINVAL says only that something was wrong; the offset and size are
	 * pages and the seals were checked, so a size over the limit it is
	 */
	if (dmabuf == -EINVAL && size_limit() && size > size_limit())
		return -E2BIG;
	if (dmabuf < 0)
		return dmabuf;
	if (drmPrimeFDToHandle(base->drm_fd, dmabuf, handle) < 0)
		ret = -errno;
	close(dmabuf);
	return ret;
}

static void udmabuf_destroy(struct tack_importer *base)
{
	struct udmabuf_importer *ub = wl_container_of(base, ub, base);

	close(ub->udmabuf_fd);
	free(ub);
}

static const struct tack_importer_impl udmabuf_impl = {
	.name = "udmabuf",
	.accepts = udmabuf_accepts,
	.create = udmabuf_create,
	.destroy = udmabuf_destroy,
};

struct tack_importer *tack_udmabuf_importer_create(int drm_fd)
{
	struct udmabuf_importer *ub;
	uint64_t prime = 0;
	int fd;

	fd = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		tack_info("udmabuf: none for sealed memfds (%s)",
			  strerror(errno));
		return NULL;
	}
	if (drmGetCap(drm_fd, DRM_CAP_PRIME, &prime) < 0 ||
	    !(prime & DRM_PRIME_CAP_IMPORT)) {
		tack_info("udmabuf: the device imports no dma-bufs");
		goto close_fd;
	}
	ub = calloc(1, sizeof(*ub));
	if (!ub)
		goto close_fd;
	ub->base.impl = &udmabuf_impl;
	ub->base.drm_fd = drm_fd;
	ub->udmabuf_fd = fd;
	ub->page_size = sysconf(_SC_PAGESIZE);
	tack_info("udmabuf: sealed memfds import through /dev/udmabuf");
	return &ub->base;

close_fd:
	close(fd);
	return NULL;
}
