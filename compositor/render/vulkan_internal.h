/*
 * The Vulkan renderer's parts: the device (vulkan_device.c), clients'
 * buffers as the GPU reads them (vulkan_texture.c), and targets and passes
 * (vulkan_renderer.c). Everything the GPU reads or writes is a storage
 * buffer in memory the CPU can reach: imported client pools, copies, and
 * targets, so that after a lost device the CPU draws into the same memory.
 */
#ifndef TACK_VULKAN_INTERNAL_H
#define TACK_VULKAN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <vulkan/vulkan.h>
#include <wayland-server-core.h>
#include "render/renderer.h"
#include "render/vulkan_renderer.h"
#include "util/fallback.h"

struct tack_shm_buffer;
struct tack_shm_pool;

/* A VkBuffer with its memory, mapped or imported: the CPU reaches it. */
struct vk_memory {
	VkBuffer buffer;
	VkDeviceMemory memory;
	void *data;
	VkDeviceSize size;
};

/* The shader's push constants, as composite.comp declares them. */
struct vk_draw_constants {
	int32_t mx[4], my[4];		/* 16.16 */
	int32_t box[4];
	uint32_t src_offset, src_stride;
	int32_t src_width, src_height;
	uint32_t dst_stride;
	uint32_t color;
};

/* What one pipeline is specialized for: composite.comp's constant_ids. */
struct vk_variant {
	uint32_t bpp, shifts, bits;	/* the source's layout */
	uint32_t mode;			/* VK_MODE_* */
};

enum {
	VK_MODE_CLEAR = 0,
	VK_MODE_SRC = 1,
	VK_MODE_OVER = 2,
	VK_MODE_BILINEAR = 4,
	VK_MODE_WIDE = 8,
	VK_MODE_DST_X = 16,
};

/* formats times modes a session could use, a few times over */
#define VK_MAX_PIPELINES 128

struct vk_stats {
	uint64_t draws[TACK_FALLBACK_COUNT];	/* by route: NONE is in place */
	uint64_t buffers[TACK_FALLBACK_COUNT];	/* buffers, once each */
	uint64_t bytes_copied;
	uint64_t pool_imports, pool_drops;
	uint64_t udmabuf_imports;		/* of pool_imports */
	uint64_t submits;
	uint64_t validation_messages;
};

struct vk_renderer {
	struct tack_renderer base;
	struct tack_vulkan_options options;

	VkInstance instance;
	VkDebugUtilsMessengerEXT messenger;
	VkPhysicalDevice physical;
	VkDevice device;
	VkQueue queue;
	uint32_t queue_family;
	char device_name[VK_MAX_PHYSICAL_DEVICE_NAME_SIZE];
	bool host_import;			/* VK_EXT_external_memory_host */
	/* the device imports and exports dma-bufs */
	bool dmabuf;
	/* /dev/udmabuf, where the device imports dma-bufs; else -1 */
	int udmabuf_fd;
	VkDeviceSize import_alignment;
	VkDeviceSize max_storage_range;
	VkDeviceSize storage_offset_alignment;
	VkPhysicalDeviceMemoryProperties memory_properties;
	PFN_vkGetMemoryHostPointerPropertiesEXT get_host_pointer_properties;

	VkShaderModule shader;
	VkDescriptorSetLayout set_layout;
	VkPipelineLayout pipeline_layout;
	/* compiled on first use, one per variant */
	struct {
		struct vk_variant variant;
		VkPipeline pipeline;
	} pipelines[VK_MAX_PIPELINES];
	int n_pipelines;
	VkCommandPool command_pool;
	VkCommandBuffer command_buffer;
	VkFence fence;
	VkDescriptorPool descriptor_pool;
	uint32_t descriptor_sets_left;

	/* the GPU failed once: the CPU draws from then on */
	bool lost;
	struct tack_renderer *cpu;
	struct vk_pass *pass;			/* the one open, if any */
	struct wl_list pool_imports;		/* vk_pool_import.link */
	/* dropped while a pass was open: freed after its fence */
	struct wl_list dead_imports;		/* vk_pool_import.link */
	struct wl_list buffer_entries;		/* vk_buffer_entry.link */
	struct vk_stats stats;
};

/* vulkan_device.c */
int tack_vk_device_init(struct vk_renderer *r);
void tack_vk_device_finish(struct vk_renderer *r);
/* mapped memory of the renderer's own, exportable as a dma-buf when
 * asked; negative errno */
int tack_vk_memory_alloc(struct vk_renderer *r, VkDeviceSize size,
			 bool exportable, struct vk_memory *mem);
/* exportable memory as a dma-buf: its fd, or negative errno */
int tack_vk_memory_export(struct vk_renderer *r, const struct vk_memory *mem);
/* the process's memory at data (page aligned, size whole pages) */
int tack_vk_memory_import(struct vk_renderer *r, void *data,
			  VkDeviceSize size, struct vk_memory *mem);
/* a dma-buf of size bytes; the fd is the device's from then on */
int tack_vk_memory_import_dmabuf(struct vk_renderer *r, int fd,
				 VkDeviceSize size, struct vk_memory *mem);
void tack_vk_memory_free(struct vk_renderer *r, struct vk_memory *mem);
/* a descriptor set reading src and writing dst, for this submission */
VkDescriptorSet tack_vk_descriptor_set(struct vk_renderer *r,
				       const struct vk_memory *src,
				       VkDeviceSize src_offset,
				       VkDeviceSize src_range,
				       const struct vk_memory *dst);

/* The pipeline for a variant, compiled the first time; NULL on failure. */
VkPipeline tack_vk_pipeline(struct vk_renderer *r,
			    const struct vk_variant *variant);
/* After the fence: every set goes back to the pool. */
void tack_vk_descriptors_reset(struct vk_renderer *r);

/* vulkan_texture.c: what a draw reads of a client's buffer */
struct vk_source {
	const struct vk_memory *memory;
	VkDeviceSize offset, range;		/* the descriptor's window */
	struct vk_draw_constants constants;	/* the src_* fields */
	struct vk_variant variant;		/* the layout */
	/* the GPU reads the client's pages: hold them until the fence */
	bool in_place;
	enum tack_fallback why;			/* NONE when in place */
	uint64_t copied;			/* bytes, for this draw */
};

void tack_vk_textures_init(struct vk_renderer *r);
/* Free the imports dropped while the pass ran; its commands are done. */
void tack_vk_textures_reap(struct vk_renderer *r);
void tack_vk_textures_finish(struct vk_renderer *r);
/*
 * Ready the buffer for a draw sampling texels of box: in place, or copied
 * into a texture of its own. Between this and tack_shm_buffer_end_access() the
 * buffer's pages are under SIGBUS protection. Negative errno: not drawn.
 */
int tack_vk_source_get(struct vk_renderer *r, struct tack_shm_buffer *buffer,
		       const pixman_box32_t *box, struct vk_source *source);
/* The shader's description of a format; false: no shader path for it. */
bool tack_vk_format_layout(uint32_t shm_format, struct vk_variant *variant);
void tack_vk_log_routes(struct vk_renderer *r);

#endif
