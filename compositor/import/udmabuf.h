/*
 * The udmabuf importer: where userptr objects are missing, a pool that is
 * a memfd sealed against shrinking becomes a dma-buf of its file's pages
 * (/dev/udmabuf), imported into the DRM device with PRIME.
 */
#ifndef TACK_IMPORT_UDMABUF_H
#define TACK_IMPORT_UDMABUF_H

struct tack_importer;

/* NULL where /dev/udmabuf or the device's PRIME import is missing. */
struct tack_importer *tack_udmabuf_importer_create(int drm_fd);

#endif
