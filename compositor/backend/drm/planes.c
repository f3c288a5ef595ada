/*
 * Plane assignment. Surfaces are taken from the top of the scene down;
 * one whose buffer a plane can show as it is (no scaling or transform, a
 * format the plane takes, an import the kernel accepts) gets the highest
 * free plane below the ones already given, unless a composited surface
 * above overlaps it: the composite lies on the primary plane, under every
 * other plane. The layout is checked with a TEST_ONLY commit, and planes
 * are taken back from the bottom until the kernel accepts it.
 */
#include <errno.h>
#include <string.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include "backend/drm/internal.h"
#include "buffer/shm.h"
#include "import/importer.h"
#include "output/output.h"
#include "scene/frame.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/time.h"
#include "util/trace.h"

#define MAX_CANDIDATES 64

struct candidate {
	struct tack_frame_surface *shown;	/* the frame's: marked at the end */
	struct tack_surface *surface;
	struct tack_shm_buffer *buffer;
	int32_t x, y, w, h;		/* on the output, pixels */
	uint32_t format;		/* DRM fourcc */
	bool opaque;
	/* what rules it out for good this frame (geometry, import, tests) */
	enum tack_fallback base_why;
	enum tack_fallback why;		/* base_why, or this pass's reason */
	struct drm_plane *plane;
	struct tack_import *import;
	uint32_t fb_id;
};

struct collect_ctx {
	struct drm_output *output;
	struct candidate c[MAX_CANDIDATES];
	int n;
};

static bool plane_takes_format(const struct drm_plane *plane, uint32_t format)
{
	uint32_t i;

	for (i = 0; i < plane->n_formats; i++)
		if (plane->formats[i] == format)
			return true;
	return false;
}

/* Can a plane show the buffer as it is? Planes here neither turn nor scale. */
static enum tack_fallback geometry_fallback(const struct tack_frame_surface *fs)
{
	if (fs->transformed)
		return TACK_FALLBACK_TRANSFORM;
	if (fs->scaled)
		return TACK_FALLBACK_SCALE;
	return TACK_FALLBACK_NONE;
}

/* The frame's surfaces that have a size, bottom to top. */
static void collect(struct drm_output *output, struct tack_frame *frame,
		    struct collect_ctx *ctx)
{
	struct drm_backend *backend = output->backend;
	struct tack_frame_surface *fs;

	tack_frame_for_each_surface(fs, frame) {
		struct candidate *c;

		if (fs->width <= 0 || fs->height <= 0)
			continue;
		/* the rest stays composited, counted where it is drawn */
		if (ctx->n == MAX_CANDIDATES)
			return;
		c = &ctx->c[ctx->n++];
		*c = (struct candidate){
			.shown = fs,
			.surface = fs->surface,
			.buffer = fs->buffer,
			.x = fs->x, .y = fs->y, .w = fs->width, .h = fs->height,
			.format = fs->format,
			.opaque = fs->opaque,
			.base_why = backend->options.no_zero_copy ?
					    TACK_FALLBACK_FORCED :
					    geometry_fallback(fs),
		};
	}
}

static bool rect_meets_region(pixman_region32_t *region,
			      const struct candidate *c)
{
	pixman_box32_t box = { c->x, c->y, c->x + c->w, c->y + c->h };

	return pixman_region32_contains_rectangle(region, &box) !=
	       PIXMAN_REGION_OUT;
}

static bool plane_fits(struct drm_output *output, const struct drm_plane *plane,
		       const struct candidate *c)
{
	if (plane->type == DRM_PLANE_CURSOR &&
	    ((uint64_t)c->w > output->backend->cursor_width ||
	     (uint64_t)c->h > output->backend->cursor_height))
		return false;
	return plane_takes_format(plane, c->format);
}

/*
 * The highest plane of the output under zpos limit that can show c;
 * format_seen says whether any of its planes takes c's format at all.
 */
