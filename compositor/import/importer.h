/*
 * Importers: a wl_shm buffer as a buffer object of a DRM device, made of
 * the client's own pages, so that the device reads them in place. Each
 * importer (userptr objects, udmabuf) says whether it takes a buffer, and
 * why not, and makes the object. One cache serves them all: an import per
 * buffer, made on first use and kept until the buffer's resource goes or
 * its pool is remapped, within a budget of pinned memory per client.
 */
#ifndef TACK_IMPORTER_H
#define TACK_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include "util/fallback.h"

struct tack_import_cache;
struct tack_pin_budget;
struct tack_importer;
struct tack_shm_buffer;

struct tack_importer_impl {
	const char *name;
	/* Why the importer cannot take the buffer; NONE: it can. */
	enum tack_fallback (*accepts)(struct tack_importer *importer,
				      struct tack_shm_buffer *buffer);
	/*
	 * An object of size bytes of the buffer's pool from byte first (both
	 * page aligned, the pool mapped from its file's start): its GEM
	 * handle, or a negative errno.
	 */
	int (*create)(struct tack_importer *importer,
		      struct tack_shm_buffer *buffer, size_t first, size_t size,
		      uint32_t *handle);
	void (*destroy)(struct tack_importer *importer);
};

/* What implementations start with; each probes its device when made. */
struct tack_importer {
	const struct tack_importer_impl *impl;
	int drm_fd;
	/* a commit showed one of its objects */
	bool shown;
	/* the device refused to show its objects before it ever showed one */
	bool no_scanout;
};

/* Every importer's objects are GEM objects, closed alike. */
void tack_importer_close_object(struct tack_importer *importer,
				uint32_t handle);

/* One object over a buffer's pages; frames on screen hold references. */
struct tack_import {
	struct wl_list link;		/* tack_import_cache.imports */
	struct tack_import_cache *cache;
	struct tack_importer *importer;	/* the one that made it */
	struct tack_shm_buffer *buffer;	/* a reference: keeps the pool mapped */
	struct wl_client *client;
	size_t size;			/* bytes pinned */
	uint32_t handle;		/* GEM handle on the device */
	uint32_t offset;		/* the buffer's first byte in the object */
	int refs;
	/* the device's use of it (a framebuffer), kept with it */
	void *data;

	struct {
		/* going: what uses the object lets go first */
		struct wl_signal destroy;	/* struct tack_import * */
	} events;
};

#define TACK_IMPORTERS_MAX 4

struct tack_import_stats {
	uint64_t imports;		/* objects made of client pages */
	uint64_t remap_drops;		/* dropped as their pool was remapped */
	size_t pinned;			/* bytes of client memory, now */
	/* objects made, by importer, in the order they are asked */
	int n_importers;
	struct {
		const char *name;
		uint64_t imports;
	} by_importer[TACK_IMPORTERS_MAX];
};

/* Imports are charged to their client's share of budget. */
struct tack_import_cache *tack_import_cache_create(
	struct tack_pin_budget *budget);
/* Frames still on screen hold their imports: destroy them first. */
void tack_import_cache_destroy(struct tack_import_cache *cache);
/* Asked in the order added; the cache owns it from now on. */
void tack_import_cache_add(struct tack_import_cache *cache,
			   struct tack_importer *importer);
const struct tack_import_stats *tack_import_cache_stats(
	struct tack_import_cache *cache);

/*
 * The buffer's import, made on first use. Returns TACK_FALLBACK_NONE and
 * the import (owned by the cache: take a reference to keep it), or why
 * not; a refusal other than the budget is remembered for the buffer.
 */
enum tack_fallback tack_import_cache_get(struct tack_import_cache *cache,
					 struct tack_shm_buffer *buffer,
					 struct tack_import **import);
/*
 * A commit that showed objects of the importer went through. Before the
 * first, a device that refuses one of them (i915 will not pin a userptr
 * object for display; vkms cannot map a 6.1 udmabuf) says it shows none.
 */
void tack_importer_shown(struct tack_importer *importer);
/* The device refused to show an object of the importer. */
void tack_importer_refused(struct tack_importer *importer);

/*
 * The buffer's import failed where it was used (with EFAULT its pages are
 * gone; or the device refused a framebuffer of it): it is dropped and the
 * buffer is not tried again.
 */
void tack_import_cache_refuse(struct tack_import_cache *cache,
			      struct tack_shm_buffer *buffer,
			      enum tack_fallback why);

struct tack_import *tack_import_ref(struct tack_import *import);
void tack_import_unref(struct tack_import *import);

#endif
