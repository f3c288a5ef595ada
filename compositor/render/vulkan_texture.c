/*
 * Clients' buffers as the Vulkan renderer reads them. A pool's mapping is
 * imported once as host memory (VK_EXT_external_memory_host) and every
 * buffer in it is read there, at its own offset and stride, by the shader.
 * What cannot be read in place (see tack_fallback) is copied, only the
 * texels a draw samples, into a texture the buffer keeps: each route is
 * decided once per buffer and pool mapping, logged and counted.
 */
#include <drm_fourcc.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buffer/shm.h"
#include "import/udmabuf.h"
#include "render/pixman_renderer.h"
#include "render/vulkan_internal.h"
#include "util/log.h"
#include "util/pin_budget.h"

/* One import of a pool's mapping, shared by the buffers read in it. */
struct vk_pool_import {
	struct wl_list link;		/* vk_renderer.pool_imports */
	struct vk_renderer *renderer;
	struct tack_shm_pool *pool;
	void *data;			/* the mapping imported */
	unsigned int generation;
	struct wl_client *client;	/* charged for it */
	struct vk_memory memory;
	bool dmabuf;			/* through udmabuf, else host memory */
	int refs;			/* buffer entries */
};

/* What the renderer keeps for one buffer, until the buffer is freed. */
struct vk_buffer_entry {
	struct wl_list link;		/* vk_renderer.buffer_entries */
	struct vk_renderer *renderer;
	struct tack_shm_buffer *buffer;
	struct wl_listener buffer_destroy;
	/* the route for this pool mapping */
	void *pool_data;
	unsigned int generation;
	enum tack_fallback why;		/* NONE: in place */
	struct vk_pool_import *import;	/* in place */
	struct vk_memory copy;		/* copied: a texture of the buffer's */
	uint32_t copy_format;		/* wl_shm format of the copy */
	int32_t copy_stride;
};

/* shifts and widths of a, r, g, b */
static const struct format_layout {
	uint32_t format;
	uint32_t bpp;
	uint8_t shift[4], bits[4];
} layouts[] = {
	{ WL_SHM_FORMAT_ARGB8888, 32, { 24, 16, 8, 0 }, { 8, 8, 8, 8 } },
	{ WL_SHM_FORMAT_XRGB8888, 32, { 0, 16, 8, 0 }, { 0, 8, 8, 8 } },
	{ DRM_FORMAT_ABGR8888, 32, { 24, 0, 8, 16 }, { 8, 8, 8, 8 } },
	{ DRM_FORMAT_XBGR8888, 32, { 0, 0, 8, 16 }, { 0, 8, 8, 8 } },
	{ DRM_FORMAT_RGBA8888, 32, { 0, 24, 16, 8 }, { 8, 8, 8, 8 } },
	{ DRM_FORMAT_RGBX8888, 32, { 0, 24, 16, 8 }, { 0, 8, 8, 8 } },
	{ DRM_FORMAT_BGRA8888, 32, { 0, 8, 16, 24 }, { 8, 8, 8, 8 } },
	{ DRM_FORMAT_BGRX8888, 32, { 0, 8, 16, 24 }, { 0, 8, 8, 8 } },
	{ DRM_FORMAT_ARGB2101010, 32, { 30, 20, 10, 0 }, { 2, 10, 10, 10 } },
	{ DRM_FORMAT_XRGB2101010, 32, { 0, 20, 10, 0 }, { 0, 10, 10, 10 } },
	{ DRM_FORMAT_ABGR2101010, 32, { 30, 0, 10, 20 }, { 2, 10, 10, 10 } },
	{ DRM_FORMAT_XBGR2101010, 32, { 0, 0, 10, 20 }, { 0, 10, 10, 10 } },
	{ DRM_FORMAT_RGB888, 24, { 0, 16, 8, 0 }, { 0, 8, 8, 8 } },
	{ DRM_FORMAT_BGR888, 24, { 0, 0, 8, 16 }, { 0, 8, 8, 8 } },
	{ DRM_FORMAT_RGB565, 16, { 0, 11, 5, 0 }, { 0, 5, 6, 5 } },
	{ DRM_FORMAT_BGR565, 16, { 0, 0, 5, 11 }, { 0, 5, 6, 5 } },
	{ DRM_FORMAT_ARGB4444, 16, { 12, 8, 4, 0 }, { 4, 4, 4, 4 } },
	{ DRM_FORMAT_XRGB4444, 16, { 0, 8, 4, 0 }, { 0, 4, 4, 4 } },
	{ DRM_FORMAT_ABGR4444, 16, { 12, 0, 4, 8 }, { 4, 4, 4, 4 } },
	{ DRM_FORMAT_XBGR4444, 16, { 0, 0, 4, 8 }, { 0, 4, 4, 4 } },
	{ DRM_FORMAT_ARGB1555, 16, { 15, 10, 5, 0 }, { 1, 5, 5, 5 } },
	{ DRM_FORMAT_XRGB1555, 16, { 0, 10, 5, 0 }, { 0, 5, 5, 5 } },
	{ DRM_FORMAT_ABGR1555, 16, { 15, 0, 5, 10 }, { 1, 5, 5, 5 } },
	{ DRM_FORMAT_XBGR1555, 16, { 0, 0, 5, 10 }, { 0, 5, 5, 5 } },
	{ DRM_FORMAT_RGB332, 8, { 0, 5, 2, 0 }, { 0, 3, 3, 2 } },
	{ DRM_FORMAT_BGR233, 8, { 0, 0, 3, 6 }, { 0, 3, 3, 2 } },
};

