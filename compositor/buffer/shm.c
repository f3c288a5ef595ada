/* wl_shm, its pools and buffers, and safe access to client memory. */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include "buffer/shm.h"
#include "util/coord.h"
#include "util/log.h"
#include "util/time.h"
#include "util/trace.h"

struct shm_format {
	uint32_t shm;
	int bpp;
	bool alpha;
};

/*
 * wl_shm codes are DRM fourccs, except the two the protocol predates.
 * Every renderer reads all of these.
 */
static const struct shm_format shm_formats[] = {
	{ WL_SHM_FORMAT_ARGB8888, 32, true },
	{ WL_SHM_FORMAT_XRGB8888, 32, false },
	{ DRM_FORMAT_ABGR8888, 32, true },
	{ DRM_FORMAT_XBGR8888, 32, false },
	{ DRM_FORMAT_RGBA8888, 32, true },
	{ DRM_FORMAT_RGBX8888, 32, false },
	{ DRM_FORMAT_BGRA8888, 32, true },
	{ DRM_FORMAT_BGRX8888, 32, false },
	{ DRM_FORMAT_ARGB2101010, 32, true },
	{ DRM_FORMAT_XRGB2101010, 32, false },
	{ DRM_FORMAT_ABGR2101010, 32, true },
	{ DRM_FORMAT_XBGR2101010, 32, false },
	{ DRM_FORMAT_RGB888, 24, false },
	{ DRM_FORMAT_BGR888, 24, false },
	{ DRM_FORMAT_RGB565, 16, false },
	{ DRM_FORMAT_BGR565, 16, false },
	{ DRM_FORMAT_ARGB4444, 16, true },
	{ DRM_FORMAT_XRGB4444, 16, false },
	{ DRM_FORMAT_ABGR4444, 16, true },
	{ DRM_FORMAT_XBGR4444, 16, false },
	{ DRM_FORMAT_ARGB1555, 16, true },
	{ DRM_FORMAT_XRGB1555, 16, false },
	{ DRM_FORMAT_ABGR1555, 16, true },
	{ DRM_FORMAT_XBGR1555, 16, false },
	{ DRM_FORMAT_RGB332, 8, false },
	{ DRM_FORMAT_BGR233, 8, false },
	{ DRM_FORMAT_YUYV, 16, false },
};

#define N_FORMATS (sizeof(shm_formats) / sizeof(shm_formats[0]))

static const struct shm_format *find_format(uint32_t format)
{
	size_t i;

	for (i = 0; i < N_FORMATS; i++)
		if (shm_formats[i].shm == format)
			return &shm_formats[i];
	return NULL;
}

size_t tack_shm_formats(const uint32_t **formats)
{
	static uint32_t codes[N_FORMATS];
	size_t i;

	for (i = 0; i < N_FORMATS; i++)
		codes[i] = shm_formats[i].shm;
	*formats = codes;
	return N_FORMATS;
}

uint32_t tack_shm_format_to_drm(uint32_t shm_format)
{
	switch (shm_format) {
	case WL_SHM_FORMAT_ARGB8888:
		return DRM_FORMAT_ARGB8888;
	case WL_SHM_FORMAT_XRGB8888:
		return DRM_FORMAT_XRGB8888;
	}
	return shm_format;
}

int tack_shm_format_bpp(uint32_t shm_format)
{
	const struct shm_format *f = find_format(shm_format);

	return f ? f->bpp : 0;
}

bool tack_shm_format_has_alpha(uint32_t shm_format)
{
	const struct shm_format *f = find_format(shm_format);

	return f && f->alpha;
}

