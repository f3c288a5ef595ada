/*
 * The DRM/KMS backend: a session's display device, one output per connected
 * connector at its preferred mode, atomic commits driven by page flips, and
 * clients' wl_shm buffers scanned out from their own pages where it can.
 */
#ifndef TACK_DRM_BACKEND_H
#define TACK_DRM_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

struct tack_backend_env;
struct tack_session;

/* What a frame lasts when the mode asked for gives no refresh rate. */
#define TACK_DRM_DEFAULT_REFRESH_MHZ 60000

struct tack_drm_options {
	const char *device;		/* NULL: the seat's primary card (udev) */
	bool no_zero_copy;		/* composite everything (for comparison) */
	/* UNSYNCHRONIZED userptr objects where notifiers are missing (root) */
	bool allow_unsynchronized;
	/* 0: each connector's preferred mode; else this one (made up with
	 * reduced blanking when the connector does not list it) */
	int32_t mode_width, mode_height, mode_refresh_mhz;
};

struct tack_backend *tack_drm_backend_create(
	const struct tack_backend_env *env, struct tack_session *session,
	const struct tack_drm_options *options);

#endif