bool tack_vk_format_layout(uint32_t shm_format, struct vk_variant *v)
{
	size_t i;
	int j;

	for (i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct format_layout *l = &layouts[i];

		if (l->format != shm_format)
			continue;
		v->bpp = l->bpp;
		v->shifts = v->bits = 0;
		for (j = 0; j < 4; j++) {
			v->shifts |= (uint32_t)l->shift[j] << (8 * j);
			v->bits |= (uint32_t)l->bits[j] << (8 * j);
			if (l->bits[j] > 8)
				v->mode |= VK_MODE_WIDE;
		}
		return true;
	}
	return false;
}

void tack_vk_textures_init(struct vk_renderer *r)
{
	wl_list_init(&r->pool_imports);
	wl_list_init(&r->dead_imports);
	wl_list_init(&r->buffer_entries);
}

static void pool_import_free(struct vk_pool_import *import)
{
	struct vk_renderer *r = import->renderer;

	if (r->options.budget)
		tack_pin_budget_uncharge(r->options.budget, import->client,
					 import->memory.size);
	tack_vk_memory_free(r, &import->memory);
	wl_list_remove(&import->link);
	free(import);
}

/*
 * Commands recorded in the open pass may read the import (a remap seen in
 * the middle of a pass drops it): it goes once they have run.
 */
static void pool_import_unref(struct vk_pool_import *import)
{
	struct vk_renderer *r;

	if (!import || --import->refs > 0)
		return;
	r = import->renderer;
	if (!r->pass) {
		pool_import_free(import);
		return;
	}
	wl_list_remove(&import->link);
	wl_list_insert(&r->dead_imports, &import->link);
}

void tack_vk_textures_reap(struct vk_renderer *r)
{
	struct vk_pool_import *import, *tmp;

	wl_list_for_each_safe(import, tmp, &r->dead_imports, link)
		pool_import_free(import);
}

static void entry_destroy(struct vk_buffer_entry *entry)
{
	pool_import_unref(entry->import);
	tack_vk_memory_free(entry->renderer, &entry->copy);
	wl_list_remove(&entry->buffer_destroy.link);
	wl_list_remove(&entry->link);
	free(entry);
}

void tack_vk_textures_finish(struct vk_renderer *r)
{
	struct vk_buffer_entry *entry, *tmp;

	wl_list_for_each_safe(entry, tmp, &r->buffer_entries, link)
		entry_destroy(entry);
	tack_vk_textures_reap(r);
}

static void handle_buffer_destroy(struct wl_listener *listener, void *data)
{
	struct vk_buffer_entry *entry =
		wl_container_of(listener, entry, buffer_destroy);

	entry_destroy(entry);
}

static struct vk_buffer_entry *entry_get(struct vk_renderer *r,
					 struct tack_shm_buffer *buffer)
{
	struct wl_listener *l = wl_signal_get(&buffer->events.destroy,
					      handle_buffer_destroy);
	struct vk_buffer_entry *entry;

	if (l)
		return wl_container_of(l, entry, buffer_destroy);
	entry = calloc(1, sizeof(*entry));
	if (!entry)
		return NULL;
	entry->renderer = r;
	entry->buffer = buffer;
	entry->buffer_destroy.notify = handle_buffer_destroy;
	wl_signal_add(&buffer->events.destroy, &entry->buffer_destroy);
	wl_list_insert(&r->buffer_entries, &entry->link);
	return entry;
}