bool tack_shm_validate_buffer(size_t pool_size, int32_t offset, int32_t width,
			      int32_t height, int32_t stride, uint32_t format,
			      uint32_t *error, const char **why)
{
	const struct shm_format *f = find_format(format);

	*error = WL_SHM_ERROR_INVALID_STRIDE;
	if (!f) {
		*error = WL_SHM_ERROR_INVALID_FORMAT;
		*why = "unsupported format";
	} else if (offset < 0) {
		*why = "negative offset";
	} else if (width <= 0 || height <= 0) {
		*why = "width and height must be positive";
	} else if (width > TACK_COORD_MAX || height > TACK_COORD_MAX) {
		*why = "width or height beyond 16777216";
	} else if (stride <= 0 || (int64_t)stride * 8 < (int64_t)width * f->bpp) {
		*why = "stride smaller than a row";
	} else if (f->shm == DRM_FORMAT_YUYV && width % 2) {
		*why = "YUYV needs an even width";
	} else if ((int64_t)offset + (int64_t)stride * height >
		   (int64_t)pool_size) {
		*why = "buffer extends past the end of the pool";
	} else {
		return true;
	}
	return false;
}

static void pool_unref(struct tack_shm_pool *pool)
{
	if (--pool->refs > 0)
		return;
	if (pool->shm_resource)
		wl_list_remove(&pool->shm_resource_destroy.link);
	munmap(pool->data, pool->size);
	close(pool->fd);
	tack_quota_give_back(pool->quota_unit);
	free(pool);
}

static const struct wl_buffer_interface buffer_impl;

struct tack_shm_buffer *tack_shm_buffer_from_resource(struct wl_resource *resource)
{
	if (!wl_resource_instance_of(resource, &wl_buffer_interface,
				     &buffer_impl))
		return NULL;
	return wl_resource_get_user_data(resource);
}

struct tack_shm_buffer *tack_shm_buffer_ref(struct tack_shm_buffer *buffer)
{
	buffer->refs++;
	return buffer;
}

void tack_shm_buffer_unref(struct tack_shm_buffer *buffer)
{
	assert(buffer->refs > 0);
	if (--buffer->refs > 0)
		return;
	wl_signal_emit(&buffer->events.destroy, buffer);
	pool_unref(buffer->pool);
	free(buffer);
}

void tack_shm_buffer_lock(struct tack_shm_buffer *buffer)
{
	buffer->locks++;
	tack_shm_buffer_ref(buffer);
}

void tack_shm_buffer_unlock(struct tack_shm_buffer *buffer)
{
	assert(buffer->locks > 0);
	if (--buffer->locks == 0 && buffer->resource) {
		wl_buffer_send_release(buffer->resource);
		tack_trace_record(buffer->pool->shm->trace,
					  TACK_TRACE_RELEASE, 0, 0,
					  tack_now_nsec(), 0,
					  wl_resource_get_id(buffer->resource),
					  0);
	}
	tack_shm_buffer_unref(buffer);
}

/*
 * SIGBUS protection. A client can shrink the file behind its pool at any
 * time; touching the lost pages raises SIGBUS. While an access is open the
 * handler swaps the pool's mapping for zero pages and flags the pool, so the
 * compositor finishes the frame and then disconnects that client.
 */
/*
 * Accesses open at once: one per buffer a GPU pass reads in place, held
 * until its fence, so a frame of many surfaces holds many.
 */
#define MAX_ACCESSES 64

static struct tack_shm_pool *volatile accesses[MAX_ACCESSES];
static struct sigaction previous_sigbus;
static bool sigbus_handler_installed;

static void handle_sigbus(int sig, siginfo_t *info, void *context)
{
	char *addr = info->si_addr;
	int i;

	for (i = 0; i < MAX_ACCESSES; i++) {
		struct tack_shm_pool *pool = accesses[i];

		if (!pool || addr < (char *)pool->data ||
		    addr >= (char *)pool->data + pool->size)
			continue;
		if (mmap(pool->data, pool->size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0) ==
		    MAP_FAILED)
			break;
		pool->sigbus = true;
		pool->generation++;
		return;
	}
	/* Not ours: fall back to what was there, and fault again. */
	sigaction(SIGBUS, &previous_sigbus, NULL);
}

static int install_sigbus_handler(void)
{
	struct sigaction sa = {
		.sa_sigaction = handle_sigbus,
		.sa_flags = SA_SIGINFO | SA_NODEFER,
	};

	if (sigbus_handler_installed)
		return 0;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &previous_sigbus) < 0)
		return -errno;
	sigbus_handler_installed = true;
	return 0;
}

