/*
 * The Vulkan renderer's targets and passes. A pass records one compute
 * dispatch per damaged rectangle of each draw; submit waits for its fence,
 * and only then are the buffers it sampled in place let go (their
 * wl_buffer.release goes out after that, never while the GPU reads them).
 * A failed submission or a lost device hands the session to the CPU: the
 * pass is drawn again by pixman into the same memory, and so is every pass
 * after it. A single draw the GPU cannot do has the CPU draw that pass.
 */
#include <drm_fourcc.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "buffer/shm.h"
#include "render/pixman_renderer.h"
#include "render/vulkan_internal.h"
#include "util/log.h"

struct vk_target {
	struct tack_render_target base;
	struct vk_memory memory;	/* what the GPU writes */
	bool imported;			/* memory is the backend's own */
	void *backend_data;		/* else copied out there */
	int32_t stride;			/* bytes per row of memory */
	uint32_t format;
	/* the same memory to pixman: for read-back and after a loss */
	struct tack_render_target *cpu;
};

/* A draw as the CPU would do it again. */
struct vk_recorded_draw {
	struct tack_shm_buffer *buffer;	/* a reference */
	struct tack_render_draw draw;
};

struct vk_pass {
	struct tack_render_pass base;
	struct vk_target *target;
	pixman_region32_t region;
	bool recording;			/* a command buffer is open */
	/* a draw the GPU could not do: the CPU draws the pass again */
	bool draw_failed;
	bool cleared;
	struct tack_color clear_color;
	pixman_region32_t clear_region;
	struct wl_array draws;		/* struct vk_recorded_draw */
	/* read in place by commands not yet waited for: locked, accessed */
	struct wl_array held;		/* struct tack_shm_buffer * */
};

static struct vk_renderer *vk_renderer(struct tack_renderer *base)
{
	struct vk_renderer *r = wl_container_of(base, r, base);

	return r;
}

static int import_backend_memory(struct vk_renderer *r,
				 struct vk_target *target,
				 const struct tack_render_target_desc *desc)
{
	VkDeviceSize size = (VkDeviceSize)desc->stride * desc->height;
	VkDeviceSize align = r->import_alignment;

	if (!r->host_import || desc->stride % 4)
		return -EINVAL;
	/* a mapping of whole pages: the tail of the last one is there */
	size = (size + align - 1) / align * align;
	return tack_vk_memory_import(r, desc->data, size, &target->memory);
}

static int target_memory(struct vk_renderer *r, struct vk_target *target,
			 const struct tack_render_target_desc *desc)
{
	int ret;

	if (desc->data) {
		if (import_backend_memory(r, target, desc) == 0) {
			target->imported = true;
			target->stride = desc->stride;
			return 0;
		}
		tack_info("vulkan: the backend's %dx%d buffer cannot be imported; drawing beside it and copying",
			  desc->width, desc->height);
		target->backend_data = desc->data;
	}
	target->stride = desc->data ? desc->stride : desc->width * 4;
	/* a display scans rows out at a pitch of 64 bytes at least */
	if (desc->scanout)
		target->stride = (target->stride + 63) & ~63;
	ret = tack_vk_memory_alloc(r, (VkDeviceSize)target->stride *
				   desc->height, desc->scanout,
				   &target->memory);
	if (ret < 0)
		return ret;
	/* memory of the renderer's own starts cleared, as pixman's does */
	memset(target->memory.data, 0,
	       (size_t)target->stride * desc->height);
	return 0;
}

static struct tack_render_target *vk_create_target(
	struct tack_renderer *base, const struct tack_render_target_desc *desc)
{
	struct vk_renderer *r = vk_renderer(base);
	struct vk_target *target = calloc(1, sizeof(*target));
	struct tack_render_target_desc cpu_desc = *desc;

