/*
 * The DRM backend: the seat's display device through the session, its
 * planes, an output per connected connector, and the page-flip events
 * that drive every output's frames. Atomic modesetting only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libudev.h>
#include <xf86drm.h>
#include "backend/drm/internal.h"
#include "backend/session.h"
#include "import/importer.h"
#include "import/udmabuf.h"
#include "import/userptr.h"
#include "output/output.h"
#include "surface/surface.h"
#include "util/log.h"

/* What was said about one surface's fallbacks, so each is said once. */
struct fallback_note {
	struct wl_list link;		/* drm_backend.fallback_notes */
	struct tack_surface *surface;
	uint32_t logged;		/* 1 << enum tack_fallback */
	struct wl_listener surface_destroy;
};

static void handle_note_surface_destroy(struct wl_listener *listener,
					void *data)
{
	struct fallback_note *note =
		wl_container_of(listener, note, surface_destroy);

	wl_list_remove(&note->surface_destroy.link);
	wl_list_remove(&note->link);
	free(note);
}

void tack_drm_backend_note_fallback(struct drm_backend *backend,
				    struct tack_surface *surface,
				    enum tack_fallback why)
{
	struct fallback_note *note;
	pid_t pid = 0;

	wl_list_for_each(note, &backend->fallback_notes, link)
		if (note->surface == surface)
			goto found;
	note = calloc(1, sizeof(*note));
	if (!note)
		return;
	note->surface = surface;
	note->surface_destroy.notify = handle_note_surface_destroy;
	wl_signal_add(&surface->events.destroy, &note->surface_destroy);
	wl_list_insert(&backend->fallback_notes, &note->link);
found:
	if (note->logged & (1u << why))
		return;
	note->logged |= 1u << why;
	wl_client_get_credentials(wl_resource_get_client(surface->resource),
				  &pid, NULL, NULL);
	tack_info("drm: a %dx%d surface of client %d is composited: %s",
		  surface->width, surface->height, (int)pid,
		  tack_fallback_name(why));
}

static bool plane_claimable(struct drm_plane *plane, struct drm_output *output,
			    enum drm_plane_type type)
{
	return !plane->output && plane->type == type &&
	       (plane->possible_crtcs & (1u << output->crtc_index));
}

int tack_drm_backend_claim_planes(struct drm_output *output)
{
	struct drm_backend *backend = output->backend;
	struct drm_plane *plane;
	bool cursor = false;

	wl_list_for_each(plane, &backend->planes, link) {
		if (!output->primary &&
		    plane_claimable(plane, output, DRM_PLANE_PRIMARY)) {
			plane->output = output;
			output->primary = plane;
		} else if (!cursor &&
			   plane_claimable(plane, output, DRM_PLANE_CURSOR)) {
			plane->output = output;
			output->cursor_plane = plane;
			cursor = true;
		} else if (plane_claimable(plane, output, DRM_PLANE_OVERLAY)) {
			plane->output = output;
		}
	}
	return output->primary ? 0 : -ENOENT;
}

void tack_drm_backend_release_planes(struct drm_output *output)
{
	struct drm_plane *plane;

	wl_list_for_each(plane, &output->backend->planes, link)
		if (plane->output == output)
			plane->output = NULL;
	output->primary = NULL;
	output->cursor_plane = NULL;
}

static struct drm_plane *plane_create(int fd, uint32_t id, int index)
{
	drmModePlanePtr p = drmModeGetPlane(fd, id);
	uint64_t values[PLANE_PROP_COUNT] = { 0 };
	struct drm_plane *plane;