static struct drm_plane *free_plane(struct drm_output *output,
				    const struct candidate *c, uint64_t limit,
				    bool *format_seen)
{
	struct drm_backend *backend = output->backend;
	struct drm_plane *plane, *best = NULL;

	wl_list_for_each(plane, &backend->planes, link) {
		if (plane->output != output || plane->type == DRM_PLANE_PRIMARY ||
		    plane == output->reserved_plane)
			continue;
		if (plane_takes_format(plane, c->format))
			*format_seen = true;
		if (plane->zpos < limit && plane_fits(output, plane, c) &&
		    (!best || plane->zpos > best->zpos))
			best = plane;
	}
	return best;
}

/* The import, made once a plane is found: a refusal rules c out. */
static bool import(struct drm_output *output, struct candidate *c)
{
	struct drm_backend *backend = output->backend;
	const struct tack_import_stats *stats =
		tack_import_cache_stats(backend->imports);
	uint64_t made = stats->imports;
	int64_t start = tack_now_nsec();

	if (c->import)
		return true;
	c->base_why = tack_drm_fb_get(backend, c->buffer, c->format, &c->import,
				      &c->fb_id);
	c->why = c->base_why;
	if (c->why == TACK_FALLBACK_NONE)
		tack_trace_record(backend->base.env.trace, TACK_TRACE_IMPORT,
				  c->surface->trace_id, output->output->id,
				  start, tack_now_nsec() - start,
				  (uint64_t)c->buffer->stride * c->buffer->height,
				  stats->imports == made);
	return c->why == TACK_FALLBACK_NONE;
}

/*
 * One pass from the top over candidates first and up. Returns how many of
 * them are composited.
 */
static int assign_pass(struct drm_output *output, struct collect_ctx *ctx,
		       int first)
{
	uint64_t limit = UINT64_MAX;
	pixman_region32_t blocked;
	int i, composited = 0;

	pixman_region32_init(&blocked);
	for (i = ctx->n - 1; i >= first; i--) {
		struct candidate *c = &ctx->c[i];
		bool format_seen = false;

		c->plane = NULL;
		c->why = c->base_why;
		if (c->why == TACK_FALLBACK_NONE && rect_meets_region(&blocked, c))
			c->why = TACK_FALLBACK_STACKING;
		if (c->why == TACK_FALLBACK_NONE) {
			c->plane = free_plane(output, c, limit, &format_seen);
			if (!c->plane)
				c->why = format_seen ? TACK_FALLBACK_PLANES :
						       TACK_FALLBACK_FORMAT;
		}
		if (c->why != TACK_FALLBACK_NONE || !import(output, c)) {
			c->plane = NULL;
			pixman_region32_union_rect(&blocked, &blocked, c->x,
						   c->y, c->w, c->h);
			composited++;
			continue;
		}
		limit = c->plane->zpos;
	}
	pixman_region32_fini(&blocked);
	return composited;
}

/*
 * An opaque full-screen bottom surface needs no composite under it when
 * nothing above is composited: it can go on the primary plane itself.
 */
static bool primary_candidate(struct drm_output *output,
			      const struct collect_ctx *ctx)
{
	const struct candidate *c = &ctx->c[0];
	struct tack_output *o = output->output;

	return ctx->n > 0 && c->base_why == TACK_FALLBACK_NONE && c->opaque &&
	       c->x == 0 && c->y == 0 && c->w == o->width &&
	       c->h == o->height &&
	       plane_takes_format(output->primary, c->format);
}

/* Gives every candidate its plane or its reason; how many composited. */
static int assign(struct drm_output *output, struct collect_ctx *ctx)
{
	struct candidate *bottom = &ctx->c[0];

	if (primary_candidate(output, ctx) && assign_pass(output, ctx, 1) == 0 &&
	    import(output, bottom)) {
		bottom->plane = output->primary;
		return 0;
	}
	return assign_pass(output, ctx, 0);
}

static void fill_frame(struct drm_output *output, struct collect_ctx *ctx,
		       struct drm_frame *frame)
{
	int i;