static bool access_push(struct tack_shm_pool *pool)
{
	int i;

	for (i = 0; i < MAX_ACCESSES; i++) {
		if (!accesses[i]) {
			accesses[i] = pool;
			return true;
		}
	}
	return false;
}

static void access_pop(struct tack_shm_pool *pool)
{
	int i;

	for (i = MAX_ACCESSES - 1; i >= 0; i--) {
		if (accesses[i] == pool) {
			accesses[i] = NULL;
			return;
		}
	}
}

void *tack_shm_buffer_begin_access(struct tack_shm_buffer *buffer)
{
	struct tack_shm_pool *pool = buffer->pool;

	if (install_sigbus_handler() < 0 || !access_push(pool))
		return NULL;
	return (char *)pool->data + buffer->offset;
}

bool tack_shm_buffer_end_access(struct tack_shm_buffer *buffer)
{
	struct tack_shm_pool *pool = buffer->pool;

	access_pop(pool);
	if (!pool->sigbus)
		return true;
	tack_err("shm: client's pool file shrank under its buffer (SIGBUS); disconnecting it");
	/* Where libwayland's own wl_shm puts it, and where clients look. */
	if (buffer->resource)
		wl_resource_post_error(buffer->resource, WL_SHM_ERROR_INVALID_FD,
				       "the pool's file was truncated while in use");
	else if (pool->shm_resource)
		wl_resource_post_error(pool->shm_resource,
				       WL_SHM_ERROR_INVALID_FD,
				       "the pool's file was truncated while in use");
	return false;
}

bool tack_shm_pool_shrink_sealed(struct tack_shm_pool *pool)
{
	int seals = fcntl(pool->fd, F_GET_SEALS);

	return seals >= 0 && (seals & F_SEAL_SHRINK);
}

/* Is SIGBUS blocked in the thread whose status file this is? */
static bool status_blocks_sigbus(int dir, const char *name)
{
	char path[sizeof(((struct dirent *)0)->d_name) + 8], line[128];
	unsigned long long blocked;
	bool blocks = true;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/status", name);
	fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno != ENOENT;	/* a thread that just ended is fine */
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return true;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigBlk: %llx", &blocked) == 1)
			blocks = blocked & (1ull << (SIGBUS - 1));
	fclose(f);
	return blocks;
}

bool tack_shm_sigbus_reaches_every_thread(void)
{
	DIR *dir = opendir("/proc/self/task");
	struct dirent *e;
	bool reaches = dir != NULL;

	while (reaches && (e = readdir(dir)))
		if (e->d_name[0] != '.')
			reaches = !status_blocks_sigbus(dirfd(dir), e->d_name);
	if (dir)
		closedir(dir);
	return reaches;
}

