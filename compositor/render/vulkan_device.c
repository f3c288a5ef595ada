/*
 * The Vulkan renderer's device: the instance (with validation messages
 * counted and logged when a layer sends them), the choice of a physical
 * device, the compute pipeline that composites, and memory: the
 * renderer's own, mapped, or the process's pages imported as host memory.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "render/vulkan_internal.h"
#include "util/log.h"
#include "composite_spv.h"

#define MAX_DEVICES 16
#define MAX_SETS 256

static const char *device_type_name(VkPhysicalDeviceType type)
{
	switch (type) {
	case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
		return "integrated GPU";
	case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
		return "discrete GPU";
	case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
		return "virtual GPU";
	case VK_PHYSICAL_DEVICE_TYPE_CPU:
		return "CPU";
	default:
		return "other";
	}
}

static VKAPI_ATTR VkBool32 VKAPI_CALL handle_debug_message(
	VkDebugUtilsMessageSeverityFlagBitsEXT severity,
	VkDebugUtilsMessageTypeFlagsEXT type,
	const VkDebugUtilsMessengerCallbackDataEXT *data, void *user)
{
	struct vk_renderer *r = user;

	if (severity < VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT)
		return VK_FALSE;
	r->stats.validation_messages++;
	tack_err("vulkan: validation: %s", data->pMessage);
	return VK_FALSE;
}

static bool instance_has_extension(const char *name)
{
	VkExtensionProperties *props;
	uint32_t n = 0, i;
	bool found = false;

	if (vkEnumerateInstanceExtensionProperties(NULL, &n, NULL) != VK_SUCCESS)
		return false;
	props = calloc(n ? n : 1, sizeof(*props));
	if (!props)
		return false;
	if (vkEnumerateInstanceExtensionProperties(NULL, &n, props) == VK_SUCCESS)
		for (i = 0; i < n && !found; i++)
			found = !strcmp(props[i].extensionName, name);
	free(props);
	return found;
}

static int create_messenger(struct vk_renderer *r)
{
	PFN_vkCreateDebugUtilsMessengerEXT create =
		(PFN_vkCreateDebugUtilsMessengerEXT)vkGetInstanceProcAddr(
			r->instance, "vkCreateDebugUtilsMessengerEXT");
	VkDebugUtilsMessengerCreateInfoEXT info = {
		.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
		.messageSeverity =
			VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
			VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
		.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
			       VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
			       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
		.pfnUserCallback = handle_debug_message,
		.pUserData = r,
	};

	if (!create)
		return -ENOSYS;
	return create(r->instance, &info, NULL, &r->messenger) == VK_SUCCESS ?
		       0 : -EIO;
}

static int create_instance(struct vk_renderer *r)
{
	const char *debug = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
	bool has_debug = instance_has_extension(debug);
	VkApplicationInfo app = {
		.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
		.pApplicationName = "tack",
		.pEngineName = "tack",
		.apiVersion = VK_API_VERSION_1_1,
	};
	VkInstanceCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
		.pApplicationInfo = &app,
		.enabledExtensionCount = has_debug ? 1 : 0,
		.ppEnabledExtensionNames = &debug,
	};
	VkResult res = vkCreateInstance(&info, NULL, &r->instance);

	if (res != VK_SUCCESS) {
		tack_err("vulkan: no instance (VkResult %d)", res);
		return -ENODEV;
	}
	if (has_debug && create_messenger(r) < 0)
		tack_err("vulkan: validation messages will not be counted");
	return 0;
}

static bool device_has_extension(VkPhysicalDevice dev, const char *name)
{
	VkExtensionProperties *props;
	uint32_t n = 0, i;
	bool found = false;

	if (vkEnumerateDeviceExtensionProperties(dev, NULL, &n, NULL) !=
	    VK_SUCCESS)
		return false;
	props = calloc(n ? n : 1, sizeof(*props));
	if (!props)
		return false;
	if (vkEnumerateDeviceExtensionProperties(dev, NULL, &n, props) ==
	    VK_SUCCESS)
		for (i = 0; i < n && !found; i++)
			found = !strcmp(props[i].extensionName, name);
	free(props);
	return found;
}

static bool compute_queue_family(VkPhysicalDevice dev, uint32_t *family)
{
	VkQueueFamilyProperties props[16];
	uint32_t n = 16, i;

	vkGetPhysicalDeviceQueueFamilyProperties(dev, &n, props);
	for (i = 0; i < n; i++) {
		if (props[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
			*family = i;
			return true;
		}
	}
	return false;
}

static bool name_matches(const char *name, const char *want)
{
	size_t n = strlen(want), i;

	for (; *name; name++) {
		for (i = 0; i < n && name[i]; i++)
			if (tolower((unsigned char)name[i]) !=
			    tolower((unsigned char)want[i]))
				break;
		if (i == n)
			return true;
	}
	return false;
}

/*
 * Higher is better: a GPU that imports host memory; then, where the
 * options allow it, a CPU device or one that must copy everything.
 */
