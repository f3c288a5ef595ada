/* The copy path: every visible surface composited with pixman. */
#include <math.h>
#include <stdbool.h>
#include "util/log.h"
#include "output/output.h"
#include "util/region.h"
#include "render/render.h"
#include "scene/scene.h"
#include "server.h"
#include "buffer/shm.h"
#include "surface/surface.h"

/* Row-major 2x3 affine matrices: out = m * (x, y, 1). */
struct affine {
	double m[6];
};

static void affine_then(struct affine *a, const struct affine *next)
{
	const double *n = next->m, *p = a->m;
	struct affine r = { {
		n[0] * p[0] + n[1] * p[3], n[0] * p[1] + n[1] * p[4],
		n[0] * p[2] + n[1] * p[5] + n[2],
		n[3] * p[0] + n[4] * p[3], n[3] * p[1] + n[4] * p[4],
		n[3] * p[2] + n[4] * p[5] + n[5],
	} };

	*a = r;
}

static void affine_scale_translate(struct affine *a, double sx, double sy,
				   double tx, double ty)
{
	struct affine step = { { sx, 0, tx, 0, sy, ty } };

	affine_then(a, &step);
}

/*
 * Points of a w x h area turned by t, matching tack_region_transform (which
 * takes buffer coordinates to surface coordinates for a buffer transform t).
 */
static void affine_transform(struct affine *a, enum wl_output_transform t,
			     double w, double h)
{
	static const double rot[8][4] = {
		[WL_OUTPUT_TRANSFORM_NORMAL] = { 1, 0, 0, 1 },
		[WL_OUTPUT_TRANSFORM_90] = { 0, -1, 1, 0 },
		[WL_OUTPUT_TRANSFORM_180] = { -1, 0, 0, -1 },
		[WL_OUTPUT_TRANSFORM_270] = { 0, 1, -1, 0 },
		[WL_OUTPUT_TRANSFORM_FLIPPED] = { -1, 0, 0, 1 },
		[WL_OUTPUT_TRANSFORM_FLIPPED_90] = { 0, 1, 1, 0 },
		[WL_OUTPUT_TRANSFORM_FLIPPED_180] = { 1, 0, 0, -1 },
		[WL_OUTPUT_TRANSFORM_FLIPPED_270] = { 0, -1, -1, 0 },
	};
	const double *r = rot[t];
	/* Translate so that the turned area starts at the origin again. */
	double tx = (r[0] < 0 ? w : 0) + (r[1] < 0 ? h : 0);
	double ty = (r[2] < 0 ? w : 0) + (r[3] < 0 ? h : 0);
	struct affine step = { { r[0], r[1], tx, r[2], r[3], ty } };

	affine_then(a, &step);
}

void tack_render_surface_transform(struct tack_surface *surface, double x,
				   double y, double output_scale,
				   pixman_transform_t *out, bool *exact)
{
	const struct tack_surface_state *st = &surface->current;
	const struct tack_viewport_state *vp = &st->viewport;
	struct affine a = { { 1, 0, 0, 0, 1, 0 } };
	double tw = surface->buffer_width, th = surface->buffer_height;
	double src_x = 0, src_y = 0, src_w, src_h;
	struct pixman_f_transform f;
	int i;

	if (st->transform & 1) {
		tw = surface->buffer_height;
		th = surface->buffer_width;
	}
	src_w = tw / st->scale;
	src_h = th / st->scale;
	if (vp->has_src) {
		src_x = vp->src_x;
		src_y = vp->src_y;
		src_w = vp->src_w;
		src_h = vp->src_h;
	}
	/* Output pixels to surface-local logical coordinates. */
	affine_scale_translate(&a, 1 / output_scale, 1 / output_scale,
			       -x / output_scale, -y / output_scale);
	/* Surface coordinates to the viewport's source rectangle. */
	affine_scale_translate(&a, src_w / surface->width,
			       src_h / surface->height, src_x, src_y);
	/* Logical buffer units to pixels of the turned buffer. */
	affine_scale_translate(&a, st->scale, st->scale, 0, 0);
	/* From the surface's upright view back into the buffer's pixels. */
	affine_transform(&a, tack_transform_invert(st->transform), tw, th);

	*exact = true;
	for (i = 0; i < 6; i++) {
		double v = a.m[i];

		if (v != floor(v) || ((i % 3) != 2 && fabs(v) > 1))
			*exact = false;
	}
	pixman_f_transform_init_identity(&f);
	f.m[0][0] = a.m[0];
	f.m[0][1] = a.m[1];
	f.m[0][2] = a.m[2];
	f.m[1][0] = a.m[3];
	f.m[1][1] = a.m[4];
	f.m[1][2] = a.m[5];
	pixman_transform_from_pixman_f_transform(out, &f);
}