	if (!target)
		return NULL;
	if (desc->format != DRM_FORMAT_XRGB8888 &&
	    desc->format != DRM_FORMAT_ARGB8888) {
		tack_err("vulkan: no target of format 0x%08x", desc->format);
		goto free_target;
	}
	if (target_memory(r, target, desc) < 0)
		goto free_target;
	cpu_desc.data = target->memory.data;
	cpu_desc.stride = target->stride;
	target->cpu = tack_renderer_create_target(r->cpu, &cpu_desc);
	if (!target->cpu)
		goto free_memory;
	target->base.renderer = base;
	target->base.width = desc->width;
	target->base.height = desc->height;
	target->format = desc->format;
	return &target->base;

free_memory:
	tack_vk_memory_free(r, &target->memory);
free_target:
	free(target);
	return NULL;
}

static void vk_destroy_target(struct tack_render_target *base)
{
	struct vk_target *target = wl_container_of(base, target, base);

	tack_render_target_destroy(target->cpu);
	tack_vk_memory_free(vk_renderer(base->renderer), &target->memory);
	free(target);
}

static void copy_region(struct vk_target *target, const pixman_region32_t *region,
			bool out)
{
	pixman_box32_t *boxes;
	int n, i, y;

	if (!target->backend_data)
		return;
	boxes = pixman_region32_rectangles((pixman_region32_t *)region, &n);
	for (i = 0; i < n; i++) {
		size_t x = (size_t)boxes[i].x1 * 4;
		size_t len = (size_t)(boxes[i].x2 - boxes[i].x1) * 4;

		for (y = boxes[i].y1; y < boxes[i].y2; y++) {
			char *mem = (char *)target->memory.data +
				    (size_t)y * target->stride + x;
			char *backend = (char *)target->backend_data +
					(size_t)y * target->stride + x;

			memcpy(out ? backend : mem, out ? mem : backend, len);
		}
	}
}

static int begin_commands(struct vk_renderer *r, struct vk_pass *pass)
{
	VkCommandBufferBeginInfo info = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
		.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
	};

	if (vkBeginCommandBuffer(r->command_buffer, &info) != VK_SUCCESS)
		return -EIO;
	pass->recording = true;
	return 0;
}

static struct tack_render_pass *vk_begin_pass(struct tack_render_target *base,
					      const pixman_region32_t *region)
{
	struct vk_renderer *r = vk_renderer(base->renderer);
	struct vk_target *target = wl_container_of(base, target, base);
	struct vk_pass *pass;

	if (r->pass) {
		tack_err("vulkan: a pass began inside another");
		return NULL;
	}
	pass = calloc(1, sizeof(*pass));
	if (!pass)
		return NULL;
	pass->base.renderer = base->renderer;
	pass->target = target;
	pixman_region32_init(&pass->region);
	pixman_region32_copy(&pass->region, (pixman_region32_t *)region);
	pixman_region32_init(&pass->clear_region);
	wl_array_init(&pass->draws);
	wl_array_init(&pass->held);
	copy_region(target, &pass->region, false);
	if (!r->lost && begin_commands(r, pass) < 0)
		tack_err("vulkan: cannot record commands; this pass goes to the CPU");
	r->pass = pass;
	return &pass->base;
}

#define WRITE_STAGES (VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | \
		      VK_PIPELINE_STAGE_TRANSFER_BIT)
#define WRITES (VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT)
#define READS_AND_WRITES (VK_ACCESS_SHADER_READ_BIT | \
			  VK_ACCESS_SHADER_WRITE_BIT | \
			  VK_ACCESS_TRANSFER_READ_BIT | \
			  VK_ACCESS_TRANSFER_WRITE_BIT)

/* Each dispatch or copy sees what the ones before it wrote. */
static void barrier(struct vk_renderer *r, VkPipelineStageFlags dst_stage,
		    VkAccessFlags dst_access)
{
	VkMemoryBarrier b = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
		.srcAccessMask = WRITES,
		.dstAccessMask = dst_access,
	};

	vkCmdPipelineBarrier(r->command_buffer, WRITE_STAGES, dst_stage, 0, 1,
			     &b, 0, NULL, 0, NULL);
}

