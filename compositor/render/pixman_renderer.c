/*
 * The pixman renderer: the CPU composites clients' buffers, read in place
 * from their pools, into targets in memory. It copies every pixel it
 * draws: the path for what no plane shows and no GPU samples.
 */
#include <drm_fourcc.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "buffer/shm.h"
#include "render/pixman_renderer.h"
#include "render/renderer.h"
#include "util/log.h"

struct pixman_target {
	struct tack_render_target base;
	pixman_image_t *image;
};

struct pixman_pass {
	struct tack_render_pass base;
	struct pixman_target *target;
	pixman_region32_t region;
};

static const struct {
	uint32_t shm;
	pixman_format_code_t pixman;
} formats[] = {
	{ WL_SHM_FORMAT_ARGB8888, PIXMAN_a8r8g8b8 },
	{ WL_SHM_FORMAT_XRGB8888, PIXMAN_x8r8g8b8 },
	{ DRM_FORMAT_ABGR8888, PIXMAN_a8b8g8r8 },
	{ DRM_FORMAT_XBGR8888, PIXMAN_x8b8g8r8 },
	{ DRM_FORMAT_RGBA8888, PIXMAN_r8g8b8a8 },
	{ DRM_FORMAT_RGBX8888, PIXMAN_r8g8b8x8 },
	{ DRM_FORMAT_BGRA8888, PIXMAN_b8g8r8a8 },
	{ DRM_FORMAT_BGRX8888, PIXMAN_b8g8r8x8 },
	{ DRM_FORMAT_ARGB2101010, PIXMAN_a2r10g10b10 },
	{ DRM_FORMAT_XRGB2101010, PIXMAN_x2r10g10b10 },
	{ DRM_FORMAT_ABGR2101010, PIXMAN_a2b10g10r10 },
	{ DRM_FORMAT_XBGR2101010, PIXMAN_x2b10g10r10 },
	{ DRM_FORMAT_RGB888, PIXMAN_r8g8b8 },
	{ DRM_FORMAT_BGR888, PIXMAN_b8g8r8 },
	{ DRM_FORMAT_RGB565, PIXMAN_r5g6b5 },
	{ DRM_FORMAT_BGR565, PIXMAN_b5g6r5 },
	{ DRM_FORMAT_ARGB4444, PIXMAN_a4r4g4b4 },
	{ DRM_FORMAT_XRGB4444, PIXMAN_x4r4g4b4 },
	{ DRM_FORMAT_ABGR4444, PIXMAN_a4b4g4r4 },
	{ DRM_FORMAT_XBGR4444, PIXMAN_x4b4g4r4 },
	{ DRM_FORMAT_ARGB1555, PIXMAN_a1r5g5b5 },
	{ DRM_FORMAT_XRGB1555, PIXMAN_x1r5g5b5 },
	{ DRM_FORMAT_ABGR1555, PIXMAN_a1b5g5r5 },
	{ DRM_FORMAT_XBGR1555, PIXMAN_x1b5g5r5 },
	{ DRM_FORMAT_RGB332, PIXMAN_r3g3b2 },
	{ DRM_FORMAT_BGR233, PIXMAN_b2g3r3 },
	{ DRM_FORMAT_YUYV, PIXMAN_yuy2 },
};

pixman_format_code_t tack_pixman_format(uint32_t shm_format)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].shm == shm_format)
			return formats[i].pixman;
	return 0;
}

/* Targets speak DRM fourccs; two of them are wl_shm codes of their own. */
static pixman_format_code_t target_format(uint32_t drm_format)
{
	switch (drm_format) {
	case DRM_FORMAT_ARGB8888:
		return PIXMAN_a8r8g8b8;
	case DRM_FORMAT_XRGB8888:
		return PIXMAN_x8r8g8b8;
	}
	return tack_pixman_format(drm_format);
}

static struct tack_render_target *pixman_create_target(
	struct tack_renderer *renderer,
	const struct tack_render_target_desc *desc)
{
	struct pixman_target *target = calloc(1, sizeof(*target));
	pixman_format_code_t format = target_format(desc->format);

	if (!target)
		return NULL;
	/* pixman's memory is no display's to scan out */
	if (desc->scanout)
		goto free_target;
	if (!format) {
		tack_err("pixman: no target of format 0x%08x", desc->format);
		goto free_target;
	}
	/* Memory of its own starts cleared; a backend's is what it holds. */
	target->image = desc->data ?
		pixman_image_create_bits_no_clear(format, desc->width,
			desc->height, desc->data, desc->stride) :
		pixman_image_create_bits(format, desc->width, desc->height,
					 NULL, 0);
	if (!target->image)
		goto free_target;
	target->base.renderer = renderer;
	target->base.width = desc->width;
	target->base.height = desc->height;
	return &target->base;

free_target:
	free(target);
	return NULL;
}