static int device_rank(const struct vk_renderer *r, VkPhysicalDevice dev,
		       const VkPhysicalDeviceProperties *props, int index)
{
	bool gpu = props->deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU;
	bool host = device_has_extension(dev,
		VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME);
	uint32_t family;
	char digits[16];

	if (!compute_queue_family(dev, &family) ||
	    props->apiVersion < VK_API_VERSION_1_1)
		return 0;
	if (r->options.device) {
		snprintf(digits, sizeof(digits), "%d", index);
		return !strcmp(r->options.device, digits) ||
		       name_matches(props->deviceName, r->options.device);
	}
	if (gpu && host)
		return 4;
	if (!r->options.any_device)
		return 0;
	return gpu ? 3 : host ? 2 : 1;
}

static int choose_device(struct vk_renderer *r)
{
	VkPhysicalDevice devs[MAX_DEVICES];
	uint32_t n = MAX_DEVICES, i;
	int best = 0, rank;

	if (vkEnumeratePhysicalDevices(r->instance, &n, devs) < 0 || !n) {
		tack_err("vulkan: no devices");
		return -ENODEV;
	}
	for (i = 0; i < n; i++) {
		VkPhysicalDeviceProperties props;

		vkGetPhysicalDeviceProperties(devs[i], &props);
		tack_info("vulkan: device %u: %s (%s)", i, props.deviceName,
			  device_type_name(props.deviceType));
		rank = device_rank(r, devs[i], &props, (int)i);
		if (rank > best) {
			best = rank;
			r->physical = devs[i];
		}
	}
	if (!best) {
		tack_info(r->options.device ?
			  "vulkan: no device matches '%s'" :
			  "vulkan: no GPU that imports host memory%s",
			  r->options.device ? r->options.device : "");
		return -ENODEV;
	}
	return 0;
}

static void read_limits(struct vk_renderer *r)
{
	VkPhysicalDeviceExternalMemoryHostPropertiesEXT host = {
		.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_EXTERNAL_MEMORY_HOST_PROPERTIES_EXT,
	};
	VkPhysicalDeviceProperties2 props = {
		.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2,
		.pNext = r->host_import ? &host : NULL,
	};

	vkGetPhysicalDeviceProperties2(r->physical, &props);
	snprintf(r->device_name, sizeof(r->device_name), "%s",
		 props.properties.deviceName);
	r->import_alignment = host.minImportedHostPointerAlignment;
	r->max_storage_range = props.properties.limits.maxStorageBufferRange;
	r->storage_offset_alignment =
		props.properties.limits.minStorageBufferOffsetAlignment;
	vkGetPhysicalDeviceMemoryProperties(r->physical, &r->memory_properties);
	tack_info("vulkan: using %s (%s); host-pointer import: %s",
		  r->device_name,
		  device_type_name(props.properties.deviceType),
		  r->host_import ? "yes" : "no, every buffer is copied");
	if (r->host_import)
		tack_info("vulkan: imports align to %llu bytes, storage buffers reach %llu bytes",
			  (unsigned long long)r->import_alignment,
			  (unsigned long long)r->max_storage_range);
}

/*
 * dma-bufs, where the device has them: scanout targets are exported to
 * the display, and through udmabuf sealed memfd pools come in (radv's
 * host-pointer import refuses file pages). Nothing here has them (lavapipe
 * does not), so these routes are untested.
 */
static void enable_dmabuf(struct vk_renderer *r, const char **exts,
			  uint32_t *n)
{
	if (!device_has_extension(r->physical,
				  VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME) ||
	    !device_has_extension(r->physical,
				  VK_EXT_EXTERNAL_MEMORY_DMA_BUF_EXTENSION_NAME))
		return;
	r->dmabuf = true;
	exts[(*n)++] = VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME;
	exts[(*n)++] = VK_EXT_EXTERNAL_MEMORY_DMA_BUF_EXTENSION_NAME;
	tack_info("vulkan: the device exports and imports dma-bufs");
	r->udmabuf_fd = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (r->udmabuf_fd >= 0)
		tack_info("vulkan: sealed memfd pools import through /dev/udmabuf");
}