static bool format_has_alpha(pixman_format_code_t format)
{
	return PIXMAN_FORMAT_A(format) > 0;
}

struct render_ctx {
	struct tack_output *output;
	pixman_image_t *target;
	pixman_region32_t *region;
	struct tack_render_stats *stats;
	bool skip_planes;		/* leave out what planes show */
};

static void render_surface(struct tack_surface *surface, int32_t lx,
			   int32_t ly, void *data)
{
	struct render_ctx *ctx = data;
	struct tack_output *output = ctx->output;
	struct tack_shm_buffer *buffer = surface->buffer;
	int32_t s = output->scale;
	int32_t x = (lx - output->x) * s, y = (ly - output->y) * s;
	pixman_region32_t clip;
	pixman_transform_t transform;
	pixman_image_t *src;
	bool exact;

	if (!buffer || surface->width <= 0 || surface->height <= 0)
		return;
	if (ctx->skip_planes && output->impl->on_plane &&
	    output->impl->on_plane(output, surface))
		return;
	pixman_region32_init_rect(&clip, x, y, surface->width * s,
				  surface->height * s);
	pixman_region32_intersect(&clip, &clip, ctx->region);
	if (!pixman_region32_not_empty(&clip))
		goto fini_clip;

	src = tack_shm_buffer_begin_access(buffer);
	if (!src) {
		tack_err("render: cannot read a %dx%d buffer", buffer->width,
			 buffer->height);
		goto fini_clip;
	}
	tack_render_surface_transform(surface, x, y, s, &transform, &exact);
	pixman_image_set_transform(src, &transform);
	pixman_image_set_filter(src, exact ? PIXMAN_FILTER_NEAREST :
					     PIXMAN_FILTER_BILINEAR, NULL, 0);
	pixman_image_set_repeat(src, PIXMAN_REPEAT_PAD);
	pixman_image_set_clip_region32(ctx->target, &clip);
	pixman_image_composite32(format_has_alpha(buffer->pixman_format) ?
					 PIXMAN_OP_OVER : PIXMAN_OP_SRC,
				 src, NULL, ctx->target, x, y, 0, 0, x, y,
				 surface->width * s, surface->height * s);
	pixman_image_set_clip_region32(ctx->target, NULL);
	/* A client that truncated its pool under us is gone after this. */
	tack_shm_buffer_end_access(buffer, src);
	if (ctx->stats) {
		pixman_box32_t *e = pixman_region32_extents(&clip);
		uint64_t px = (uint64_t)(e->x2 - e->x1) * (e->y2 - e->y1);

		ctx->stats->surfaces++;
		ctx->stats->pixels += px;
		ctx->stats->bytes_read +=
			px * tack_shm_format_bpp(buffer->format) / 8;
	}
fini_clip:
	pixman_region32_fini(&clip);
}

static void render_layers(struct tack_output *output, pixman_image_t *image,
			  pixman_region32_t *region, uint32_t layer_mask,
			  struct tack_render_stats *stats, bool skip_planes)
{
	/* The background the layout shows where no surface is. */
	static const pixman_color_t background = { 0x2000, 0x2400, 0x2c00,
						   0xffff };
	struct render_ctx ctx = { output, image, region, stats, skip_planes };
	pixman_box32_t *boxes;
	int n;

	boxes = pixman_region32_rectangles(region, &n);
	pixman_image_fill_boxes(PIXMAN_OP_SRC, image, &background, n, boxes);
	tack_scene_for_each_surface_in(output->server->scene, layer_mask,
				       render_surface, &ctx);
}

void tack_render_output(struct tack_output *output, pixman_image_t *image,
			pixman_region32_t *region,
			struct tack_render_stats *stats)
{
	render_layers(output, image, region, ~0u, stats, true);
}

void tack_render_output_layers(struct tack_output *output,
			       pixman_image_t *image, pixman_region32_t *region,
			       uint32_t layer_mask)
{
	render_layers(output, image, region, layer_mask, NULL, false);
}