static int dispatch_region(struct vk_renderer *r, VkDescriptorSet set,
			   const struct vk_variant *variant,
			   struct vk_draw_constants *c,
			   const pixman_region32_t *region)
{
	VkPipeline pipeline = tack_vk_pipeline(r, variant);
	pixman_box32_t *boxes;
	int n, i;

	if (!pipeline)
		return -EINVAL;
	vkCmdBindPipeline(r->command_buffer, VK_PIPELINE_BIND_POINT_COMPUTE,
			  pipeline);
	vkCmdBindDescriptorSets(r->command_buffer,
				VK_PIPELINE_BIND_POINT_COMPUTE,
				r->pipeline_layout, 0, 1, &set, 0, NULL);
	boxes = pixman_region32_rectangles((pixman_region32_t *)region, &n);
	for (i = 0; i < n; i++) {
		c->box[0] = boxes[i].x1;
		c->box[1] = boxes[i].y1;
		c->box[2] = boxes[i].x2;
		c->box[3] = boxes[i].y2;
		vkCmdPushConstants(r->command_buffer, r->pipeline_layout,
				   VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(*c), c);
		vkCmdDispatch(r->command_buffer,
			      (uint32_t)(boxes[i].x2 - boxes[i].x1 + 31) / 32,
			      (uint32_t)(boxes[i].y2 - boxes[i].y1 + 7) / 8, 1);
	}
	barrier(r, WRITE_STAGES, READS_AND_WRITES);
	return 0;
}

/*
 * A draw that is a plain copy: whole texels onto whole pixels at an offset,
 * nothing blended, and the source's format the target's (an X byte may
 * go where the target ignores it). The GPU copies the rows then, with its
 * copy engine where it has one, which no shader beats.
 */
static bool is_plain_copy(const struct tack_render_draw *draw,
			  uint32_t shm_format, const struct vk_target *target)
{
	const double *m = draw->matrix.m;

	if (draw->blend || !tack_matrix_is_exact(&draw->matrix) ||
	    m[0] != 1 || m[1] != 0 || m[3] != 0 || m[4] != 1)
		return false;
	if (target->format == DRM_FORMAT_XRGB8888)
		return shm_format == WL_SHM_FORMAT_XRGB8888 ||
		       shm_format == WL_SHM_FORMAT_ARGB8888;
	return shm_format == WL_SHM_FORMAT_ARGB8888;
}

/* The rows of each box, or false when a box reaches past the texture. */
static bool copy_region_rows(struct vk_renderer *r, const struct vk_source *src,
			     const struct vk_target *target, int32_t dx,
			     int32_t dy, const pixman_region32_t *region)
{
	const struct vk_draw_constants *c = &src->constants;
	pixman_box32_t *boxes;
	VkBufferCopy *rows;
	int n, i, y, count = 0;

	boxes = pixman_region32_rectangles((pixman_region32_t *)region, &n);
	for (i = 0; i < n; i++) {
		if (boxes[i].x1 + dx < 0 || boxes[i].y1 + dy < 0 ||
		    boxes[i].x2 + dx > c->src_width ||
		    boxes[i].y2 + dy > c->src_height)
			return false;
		count += boxes[i].y2 - boxes[i].y1;
	}
	rows = calloc(count ? count : 1, sizeof(*rows));
	if (!rows)
		return false;
	count = 0;
	for (i = 0; i < n; i++) {
		for (y = boxes[i].y1; y < boxes[i].y2; y++) {
			VkBufferCopy row = {
				.srcOffset = src->offset + c->src_offset +
					(VkDeviceSize)(y + dy) * c->src_stride +
					(VkDeviceSize)(boxes[i].x1 + dx) * 4,
				.dstOffset = (VkDeviceSize)y * target->stride +
					(VkDeviceSize)boxes[i].x1 * 4,
				.size = (VkDeviceSize)(boxes[i].x2 -
						       boxes[i].x1) * 4,
			};
			VkBufferCopy *last = count ? &rows[count - 1] : NULL;

			/* whole rows on both sides: one span */
			if (last && last->srcOffset + last->size ==
					    row.srcOffset &&
			    last->dstOffset + last->size == row.dstOffset)
				last->size += row.size;
			else
				rows[count++] = row;
		}
	}
	if (count)
		vkCmdCopyBuffer(r->command_buffer, src->memory->buffer,
				target->memory.buffer, (uint32_t)count, rows);
	free(rows);
	barrier(r, WRITE_STAGES, READS_AND_WRITES);
	return true;
}