static int create_device(struct vk_renderer *r)
{
	const char *exts[3];
	uint32_t n_exts = 0;
	float priority = 1.0f;
	VkDeviceQueueCreateInfo queue = {
		.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
		.queueCount = 1,
		.pQueuePriorities = &priority,
	};
	VkDeviceCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
		.queueCreateInfoCount = 1,
		.pQueueCreateInfos = &queue,
	};
	VkResult res;

	compute_queue_family(r->physical, &r->queue_family);
	queue.queueFamilyIndex = r->queue_family;
	r->host_import = device_has_extension(r->physical,
		VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME);
	if (r->host_import)
		exts[n_exts++] = VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME;
	enable_dmabuf(r, exts, &n_exts);
	info.enabledExtensionCount = n_exts;
	info.ppEnabledExtensionNames = exts;
	read_limits(r);
	res = vkCreateDevice(r->physical, &info, NULL, &r->device);
	if (res != VK_SUCCESS) {
		tack_err("vulkan: cannot open %s (VkResult %d)", r->device_name,
			 res);
		return -ENODEV;
	}
	vkGetDeviceQueue(r->device, r->queue_family, 0, &r->queue);
	if (r->host_import)
		r->get_host_pointer_properties =
			(PFN_vkGetMemoryHostPointerPropertiesEXT)
			vkGetDeviceProcAddr(r->device,
				"vkGetMemoryHostPointerPropertiesEXT");
	r->host_import = r->get_host_pointer_properties != NULL;
	return 0;
}

static int create_layouts(struct vk_renderer *r)
{
	VkDescriptorSetLayoutBinding bindings[2] = {
		{ .binding = 0, .descriptorCount = 1,
		  .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
		  .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT },
		{ .binding = 1, .descriptorCount = 1,
		  .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
		  .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT },
	};
	VkDescriptorSetLayoutCreateInfo set_info = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
		.bindingCount = 2,
		.pBindings = bindings,
	};
	VkPushConstantRange range = {
		.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
		.size = sizeof(struct vk_draw_constants),
	};
	VkPipelineLayoutCreateInfo layout_info = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
		.setLayoutCount = 1,
		.pSetLayouts = &r->set_layout,
		.pushConstantRangeCount = 1,
		.pPushConstantRanges = &range,
	};

	if (vkCreateDescriptorSetLayout(r->device, &set_info, NULL,
					&r->set_layout) != VK_SUCCESS)
		return -ENOMEM;
	if (vkCreatePipelineLayout(r->device, &layout_info, NULL,
				   &r->pipeline_layout) != VK_SUCCESS)
		return -ENOMEM;
	return 0;
}

/* The shader was compiled to SPIR-V when tack was built. */
static int create_shader(struct vk_renderer *r)
{
	VkShaderModuleCreateInfo module_info = {
		.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
		.codeSize = sizeof(tack_composite_spv),
		.pCode = tack_composite_spv,
	};

	if (vkCreateShaderModule(r->device, &module_info, NULL, &r->shader) !=
	    VK_SUCCESS)
		return -ENOMEM;
	return 0;
}

static VkPipeline create_pipeline(struct vk_renderer *r,
				  const struct vk_variant *variant)
{
	static const VkSpecializationMapEntry entries[] = {
		{ 0, offsetof(struct vk_variant, bpp), sizeof(uint32_t) },
		{ 1, offsetof(struct vk_variant, shifts), sizeof(uint32_t) },
		{ 2, offsetof(struct vk_variant, bits), sizeof(uint32_t) },
		{ 3, offsetof(struct vk_variant, mode), sizeof(uint32_t) },
	};
	VkSpecializationInfo spec = {
		.mapEntryCount = 4,
		.pMapEntries = entries,
		.dataSize = sizeof(*variant),
		.pData = variant,
	};
	VkComputePipelineCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
		.stage = {
			.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
			.stage = VK_SHADER_STAGE_COMPUTE_BIT,
			.module = r->shader,
			.pName = "main",
			.pSpecializationInfo = &spec,
		},
		.layout = r->pipeline_layout,
	};
	VkPipeline pipeline;

	if (vkCreateComputePipelines(r->device, VK_NULL_HANDLE, 1, &info, NULL,
				     &pipeline) != VK_SUCCESS)
		return VK_NULL_HANDLE;
	return pipeline;
}

