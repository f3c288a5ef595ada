/*
 * The frame object: what an output shows of the scene, collected bottom to
 * top, and its composite drawn with a renderer.
 */
#include <errno.h>
#include "buffer/shm.h"
#include "output/layout.h"
#include "output/output.h"
#include "render/renderer.h"
#include "scene/frame.h"
#include "scene/scene.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/region.h"
#include "util/time.h"
#include "util/trace.h"

/* The layout shows this where no surface is. */
static const struct tack_color background = { 0x2000, 0x2400, 0x2c00, 0xffff };

void tack_frame_init(struct tack_frame *frame, struct tack_output *output)
{
	frame->output = output;
	wl_array_init(&frame->surfaces);
	pixman_region32_init(&frame->damage);
	frame->target = NULL;
	frame->planes_refused = false;
	frame->redraw = false;
}

void tack_frame_finish(struct tack_frame *frame)
{
	wl_array_release(&frame->surfaces);
	pixman_region32_fini(&frame->damage);
}

size_t tack_frame_surface_count(const struct tack_frame *frame)
{
	return frame->surfaces.size / sizeof(struct tack_frame_surface);
}

void tack_surface_output_matrix(struct tack_surface *surface, double x,
				double y, double output_scale,
				struct tack_matrix *out)
{
	const struct tack_surface_state *st = &surface->current;
	const struct tack_viewport_state *vp = &st->viewport;
	double tw = surface->buffer_width, th = surface->buffer_height;
	double src_x = 0, src_y = 0, src_w, src_h;

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
	tack_matrix_identity(out);
	/* Output pixels to surface-local logical coordinates. */
	tack_matrix_scale_translate(out, 1 / output_scale, 1 / output_scale,
				    -x / output_scale, -y / output_scale);
	/* Surface coordinates to the viewport's source rectangle. */
	tack_matrix_scale_translate(out, src_w / surface->width,
				    src_h / surface->height, src_x, src_y);
	/* Logical buffer units to pixels of the turned buffer. */
	tack_matrix_scale_translate(out, st->scale, st->scale, 0, 0);
	/* From the surface's upright view back into the buffer's pixels. */
	tack_matrix_transform(out, tack_transform_invert(st->transform), tw,
			      th);
}

static bool surface_opaque(struct tack_surface *surface)
{
	pixman_box32_t box = { 0, 0, surface->width, surface->height };

	if (!tack_shm_format_has_alpha(surface->buffer->format))
		return true;
	return pixman_region32_contains_rectangle(&surface->current.opaque,
						  &box) == PIXMAN_REGION_IN;
}

/* Are the buffer's pixels the output's, one to one? */
static bool surface_scaled(struct tack_surface *surface, int32_t scale)
{
	const struct tack_surface_state *st = &surface->current;

	return st->scale != scale || st->viewport.has_src ||
	       st->viewport.has_dst ||
	       surface->buffer_width != surface->width * scale ||
	       surface->buffer_height != surface->height * scale;
}

static void collect_surface(struct tack_surface *surface, int32_t lx,
			    int32_t ly, void *data)
{
	struct tack_frame *frame = data;
	struct tack_output *output = frame->output;
	struct tack_frame_surface *fs;
	int32_t s = output->scale;

	if (!tack_output_overlaps(output, lx, ly, surface->width,
				  surface->height))
		return;
	fs = wl_array_add(&frame->surfaces, sizeof(*fs));
	if (!fs) {
		tack_err("scene: no memory to list what %s shows",
			 output->name);
		return;
	}
	*fs = (struct tack_frame_surface){
		.surface = surface,
		.buffer = surface->buffer,
		.x = (lx - output->x) * s,
		.y = (ly - output->y) * s,
		.width = surface->width * s,
		.height = surface->height * s,
		.format = tack_shm_format_to_drm(surface->buffer->format),
		.opaque = surface_opaque(surface),
		.transformed = surface->current.transform !=
			       WL_OUTPUT_TRANSFORM_NORMAL,
		.scaled = surface_scaled(surface, s),
		.why = TACK_FALLBACK_NONE,
	};
}