	if (!p)
		return NULL;
	plane = calloc(1, sizeof(*plane));
	if (!plane)
		goto free_plane;
	plane->formats = calloc(p->count_formats ? p->count_formats : 1,
				sizeof(*plane->formats));
	if (!plane->formats ||
	    tack_drm_plane_props_get(fd, id, plane->props, values) < 0)
		goto free_struct;
	plane->id = id;
	plane->possible_crtcs = p->possible_crtcs;
	plane->n_formats = p->count_formats;
	memcpy(plane->formats, p->formats,
	       p->count_formats * sizeof(*plane->formats));
	plane->type = values[PLANE_TYPE] == DRM_PLANE_TYPE_PRIMARY ?
			      DRM_PLANE_PRIMARY :
		      values[PLANE_TYPE] == DRM_PLANE_TYPE_CURSOR ?
			      DRM_PLANE_CURSOR :
			      DRM_PLANE_OVERLAY;
	/*
	 * Without zpos, drivers stack planes as they made them, the cursor
	 * on top; primary and cursor go to the ends whatever their index.
	 */
	if (plane->props[PLANE_ZPOS])
		plane->zpos = values[PLANE_ZPOS] * 2 + 1;
	else
		plane->zpos = plane->type == DRM_PLANE_PRIMARY ? 0 :
			      plane->type == DRM_PLANE_CURSOR ? UINT32_MAX :
								(uint64_t)index + 1;
	drmModeFreePlane(p);
	return plane;

free_struct:
	free(plane->formats);
	free(plane);
free_plane:
	drmModeFreePlane(p);
	return NULL;
}

static int scan_planes(struct drm_backend *backend)
{
	drmModePlaneResPtr res = drmModeGetPlaneResources(backend->fd);
	uint32_t i;

	if (!res)
		return -errno;
	for (i = 0; i < res->count_planes; i++) {
		struct drm_plane *plane = plane_create(backend->fd,
						       res->planes[i], i);
		struct drm_plane *at;

		if (!plane)
			continue;
		/* bottom to top */
		wl_list_for_each(at, &backend->planes, link)
			if (at->zpos > plane->zpos)
				break;
		wl_list_insert(at->link.prev, &plane->link);
	}
	drmModeFreePlaneResources(res);
	return 0;
}

static bool crtc_taken(struct drm_backend *backend, uint32_t crtc_id)
{
	struct drm_output *output;

	wl_list_for_each(output, &backend->outputs, link)
		if (output->crtc_id == crtc_id)
			return true;
	return false;
}

/* A free CRTC that one of the connector's encoders can drive. */
static int pick_crtc(struct drm_backend *backend, drmModeResPtr res,
		     drmModeConnectorPtr conn, uint32_t *crtc_id)
{
	int i, c;

	for (i = 0; i < conn->count_encoders; i++) {
		drmModeEncoderPtr enc = drmModeGetEncoder(backend->fd,
							  conn->encoders[i]);
		uint32_t possible;

		if (!enc)
			continue;
		possible = enc->possible_crtcs;
		drmModeFreeEncoder(enc);
		for (c = 0; c < res->count_crtcs; c++) {
			if (!(possible & (1u << c)) ||
			    crtc_taken(backend, res->crtcs[c]))
				continue;
			*crtc_id = res->crtcs[c];
			return c;
		}
	}
	return -1;
}

static int scan_connectors(struct drm_backend *backend)
{
	drmModeResPtr res = drmModeGetResources(backend->fd);
	int i, ret;

	if (!res)
		return -errno;
	for (i = 0; i < res->count_connectors; i++) {
		drmModeConnectorPtr conn = drmModeGetConnector(backend->fd,
							res->connectors[i]);
		uint32_t crtc_id;
		int index;

		if (!conn)
			continue;
		if (conn->connection != DRM_MODE_CONNECTED ||
		    conn->connector_type == DRM_MODE_CONNECTOR_WRITEBACK) {
			drmModeFreeConnector(conn);
			continue;
		}
		index = pick_crtc(backend, res, conn, &crtc_id);
		ret = index < 0 ? -ENOENT :
				  tack_drm_output_create(backend, conn, crtc_id,
							 index);
		if (ret < 0)
			tack_err("drm: connector %u: no output: %s",
				 conn->connector_id, strerror(-ret));
		drmModeFreeConnector(conn);
	}
	drmModeFreeResources(res);
	return wl_list_empty(&backend->outputs) ? -ENODEV : 0;
}

static void handle_page_flip(int fd, unsigned int seq, unsigned int sec,
			     unsigned int usec, unsigned int crtc_id,
			     void *data)
{
	struct drm_backend *backend = data;
	struct drm_output *output;

	wl_list_for_each(output, &backend->outputs, link) {
		if (output->crtc_id == crtc_id) {
			tack_drm_output_handle_flip(output, seq, sec, usec);
			return;
		}
	}
}

