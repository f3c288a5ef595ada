/*
 * The import cache every importer shares. A buffer lies in tack's mapping
 * of the client's pool; the pages it spans (rounded out to pages) become
 * one object, made by the first importer that takes the buffer, once per
 * buffer: a steady stream of frames costs no ioctl here. A pool remapped
 * (it grew and moved, or lost its file to SIGBUS) makes its imports stale.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>
#include "buffer/shm.h"
#include "import/importer.h"
#include "util/log.h"
#include "util/pin_budget.h"

/* What the cache knows of one buffer, while its resource lives. */
struct import_entry {
	struct wl_list link;		/* tack_import_cache.entries */
	struct tack_import_cache *cache;
	struct tack_shm_buffer *buffer;
	struct tack_import *import;	/* NULL until made, or after a drop */
	void *pool_data;		/* the mapping the import was made in */
	unsigned int pool_generation;
	enum tack_fallback refused;	/* NONE, or why never to try again */
	struct wl_listener buffer_resource_destroy;
};

struct tack_import_cache {
	struct tack_pin_budget *budget;	/* shared with the GPU's imports */
	long page_size;
	struct tack_importer *importers[TACK_IMPORTERS_MAX];
	int n_importers;
	struct wl_list entries;		/* import_entry.link */
	/* every import alive, cached or only held by frames on screen */
	struct wl_list imports;
	size_t pinned;
	struct tack_import_stats stats;
};

struct tack_import_cache *tack_import_cache_create(struct tack_pin_budget *budget)
{
	struct tack_import_cache *cache = calloc(1, sizeof(*cache));

	if (!cache)
		return NULL;
	cache->budget = budget;
	cache->page_size = sysconf(_SC_PAGESIZE);
	wl_list_init(&cache->entries);
	wl_list_init(&cache->imports);
	return cache;
}

void tack_import_cache_add(struct tack_import_cache *cache,
			   struct tack_importer *importer)
{
	if (cache->n_importers == TACK_IMPORTERS_MAX) {
		tack_err("import: no room for the %s importer",
			 importer->impl->name);
		importer->impl->destroy(importer);
		return;
	}
	cache->stats.by_importer[cache->n_importers].name = importer->impl->name;
	cache->importers[cache->n_importers++] = importer;
	cache->stats.n_importers = cache->n_importers;
}

const struct tack_import_stats *tack_import_cache_stats(
	struct tack_import_cache *cache)
{
	cache->stats.pinned = cache->pinned;
	return &cache->stats;
}

struct tack_import *tack_import_ref(struct tack_import *import)
{
	import->refs++;
	return import;
}

void tack_importer_close_object(struct tack_importer *importer,
				uint32_t handle)
{
	struct drm_gem_close args = { .handle = handle };

	if (drmIoctl(importer->drm_fd, DRM_IOCTL_GEM_CLOSE, &args) < 0)
		tack_err("import: %s: GEM_CLOSE: %s", importer->impl->name,
			 strerror(errno));
}

void tack_import_unref(struct tack_import *import)
{
	struct tack_import_cache *cache = import->cache;

	if (--import->refs > 0)
		return;
	/* its users (a framebuffer) go before the object */
	wl_signal_emit_mutable(&import->events.destroy, import);
	tack_importer_close_object(import->importer, import->handle);
	cache->pinned -= import->size;
	tack_pin_budget_uncharge(cache->budget, import->client, import->size);
	wl_list_remove(&import->link);
	tack_shm_buffer_unref(import->buffer);
	free(import);
}

