/* KMS properties, looked up once per object by name. */
#include <errno.h>
#include <string.h>
#include <xf86drm.h>
#include "backend/drm/props.h"

static const char *const plane_prop_names[PLANE_PROP_COUNT] = {
	[PLANE_TYPE] = "type",
	[PLANE_FB_ID] = "FB_ID",
	[PLANE_CRTC_ID] = "CRTC_ID",
	[PLANE_SRC_X] = "SRC_X",
	[PLANE_SRC_Y] = "SRC_Y",
	[PLANE_SRC_W] = "SRC_W",
	[PLANE_SRC_H] = "SRC_H",
	[PLANE_CRTC_X] = "CRTC_X",
	[PLANE_CRTC_Y] = "CRTC_Y",
	[PLANE_CRTC_W] = "CRTC_W",
	[PLANE_CRTC_H] = "CRTC_H",
	[PLANE_ZPOS] = "zpos",
};

static const char *const crtc_prop_names[CRTC_PROP_COUNT] = {
	[CRTC_MODE_ID] = "MODE_ID",
	[CRTC_ACTIVE] = "ACTIVE",
};

static const char *const connector_prop_names[CONNECTOR_PROP_COUNT] = {
	[CONNECTOR_CRTC_ID] = "CRTC_ID",
	[CONNECTOR_WRITEBACK_FB_ID] = "WRITEBACK_FB_ID",
	[CONNECTOR_WRITEBACK_OUT_FENCE_PTR] = "WRITEBACK_OUT_FENCE_PTR",
	[CONNECTOR_WRITEBACK_PIXEL_FORMATS] = "WRITEBACK_PIXEL_FORMATS",
};

int tack_drm_props_get(int fd, uint32_t obj_id, uint32_t obj_type,
		       const char *const *names, size_t n, uint32_t *ids,
		       uint64_t *values)
{
	drmModeObjectPropertiesPtr props;
	uint32_t i;
	size_t k;

	memset(ids, 0, n * sizeof(*ids));
	props = drmModeObjectGetProperties(fd, obj_id, obj_type);
	if (!props)
		return -errno;
	for (i = 0; i < props->count_props; i++) {
		drmModePropertyPtr prop = drmModeGetProperty(fd,
							     props->props[i]);

		if (!prop)
			continue;
		for (k = 0; k < n; k++) {
			if (strcmp(prop->name, names[k]) != 0)
				continue;
			ids[k] = prop->prop_id;
			if (values)
				values[k] = props->prop_values[i];
		}
		drmModeFreeProperty(prop);
	}
	drmModeFreeObjectProperties(props);
	return 0;
}

int tack_drm_plane_props_get(int fd, uint32_t plane_id,
			     uint32_t ids[PLANE_PROP_COUNT],
			     uint64_t values[PLANE_PROP_COUNT])
{
	return tack_drm_props_get(fd, plane_id, DRM_MODE_OBJECT_PLANE,
				  plane_prop_names, PLANE_PROP_COUNT, ids,
				  values);
}

int tack_drm_crtc_props_get(int fd, uint32_t crtc_id,
			    uint32_t ids[CRTC_PROP_COUNT])
{
	return tack_drm_props_get(fd, crtc_id, DRM_MODE_OBJECT_CRTC,
				  crtc_prop_names, CRTC_PROP_COUNT, ids, NULL);
}

int tack_drm_connector_props_get(int fd, uint32_t connector_id,
				 uint32_t ids[CONNECTOR_PROP_COUNT],
				 uint64_t values[CONNECTOR_PROP_COUNT])
{
	return tack_drm_props_get(fd, connector_id, DRM_MODE_OBJECT_CONNECTOR,
				  connector_prop_names, CONNECTOR_PROP_COUNT,
				  ids, values);
}

int tack_drm_atomic_add(drmModeAtomicReq *req, uint32_t obj_id,
			uint32_t prop_id, uint64_t value)
{
	if (!prop_id)
		return -EINVAL;
	return drmModeAtomicAddProperty(req, obj_id, prop_id, value) < 0 ?
		       -ENOMEM : 0;
}
