/*
 * The renderer interface: what composites the surfaces that planes do not
 * show. A renderer makes textures of clients' buffers (it may sample
 * their pages in place), draws them in passes over render targets that
 * backends hand it (a dumb buffer, an image in memory), and reads pixels
 * back for screenshots. pixman is one renderer; others sit beside it.
 */
#ifndef TACK_RENDERER_H
#define TACK_RENDERER_H

#include <stdbool.h>
#include <stdint.h>
#include <pixman.h>
#include "render/matrix.h"
#include "util/fallback.h"

struct tack_renderer;
struct tack_render_pass;
struct tack_render_target;
struct tack_shm_buffer;
struct tack_texture;

/* Memory to draw into; without data the renderer allocates it. */
struct tack_render_target_desc {
	int32_t width, height;
	uint32_t format;		/* DRM fourcc: XRGB8888 or ARGB8888 */
	void *data;			/* NULL: the renderer's own memory */
	int32_t stride;			/* bytes per row of data */
	/* of its own memory: a display will scan it out, export it */
	bool scanout;
};

/* A target's memory as a dma-buf, for a display to scan out. */
struct tack_render_dmabuf {
	int fd;				/* the caller's to close */
	uint32_t offset, stride;
	uint64_t modifier;		/* DRM format modifier */
};

/* 16 bits per channel, not premultiplied. */
struct tack_color {
	uint16_t r, g, b, a;
};

/* One texture drawn in a pass. */
struct tack_render_draw {
	struct tack_texture *texture;
	/* target pixels to texture pixels */
	struct tack_matrix matrix;
	/* what it covers on the target, clipped to the pass's region */
	pixman_box32_t box;
	/* blend by the texture's alpha, or replace */
	bool blend;
};

/*
 * How a draw read its buffer, for renderers that read it on a device of
 * their own (a GPU): in place, or copied first and why.
 */
struct tack_render_route {
	bool device;			/* false: the CPU drew it (pixman) */
	enum tack_fallback why;		/* NONE: sampled in place */
	uint64_t copied;		/* bytes copied for it */
};

struct tack_renderer_impl {
	const char *name;
	struct tack_render_target *(*create_target)(
		struct tack_renderer *renderer,
		const struct tack_render_target_desc *desc);
	void (*destroy_target)(struct tack_render_target *target);
	struct tack_texture *(*texture_from_buffer)(
		struct tack_renderer *renderer, struct tack_shm_buffer *buffer);
	void (*destroy_texture)(struct tack_texture *texture);
	struct tack_render_pass *(*begin_pass)(struct tack_render_target *target,
					       const pixman_region32_t *region);
	void (*clear)(struct tack_render_pass *pass,
		      const struct tack_color *color,
		      const pixman_region32_t *region);
	void (*draw)(struct tack_render_pass *pass,
		     const struct tack_render_draw *draw,
		     struct tack_render_route *route);
	int (*submit)(struct tack_render_pass *pass);
	int (*read_pixels)(struct tack_render_target *target,
			   const pixman_box32_t *box, uint32_t format,
			   int32_t stride, void *data);
	/* optional: a scanout target's memory as a dma-buf */
	int (*export_target)(struct tack_render_target *target,
			     struct tack_render_dmabuf *out);
	/* optional: what it did, for the exit summary */
	void (*log_summary)(struct tack_renderer *renderer);
	void (*destroy)(struct tack_renderer *renderer);
};

struct tack_renderer {
	const struct tack_renderer_impl *impl;
};

/* What implementations' targets, textures and passes start with. */
struct tack_render_target {
	struct tack_renderer *renderer;
	int32_t width, height;
};

struct tack_texture {
	struct tack_renderer *renderer;
	struct tack_shm_buffer *buffer;	/* what it shows */
};

struct tack_render_pass {
	struct tack_renderer *renderer;
};

void tack_renderer_destroy(struct tack_renderer *renderer);
/* Its name, and what it did, in the log. */
void tack_renderer_log_summary(struct tack_renderer *renderer);

struct tack_render_target *tack_renderer_create_target(
	struct tack_renderer *renderer,
	const struct tack_render_target_desc *desc);
void tack_render_target_destroy(struct tack_render_target *target);

/*
 * The buffer as something to draw, valid while the buffer lives; the
 * caller destroys it. Its pixels are read when a pass draws it. NULL:
 * the renderer cannot read the buffer.
 */
struct tack_texture *tack_renderer_texture_from_buffer(
	struct tack_renderer *renderer, struct tack_shm_buffer *buffer);
void tack_texture_destroy(struct tack_texture *texture);
/*
 * For implementations whose textures are the buffers themselves, read
 * when drawn (pixman's, and Vulkan's, which keeps what it needs of a
 * buffer with the buffer): their texture_from_buffer and destroy_texture.
 */
struct tack_texture *tack_texture_of_buffer(struct tack_renderer *renderer,
					    struct tack_shm_buffer *buffer);
void tack_texture_free(struct tack_texture *texture);

/*
 * A pass draws into the target within region (target pixels) only, and
 * ends with submit, which returns 0 or a negative errno.
 */
struct tack_render_pass *tack_render_target_begin_pass(
	struct tack_render_target *target, const pixman_region32_t *region);
/* Fill region (target pixels), within the pass's. */
void tack_render_pass_clear(struct tack_render_pass *pass,
			    const struct tack_color *color,
			    const pixman_region32_t *region);
/* route (may be NULL) says how the buffer was read. */
void tack_render_pass_draw(struct tack_render_pass *pass,
			   const struct tack_render_draw *draw,
			   struct tack_render_route *route);
int tack_render_pass_submit(struct tack_render_pass *pass);

/*
 * The memory of a target made with desc.scanout as a dma-buf: 0, or
 * -EOPNOTSUPP where the renderer or its device cannot export it.
 */
int tack_render_target_export(struct tack_render_target *target,
			      struct tack_render_dmabuf *out);

/*
 * Copy the box of the target (target pixels) into data, whose rows are
 * stride bytes apart, in format (a wl_shm code). Negative errno.
 */
int tack_render_target_read_pixels(struct tack_render_target *target,
				   const pixman_box32_t *box, uint32_t format,
				   int32_t stride, void *data);

#endif
