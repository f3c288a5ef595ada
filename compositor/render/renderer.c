/* The renderer interface: each call goes to the implementation. */
#include <errno.h>
#include <stdlib.h>
#include "buffer/shm.h"
#include "render/renderer.h"
#include "util/log.h"

void tack_renderer_destroy(struct tack_renderer *renderer)
{
	if (renderer)
		renderer->impl->destroy(renderer);
}

void tack_renderer_log_summary(struct tack_renderer *renderer)
{
	tack_info("summary: renderer %s", renderer->impl->name);
	if (renderer->impl->log_summary)
		renderer->impl->log_summary(renderer);
}

struct tack_render_target *tack_renderer_create_target(
	struct tack_renderer *renderer,
	const struct tack_render_target_desc *desc)
{
	return renderer->impl->create_target(renderer, desc);
}

void tack_render_target_destroy(struct tack_render_target *target)
{
	if (target)
		target->renderer->impl->destroy_target(target);
}

struct tack_texture *tack_renderer_texture_from_buffer(
	struct tack_renderer *renderer, struct tack_shm_buffer *buffer)
{
	return renderer->impl->texture_from_buffer(renderer, buffer);
}

void tack_texture_destroy(struct tack_texture *texture)
{
	if (texture)
		texture->renderer->impl->destroy_texture(texture);
}

struct tack_texture *tack_texture_of_buffer(struct tack_renderer *renderer,
					    struct tack_shm_buffer *buffer)
{
	struct tack_texture *texture;

	if (!tack_shm_format_bpp(buffer->format))
		return NULL;
	texture = calloc(1, sizeof(*texture));
	if (!texture)
		return NULL;
	texture->renderer = renderer;
	texture->buffer = buffer;
	return texture;
}

void tack_texture_free(struct tack_texture *texture)
{
	free(texture);
}

struct tack_render_pass *tack_render_target_begin_pass(
	struct tack_render_target *target, const pixman_region32_t *region)
{
	return target->renderer->impl->begin_pass(target, region);
}

void tack_render_pass_clear(struct tack_render_pass *pass,
			    const struct tack_color *color,
			    const pixman_region32_t *region)
{
	pass->renderer->impl->clear(pass, color, region);
}

void tack_render_pass_draw(struct tack_render_pass *pass,
			   const struct tack_render_draw *draw,
			   struct tack_render_route *route)
{
	struct tack_render_route unused;

	*(route ? route : &unused) = (struct tack_render_route){ 0 };
	pass->renderer->impl->draw(pass, draw, route ? route : &unused);
}

int tack_render_pass_submit(struct tack_render_pass *pass)
{
	return pass->renderer->impl->submit(pass);
}

int tack_render_target_export(struct tack_render_target *target,
			      struct tack_render_dmabuf *out)
{
	if (!target->renderer->impl->export_target)
		return -EOPNOTSUPP;
	return target->renderer->impl->export_target(target, out);
}

int tack_render_target_read_pixels(struct tack_render_target *target,
				   const pixman_box32_t *box, uint32_t format,
				   int32_t stride, void *data)
{
	return target->renderer->impl->read_pixels(target, box, format, stride,
						   data);
}
