/*
 * VK_LAYER_TACK_test: a Vulkan layer for tack's tests, which makes the
 * driver refuse what lavapipe never refuses. Environment:
 *   TACK_TEST_HIDE_HOST_IMPORT=1   devices do not list
 *                                  VK_EXT_external_memory_host
 *   TACK_TEST_LOSE_DEVICE_AFTER=N  queue submissions after the Nth fail
 *                                  with VK_ERROR_DEVICE_LOST
 *   TACK_TEST_REFUSE_HOST_IMPORT=1 allocations importing a host pointer
 *                                  fail, as radv's do for file pages
 *   TACK_TEST_BLOCK_SIGBUS=1       the device starts a worker thread with
 *                                  SIGBUS blocked, as Mesa's would be
 *                                  without tack's pthread_sigmask
 * One instance and one device at a time, as tack makes them.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <vulkan/vk_layer.h>

#define EXPORT __attribute__((visibility("default")))

static PFN_vkGetInstanceProcAddr next_instance_proc;
static PFN_vkGetDeviceProcAddr next_device_proc;
static PFN_vkEnumerateDeviceExtensionProperties next_enumerate;
static PFN_vkQueueSubmit next_submit;
static PFN_vkAllocateMemory next_allocate;
static long submits;

static bool env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_CreateInstance(
	const VkInstanceCreateInfo *info, const VkAllocationCallbacks *alloc,
	VkInstance *instance)
{
	VkLayerInstanceCreateInfo *link = (VkLayerInstanceCreateInfo *)info->pNext;
	PFN_vkCreateInstance create;
	VkResult res;

	while (link && !(link->sType == VK_STRUCTURE_TYPE_LOADER_INSTANCE_CREATE_INFO &&
			 link->function == VK_LAYER_LINK_INFO))
		link = (VkLayerInstanceCreateInfo *)link->pNext;
	if (!link)
		return VK_ERROR_INITIALIZATION_FAILED;
	next_instance_proc = link->u.pLayerInfo->pfnNextGetInstanceProcAddr;
	link->u.pLayerInfo = link->u.pLayerInfo->pNext;
	create = (PFN_vkCreateInstance)next_instance_proc(NULL,
							  "vkCreateInstance");
	res = create(info, alloc, instance);
	if (res == VK_SUCCESS)
		next_enumerate = (PFN_vkEnumerateDeviceExtensionProperties)
			next_instance_proc(*instance,
				"vkEnumerateDeviceExtensionProperties");
	return res;
}

static bool hidden(const VkExtensionProperties *e)
{
	return env_flag("TACK_TEST_HIDE_HOST_IMPORT") &&
	       !strcmp(e->extensionName,
		       VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME);
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_EnumerateDeviceExtensionProperties(
	VkPhysicalDevice dev, const char *layer, uint32_t *count,
	VkExtensionProperties *props)
{
	VkExtensionProperties *all;
	uint32_t n = 0, i, kept = 0;
	VkResult res;

	if (layer) {
		*count = 0;
		return VK_SUCCESS;
	}
	res = next_enumerate(dev, NULL, &n, NULL);
	if (res != VK_SUCCESS)
		return res;
	all = calloc(n ? n : 1, sizeof(*all));
	if (!all)
		return VK_ERROR_OUT_OF_HOST_MEMORY;
	res = next_enumerate(dev, NULL, &n, all);
	for (i = 0; res == VK_SUCCESS && i < n; i++) {
		if (hidden(&all[i]))
			continue;
		if (props && kept < *count)
			props[kept] = all[i];
		kept++;
	}
	free(all);
	if (res != VK_SUCCESS)
		return res;
	if (props && kept > *count)
		return VK_INCOMPLETE;
	*count = kept;
	return VK_SUCCESS;
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_QueueSubmit(
	VkQueue queue, uint32_t n, const VkSubmitInfo *submits_info,
	VkFence fence)
{
	const char *after = getenv("TACK_TEST_LOSE_DEVICE_AFTER");

	if (after && ++submits > atol(after))
		return VK_ERROR_DEVICE_LOST;
	return next_submit(queue, n, submits_info, fence);
}

static bool imports_host_pointer(const VkMemoryAllocateInfo *info)
{
	const VkBaseInStructure *s = info->pNext;

	for (; s; s = s->pNext)
		if (s->sType ==
		    VK_STRUCTURE_TYPE_IMPORT_MEMORY_HOST_POINTER_INFO_EXT)
			return true;
	return false;
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_AllocateMemory(
	VkDevice dev, const VkMemoryAllocateInfo *info,
	const VkAllocationCallbacks *alloc, VkDeviceMemory *memory)
{
	if (env_flag("TACK_TEST_REFUSE_HOST_IMPORT") &&
	    imports_host_pointer(info))
		return VK_ERROR_INVALID_EXTERNAL_HANDLE;
	return next_allocate(dev, info, alloc, memory);
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL layer_GetDeviceProcAddr(
	VkDevice dev, const char *name)
{
	if (!strcmp(name, "vkGetDeviceProcAddr"))
		return (PFN_vkVoidFunction)layer_GetDeviceProcAddr;
	if (!strcmp(name, "vkQueueSubmit"))
		return (PFN_vkVoidFunction)layer_QueueSubmit;
	if (!strcmp(name, "vkAllocateMemory"))
		return (PFN_vkVoidFunction)layer_AllocateMemory;
	return next_device_proc(dev, name);
}

/* Blocks SIGBUS past any pthread_sigmask of the program's, then idles. */
static void *sigbus_blocking_worker(void *data)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGBUS);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, sizeof(long));
	for (;;)
		pause();
	return NULL;
}