static void pixman_destroy_target(struct tack_render_target *base)
{
	struct pixman_target *target = wl_container_of(base, target, base);

	pixman_image_unref(target->image);
	free(target);
}

static struct tack_render_pass *pixman_begin_pass(
	struct tack_render_target *base, const pixman_region32_t *region)
{
	struct pixman_target *target = wl_container_of(base, target, base);
	struct pixman_pass *pass = calloc(1, sizeof(*pass));

	if (!pass)
		return NULL;
	pass->base.renderer = base->renderer;
	pass->target = target;
	pixman_region32_init(&pass->region);
	pixman_region32_copy(&pass->region, (pixman_region32_t *)region);
	return &pass->base;
}

static void pixman_clear(struct tack_render_pass *base,
			 const struct tack_color *color,
			 const pixman_region32_t *region)
{
	struct pixman_pass *pass = wl_container_of(base, pass, base);
	pixman_color_t c = { color->r, color->g, color->b, color->a };
	pixman_region32_t fill;
	pixman_box32_t *boxes;
	int n;

	pixman_region32_init(&fill);
	pixman_region32_intersect(&fill, &pass->region,
				  (pixman_region32_t *)region);
	boxes = pixman_region32_rectangles(&fill, &n);
	pixman_image_fill_boxes(PIXMAN_OP_SRC, pass->target->image, &c, n,
				boxes);
	pixman_region32_fini(&fill);
}

static void unaligned_image_destroy(pixman_image_t *image, void *data)
{
	free(data);
}

/*
 * pixman wants strides in whole 32-bit words; others are copied first,
 * only the box the draw samples: a frame costs what it shows, however
 * large the buffer. The matrix then maps into the copy.
 */
static pixman_image_t *copy_unaligned(struct tack_shm_buffer *buffer,
				      const char *src,
				      pixman_format_code_t format,
				      const pixman_box32_t *box,
				      struct tack_matrix *m)
{
	size_t bpp = (size_t)tack_shm_format_bpp(buffer->format);
	int32_t w = box->x2 - box->x1, h = box->y2 - box->y1;
	size_t row = ((size_t)w * bpp + 7) / 8;
	size_t stride = (row + 3) & ~(size_t)3;
	char *copy;
	pixman_image_t *image;
	int32_t y;

	if (w <= 0 || h <= 0)
		return NULL;
	copy = malloc(stride * (size_t)h);
	if (!copy)
		return NULL;
	src += (size_t)box->y1 * buffer->stride + (size_t)box->x1 * bpp / 8;
	for (y = 0; y < h; y++)
		memcpy(copy + (size_t)y * stride,
		       src + (size_t)y * buffer->stride, row);
	image = pixman_image_create_bits_no_clear(format, w, h,
						  (uint32_t *)copy,
						  (int)stride);
	if (!image) {
		free(copy);
		return NULL;
	}
	pixman_image_set_destroy_function(image, unaligned_image_destroy, copy);
	tack_matrix_scale_translate(m, 1, 1, -box->x1, -box->y1);
	return image;
}

/* The buffer as pixman reads it, in place where its stride allows. */
static pixman_image_t *wrap_buffer(struct tack_shm_buffer *buffer, void *data,
				   const pixman_box32_t *clip,
				   struct tack_matrix *m)
{
	pixman_format_code_t format = tack_pixman_format(buffer->format);
	pixman_box32_t box;

	if (buffer->stride % 4) {
		box = tack_matrix_sampled_box(m, clip, buffer->width,
						     buffer->height);
		/* YUYV pairs pixels: a copy starts at the first of a pair */
		box.x1 &= ~1;
		return copy_unaligned(buffer, data, format, &box, m);
	}
	return pixman_image_create_bits_no_clear(format, buffer->width,
						 buffer->height, data,
						 buffer->stride);
}