	memset(frame, 0, sizeof(*frame));
	for (i = 0; i < ctx->n && frame->n_planes < DRM_MAX_PLANES; i++) {
		struct candidate *c = &ctx->c[i];
		struct drm_plane_state *ps;

		if (!c->plane)
			continue;
		ps = &frame->planes[frame->n_planes++];
		ps->plane = c->plane;
		ps->fb_id = c->fb_id;
		ps->import = c->import;
		ps->buffer = c->buffer;
		ps->x = c->x;
		ps->y = c->y;
		ps->w = c->w;
		ps->h = c->h;
		ps->opaque = c->opaque;
	}
}

/* FNV-1a, 64 bits */
#define FNV_OFFSET 1469598103934665603ull
#define FNV_PRIME 1099511628211ull

/*
 * A fingerprint of what the kernel checks: planes, places, formats, and
 * where in its page each buffer starts.
 */
static uint64_t layout_hash(const struct drm_frame *frame, bool composite,
			    long page_size)
{
	uint64_t h = FNV_OFFSET ^ composite;
	int i;

	for (i = 0; i < frame->n_planes; i++) {
		const struct drm_plane_state *ps = &frame->planes[i];
		const struct tack_shm_buffer *b = ps->buffer;
		uint64_t v[] = { ps->plane->id, (uint32_t)ps->x, (uint32_t)ps->y,
				 (uint32_t)ps->w, (uint32_t)ps->h,
				 b ? b->format : 0, b ? (uint32_t)b->stride : 0,
				 b ? ((uintptr_t)b->pool->data + b->offset) %
					     (uintptr_t)page_size :
				     0 };
		size_t k;

		for (k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			h = (h ^ v[k]) * FNV_PRIME;
	}
	return h;
}

static int test_layout(struct drm_output *output, struct drm_frame *frame)
{
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	uint32_t flags = DRM_MODE_ATOMIC_TEST_ONLY;
	int ret;

	if (!req)
		return -ENOMEM;
	ret = tack_drm_output_frame_request(output, frame, req, &flags);
	if (!ret && drmModeAtomicCommit(output->backend->fd, req, flags,
					NULL) < 0)
		ret = -errno;
	drmModeAtomicFree(req);
	return ret;
}

/* The lowest surface on a plane gives it back. */
static bool demote_lowest(struct collect_ctx *ctx)
{
	int i;

	for (i = 0; i < ctx->n; i++) {
		if (ctx->c[i].plane) {
			ctx->c[i].base_why = TACK_FALLBACK_PLANES;
			return true;
		}
	}
	return false;
}

/* The frame's surfaces are marked; each composited one is counted. */
static void mark_frame(struct drm_output *output, struct collect_ctx *ctx)
{
	struct drm_backend *backend = output->backend;
	struct tack_trace *trace = backend->base.env.trace;
	int64_t now = tack_now_nsec();
	int i;

	for (i = 0; i < ctx->n; i++) {
		struct candidate *c = &ctx->c[i];

		c->shown->on_plane = c->plane != NULL;
		c->shown->why = c->plane ? TACK_FALLBACK_NONE : c->why;
		if (c->plane) {
			backend->zero_copy_frames++;
			tack_trace_record(trace, TACK_TRACE_PLANE,
					  c->surface->trace_id,
					  output->output->id, now, 0,
					  c->plane->id, 0);
			continue;
		}
		backend->fallbacks[c->why]++;
		tack_drm_backend_note_fallback(backend, c->surface, c->why);
		tack_trace_record(trace, TACK_TRACE_FALLBACK,
				  c->surface->trace_id, output->output->id, now,
				  0, c->why, 0);
	}
}

bool tack_drm_planes_assign(struct drm_output *output, struct tack_frame *shown,
			    struct drm_frame *frame)
{
	struct collect_ctx ctx = { .output = output };
	int32_t cursor_x = 0, cursor_y = 0;
	int attempts;

	collect(output, shown, &ctx);
	output->reserved_plane =
		tack_drm_cursor_wanted(output, &cursor_x, &cursor_y);
	for (attempts = 0; attempts <= ctx.n; attempts++) {
		bool composite;
		uint64_t hash;
		int ret;

		assign(output, &ctx);
		fill_frame(output, &ctx, frame);
		if (output->reserved_plane)
			tack_drm_cursor_add(output, frame, cursor_x, cursor_y);
		composite = !frame->n_planes ||
			    frame->planes[0].plane != output->primary;
		frame->composited = composite;
		hash = layout_hash(frame, composite,
				   output->backend->page_size);
		if (!frame->n_planes || hash == output->tested_layout)
			break;
		ret = test_layout(output, frame);
		if (ret == 0) {
			output->tested_layout = hash;
			break;
		}
		tack_dbg("drm: %s: the kernel refused a layout with %d planes: %s",
			 output->output->name, frame->n_planes, strerror(-ret));
		if (!demote_lowest(&ctx))
			break;
	}
	mark_frame(output, &ctx);
	return frame->composited;
}

static int add_plane(drmModeAtomicReq *req, struct drm_plane *plane,
		     uint32_t crtc_id, uint32_t fb_id, int32_t x, int32_t y,
		     int32_t w, int32_t h)
{
	const uint32_t *p = plane->props;
	uint32_t id = plane->id;
	int ret = 0;

	ret |= tack_drm_atomic_add(req, id, p[PLANE_FB_ID], fb_id);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_CRTC_ID],
				   fb_id ? crtc_id : 0);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_SRC_X], 0);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_SRC_Y], 0);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_SRC_W], (uint64_t)w << 16);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_SRC_H], (uint64_t)h << 16);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_CRTC_X],
				   (uint64_t)(int64_t)x);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_CRTC_Y],
				   (uint64_t)(int64_t)y);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_CRTC_W], w);
	ret |= tack_drm_atomic_add(req, id, p[PLANE_CRTC_H], h);
	return ret ? -EINVAL : 0;
}