static void handle_buffer_destroy(struct wl_client *client,
				  struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_buffer_interface buffer_impl = {
	.destroy = handle_buffer_destroy,
};

static void handle_buffer_resource_destroy(struct wl_resource *resource)
{
	struct tack_shm_buffer *buffer = wl_resource_get_user_data(resource);

	buffer->resource = NULL;
	wl_signal_emit(&buffer->events.resource_destroy, buffer);
	tack_shm_buffer_unref(buffer);
}

/* A wl_buffer of the pool's memory; NULL when out of memory. */
static struct tack_shm_buffer *buffer_create(struct wl_client *client,
					     uint32_t id,
					     struct tack_shm_pool *pool,
					     int32_t offset, int32_t width,
					     int32_t height, int32_t stride,
					     uint32_t format)
{
	struct tack_shm_buffer *buffer = calloc(1, sizeof(*buffer));

	if (!buffer)
		return NULL;
	buffer->resource = wl_resource_create(client, &wl_buffer_interface, 1,
					      id);
	if (!buffer->resource) {
		free(buffer);
		return NULL;
	}
	buffer->pool = pool;
	pool->refs++;
	buffer->offset = offset;
	buffer->width = width;
	buffer->height = height;
	buffer->stride = stride;
	buffer->format = format;
	buffer->refs = 1;
	wl_signal_init(&buffer->events.resource_destroy);
	wl_signal_init(&buffer->events.destroy);
	wl_resource_set_implementation(buffer->resource, &buffer_impl, buffer,
				       handle_buffer_resource_destroy);
	return buffer;
}

static void handle_pool_create_buffer(struct wl_client *client,
				      struct wl_resource *resource, uint32_t id,
				      int32_t offset, int32_t width,
				      int32_t height, int32_t stride,
				      uint32_t format)
{
	struct tack_shm_pool *pool = wl_resource_get_user_data(resource);
	struct tack_shm_buffer *buffer;
	const char *why;
	uint32_t error;

	if (!tack_shm_validate_buffer(pool->size, offset, width, height, stride,
				      format, &error, &why)) {
		wl_resource_post_error(resource, error,
			"buffer %dx%d stride %d offset %d format 0x%x in a pool of %zu bytes: %s",
			width, height, stride, offset, format, pool->size, why);
		return;
	}
	buffer = buffer_create(client, id, pool, offset, width, height, stride,
			       format);
	if (!buffer)
		wl_client_post_no_memory(client);
}

static void handle_pool_destroy(struct wl_client *client,
				struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void handle_pool_resize(struct wl_client *client,
			       struct wl_resource *resource, int32_t size)
{
	struct tack_shm_pool *pool = wl_resource_get_user_data(resource);
	void *data;

	/* the code libwayland's own wl_shm sends, which clients expect */
	if (size < 0 || (size_t)size < pool->size) {
		wl_resource_post_error(resource, WL_SHM_ERROR_INVALID_FD,
				       "pool can only grow (%zu to %d bytes)",
				       pool->size, size);
		return;
	}
	if ((size_t)size == pool->size)
		return;
	/*
	 * After a SIGBUS the mapping is zero pages, no longer the file's: the
	 * client that truncated it is on its way out.
	 */
	if (pool->sigbus) {
		wl_resource_post_error(resource, WL_SHM_ERROR_INVALID_FD,
				       "the pool's file was truncated; it cannot grow");
		return;
	}
	data = mremap(pool->data, pool->size, size, MREMAP_MAYMOVE);
	if (data == MAP_FAILED) {
		wl_resource_post_error(resource, WL_SHM_ERROR_INVALID_FD,
				       "cannot grow the pool's mapping to %d bytes: %s",
				       size, strerror(errno));
		return;
	}
	if (data != pool->data)
		tack_dbg("shm: a pool moved as it grew to %d bytes", size);
	pool->data = data;
	pool->size = size;
	pool->generation++;
}

static const struct wl_shm_pool_interface pool_impl = {
	.create_buffer = handle_pool_create_buffer,
	.destroy = handle_pool_destroy,
	.resize = handle_pool_resize,
};

static void handle_pool_resource_destroy(struct wl_resource *resource)
{
	struct tack_shm_pool *pool = wl_resource_get_user_data(resource);

	pool->resource = NULL;
	pool_unref(pool);
}

static void handle_pool_shm_resource_destroy(struct wl_listener *listener,
					     void *data)
{
	struct tack_shm_pool *pool =
		wl_container_of(listener, pool, shm_resource_destroy);

	wl_list_remove(&pool->shm_resource_destroy.link);
	pool->shm_resource = NULL;
}

static void handle_shm_create_pool(struct wl_client *client,
				   struct wl_resource *resource, uint32_t id,
				   int32_t fd, int32_t size)
{
	struct tack_shm *shm = wl_resource_get_user_data(resource);
	struct tack_quota_unit *unit;
	struct tack_shm_pool *pool;

	if (size <= 0) {
		wl_resource_post_error(resource, WL_SHM_ERROR_INVALID_STRIDE,
				       "pool size %d is not positive", size);
		goto close_fd;
	}
	unit = tack_quota_take(&shm->pool_quota, client);
	if (!unit)
		goto close_fd;
	pool = calloc(1, sizeof(*pool));
	if (!pool) {
		wl_client_post_no_memory(client);
		goto give_back;
	}
	pool->data = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (pool->data == MAP_FAILED) {
		wl_resource_post_error(resource, WL_SHM_ERROR_INVALID_FD,
				       "cannot map the pool's fd: %s",
				       strerror(errno));
		goto free_pool;
	}
	pool->resource = wl_resource_create(client, &wl_shm_pool_interface, 1,
					    id);
	if (!pool->resource) {
		wl_client_post_no_memory(client);
		goto unmap;
	}
	pool->fd = fd;
	pool->size = size;
	pool->refs = 1;
	pool->shm = shm;
	pool->quota_unit = unit;
	pool->shm_resource = resource;
	pool->shm_resource_destroy.notify = handle_pool_shm_resource_destroy;
	wl_resource_add_destroy_listener(resource, &pool->shm_resource_destroy);
	wl_resource_set_implementation(pool->resource, &pool_impl, pool,
				       handle_pool_resource_destroy);
	return;

unmap:
	munmap(pool->data, size);
free_pool:
	free(pool);
give_back:
	tack_quota_give_back(unit);
close_fd:
	close(fd);
}

/* A sealed memfd of one pixel, mapped; -errno. */
static int solid_pool_memory(struct tack_shm_pool *pool, uint32_t argb)
{
	int fd = memfd_create("tack-single-pixel", MFD_CLOEXEC |
						   MFD_ALLOW_SEALING);

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, sizeof(argb)) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
				   F_SEAL_SEAL) < 0)
		goto close_fd;
	pool->data = mmap(NULL, sizeof(argb), PROT_READ | PROT_WRITE,
			  MAP_SHARED, fd, 0);
	if (pool->data == MAP_FAILED)
		goto close_fd;
	memcpy(pool->data, &argb, sizeof(argb));
	pool->fd = fd;
	pool->size = sizeof(argb);
	return 0;