static void set_matrix(pixman_image_t *image, const struct tack_matrix *m)
{
	struct pixman_f_transform f;
	pixman_transform_t t;

	pixman_f_transform_init_identity(&f);
	f.m[0][0] = m->m[0];
	f.m[0][1] = m->m[1];
	f.m[0][2] = m->m[2];
	f.m[1][0] = m->m[3];
	f.m[1][1] = m->m[4];
	f.m[1][2] = m->m[5];
	pixman_transform_from_pixman_f_transform(&t, &f);
	pixman_image_set_transform(image, &t);
	pixman_image_set_filter(image, tack_matrix_is_exact(m) ?
					       PIXMAN_FILTER_NEAREST :
					       PIXMAN_FILTER_BILINEAR,
				NULL, 0);
	pixman_image_set_repeat(image, PIXMAN_REPEAT_PAD);
}

static void pixman_draw(struct tack_render_pass *base,
			const struct tack_render_draw *draw,
			struct tack_render_route *route)
{
	struct pixman_pass *pass = wl_container_of(base, pass, base);
	struct tack_shm_buffer *buffer = draw->texture->buffer;
	pixman_image_t *dst = pass->target->image, *src;
	const pixman_box32_t *b = &draw->box;
	struct tack_matrix m = draw->matrix;
	pixman_region32_t clip;
	void *data;

	pixman_region32_init_rect(&clip, b->x1, b->y1, b->x2 - b->x1,
				  b->y2 - b->y1);
	pixman_region32_intersect(&clip, &clip, &pass->region);
	if (!pixman_region32_not_empty(&clip))
		goto fini_clip;
	data = tack_shm_buffer_begin_access(buffer);
	src = data ? wrap_buffer(buffer, data, pixman_region32_extents(&clip),
				 &m) : NULL;
	if (!src) {
		tack_err("render: cannot read a %dx%d buffer", buffer->width,
			 buffer->height);
		if (data)
			tack_shm_buffer_end_access(buffer);
		goto fini_clip;
	}
	set_matrix(src, &m);
	pixman_image_set_clip_region32(dst, &clip);
	pixman_image_composite32(draw->blend ? PIXMAN_OP_OVER : PIXMAN_OP_SRC,
				 src, NULL, dst, b->x1, b->y1, 0, 0, b->x1,
				 b->y1, b->x2 - b->x1, b->y2 - b->y1);
	pixman_image_set_clip_region32(dst, NULL);
	pixman_image_unref(src);
	/* A client that truncated its pool under us is gone after this. */
	tack_shm_buffer_end_access(buffer);
fini_clip:
	pixman_region32_fini(&clip);
}

static int pixman_submit(struct tack_render_pass *base)
{
	struct pixman_pass *pass = wl_container_of(base, pass, base);

	/* the CPU drew as it went: nothing is left in flight */
	pixman_region32_fini(&pass->region);
	free(pass);
	return 0;
}

static int pixman_read_pixels(struct tack_render_target *base,
			      const pixman_box32_t *box, uint32_t format,
			      int32_t stride, void *data)
{
	struct pixman_target *target = wl_container_of(base, target, base);
	int32_t w = box->x2 - box->x1, h = box->y2 - box->y1;
	pixman_format_code_t pf = tack_pixman_format(format);
	pixman_image_t *dst;

	if (!pf)
		return -EINVAL;
	dst = pixman_image_create_bits_no_clear(pf, w, h, data, stride);
	if (!dst)
		return -ENOMEM;
	pixman_image_composite32(PIXMAN_OP_SRC, target->image, NULL, dst,
				 box->x1, box->y1, 0, 0, 0, 0, w, h);
	pixman_image_unref(dst);
	return 0;
}

static void pixman_destroy(struct tack_renderer *renderer)
{
	free(renderer);
}

static const struct tack_renderer_impl pixman_impl = {
	.name = "pixman",
	.create_target = pixman_create_target,
	.destroy_target = pixman_destroy_target,
	.texture_from_buffer = tack_texture_of_buffer,
	.destroy_texture = tack_texture_free,
	.begin_pass = pixman_begin_pass,
	.clear = pixman_clear,
	.draw = pixman_draw,
	.submit = pixman_submit,
	.read_pixels = pixman_read_pixels,
	.destroy = pixman_destroy,
};

struct tack_renderer *tack_pixman_renderer_create(void)
{
	struct tack_renderer *renderer = calloc(1, sizeof(*renderer));

	if (!renderer)
		return NULL;
	renderer->impl = &pixman_impl;
	return renderer;
}