static void entry_drop_import(struct import_entry *entry)
{
	if (!entry->import)
		return;
	tack_import_unref(entry->import);
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

void tack_import_cache_destroy(struct tack_import_cache *cache)
{
	struct import_entry *entry, *tmp;
	int i;

	if (!cache)
		return;
	wl_list_for_each_safe(entry, tmp, &cache->entries, link)
		entry_destroy(entry);
	/* frames on screen would hold imports of a cache gone */
	assert(wl_list_empty(&cache->imports));
	for (i = 0; i < cache->n_importers; i++)
		cache->importers[i]->impl->destroy(cache->importers[i]);
	free(cache);
}

static struct import_entry *entry_find(struct tack_import_cache *cache,
				       struct tack_shm_buffer *buffer)
{
	struct import_entry *entry;

	wl_list_for_each(entry, &cache->entries, link)
		if (entry->buffer == buffer)
			return entry;
	return NULL;
}

static struct import_entry *entry_create(struct tack_import_cache *cache,
					 struct tack_shm_buffer *buffer)
{
	struct import_entry *entry;

	if (!buffer->resource)
		return NULL;
	entry = calloc(1, sizeof(*entry));
	if (!entry)
		return NULL;
	entry->cache = cache;
	entry->buffer = buffer;
	entry->buffer_resource_destroy.notify = handle_buffer_resource_destroy;
	wl_signal_add(&buffer->events.resource_destroy,
		      &entry->buffer_resource_destroy);
	wl_list_insert(&cache->entries, &entry->link);
	return entry;
}

void tack_importer_shown(struct tack_importer *importer)
{
	importer->shown = true;
}

void tack_importer_refused(struct tack_importer *importer)
{
	if (importer->shown || importer->no_scanout)
		return;
	importer->no_scanout = true;
	tack_info("import: the device refused to show %s objects; their buffers are composited",
		  importer->impl->name);
}

/*
 * How much a refusal says: of this buffer (a client can act on
 * "unsealed"), of a route the device has but does not serve, of a route
 * it lacks.
 */
static int refusal_rank(enum tack_fallback why)
{
	switch (why) {
	case TACK_FALLBACK_NO_USERPTR:
		return 0;
	case TACK_FALLBACK_NO_NOTIFIER:
	case TACK_FALLBACK_NO_SCANOUT:
		return 1;
	default:
		return 2;
	}
}

/*
 * The first importer that takes the buffer; else NULL, and why not: the
 * refusal that says most, the first of those.
 */
static struct tack_importer *choose(struct tack_import_cache *cache,
				    struct tack_shm_buffer *buffer,
				    enum tack_fallback *why, int *index)
{
	int i;

	*why = TACK_FALLBACK_NO_USERPTR;
	for (i = 0; i < cache->n_importers; i++) {
		struct tack_importer *importer = cache->importers[i];
		enum tack_fallback w = importer->impl->accepts(importer, buffer);

		if (w == TACK_FALLBACK_NONE && importer->no_scanout)
			w = TACK_FALLBACK_NO_SCANOUT;
		if (w == TACK_FALLBACK_NONE) {
			*index = i;
			return importer;
		}
		if (i == 0 || refusal_rank(w) > refusal_rank(*why))
			*why = w;
	}
	return NULL;
}

static enum tack_fallback import_create(struct import_entry *entry,
					struct tack_importer *importer)
{
	struct tack_import_cache *cache = entry->cache;
	struct tack_shm_buffer *buffer = entry->buffer;
	struct tack_shm_pool *pool = buffer->pool;
	uintptr_t page = (uintptr_t)cache->page_size - 1;
	uintptr_t start = (uintptr_t)pool->data + buffer->offset;
	uintptr_t end = start + (size_t)buffer->stride * buffer->height;
	uintptr_t first = start & ~page, last = (end + page) & ~page;
	struct wl_client *client = wl_resource_get_client(buffer->resource);
	struct tack_import *import;
	int ret;

	if (!tack_pin_budget_charge(cache->budget, client, last - first))
		return TACK_FALLBACK_BUDGET;
	import = calloc(1, sizeof(*import));
	if (!import)
		goto uncharge;
	ret = importer->impl->create(importer, buffer,
				     first - (uintptr_t)pool->data,
				     last - first, &import->handle);
	if (ret < 0) {
		tack_err("import: %s cannot import %zu bytes: %s",
			 importer->impl->name, (size_t)(last - first),
			 ret == -E2BIG ? "over the kernel's limit for one object" :
					 strerror(-ret));
		free(import);
		tack_pin_budget_uncharge(cache->budget, client, last - first);
		switch (ret) {
		case -EFAULT:
			return TACK_FALLBACK_EFAULT;
		case -E2BIG:
			return TACK_FALLBACK_SIZE_LIMIT;
		default:
			return TACK_FALLBACK_IMPORT;
		}
	}
	import->cache = cache;
	import->importer = importer;
	import->buffer = tack_shm_buffer_ref(buffer);
	import->client = client;
	import->size = last - first;
	import->offset = (uint32_t)(start - first);
	import->refs = 1;
	wl_signal_init(&import->events.destroy);
	cache->pinned += import->size;
	cache->stats.imports++;
	wl_list_insert(&cache->imports, &import->link);
	entry->import = import;
	entry->pool_data = pool->data;
	entry->pool_generation = pool->generation;
	return TACK_FALLBACK_NONE;

uncharge:
	tack_pin_budget_uncharge(cache->budget, client, last - first);
	return TACK_FALLBACK_IMPORT;
}

/* A remapped pool moved the pages: the object would show others. */
static bool entry_stale(const struct import_entry *entry)
{
	const struct tack_shm_pool *pool = entry->buffer->pool;

	return entry->pool_data != pool->data ||
	       entry->pool_generation != pool->generation;
}

enum tack_fallback tack_import_cache_get(struct tack_import_cache *cache,
					 struct tack_shm_buffer *buffer,
					 struct tack_import **out)
{
	struct import_entry *entry = entry_find(cache, buffer);
	struct tack_importer *importer;
	enum tack_fallback why;
	int index = 0;

	if (entry && entry->import && !entry_stale(entry)) {
		*out = entry->import;
		return TACK_FALLBACK_NONE;
	}
	if (entry && entry->refused != TACK_FALLBACK_NONE)
		return entry->refused;
	importer = choose(cache, buffer, &why, &index);
	if (!importer)
		return why;
	if (!entry)
		entry = entry_create(cache, buffer);
	if (!entry)
		return TACK_FALLBACK_IMPORT;
	if (entry->import) {
		entry_drop_import(entry);
		cache->stats.remap_drops++;
	}
	why = import_create(entry, importer);
	if (why != TACK_FALLBACK_NONE) {
		/* a spent budget may come back; the rest will not */
		if (why != TACK_FALLBACK_BUDGET)
			entry->refused = why;
		return why;
	}
	cache->stats.by_importer[index].imports++;
	*out = entry->import;
	return TACK_FALLBACK_NONE;
}

void tack_import_cache_refuse(struct tack_import_cache *cache,
			      struct tack_shm_buffer *buffer,
			      enum tack_fallback why)
{
	struct import_entry *entry = entry_find(cache, buffer);

	if (!entry)
		return;
	entry_drop_import(entry);
	entry->refused = why;
}