static struct wl_client *buffer_client(struct tack_shm_buffer *buffer)
{
	if (buffer->resource)
		return wl_resource_get_client(buffer->resource);
	if (buffer->pool->shm_resource)
		return wl_resource_get_client(buffer->pool->shm_resource);
	return NULL;
}

/* A sealed memfd pool as a dma-buf of its pages, where that route is. */
static int import_udmabuf(struct vk_renderer *r, struct tack_shm_pool *pool,
			  size_t size, struct vk_memory *mem)
{
	int fd;

	if (r->udmabuf_fd < 0 || !tack_udmabuf_takes_pool(pool))
		return -ENODEV;
	fd = tack_udmabuf_export(r->udmabuf_fd, pool, 0, size);
	if (fd < 0) {
		tack_info("vulkan: udmabuf refused a pool of %zu bytes (%s); importing its mapping",
			  size, strerror(-fd));
		return fd;
	}
	return tack_vk_memory_import_dmabuf(r, fd, size, mem);
}

/* The pool's mapping as device memory: made once, shared. */
static enum tack_fallback pool_import_get(struct vk_renderer *r,
					  struct tack_shm_pool *pool,
					  struct wl_client *client,
					  struct vk_pool_import **out)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct vk_pool_import *import;
	size_t size = (pool->size + page - 1) & ~(page - 1);
	int ret;

	wl_list_for_each(import, &r->pool_imports, link) {
		if (import->pool == pool && import->data == pool->data &&
		    import->generation == pool->generation) {
			import->refs++;
			*out = import;
			return TACK_FALLBACK_NONE;
		}
	}
	if (!client || (r->options.budget &&
	    !tack_pin_budget_charge(r->options.budget, client, size)))
		return TACK_FALLBACK_BUDGET;
	import = calloc(1, sizeof(*import));
	if (!import)
		goto uncharge;
	import->dmabuf = import_udmabuf(r, pool, size, &import->memory) == 0;
	ret = import->dmabuf ? 0 :
	      tack_vk_memory_import(r, pool->data, size, &import->memory);
	if (ret < 0) {
		tack_err("vulkan: %s refused %zu bytes of a pool as host memory: %s",
			 r->device_name, size, strerror(-ret));
		free(import);
		goto uncharge;
	}
	import->renderer = r;
	import->pool = pool;
	import->data = pool->data;
	import->generation = pool->generation;
	import->client = client;
	import->refs = 1;
	wl_list_insert(&r->pool_imports, &import->link);
	r->stats.pool_imports++;
	r->stats.udmabuf_imports += import->dmabuf;
	*out = import;
	return TACK_FALLBACK_NONE;

uncharge:
	if (r->options.budget)
		tack_pin_budget_uncharge(r->options.budget, client, size);
	return TACK_FALLBACK_IMPORT;
}

/* Why the shader cannot read the buffer where it lies; NONE: it can. */
static enum tack_fallback in_place_refusal(struct vk_renderer *r,
					   struct tack_shm_buffer *buffer)
{
	struct vk_variant v = { 0 };
	uint32_t align;
	size_t first, end;

	if (r->options.no_zero_copy)
		return TACK_FALLBACK_FORCED;
	if (!r->host_import && !(r->udmabuf_fd >= 0 &&
				 tack_udmabuf_takes_pool(buffer->pool)))
		return TACK_FALLBACK_NO_HOST_IMPORT;
	if (!tack_vk_format_layout(buffer->format, &v))
		return TACK_FALLBACK_FORMAT;
	/* the shader reads whole words: a pixel may not straddle one badly */
	align = v.bpp == 32 ? 4 : v.bpp == 16 ? 2 : 1;
	if (buffer->offset % align || buffer->stride % align)
		return TACK_FALLBACK_UNALIGNED;
	first = (size_t)buffer->offset -
		(size_t)buffer->offset % r->storage_offset_alignment;
	end = (size_t)buffer->offset + (size_t)buffer->stride * buffer->height;
	if (end - first > r->max_storage_range)
		return TACK_FALLBACK_UNALIGNED;
	/*
	 * A pool that may shrink is read in place only where a fault in the
	 * driver's threads reaches tack's SIGBUS handler.
	 */
	if (!tack_shm_pool_shrink_sealed(buffer->pool) &&
	    !tack_shm_sigbus_reaches_every_thread())
		return TACK_FALLBACK_UNSEALED;
	return TACK_FALLBACK_NONE;
}