static int handle_drm_readable(int fd, uint32_t mask, void *data)
{
	drmEventContext ctx = {
		.version = 3,
		.page_flip_handler2 = handle_page_flip,
	};

	/* each commit passes the backend as its user data */
	if (drmHandleEvent(fd, &ctx) < 0)
		tack_err("drm: reading events: %s", strerror(errno));
	return 0;
}

/* The seat's primary display card, as udev knows it. */
static char *find_card(const char *seat)
{
	struct udev *udev = udev_new();
	struct udev_enumerate *en;
	struct udev_list_entry *entry;
	char *path = NULL;
	bool boot_vga = false;

	if (!udev)
		return NULL;
	en = udev_enumerate_new(udev);
	if (!en)
		goto unref_udev;
	udev_enumerate_add_match_subsystem(en, "drm");
	udev_enumerate_add_match_sysname(en, "card[0-9]*");
	udev_enumerate_scan_devices(en);
	udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(en)) {
		struct udev_device *dev = udev_device_new_from_syspath(udev,
			udev_list_entry_get_name(entry));
		struct udev_device *pci;
		const char *node, *dev_seat, *vga = NULL;

		if (!dev)
			continue;
		node = udev_device_get_devnode(dev);
		dev_seat = udev_device_get_property_value(dev, "ID_SEAT");
		pci = udev_device_get_parent_with_subsystem_devtype(dev, "pci",
								    NULL);
		if (pci)
			vga = udev_device_get_sysattr_value(pci, "boot_vga");
		if (node && !strcmp(dev_seat ? dev_seat : "seat0", seat) &&
		    (!path || (!boot_vga && vga && !strcmp(vga, "1")))) {
			free(path);
			path = strdup(node);
			boot_vga = vga && !strcmp(vga, "1");
		}
		udev_device_unref(dev);
	}
	udev_enumerate_unref(en);
unref_udev:
	udev_unref(udev);
	return path;
}

static void handle_session_active(struct wl_listener *listener, void *data)
{
	struct drm_backend *backend =
		wl_container_of(listener, backend, session_active);
	struct drm_output *output;

	wl_list_for_each(output, &backend->outputs, link) {
		output->output->enabled = backend->session->active;
		if (backend->session->active)
			tack_drm_output_restore(output);
	}
}

static void log_summary(struct drm_backend *backend)
{
	struct drm_output *output;
	char line[512];
	size_t n = 0;
	int i;

	for (i = 1; i < TACK_FALLBACK_COUNT; i++)
		if (backend->fallbacks[i] && n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, " %s=%llu",
				      tack_fallback_name(i),
				      (unsigned long long)backend->fallbacks[i]);
	tack_info("summary drm: %llu surface frames scanned out zero-copy; composited:%s",
		  (unsigned long long)backend->zero_copy_frames,
		  n ? line : " none");
	if (backend->imports) {
		const struct tack_import_stats *st =
			tack_import_cache_stats(backend->imports);

		n = 0;
		for (i = 0; i < st->n_importers && n < sizeof(line); i++)
			n += snprintf(line + n, sizeof(line) - n, " %s=%llu",
				      st->by_importer[i].name,
				      (unsigned long long)st->by_importer[i].imports);
		tack_info("summary imports: %llu imports (%s), %llu dropped as their pool was remapped, %zu bytes pinned",
			  (unsigned long long)st->imports,
			  n ? line + 1 : "no importer",
			  (unsigned long long)st->remap_drops, st->pinned);
	}
	wl_list_for_each(output, &backend->outputs, link)
		tack_info("summary %s: %llu frames missed their vblank; repaint margin %.1f ms",
			  output->output->name,
			  (unsigned long long)output->missed_vblanks,
			  output->repaint_margin_ns / 1e6);
}

static void drm_backend_destroy(struct tack_backend *base)
{
	struct drm_backend *backend = wl_container_of(base, backend, base);
	struct drm_output *output, *tmp_output;
	struct drm_plane *plane, *tmp_plane;
	struct fallback_note *note, *tmp_note;

	log_summary(backend);
	wl_list_for_each_safe(output, tmp_output, &backend->outputs, link)
		tack_output_destroy(output->output);
	/* after the outputs: their frames hold imports */
	tack_import_cache_destroy(backend->imports);
	wl_list_for_each_safe(plane, tmp_plane, &backend->planes, link) {
		wl_list_remove(&plane->link);
		free(plane->formats);
		free(plane);
	}
	wl_list_for_each_safe(note, tmp_note, &backend->fallback_notes, link)
		handle_note_surface_destroy(&note->surface_destroy, NULL);
	if (backend->drm_source)
		wl_event_source_remove(backend->drm_source);
	wl_list_remove(&backend->session_active.link);
	wl_list_remove(&backend->seat_pointer.link);
	if (backend->fd >= 0)
		tack_session_close_device(backend->session, backend->fd);
	free(backend->path);
	free(backend);
}

