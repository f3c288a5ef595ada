/*
 * The Vulkan renderer: the GPU composites, sampling clients' pools where
 * they lie (VK_EXT_external_memory_host) and copying only what it cannot.
 */
#ifndef TACK_VULKAN_RENDERER_H
#define TACK_VULKAN_RENDERER_H

#include <stdbool.h>
#include <stddef.h>

struct tack_pin_budget;
struct tack_renderer;

struct tack_vulkan_options {
	/* a device's index or part of its name; NULL: tack chooses */
	const char *device;
	/*
	 * Take a CPU device (lavapipe) or one without host-pointer import
	 * when no better one is there; auto does not.
	 */
	bool any_device;
	/* copy every buffer, for comparison */
	bool no_zero_copy;
	/* the pinned memory each client may have, shared with KMS */
	struct tack_pin_budget *budget;
};

/* NULL, with a log line, when no device suits the options. */
struct tack_renderer *tack_vulkan_renderer_create(
	const struct tack_vulkan_options *options);

#endif