static void log_route(struct vk_renderer *r, struct vk_buffer_entry *entry)
{
	struct tack_shm_buffer *b = entry->buffer;

	r->stats.buffers[entry->why]++;
	if (entry->why == TACK_FALLBACK_NONE)
		tack_dbg("vulkan: %dx%d buffer (format 0x%08x, stride %d, offset %d) sampled in place",
			   b->width, b->height, b->format, b->stride,
			   b->offset);
	else
		tack_info("vulkan: %dx%d buffer (format 0x%08x, stride %d, offset %d) copied: %s",
			  b->width, b->height, b->format, b->stride, b->offset,
			  tack_fallback_name(entry->why));
}

/* Decide, for this mapping of the pool, how the buffer is read. */
static void entry_route(struct vk_renderer *r, struct vk_buffer_entry *entry)
{
	struct tack_shm_buffer *buffer = entry->buffer;
	struct tack_shm_pool *pool = buffer->pool;
	enum tack_fallback why;

	/* a spent budget may come back; the other reasons stay */
	if (entry->pool_data == pool->data &&
	    entry->generation == pool->generation &&
	    entry->why != TACK_FALLBACK_BUDGET)
		return;
	if (entry->import) {
		r->stats.pool_drops++;
		pool_import_unref(entry->import);
		entry->import = NULL;
	}
	why = in_place_refusal(r, buffer);
	if (why == TACK_FALLBACK_NONE)
		why = pool_import_get(r, pool, buffer_client(buffer),
				      &entry->import);
	if (why != entry->why || !entry->pool_data) {
		entry->why = why;
		log_route(r, entry);
	}
	entry->pool_data = pool->data;
	entry->generation = pool->generation;
}

/*
 * A copy the shader can read: the same format with rows of whole words,
 * or, for a format without a shader path, converted by pixman.
 */
static int copy_prepare(struct vk_renderer *r, struct vk_buffer_entry *entry)
{
	struct tack_shm_buffer *b = entry->buffer;
	struct vk_variant v = { 0 };
	int bpp;

	if (entry->copy.buffer)
		return 0;
	entry->copy_format = tack_vk_format_layout(b->format, &v) ?
			     b->format : WL_SHM_FORMAT_XRGB8888;
	if (tack_shm_format_has_alpha(b->format) &&
	    entry->copy_format != b->format)
		entry->copy_format = WL_SHM_FORMAT_ARGB8888;
	bpp = tack_shm_format_bpp(entry->copy_format);
	entry->copy_stride = (int32_t)((((size_t)b->width * bpp / 8) + 3) &
				       ~(size_t)3);
	return tack_vk_memory_alloc(r, (VkDeviceSize)entry->copy_stride *
				       b->height, false, &entry->copy);
}

static void copy_rows(struct vk_buffer_entry *entry, const char *src,
		      const pixman_box32_t *box)
{
	struct tack_shm_buffer *b = entry->buffer;
	size_t bpp = (size_t)tack_shm_format_bpp(b->format);
	size_t x = (size_t)box->x1 * bpp / 8;
	size_t row = ((size_t)box->x2 * bpp + 7) / 8 - x;
	char *dst = entry->copy.data;
	int32_t y;

	for (y = box->y1; y < box->y2; y++)
		memcpy(dst + (size_t)y * entry->copy_stride + x,
		       src + (size_t)y * b->stride + x, row);
	entry->renderer->stats.bytes_copied += row * (size_t)(box->y2 - box->y1);
}

/* pixman reads the format the shader cannot, and writes one it can. */
static int copy_converted(struct vk_buffer_entry *entry, char *src,
			  const pixman_box32_t *box)
{
	struct tack_shm_buffer *b = entry->buffer;
	pixman_format_code_t from = tack_pixman_format(b->format);
	pixman_format_code_t to = tack_pixman_format(entry->copy_format);
	pixman_image_t *in, *out;
	int32_t w = box->x2 - box->x1, h = box->y2 - box->y1;

	if (b->stride % 4 || !from)
		return -EINVAL;
	in = pixman_image_create_bits_no_clear(from, b->width, b->height,
					       (uint32_t *)src, b->stride);
	out = pixman_image_create_bits_no_clear(to, b->width, b->height,
						entry->copy.data,
						entry->copy_stride);
	if (in && out)
		pixman_image_composite32(PIXMAN_OP_SRC, in, NULL, out,
					 box->x1, box->y1, 0, 0, box->x1,
					 box->y1, w, h);
	if (in)
		pixman_image_unref(in);
	if (out)
		pixman_image_unref(out);
	entry->renderer->stats.bytes_copied += (uint64_t)w * h *
		tack_shm_format_bpp(b->format) / 8;
	return in && out ? 0 : -ENOMEM;
}

