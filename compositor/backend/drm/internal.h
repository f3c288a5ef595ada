/* The DRM backend's objects, shared by its files. */
#ifndef TACK_DRM_INTERNAL_H
#define TACK_DRM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <pixman.h>
#include <wayland-server-core.h>
#include <xf86drmMode.h>
#include "backend/backend.h"
#include "backend/drm/drm.h"
#include "backend/drm/props.h"
#include "util/fallback.h"

struct tack_frame;
struct tack_output;
struct tack_output_capture;
struct tack_render_target;
struct tack_session;
struct tack_shm_buffer;
struct tack_surface;
struct drm_writeback;
struct tack_import;
struct tack_import_cache;

#define DRM_SWAPCHAIN_LEN 3
#define DRM_MAX_PLANES 16

enum drm_plane_type {
	DRM_PLANE_PRIMARY,
	DRM_PLANE_OVERLAY,
	DRM_PLANE_CURSOR,
};

struct drm_plane {
	struct wl_list link;		/* drm_backend.planes, bottom to top */
	uint32_t id;
	enum drm_plane_type type;
	uint32_t possible_crtcs;
	uint64_t zpos;			/* the zpos property, or creation order */
	uint32_t *formats;
	uint32_t n_formats;
	uint32_t props[PLANE_PROP_COUNT];
	struct drm_output *output;	/* the output using it, or NULL */
};

/* A dumb buffer: a composite, a writeback target, tack's cursor. */
struct drm_dumb {
	uint32_t handle, fb_id, pitch;
	uint64_t size;
	int32_t width, height;
	bool alpha;			/* ARGB8888, else XRGB8888 */
	/* the renderer's memory, exported: no map of its own */
	bool exported;
	void *map;			/* NULL: no dumb buffer */
	/* the renderer's view of it, for those it draws or reads */
	struct tack_render_target *target;
	uint64_t drawn_frame;		/* output frame it was last drawn for */
};

/* What one plane shows in a frame. */
struct drm_plane_state {
	struct drm_plane *plane;
	uint32_t fb_id;
	struct tack_import *import;	/* a reference, for client pages */
	struct tack_shm_buffer *buffer;	/* locked while scanned out */
	int32_t x, y, w, h;		/* on the CRTC, pixels */
	int32_t src_x, src_y;		/* in the buffer, pixels */
	bool opaque;
};

/* What each plane shows, from the frame's commit until it leaves. */
struct drm_frame {
	struct drm_plane_state planes[DRM_MAX_PLANES];
	int n_planes;
	bool composited;		/* the primary plane shows a composite */
	struct drm_dumb *composite;	/* that composite, once committed */
	bool writeback;			/* its commit had a writeback job */
};

struct drm_output {
	struct drm_backend *backend;
	struct tack_output *output;
	struct wl_list link;		/* drm_backend.outputs */
	uint32_t connector_id, crtc_id;
	int crtc_index;
	drmModeModeInfo mode;
	int64_t period_ns;		/* of a refresh in that mode */
	uint32_t mode_blob;
	uint32_t connector_props[CONNECTOR_PROP_COUNT];
	uint32_t crtc_props[CRTC_PROP_COUNT];
	struct drm_plane *primary;
	struct drm_plane *cursor_plane;		/* NULL: none */
	struct drm_writeback *writeback;	/* NULL: no writeback connector */
	/* tack's own cursor, and where the screen shows it */
	struct drm_dumb cursor_image;
	bool cursor_shown;
	int32_t cursor_x, cursor_y;
	/* the plane tack's cursor takes this frame, kept from surfaces */
	struct drm_plane *reserved_plane;
	bool needs_modeset;

	struct drm_dumb swapchain[DRM_SWAPCHAIN_LEN];
	struct drm_dumb *back;		/* acquired for the frame being drawn */
	uint64_t frame;			/* frames committed */

	/*
	 * on screen now, committed awaiting its flip, and off the screen but
	 * still read by a writeback job (a virtual display composes late)
	 */
	struct drm_frame current, pending, retired;
	bool flip_pending;
	/*
	 * A flip presented while its predecessor is retired: told to clients
	 * once the retired buffers are released, since a client with two
	 * buffers draws on frame done into the one it expects back by then.
	 */
	bool present_deferred;
	struct timespec deferred_when;
	unsigned int deferred_seq;
	uint32_t deferred_flags;

	/* the plane layout that last passed a TEST_ONLY commit */
	uint64_t tested_layout;

	/* late repaint: when to start drawing, from measured costs */
	struct wl_event_source *repaint_timer;
	int64_t repaint_cost_ns[16];
	int n_costs, next_cost;
	int64_t repaint_margin_ns;	/* learnt: see learn_margin() */
	int64_t target_vblank;		/* the vblank the frame is drawn for */
	uint64_t missed_vblanks;
	struct timespec last_vblank;
	int repaint_timer_fd;
};

struct drm_backend {
	struct tack_backend base;	/* base.env: what the backend was given */
	struct tack_drm_options options;
	struct tack_session *session;
	int fd;
	char *path;
	struct wl_event_source *drm_source;
	struct wl_list planes;		/* drm_plane.link */
	struct wl_list outputs;		/* drm_output.link */
	struct tack_import_cache *imports;
	long page_size;
	/* offset/pitch alignment classes ADDFB2 refused, learnt */
	unsigned int refused_alignment;
	uint64_t cursor_width, cursor_height;
	bool monotonic;			/* flip timestamps on CLOCK_MONOTONIC */
	struct wl_listener session_active;
	/* tack's own cursor: whether it shows, and where in the layout */
	struct wl_listener seat_pointer;
	bool cursor_wanted;
	double cursor_lx, cursor_ly;