VkPipeline tack_vk_pipeline(struct vk_renderer *r,
			    const struct vk_variant *variant)
{
	VkPipeline pipeline;
	int i;

	for (i = 0; i < r->n_pipelines; i++)
		if (!memcmp(&r->pipelines[i].variant, variant,
			    sizeof(*variant)))
			return r->pipelines[i].pipeline;
	if (r->n_pipelines == VK_MAX_PIPELINES) {
		tack_err("vulkan: %d pipelines made already; no more",
			 VK_MAX_PIPELINES);
		return VK_NULL_HANDLE;
	}
	pipeline = create_pipeline(r, variant);
	if (!pipeline) {
		tack_err("vulkan: cannot compile the shader for a %u-bit source, mode 0x%x",
			 variant->bpp, variant->mode);
		return VK_NULL_HANDLE;
	}
	r->pipelines[r->n_pipelines].variant = *variant;
	r->pipelines[r->n_pipelines++].pipeline = pipeline;
	return pipeline;
}

static int create_submission(struct vk_renderer *r)
{
	VkCommandPoolCreateInfo pool_info = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
		.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
		.queueFamilyIndex = r->queue_family,
	};
	VkCommandBufferAllocateInfo cmd_info = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
		.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
		.commandBufferCount = 1,
	};
	VkFenceCreateInfo fence_info = {
		.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO,
	};
	VkDescriptorPoolSize size = {
		.type = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
		.descriptorCount = 2 * MAX_SETS,
	};
	VkDescriptorPoolCreateInfo desc_info = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
		.maxSets = MAX_SETS,
		.poolSizeCount = 1,
		.pPoolSizes = &size,
	};

	if (vkCreateCommandPool(r->device, &pool_info, NULL,
				&r->command_pool) != VK_SUCCESS)
		return -ENOMEM;
	cmd_info.commandPool = r->command_pool;
	if (vkAllocateCommandBuffers(r->device, &cmd_info,
				     &r->command_buffer) != VK_SUCCESS)
		return -ENOMEM;
	if (vkCreateFence(r->device, &fence_info, NULL, &r->fence) !=
	    VK_SUCCESS)
		return -ENOMEM;
	if (vkCreateDescriptorPool(r->device, &desc_info, NULL,
				   &r->descriptor_pool) != VK_SUCCESS)
		return -ENOMEM;
	r->descriptor_sets_left = MAX_SETS;
	return 0;
}

int tack_vk_device_init(struct vk_renderer *r)
{
	int ret;

	ret = create_instance(r);
	if (ret < 0)
		return ret;
	ret = choose_device(r);
	if (ret < 0)
		return ret;
	ret = create_device(r);
	if (ret < 0)
		return ret;
	ret = create_layouts(r);
	if (ret == 0)
		ret = create_shader(r);
	if (ret == 0)
		ret = create_submission(r);
	if (ret < 0)
		tack_err("vulkan: cannot set up the compositing pipeline: %s",
			 strerror(-ret));
	return ret;
}

/* Also after a partial init: every handle not made is null. */
void tack_vk_device_finish(struct vk_renderer *r)
{
	PFN_vkDestroyDebugUtilsMessengerEXT destroy_messenger;

	if (r->device) {
		vkDeviceWaitIdle(r->device);
		vkDestroyDescriptorPool(r->device, r->descriptor_pool, NULL);
		vkDestroyFence(r->device, r->fence, NULL);
		vkDestroyCommandPool(r->device, r->command_pool, NULL);
		while (r->n_pipelines > 0)
			vkDestroyPipeline(r->device,
					  r->pipelines[--r->n_pipelines].pipeline,
					  NULL);
		vkDestroyShaderModule(r->device, r->shader, NULL);
		vkDestroyPipelineLayout(r->device, r->pipeline_layout, NULL);
		vkDestroyDescriptorSetLayout(r->device, r->set_layout, NULL);
		vkDestroyDevice(r->device, NULL);
	}
	if (r->udmabuf_fd >= 0)
		close(r->udmabuf_fd);
	if (!r->instance)
		return;
	destroy_messenger = (PFN_vkDestroyDebugUtilsMessengerEXT)
		vkGetInstanceProcAddr(r->instance,
				      "vkDestroyDebugUtilsMessengerEXT");
	if (r->messenger && destroy_messenger)
		destroy_messenger(r->instance, r->messenger, NULL);
	vkDestroyInstance(r->instance, NULL);
}

