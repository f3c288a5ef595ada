/* Small atomic KMS helpers for the vkms userptr tests. */
#ifndef TACK_TESTS_KERNEL_KMS_UTIL_H
#define TACK_TESTS_KERNEL_KMS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xf86drmMode.h>

struct kms {
	int fd;
	uint32_t crtc_id;
	uint32_t conn_id;
	uint32_t wb_conn_id;
	uint32_t primary_id;
	uint32_t overlay_id;
	uint32_t cursor_id;
	drmModeModeInfo mode;
	uint32_t mode_blob;
};

/*
 * Opens the vkms card with a mode of width x height: the connector's own,
 * or one made up with 60 Hz timings. Returns -errno.
 */
int kms_open(struct kms *k, unsigned int width, unsigned int height);
void kms_close(struct kms *k);

int kms_add(struct kms *k, drmModeAtomicReq *req, uint32_t obj_id,
	    uint32_t obj_type, const char *name, uint64_t value);
/* CRTC on with the mode, the virtual connector on it. */
int kms_add_modeset(struct kms *k, drmModeAtomicReq *req);
/* fb_id 0 turns the plane off. */
int kms_add_plane(struct kms *k, drmModeAtomicReq *req, uint32_t plane_id,
		  uint32_t fb_id, int x, int y, uint32_t w, uint32_t h);
int kms_add_writeback(struct kms *k, drmModeAtomicReq *req, uint32_t fb_id,
		      int32_t *fence);
/* Blocking commit allowing modesets; returns 0 or -errno. */
int kms_commit(struct kms *k, drmModeAtomicReq *req, uint32_t flags);
int kms_wait_fence(int fence, int timeout_ms);
/* The primary plane showing fb, full screen; returns 0 or -errno. */
int kms_show(struct kms *k, uint32_t fb_id);
/* Writes the composed frame into wb_fb; returns 0 or -errno. */
int kms_writeback(struct kms *k, uint32_t wb_fb);

/* Userptr helpers: return 0 or -errno. */
int userptr_create(int fd, void *ptr, uint64_t size, uint32_t flags,
		   uint32_t *handle);
int gem_close(int fd, uint32_t handle);
int fb_add(int fd, uint32_t handle, uint32_t w, uint32_t h, uint32_t pitch,
	   uint32_t offset, uint32_t format, uint32_t *fb_id);
int dumb_create(int fd, uint32_t w, uint32_t h, uint32_t *handle,
		uint32_t *pitch, uint64_t *size, void **map);

/* Reads a named counter from the vkms_userptr debugfs file, or -1. */
long debugfs_counter(const char *name);

#endif