	/* frames of surfaces composited, per reason; and scanned out */
	uint64_t fallbacks[TACK_FALLBACK_COUNT];
	uint64_t zero_copy_frames;
	struct wl_list fallback_notes;	/* fallback_note.link */
};

/* device.c */
/* The output takes the planes its CRTC can use that nobody has yet. */
int tack_drm_backend_claim_planes(struct drm_output *output);
void tack_drm_backend_release_planes(struct drm_output *output);
/* Logs the first time a surface is composited for a reason. */
void tack_drm_backend_note_fallback(struct drm_backend *backend,
				    struct tack_surface *surface,
				    enum tack_fallback why);

/* output.c */
int tack_drm_output_create(struct drm_backend *backend,
			   drmModeConnectorPtr conn, uint32_t crtc_id,
			   int crtc_index);
void tack_drm_output_handle_flip(struct drm_output *output, unsigned int seq,
				 unsigned int sec, unsigned int usec);
/* The session came back: the CRTC is programmed anew on the next frame. */
void tack_drm_output_restore(struct drm_output *output);

/* commit.c: tack_output_impl's assign_planes and commit */
bool tack_drm_output_assign_planes(struct tack_output *output,
				   struct tack_frame *frame);
int tack_drm_output_commit(struct tack_output *output,
			   struct tack_frame *frame);
/*
 * The frame's planes, and the modeset when the output needs one (adding
 * ALLOW_MODESET to flags): what a commit and its TEST_ONLY check share.
 */
int tack_drm_output_frame_request(struct drm_output *output,
				  const struct drm_frame *frame,
				  drmModeAtomicReq *req, uint32_t *flags);

/* modes.c */
/* The connector's preferred mode, or the one the options ask for. */
int tack_drm_mode_pick(drmModeConnectorPtr conn,
		       const struct tack_drm_options *o, drmModeModeInfo *out);
/* 0 for a mode without a pixel clock. */
int32_t tack_drm_mode_refresh_mhz(const drmModeModeInfo *mode);

/* fb.c */
/*
 * The framebuffer showing the buffer's pixels from its own pages, made on
 * first use and kept with the buffer's import. Returns TACK_FALLBACK_NONE,
 * the import (the cache's: take a reference to keep it) and the
 * framebuffer, or why not.
 */
enum tack_fallback tack_drm_fb_get(struct drm_backend *backend,
				   struct tack_shm_buffer *buffer,
				   uint32_t format, struct tack_import **import,
				   uint32_t *fb_id);

/* dumb.c */
int tack_drm_dumb_create(int fd, int32_t width, int32_t height, bool alpha,
			 struct drm_dumb *dumb);
/* The renderer draws into it, or reads it back. */
int tack_drm_dumb_attach_target(struct drm_dumb *dumb,
				struct tack_renderer *renderer);
/*
 * Instead of a dumb buffer: a target of the renderer's own memory, which
 * it exports as a dma-buf (a GPU that renders into it), imported with
 * PRIME and added with its modifier. -EOPNOTSUPP where it cannot.
 */
int tack_drm_exported_create(int fd, struct tack_renderer *renderer,
			     int32_t width, int32_t height,
			     struct drm_dumb *dumb);
/* Either kind. */
void tack_drm_dumb_destroy(int fd, struct drm_dumb *dumb);

/* planes.c */
/*
 * Chooses what each plane of the output shows this frame: surfaces whose
 * own pages can be scanned out get planes (marked so in shown), the rest
 * are marked with why they are composited. Fills frame (without the
 * composite buffer); returns whether a composite is needed.
 */
bool tack_drm_planes_assign(struct drm_output *output, struct tack_frame *shown,
			    struct drm_frame *frame);
/* Adds the frame's planes (and the composite on the primary) to req. */
int tack_drm_frame_add_planes(struct drm_output *output,
			      const struct drm_frame *frame,
			      drmModeAtomicReq *req);
/* Takes locks and references for the frame's time on screen. */
void tack_drm_frame_hold(struct drm_frame *frame);
/* Drops the frame's locks and references. */
void tack_drm_frame_release(struct drm_frame *frame);

/* cursor.c */
/* The cursor plane, and where, when tack's own cursor shows there. */
struct drm_plane *tack_drm_cursor_wanted(struct drm_output *output, int32_t *x,
					 int32_t *y);
void tack_drm_cursor_add(struct drm_output *output, struct drm_frame *frame,
			 int32_t x, int32_t y);
/* Frames follow the pointer while tack's cursor shows. */
void tack_drm_cursor_listen(struct drm_backend *backend);
void tack_drm_cursor_destroy(struct drm_output *output);

/* writeback.c */
/* job_done: a job's frame is no longer read. */
struct drm_writeback *
tack_drm_writeback_create(struct drm_output *output,
			  void (*job_done)(struct drm_output *output));
void tack_drm_writeback_destroy(struct drm_writeback *wb);
int tack_drm_writeback_capture(struct tack_output *output,
			       struct tack_output_capture *capture);
int tack_drm_writeback_add_modeset(struct drm_writeback *wb,
				   drmModeAtomicReq *req);
/* Adds the waiting captures' job, if any, to the frame's commit. */
int tack_drm_writeback_add_job(struct drm_writeback *wb, drmModeAtomicReq *req,
			       bool *added);
void tack_drm_writeback_committed(struct drm_writeback *wb);
/* Is a committed job still writing (its frame still read)? */
bool tack_drm_writeback_busy(struct drm_writeback *wb);
void tack_drm_writeback_job_failed(struct drm_writeback *wb);
void tack_drm_writeback_flipped(struct drm_writeback *wb,
				const struct timespec *when, uint64_t seq);

#endif