static void vk_clear(struct tack_render_pass *base,
		     const struct tack_color *color,
		     const pixman_region32_t *region)
{
	struct vk_pass *pass = wl_container_of(base, pass, base);
	struct vk_renderer *r = vk_renderer(base->renderer);
	struct vk_target *target = pass->target;
	const struct vk_variant clear = { .bpp = 32, .mode = VK_MODE_CLEAR };
	struct vk_draw_constants c = {
		.dst_stride = (uint32_t)target->stride / 4,
		/* as pixman fills: the top 8 bits of each channel */
		.color = (uint32_t)(color->a >> 8) << 24 |
			 (uint32_t)(color->r >> 8) << 16 |
			 (uint32_t)(color->g >> 8) << 8 | (color->b >> 8),
	};
	VkDescriptorSet set;

	/* one clear per pass, as the scene makes them */
	pass->cleared = true;
	pass->clear_color = *color;
	pixman_region32_intersect(&pass->clear_region, &pass->region,
				  (pixman_region32_t *)region);
	if (!pass->recording)
		return;
	set = tack_vk_descriptor_set(r, &target->memory, 0,
				     target->memory.size, &target->memory);
	if (!set || dispatch_region(r, set, &clear, &c,
				    &pass->clear_region) < 0)
		tack_err("vulkan: cannot clear the target");
}

static void release_held(struct vk_pass *pass)
{
	struct tack_shm_buffer **b;

	wl_array_for_each(b, &pass->held) {
		/* a client whose pool shrank under the GPU is gone now */
		tack_shm_buffer_end_access(*b);
		tack_shm_buffer_unlock(*b);
		tack_shm_buffer_unref(*b);
	}
	pass->held.size = 0;
}

static void lose_device(struct vk_renderer *r, const char *what, VkResult res)
{
	if (r->lost)
		return;
	r->lost = true;
	tack_err("vulkan: %s failed (VkResult %d); the CPU composites from now on",
		 what, res);
}