static const struct drm_plane_state *frame_plane(const struct drm_frame *frame,
						 const struct drm_plane *plane)
{
	int i;

	for (i = 0; i < frame->n_planes; i++)
		if (frame->planes[i].plane == plane)
			return &frame->planes[i];
	return NULL;
}

int tack_drm_frame_add_planes(struct drm_output *output,
			      const struct drm_frame *frame,
			      drmModeAtomicReq *req)
{
	struct drm_backend *backend = output->backend;
	struct tack_output *o = output->output;
	struct drm_plane *plane;
	int ret = 0;

	wl_list_for_each(plane, &backend->planes, link) {
		const struct drm_plane_state *ps;

		if (plane->output != output)
			continue;
		ps = frame_plane(frame, plane);
		if (ps)
			ret = add_plane(req, plane, output->crtc_id, ps->fb_id,
					ps->x, ps->y, ps->w, ps->h);
		else if (plane == output->primary && frame->composite)
			ret = add_plane(req, plane, output->crtc_id,
					frame->composite->fb_id, 0, 0,
					o->width, o->height);
		else if (plane->props[PLANE_FB_ID])
			ret = add_plane(req, plane, 0, 0, 0, 0, 0, 0);
		if (ret)
			return ret;
	}
	return 0;
}

void tack_drm_frame_hold(struct drm_frame *frame)
{
	int i;

	for (i = 0; i < frame->n_planes; i++) {
		/* tack's own cursor has neither */
		if (frame->planes[i].import)
			tack_import_ref(frame->planes[i].import);
		if (frame->planes[i].buffer)
			tack_shm_buffer_lock(frame->planes[i].buffer);
	}
}

void tack_drm_frame_release(struct drm_frame *frame)
{
	int i;

	for (i = 0; i < frame->n_planes; i++) {
		if (frame->planes[i].import)
			tack_import_unref(frame->planes[i].import);
		if (frame->planes[i].buffer)
			tack_shm_buffer_unlock(frame->planes[i].buffer);
	}
	memset(frame, 0, sizeof(*frame));
}
