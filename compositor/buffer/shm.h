/*
 * wl_shm implemented here rather than by libwayland, so that the importer
 * can reach a pool's mapping and a buffer's place in it.
 */
#ifndef TACK_SHM_H
#define TACK_SHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>
#include "util/quota.h"

struct tack_trace;

/*
 * Pools a client may hold at once, each an fd in tack: the fds all
 * clients share would run out otherwise.
 */
#define TACK_MAX_POOLS_PER_CLIENT 256

/* The wl_shm global. */
struct tack_shm {
	struct wl_global *global;
	struct tack_trace *trace;	/* may be NULL */
	struct tack_quota pool_quota;	/* per client */
};

struct tack_shm_pool {
	struct wl_resource *resource;	/* NULL once the client destroyed it */
	struct wl_resource *shm_resource; /* the wl_shm that made it, for errors */
	struct wl_listener shm_resource_destroy;
	void *data;
	size_t size;
	int fd;				/* kept so that resize can remap */
	int refs;			/* the resource and every buffer */
	bool sigbus;			/* the file shrank under an access */
	/* bumped whenever data is mapped anew (resize, SIGBUS) */
	unsigned int generation;
	struct tack_shm *shm;		/* for traces */
	struct tack_quota_unit *quota_unit;	/* of the client that made it */
};

struct tack_shm_buffer {
	struct wl_resource *resource;	/* NULL once the client destroyed it */
	struct tack_shm_pool *pool;
	int32_t offset, width, height, stride;
	uint32_t format;		/* wl_shm format code */
	int refs;			/* the resource and every state holding it */
	int locks;			/* uses of the contents; release at zero */

	struct {
		/* the wl_buffer resource is gone; the object may live on */
		struct wl_signal resource_destroy;
		/* the object itself is being freed */
		struct wl_signal destroy;
	} events;
};

/* It outlives every pool: destroy it after the clients and the backend. */
struct tack_shm *tack_shm_create(struct wl_display *display,
				 struct tack_trace *trace);
void tack_shm_destroy(struct tack_shm *shm);

/* Every wl_shm format tack takes, ARGB8888 and XRGB8888 first. */
size_t tack_shm_formats(const uint32_t **formats);
/* The DRM fourcc of a wl_shm format (they differ for the first two). */
uint32_t tack_shm_format_to_drm(uint32_t shm_format);
/* Bits per pixel of a format tack takes, 0 otherwise. */
int tack_shm_format_bpp(uint32_t shm_format);
/* Does the format carry alpha? */
bool tack_shm_format_has_alpha(uint32_t shm_format);
/*
 * The check behind wl_shm_pool.create_buffer, also used by tests: true when
 * the buffer fits the pool, else false with the wl_shm error code to send.
 */
bool tack_shm_validate_buffer(size_t pool_size, int32_t offset, int32_t width,
			      int32_t height, int32_t stride, uint32_t format,
			      uint32_t *error, const char **why);

/* NULL when the resource is not one of our wl_shm buffers. */
struct tack_shm_buffer *tack_shm_buffer_from_resource(struct wl_resource *resource);
/*
 * A 1x1 ARGB8888 wl_buffer of one premultiplied colour in tack's own
 * memory, counted among the client's pools; NULL after an error posted.
 */
struct tack_shm_buffer *tack_shm_solid_buffer_create(struct tack_shm *shm,
						     struct wl_client *client,
						     uint32_t id, uint32_t argb);
struct tack_shm_buffer *tack_shm_buffer_ref(struct tack_shm_buffer *buffer);
void tack_shm_buffer_unref(struct tack_shm_buffer *buffer);
/* Locks say the contents are in use; wl_buffer.release goes when none are. */
void tack_shm_buffer_lock(struct tack_shm_buffer *buffer);
void tack_shm_buffer_unlock(struct tack_shm_buffer *buffer);

/*
 * The buffer's first pixel, to read or write. Between begin and end, a
 * SIGBUS from a file the client truncated is caught: the mapping is
 * replaced by zeroes, and end_access disconnects the client and returns
 * false. NULL: no access now.
 */
void *tack_shm_buffer_begin_access(struct tack_shm_buffer *buffer);
bool tack_shm_buffer_end_access(struct tack_shm_buffer *buffer);

/* The pool's file cannot shrink (F_SEAL_SHRINK): its pages cannot go. */
bool tack_shm_pool_shrink_sealed(struct tack_shm_pool *pool);
/*
 * Can every thread of the process take SIGBUS now? Only then does the
 * protection above cover reads by threads tack did not start (a GPU
 * driver's), of a pool that is not sealed.
 */
bool tack_shm_sigbus_reaches_every_thread(void);

#endif
