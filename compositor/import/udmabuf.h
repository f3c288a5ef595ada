/*
 * The udmabuf importer: where userptr objects are missing, a pool that is
 * a memfd sealed against shrinking becomes a dma-buf of its file's pages
 * (/dev/udmabuf), imported into the DRM device with PRIME.
 */
#ifndef TACK_IMPORT_UDMABUF_H
#define TACK_IMPORT_UDMABUF_H

#include <stdbool.h>
#include <stddef.h>

struct tack_importer;
struct tack_shm_pool;

/* NULL where /dev/udmabuf or the device's PRIME import is missing. */
struct tack_importer *tack_udmabuf_importer_create(int drm_fd);

/* udmabuf takes a memfd sealed against shrinking, not against writes. */
bool tack_udmabuf_takes_pool(struct tack_shm_pool *pool);
/*
 * A dma-buf of size bytes of the pool's file from byte first (both page
 * aligned), made through udmabuf_fd (/dev/udmabuf): its fd, or -errno.
 * The GPU renderer imports it too, where its device takes dma-bufs.
 */
int tack_udmabuf_export(int udmabuf_fd, struct tack_shm_pool *pool,
			size_t first, size_t size);

#endif
