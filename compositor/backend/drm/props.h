/* KMS property ids by name, and adding them to atomic requests. */
#ifndef TACK_DRM_PROPS_H
#define TACK_DRM_PROPS_H

#include <stddef.h>
#include <stdint.h>
#include <xf86drmMode.h>

enum drm_plane_prop {
	PLANE_TYPE,
	PLANE_FB_ID,
	PLANE_CRTC_ID,
	PLANE_SRC_X,
	PLANE_SRC_Y,
	PLANE_SRC_W,
	PLANE_SRC_H,
	PLANE_CRTC_X,
	PLANE_CRTC_Y,
	PLANE_CRTC_W,
	PLANE_CRTC_H,
	PLANE_ZPOS,
	PLANE_PROP_COUNT,
};

enum drm_crtc_prop {
	CRTC_MODE_ID,
	CRTC_ACTIVE,
	CRTC_PROP_COUNT,
};

enum drm_connector_prop {
	CONNECTOR_CRTC_ID,
	CONNECTOR_WRITEBACK_FB_ID,
	CONNECTOR_WRITEBACK_OUT_FENCE_PTR,
	CONNECTOR_WRITEBACK_PIXEL_FORMATS,
	CONNECTOR_PROP_COUNT,
};

/*
 * Fills ids (and values, when not NULL) for the object's properties named
 * in names, n of them; a property the object lacks gets id 0. Negative
 * errno when the object's properties cannot be read.
 */
int tack_drm_props_get(int fd, uint32_t obj_id, uint32_t obj_type,
		       const char *const *names, size_t n, uint32_t *ids,
		       uint64_t *values);
int tack_drm_plane_props_get(int fd, uint32_t plane_id,
			     uint32_t ids[PLANE_PROP_COUNT],
			     uint64_t values[PLANE_PROP_COUNT]);
int tack_drm_crtc_props_get(int fd, uint32_t crtc_id,
			    uint32_t ids[CRTC_PROP_COUNT]);
int tack_drm_connector_props_get(int fd, uint32_t connector_id,
				 uint32_t ids[CONNECTOR_PROP_COUNT],
				 uint64_t values[CONNECTOR_PROP_COUNT]);

/* drmModeAtomicAddProperty that fails (-EINVAL) for a missing property. */
int tack_drm_atomic_add(drmModeAtomicReq *req, uint32_t obj_id,
			uint32_t prop_id, uint64_t value);

#endif