/*
 * Userptr objects first: they need no sealed pool. udmabuf where the
 * kernel has it, for the pools userptr objects cannot take.
 */
static int create_imports(struct drm_backend *backend)
{
	struct tack_importer *userptr, *udmabuf;

	backend->imports =
		tack_import_cache_create(backend->base.env.pin_budget);
	if (!backend->imports)
		return -ENOMEM;
	userptr = tack_userptr_importer_create(
		backend->fd, backend->options.allow_unsynchronized);
	if (!userptr)
		return -ENOMEM;
	tack_import_cache_add(backend->imports, userptr);
	udmabuf = tack_udmabuf_importer_create(backend->fd);
	if (udmabuf)
		tack_import_cache_add(backend->imports, udmabuf);
	return 0;
}

static const struct tack_backend_impl drm_impl = {
	.name = "drm",
	.destroy = drm_backend_destroy,
};

static int open_device(struct drm_backend *backend)
{
	uint64_t cap = 0;

	backend->path = backend->options.device ?
				strdup(backend->options.device) :
				find_card(tack_session_seat_name(backend->session));
	if (!backend->path) {
		tack_err("drm: no display device on seat %s",
			 tack_session_seat_name(backend->session));
		return -ENODEV;
	}
	backend->fd = tack_session_open_device(backend->session, backend->path);
	if (backend->fd < 0)
		return backend->fd;
	if (drmSetClientCap(backend->fd, DRM_CLIENT_CAP_ATOMIC, 1) < 0) {
		tack_err("drm: %s has no atomic modesetting", backend->path);
		return -ENOTSUP;
	}
	drmSetClientCap(backend->fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	drmSetClientCap(backend->fd, DRM_CLIENT_CAP_WRITEBACK_CONNECTORS, 1);
	backend->monotonic = drmGetCap(backend->fd, DRM_CAP_TIMESTAMP_MONOTONIC,
				       &cap) == 0 && cap;
	backend->cursor_width = backend->cursor_height = 64;
	drmGetCap(backend->fd, DRM_CAP_CURSOR_WIDTH, &backend->cursor_width);
	drmGetCap(backend->fd, DRM_CAP_CURSOR_HEIGHT, &backend->cursor_height);
	return 0;
}

struct tack_backend *tack_drm_backend_create(
	const struct tack_backend_env *env, struct tack_session *session,
	const struct tack_drm_options *options)
{
	struct drm_backend *backend = calloc(1, sizeof(*backend));

	if (!backend)
		return NULL;
	backend->base.impl = &drm_impl;
	backend->base.env = *env;
	backend->options = *options;
	backend->session = session;
	backend->fd = -1;
	backend->page_size = sysconf(_SC_PAGESIZE);
	wl_list_init(&backend->planes);
	wl_list_init(&backend->outputs);
	wl_list_init(&backend->fallback_notes);
	backend->session_active.notify = handle_session_active;
	wl_signal_add(&session->events.active, &backend->session_active);
	tack_drm_cursor_listen(backend);
	if (open_device(backend) < 0 || scan_planes(backend) < 0)
		goto destroy;
	if (create_imports(backend) < 0)
		goto destroy;
	backend->drm_source = wl_event_loop_add_fd(env->loop, backend->fd,
						   WL_EVENT_READABLE,
						   handle_drm_readable, backend);
	if (!backend->drm_source)
		goto destroy;
	if (scan_connectors(backend) < 0) {
		tack_err("drm: %s has no connected output", backend->path);
		goto destroy;
	}
	tack_info("drm: %s, %d planes", backend->path,
		  wl_list_length(&backend->planes));
	return &backend->base;

destroy:
	drm_backend_destroy(&backend->base);
	return NULL;
}