close_fd:
	close(fd);
	return -errno;
}

struct tack_shm_buffer *tack_shm_solid_buffer_create(struct tack_shm *shm,
						     struct wl_client *client,
						     uint32_t id, uint32_t argb)
{
	struct tack_shm_buffer *buffer = NULL;
	struct tack_shm_pool *pool;
	struct tack_quota_unit *unit;

	/* Each holds an fd and a page: it counts as one of the client's pools. */
	unit = tack_quota_take(&shm->pool_quota, client);
	if (!unit)
		return NULL;
	pool = calloc(1, sizeof(*pool));
	if (!pool || solid_pool_memory(pool, argb) < 0) {
		free(pool);
		tack_quota_give_back(unit);
		wl_client_post_no_memory(client);
		return NULL;
	}
	pool->shm = shm;
	pool->quota_unit = unit;
	pool->refs = 1;
	buffer = buffer_create(client, id, pool, 0, 1, 1, sizeof(argb),
			       WL_SHM_FORMAT_ARGB8888);
	if (!buffer)
		wl_client_post_no_memory(client);
	/* The buffer holds the pool from now on. */
	pool_unref(pool);
	return buffer;
}

static const struct wl_shm_interface shm_impl = {
	.create_pool = handle_shm_create_pool,
};

static void bind_shm(struct wl_client *client, void *data, uint32_t version,
		     uint32_t id)
{
	struct wl_resource *resource;
	size_t i;

	resource = wl_resource_create(client, &wl_shm_interface, version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &shm_impl, data, NULL);
	for (i = 0; i < N_FORMATS; i++)
		wl_shm_send_format(resource, shm_formats[i].shm);
}

struct tack_shm *tack_shm_create(struct wl_display *display,
				 struct tack_trace *trace)
{
	struct tack_shm *shm = calloc(1, sizeof(*shm));

	if (!shm)
		return NULL;
	shm->trace = trace;
	tack_quota_init(&shm->pool_quota, "pools", TACK_MAX_POOLS_PER_CLIENT);
	shm->global = wl_global_create(display, &wl_shm_interface, 1, shm,
				       bind_shm);
	if (!shm->global) {
		free(shm);
		return NULL;
	}
	return shm;
}

void tack_shm_destroy(struct tack_shm *shm)
{
	if (!shm)
		return;
	tack_quota_finish(&shm->pool_quota);
	wl_global_destroy(shm->global);
	free(shm);
}