static int copy_box(struct vk_renderer *r, struct vk_buffer_entry *entry,
		    char *src, const pixman_box32_t *box)
{
	pixman_box32_t b = *box;
	int ret = copy_prepare(r, entry);

	if (ret < 0)
		return ret;
	/* YUYV pairs pixels: a copy starts at the first of a pair */
	b.x1 &= ~1;
	if (entry->copy_format == entry->buffer->format) {
		copy_rows(entry, src, &b);
		return 0;
	}
	return copy_converted(entry, src, &b);
}

int tack_vk_source_get(struct vk_renderer *r, struct tack_shm_buffer *buffer,
		       const pixman_box32_t *box, struct vk_source *source)
{
	struct vk_buffer_entry *entry = entry_get(r, buffer);
	struct vk_draw_constants *c = &source->constants;
	uint64_t copied;
	char *data;
	int ret = 0;

	if (!entry)
		return -ENOMEM;
	entry_route(r, entry);
	data = tack_shm_buffer_begin_access(buffer);
	if (!data)
		return -EBUSY;
	r->stats.draws[entry->why]++;
	source->in_place = entry->why == TACK_FALLBACK_NONE;
	source->why = entry->why;
	c->src_width = buffer->width;
	c->src_height = buffer->height;
	if (source->in_place) {
		source->memory = &entry->import->memory;
		source->offset = (VkDeviceSize)buffer->offset -
			(VkDeviceSize)buffer->offset % r->storage_offset_alignment;
		source->range = (VkDeviceSize)buffer->offset +
			(VkDeviceSize)buffer->stride * buffer->height -
			source->offset;
		source->range = (source->range + 3) & ~(VkDeviceSize)3;
		if (source->offset + source->range > source->memory->size)
			source->range = source->memory->size - source->offset;
		c->src_offset = (uint32_t)(buffer->offset - source->offset);
		c->src_stride = (uint32_t)buffer->stride;
		tack_vk_format_layout(buffer->format, &source->variant);
		return 0;
	}
	copied = r->stats.bytes_copied;
	ret = copy_box(r, entry, data, box);
	source->copied = r->stats.bytes_copied - copied;
	/* the copy is made: the client's pages are not read again */
	tack_shm_buffer_end_access(buffer);
	if (ret < 0)
		return ret;
	source->memory = &entry->copy;
	source->offset = 0;
	source->range = entry->copy.size;
	c->src_offset = 0;
	c->src_stride = (uint32_t)entry->copy_stride;
	tack_vk_format_layout(entry->copy_format, &source->variant);
	return 0;
}

void tack_vk_log_routes(struct vk_renderer *r)
{
	uint64_t copied = 0;
	int i;

	for (i = 1; i < TACK_FALLBACK_COUNT; i++)
		copied += r->stats.draws[i];
	tack_info("summary vulkan: %s; %llu draws sampled clients' pages in place, %llu copied; %.3f MB copied; %llu pool imports, %llu dropped on remap, %llu through udmabuf",
		  r->device_name,
		  (unsigned long long)r->stats.draws[TACK_FALLBACK_NONE],
		  (unsigned long long)copied, r->stats.bytes_copied / 1e6,
		  (unsigned long long)r->stats.pool_imports,
		  (unsigned long long)r->stats.pool_drops,
		  (unsigned long long)r->stats.udmabuf_imports);
	for (i = 1; i < TACK_FALLBACK_COUNT; i++)
		if (r->stats.draws[i])
			tack_info("summary vulkan: copied (%s): %llu buffers, %llu draws",
				  tack_fallback_name(i),
				  (unsigned long long)r->stats.buffers[i],
				  (unsigned long long)r->stats.draws[i]);
	tack_info("summary vulkan: %llu validation messages",
		  (unsigned long long)r->stats.validation_messages);
}