static int memory_type(struct vk_renderer *r, uint32_t bits,
		       VkMemoryPropertyFlags want)
{
	uint32_t i;

	for (i = 0; i < r->memory_properties.memoryTypeCount; i++)
		if ((bits & (1u << i)) &&
		    (r->memory_properties.memoryTypes[i].propertyFlags & want) ==
			    want)
			return (int)i;
	return -1;
}

/* handle_types: where the memory comes from; 0 for the device's own */
/*
 * A storage buffer of size bytes bound to memory of a type in allowed_types
 * with the properties wanted, allocated with next (an import or an export)
 * chained; handle_types says where the memory comes from or goes (0: the
 * device's own), imported whether its size is given rather than asked.
 * -EIO: the memory was allocated (an imported fd is spent) but not bound.
 */
static int allocate_bound(struct vk_renderer *r, VkDeviceSize size,
			  bool imported,
			  VkExternalMemoryHandleTypeFlags handle_types,
			  uint32_t allowed_types, VkMemoryPropertyFlags wanted,
			  const void *next, struct vk_memory *mem)
{
	VkExternalMemoryBufferCreateInfo ext = {
		.sType = VK_STRUCTURE_TYPE_EXTERNAL_MEMORY_BUFFER_CREATE_INFO,
		.handleTypes = handle_types,
	};
	VkBufferCreateInfo buffer_info = {
		.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
		.pNext = handle_types ? &ext : NULL,
		.size = size,
		.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
			 VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
			 VK_BUFFER_USAGE_TRANSFER_DST_BIT,
		.sharingMode = VK_SHARING_MODE_EXCLUSIVE,
	};
	VkMemoryAllocateInfo info = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
		.pNext = next,
	};
	VkMemoryRequirements req;
	int type;

	memset(mem, 0, sizeof(*mem));
	mem->size = size;
	if (vkCreateBuffer(r->device, &buffer_info, NULL, &mem->buffer) !=
	    VK_SUCCESS) {
		memset(mem, 0, sizeof(*mem));
		return -ENOMEM;
	}
	vkGetBufferMemoryRequirements(r->device, mem->buffer, &req);
	type = memory_type(r, req.memoryTypeBits & allowed_types, wanted);
	if (type < 0)
		goto destroy_buffer;
	/* an import's size is the memory's, which the buffer fits */
	info.allocationSize = imported ? size : req.size;
	info.memoryTypeIndex = (uint32_t)type;
	if (vkAllocateMemory(r->device, &info, NULL, &mem->memory) !=
	    VK_SUCCESS)
		goto destroy_buffer;
	if (vkBindBufferMemory(r->device, mem->buffer, mem->memory, 0) !=
	    VK_SUCCESS) {
		tack_vk_memory_free(r, mem);
		return -EIO;
	}
	return 0;

destroy_buffer:
	vkDestroyBuffer(r->device, mem->buffer, NULL);
	memset(mem, 0, sizeof(*mem));
	return -EFAULT;
}

int tack_vk_memory_alloc(struct vk_renderer *r, VkDeviceSize size,
			 bool exportable, struct vk_memory *mem)
{
	const VkExternalMemoryHandleTypeFlags dmabuf =
		VK_EXTERNAL_MEMORY_HANDLE_TYPE_DMA_BUF_BIT_EXT;
	VkExportMemoryAllocateInfo export = {
		.sType = VK_STRUCTURE_TYPE_EXPORT_MEMORY_ALLOCATE_INFO,
		.handleTypes = dmabuf,
	};
	int ret;

	if (exportable && !r->dmabuf)
		return -EOPNOTSUPP;
	ret = allocate_bound(r, size, false, exportable ? dmabuf : 0, ~0u,
			     VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
			     VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
			     exportable ? &export : NULL, mem);
	if (ret < 0)
		return ret;
	if (vkMapMemory(r->device, mem->memory, 0, VK_WHOLE_SIZE, 0,
			&mem->data) != VK_SUCCESS) {
		tack_vk_memory_free(r, mem);
		return -ENOMEM;
	}
	return 0;
}