/* Run what is recorded and wait for it. */
static int flush(struct vk_renderer *r, struct vk_pass *pass)
{
	VkSubmitInfo info = {
		.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
		.commandBufferCount = 1,
		.pCommandBuffers = &r->command_buffer,
	};
	VkResult res;

	/* nothing recorded: the device is lost, or recording failed */
	if (!pass->recording)
		return -ENODEV;
	pass->recording = false;
	/* the CPU reads the target after the fence: make the writes visible */
	barrier(r, VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
	res = vkEndCommandBuffer(r->command_buffer);
	if (res == VK_SUCCESS)
		res = vkResetFences(r->device, 1, &r->fence);
	if (res == VK_SUCCESS)
		res = vkQueueSubmit(r->queue, 1, &info, r->fence);
	if (res == VK_SUCCESS)
		res = vkWaitForFences(r->device, 1, &r->fence, VK_TRUE,
				      UINT64_MAX);
	r->stats.submits++;
	release_held(pass);
	tack_vk_textures_reap(r);
	vkResetCommandBuffer(r->command_buffer, 0);
	tack_vk_descriptors_reset(r);
	if (res != VK_SUCCESS) {
		lose_device(r, "a submission", res);
		return -ENODEV;
	}
	return 0;
}

/* Commands so far run; recording goes on in a fresh command buffer. */
static int flush_and_continue(struct vk_renderer *r, struct vk_pass *pass)
{
	int ret = flush(r, pass);

	if (ret == 0)
		ret = begin_commands(r, pass);
	return ret;
}

static uint32_t draw_mode(const struct tack_render_draw *draw,
			  const struct vk_target *target)
{
	uint32_t mode = draw->blend ? VK_MODE_OVER : VK_MODE_SRC;

	if (!tack_matrix_is_exact(&draw->matrix))
		mode |= VK_MODE_BILINEAR;
	if (target->format == DRM_FORMAT_XRGB8888)
		mode |= VK_MODE_DST_X;
	return mode;
}

/* 16.16, rounded as pixman rounds a matrix it is given in doubles */
static int32_t to_fixed(double v)
{
	return (int32_t)floor(v * 65536.0 + 0.5);
}

static int record_draw(struct vk_renderer *r, struct vk_pass *pass,
		       struct tack_shm_buffer *buffer,
		       const struct tack_render_draw *draw,
		       const pixman_region32_t *clip,
		       struct tack_render_route *route)
{
	const struct tack_matrix *m = &draw->matrix;
	pixman_box32_t texels = tack_matrix_sampled_box(m,
		pixman_region32_extents((pixman_region32_t *)clip),
		buffer->width, buffer->height);
	struct vk_source src = { 0 };
	struct tack_shm_buffer **held;
	VkDescriptorSet set;
	int ret, i;

	ret = tack_vk_source_get(r, buffer, &texels, &src);
	if (ret == -EBUSY && flush_and_continue(r, pass) == 0)
		ret = tack_vk_source_get(r, buffer, &texels, &src);
	if (ret < 0)
		return ret;
	route->device = true;
	route->why = src.why;
	route->copied = src.copied;
	if (src.in_place) {
		held = wl_array_add(&pass->held, sizeof(*held));
		if (!held) {
			tack_shm_buffer_end_access(buffer);
			return -ENOMEM;
		}
		tack_shm_buffer_lock(tack_shm_buffer_ref(buffer));
		*held = buffer;
	}
	if (is_plain_copy(draw, buffer->format, pass->target) &&
	    copy_region_rows(r, &src, pass->target, (int32_t)m->m[2],
			     (int32_t)m->m[5], clip))
		return 0;
	set = tack_vk_descriptor_set(r, src.memory, src.offset, src.range,
				     &pass->target->memory);
	if (!set)
		return -ENOSPC;
	for (i = 0; i < 3; i++) {
		src.constants.mx[i] = to_fixed(m->m[i]);
		src.constants.my[i] = to_fixed(m->m[3 + i]);
	}
	src.constants.dst_stride = (uint32_t)pass->target->stride / 4;
	src.variant.mode |= draw_mode(draw, pass->target);
	return dispatch_region(r, set, &src.variant, &src.constants, clip);
}

static void vk_draw(struct tack_render_pass *base,
		    const struct tack_render_draw *draw,
		    struct tack_render_route *route)
{
	struct vk_pass *pass = wl_container_of(base, pass, base);
	struct vk_renderer *r = vk_renderer(base->renderer);
	struct tack_shm_buffer *buffer = draw->texture->buffer;
	const pixman_box32_t *b = &draw->box;
	struct vk_recorded_draw *rec;
	pixman_region32_t clip;
	int ret;

	rec = wl_array_add(&pass->draws, sizeof(*rec));
	if (!rec)
		return;
	rec->buffer = tack_shm_buffer_ref(buffer);
	rec->draw = *draw;
	if (!pass->recording)
		return;
	pixman_region32_init_rect(&clip, b->x1, b->y1, b->x2 - b->x1,
				  b->y2 - b->y1);
	pixman_region32_intersect(&clip, &clip, &pass->region);
	if (pixman_region32_not_empty(&clip)) {
		ret = record_draw(r, pass, buffer, draw, &clip, route);
		if (ret == -ENOSPC && flush_and_continue(r, pass) == 0)
			ret = record_draw(r, pass, buffer, draw, &clip, route);
		if (ret < 0) {
			tack_err("vulkan: cannot draw a %dx%d buffer (%s); the CPU draws this frame",
				 buffer->width, buffer->height,
				 strerror(-ret));
			pass->draw_failed = true;
		}
	}
	pixman_region32_fini(&clip);
}

/* The pass again, by pixman, into the same memory. */
static int draw_on_cpu(struct vk_renderer *r, struct vk_pass *pass)
{
	struct tack_render_pass *cpu;
	struct vk_recorded_draw *rec;
	int ret = 0;

	cpu = tack_render_target_begin_pass(pass->target->cpu, &pass->region);
	if (!cpu)
		return -ENOMEM;
	if (pass->cleared)
		tack_render_pass_clear(cpu, &pass->clear_color,
				       &pass->clear_region);
	wl_array_for_each(rec, &pass->draws) {
		struct tack_render_draw draw = rec->draw;

		draw.texture = tack_renderer_texture_from_buffer(r->cpu,
								 rec->buffer);
		if (!draw.texture) {
			ret = -EINVAL;
			continue;
		}
		tack_render_pass_draw(cpu, &draw, NULL);
		tack_texture_destroy(draw.texture);
	}
	return tack_render_pass_submit(cpu) ? -EIO : ret;
}

static int vk_submit(struct tack_render_pass *base)
{
	struct vk_pass *pass = wl_container_of(base, pass, base);
	struct vk_renderer *r = vk_renderer(base->renderer);
	struct vk_recorded_draw *rec;
	int ret = flush(r, pass);

	if (ret < 0 || pass->draw_failed)
		ret = draw_on_cpu(r, pass);
	copy_region(pass->target, &pass->region, true);
	wl_array_for_each(rec, &pass->draws)
		tack_shm_buffer_unref(rec->buffer);
	wl_array_release(&pass->draws);
	wl_array_release(&pass->held);
	pixman_region32_fini(&pass->region);
	pixman_region32_fini(&pass->clear_region);
	r->pass = NULL;
	tack_vk_textures_reap(r);
	free(pass);
	return ret;
}

static int vk_read_pixels(struct tack_render_target *base,
			  const pixman_box32_t *box, uint32_t format,
			  int32_t stride, void *data)
{
	struct vk_target *target = wl_container_of(base, target, base);

	/* every pass has waited for its fence: the memory holds the frame */
	return tack_render_target_read_pixels(target->cpu, box, format, stride,
					      data);
}

/* A buffer is linear memory: the display reads it as such. */
static int vk_export_target(struct tack_render_target *base,
			    struct tack_render_dmabuf *out)
{
	struct vk_target *target = wl_container_of(base, target, base);
	int fd = tack_vk_memory_export(vk_renderer(base->renderer),
				       &target->memory);

	if (fd < 0)
		return fd;
	*out = (struct tack_render_dmabuf){
		.fd = fd,
		.stride = (uint32_t)target->stride,
		.modifier = DRM_FORMAT_MOD_LINEAR,
	};
	return 0;
}

static void vk_log_summary(struct tack_renderer *base)
{
	struct vk_renderer *r = vk_renderer(base);

	tack_vk_log_routes(r);
	if (r->lost)
		tack_info("summary vulkan: the device was lost; the CPU composited after that");
}

static void vk_destroy(struct tack_renderer *base)
{
	struct vk_renderer *r = vk_renderer(base);

	if (r->device)
		vkDeviceWaitIdle(r->device);
	tack_vk_textures_finish(r);
	tack_vk_device_finish(r);
	tack_renderer_destroy(r->cpu);
	free(r);
}

static const struct tack_renderer_impl vk_impl = {
	.name = "vulkan",
	.create_target = vk_create_target,
	.destroy_target = vk_destroy_target,
	.texture_from_buffer = tack_texture_of_buffer,
	.destroy_texture = tack_texture_free,
	.begin_pass = vk_begin_pass,
	.clear = vk_clear,
	.draw = vk_draw,
	.submit = vk_submit,
	.read_pixels = vk_read_pixels,
	.export_target = vk_export_target,
	.log_summary = vk_log_summary,
	.destroy = vk_destroy,
};

struct tack_renderer *tack_vulkan_renderer_create(
	const struct tack_vulkan_options *options)
{
	struct vk_renderer *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->base.impl = &vk_impl;
	r->options = *options;
	r->udmabuf_fd = -1;
	tack_vk_textures_init(r);
	r->cpu = tack_pixman_renderer_create();
	if (!r->cpu || tack_vk_device_init(r) < 0) {
		vk_destroy(&r->base);
		return NULL;
	}
	return &r->base;
}