void tack_frame_collect(struct tack_frame *frame, struct tack_scene *scene,
			uint32_t layer_mask)
{
	frame->surfaces.size = 0;
	tack_scene_for_each_surface_in(scene, layer_mask, collect_surface,
				       frame);
}

static void draw_surface(struct tack_render_pass *pass,
			 struct tack_renderer *renderer,
			 struct tack_output *output,
			 const struct tack_frame_surface *fs,
			 const pixman_region32_t *region,
			 struct tack_render_stats *stats)
{
	struct tack_render_draw draw = {
		.box = { fs->x, fs->y, fs->x + fs->width, fs->y + fs->height },
		.blend = tack_shm_format_has_alpha(fs->buffer->format),
	};
	struct tack_render_route route;
	pixman_region32_t clip;

	if (fs->width <= 0 || fs->height <= 0)
		return;
	pixman_region32_init_rects(&clip, &draw.box, 1);
	pixman_region32_intersect(&clip, &clip, (pixman_region32_t *)region);
	if (!pixman_region32_not_empty(&clip))
		goto fini_clip;
	draw.texture = tack_renderer_texture_from_buffer(renderer, fs->buffer);
	if (!draw.texture) {
		tack_err("render: cannot read a %dx%d buffer",
			 fs->buffer->width, fs->buffer->height);
		goto fini_clip;
	}
	tack_surface_output_matrix(fs->surface, fs->x, fs->y, output->scale,
				   &draw.matrix);
	tack_render_pass_draw(pass, &draw, &route);
	tack_texture_destroy(draw.texture);
	if (route.device)
		tack_trace_record(output->layout->trace, TACK_TRACE_TEXTURE,
				  fs->surface->trace_id, output->id,
				  tack_now_nsec(), 0, route.why,
				  (int64_t)route.copied);
	if (stats) {
		pixman_box32_t *e = pixman_region32_extents(&clip);
		uint64_t px = (uint64_t)(e->x2 - e->x1) * (e->y2 - e->y1);

		stats->surfaces++;
		stats->pixels += px;
		stats->bytes_read +=
			px * tack_shm_format_bpp(fs->buffer->format) / 8;
	}
fini_clip:
	pixman_region32_fini(&clip);
}

/*
 * The background goes only where no surface without alpha is drawn: those
 * replace every pixel of their box, and a clear under them would be
 * written twice (a GPU's bandwidth, pixman's time).
 */
static void clear_uncovered(struct tack_frame *frame,
			    struct tack_render_pass *pass,
			    const pixman_region32_t *region, bool skip_planes)
{
	struct tack_frame_surface *fs;
	pixman_region32_t fill;

	pixman_region32_init(&fill);
	pixman_region32_copy(&fill, (pixman_region32_t *)region);
	tack_frame_for_each_surface(fs, frame) {
		if ((skip_planes && fs->on_plane) || fs->width <= 0 ||
		    fs->height <= 0 ||
		    tack_shm_format_has_alpha(fs->buffer->format))
			continue;
		tack_region_subtract_rect(&fill, fs->x, fs->y, fs->width,
					  fs->height);
	}
	if (pixman_region32_not_empty(&fill))
		tack_render_pass_clear(pass, &background, &fill);
	pixman_region32_fini(&fill);
}

int tack_frame_draw(struct tack_frame *frame, struct tack_renderer *renderer,
		    const pixman_region32_t *region, bool skip_planes,
		    struct tack_render_stats *stats)
{
	struct tack_frame_surface *fs;
	struct tack_render_pass *pass;

	pass = tack_render_target_begin_pass(frame->target, region);
	if (!pass)
		return -ENOMEM;
	clear_uncovered(frame, pass, region, skip_planes);
	tack_frame_for_each_surface(fs, frame) {
		if (skip_planes && fs->on_plane)
			continue;
		draw_surface(pass, renderer, frame->output, fs, region, stats);
	}
	return tack_render_pass_submit(pass);
}