int tack_vk_memory_import(struct vk_renderer *r, void *data,
			  VkDeviceSize size, struct vk_memory *mem)
{
	const VkExternalMemoryHandleTypeFlagBits host =
		VK_EXTERNAL_MEMORY_HANDLE_TYPE_HOST_ALLOCATION_BIT_EXT;
	VkMemoryHostPointerPropertiesEXT props = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_HOST_POINTER_PROPERTIES_EXT,
	};
	VkImportMemoryHostPointerInfoEXT import = {
		.sType = VK_STRUCTURE_TYPE_IMPORT_MEMORY_HOST_POINTER_INFO_EXT,
		.handleType = host,
		.pHostPointer = data,
	};
	int ret;

	if (!r->host_import || (uintptr_t)data % r->import_alignment ||
	    size % r->import_alignment)
		return -EINVAL;
	if (r->get_host_pointer_properties(r->device, host, data, &props) !=
	    VK_SUCCESS)
		return -EFAULT;
	ret = allocate_bound(r, size, true, host, props.memoryTypeBits, 0,
			     &import, mem);
	if (ret == 0)
		mem->data = data;
	return ret;
}

int tack_vk_memory_export(struct vk_renderer *r, const struct vk_memory *mem)
{
	PFN_vkGetMemoryFdKHR get_fd = (PFN_vkGetMemoryFdKHR)
		vkGetDeviceProcAddr(r->device, "vkGetMemoryFdKHR");
	VkMemoryGetFdInfoKHR info = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_GET_FD_INFO_KHR,
		.memory = mem->memory,
		.handleType = VK_EXTERNAL_MEMORY_HANDLE_TYPE_DMA_BUF_BIT_EXT,
	};
	int fd = -1;

	if (!r->dmabuf || !get_fd)
		return -EOPNOTSUPP;
	if (get_fd(r->device, &info, &fd) != VK_SUCCESS)
		return -EIO;
	return fd;
}

int tack_vk_memory_import_dmabuf(struct vk_renderer *r, int fd,
				 VkDeviceSize size, struct vk_memory *mem)
{
	const VkExternalMemoryHandleTypeFlagBits dmabuf =
		VK_EXTERNAL_MEMORY_HANDLE_TYPE_DMA_BUF_BIT_EXT;
	PFN_vkGetMemoryFdPropertiesKHR get_properties =
		(PFN_vkGetMemoryFdPropertiesKHR)vkGetDeviceProcAddr(r->device,
			"vkGetMemoryFdPropertiesKHR");
	VkMemoryFdPropertiesKHR props = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_FD_PROPERTIES_KHR,
	};
	VkImportMemoryFdInfoKHR import = {
		.sType = VK_STRUCTURE_TYPE_IMPORT_MEMORY_FD_INFO_KHR,
		.handleType = dmabuf,
		.fd = fd,
	};
	int ret = -EFAULT;

	if (get_properties &&
	    get_properties(r->device, dmabuf, fd, &props) == VK_SUCCESS)
		ret = allocate_bound(r, size, true, dmabuf,
				     props.memoryTypeBits, 0, &import, mem);
	/* a successful allocation took the fd, even one not bound after */
	if (ret < 0 && ret != -EIO)
		close(fd);
	return ret;
}

void tack_vk_memory_free(struct vk_renderer *r, struct vk_memory *mem)
{
	if (!mem->buffer)
		return;
	vkDestroyBuffer(r->device, mem->buffer, NULL);
	vkFreeMemory(r->device, mem->memory, NULL);
	memset(mem, 0, sizeof(*mem));
}

VkDescriptorSet tack_vk_descriptor_set(struct vk_renderer *r,
				       const struct vk_memory *src,
				       VkDeviceSize src_offset,
				       VkDeviceSize src_range,
				       const struct vk_memory *dst)
{
	VkDescriptorSetAllocateInfo info = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
		.descriptorPool = r->descriptor_pool,
		.descriptorSetCount = 1,
		.pSetLayouts = &r->set_layout,
	};
	VkDescriptorBufferInfo buffers[2] = {
		{ src->buffer, src_offset, src_range },
		{ dst->buffer, 0, dst->size },
	};
	VkWriteDescriptorSet writes[2];
	VkDescriptorSet set;
	int i;

	if (!r->descriptor_sets_left ||
	    vkAllocateDescriptorSets(r->device, &info, &set) != VK_SUCCESS)
		return VK_NULL_HANDLE;
	r->descriptor_sets_left--;
	for (i = 0; i < 2; i++)
		writes[i] = (VkWriteDescriptorSet){
			.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
			.dstSet = set,
			.dstBinding = (uint32_t)i,
			.descriptorCount = 1,
			.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
			.pBufferInfo = &buffers[i],
		};
	vkUpdateDescriptorSets(r->device, 2, writes, 0, NULL);
	return set;
}

void tack_vk_descriptors_reset(struct vk_renderer *r)
{
	vkResetDescriptorPool(r->device, r->descriptor_pool, 0);
	r->descriptor_sets_left = MAX_SETS;
}