static void start_sigbus_blocking_worker(void)
{
	pthread_t thread;

	if (env_flag("TACK_TEST_BLOCK_SIGBUS") &&
	    pthread_create(&thread, NULL, sigbus_blocking_worker, NULL) == 0)
		pthread_detach(thread);
}

static VKAPI_ATTR VkResult VKAPI_CALL layer_CreateDevice(
	VkPhysicalDevice physical, const VkDeviceCreateInfo *info,
	const VkAllocationCallbacks *alloc, VkDevice *dev)
{
	VkLayerDeviceCreateInfo *link = (VkLayerDeviceCreateInfo *)info->pNext;
	PFN_vkCreateDevice create;
	VkResult res;

	while (link && !(link->sType == VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO &&
			 link->function == VK_LAYER_LINK_INFO))
		link = (VkLayerDeviceCreateInfo *)link->pNext;
	if (!link)
		return VK_ERROR_INITIALIZATION_FAILED;
	next_device_proc = link->u.pLayerInfo->pfnNextGetDeviceProcAddr;
	create = (PFN_vkCreateDevice)link->u.pLayerInfo->pfnNextGetInstanceProcAddr(
		NULL, "vkCreateDevice");
	link->u.pLayerInfo = link->u.pLayerInfo->pNext;
	res = create(physical, info, alloc, dev);
	if (res != VK_SUCCESS)
		return res;
	next_submit = (PFN_vkQueueSubmit)next_device_proc(*dev,
							  "vkQueueSubmit");
	next_allocate = (PFN_vkAllocateMemory)next_device_proc(*dev,
							"vkAllocateMemory");
	start_sigbus_blocking_worker();
	return res;
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL layer_GetInstanceProcAddr(
	VkInstance instance, const char *name)
{
	static const struct {
		const char *name;
		PFN_vkVoidFunction fn;
	} ours[] = {
		{ "vkGetInstanceProcAddr", (PFN_vkVoidFunction)layer_GetInstanceProcAddr },
		{ "vkCreateInstance", (PFN_vkVoidFunction)layer_CreateInstance },
		{ "vkEnumerateDeviceExtensionProperties",
		  (PFN_vkVoidFunction)layer_EnumerateDeviceExtensionProperties },
		{ "vkCreateDevice", (PFN_vkVoidFunction)layer_CreateDevice },
		{ "vkGetDeviceProcAddr", (PFN_vkVoidFunction)layer_GetDeviceProcAddr },
	};
	size_t i;

	for (i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		if (!strcmp(name, ours[i].name))
			return ours[i].fn;
	return next_instance_proc ? next_instance_proc(instance, name) : NULL;
}

EXPORT VKAPI_ATTR VkResult VKAPI_CALL vkNegotiateLoaderLayerInterfaceVersion(
	VkNegotiateLayerInterface *iface)
{
	if (iface->loaderLayerInterfaceVersion < 2)
		return VK_ERROR_INITIALIZATION_FAILED;
	iface->loaderLayerInterfaceVersion = 2;
	iface->pfnGetInstanceProcAddr = layer_GetInstanceProcAddr;
	iface->pfnGetDeviceProcAddr = layer_GetDeviceProcAddr;
	iface->pfnGetPhysicalDeviceProcAddr = NULL;
	return VK_SUCCESS;
}
