#include "kms_util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>

#include "drm/vkms_drm.h"

static int find_planes(struct kms *k)
{
	drmModePlaneResPtr res = drmModeGetPlaneResources(k->fd);
	uint32_t i;

	if (!res)
		return -errno;
	for (i = 0; i < res->count_planes; i++) {
		drmModeObjectPropertiesPtr props;
		uint32_t j;

		props = drmModeObjectGetProperties(k->fd, res->planes[i],
						   DRM_MODE_OBJECT_PLANE);
		if (!props)
			continue;
		for (j = 0; j < props->count_props; j++) {
			drmModePropertyPtr p = drmModeGetProperty(k->fd,
							props->props[j]);

			if (!p)
				continue;
			if (!strcmp(p->name, "type")) {
				uint64_t t = props->prop_values[j];

				if (t == DRM_PLANE_TYPE_PRIMARY)
					k->primary_id = res->planes[i];
				else if (t == DRM_PLANE_TYPE_OVERLAY)
					k->overlay_id = res->planes[i];
				else if (t == DRM_PLANE_TYPE_CURSOR)
					k->cursor_id = res->planes[i];
			}
			drmModeFreeProperty(p);
		}
		drmModeFreeObjectProperties(props);
	}
	drmModeFreePlaneResources(res);
	return k->primary_id ? 0 : -ENOENT;
}

/*
 * A 60 Hz mode with reduced blanking, for sizes the connector does not
 * list (3840x2160 is not among the modes vkms offers without EDID, but it
 * accepts any mode up to 8192x8192).
 */
static void make_mode(drmModeModeInfo *mode, unsigned int w, unsigned int h)
{
	memset(mode, 0, sizeof(*mode));
	mode->hdisplay = w;
	mode->hsync_start = w + 48;
	mode->hsync_end = w + 80;
	mode->htotal = w + 160;
	mode->vdisplay = h;
	mode->vsync_start = h + 3;
	mode->vsync_end = h + 8;
	mode->vtotal = h + 40;
	mode->vrefresh = 60;
	mode->clock = mode->htotal * mode->vtotal * 60 / 1000;
	mode->flags = DRM_MODE_FLAG_PHSYNC | DRM_MODE_FLAG_NVSYNC;
	snprintf(mode->name, sizeof(mode->name), "%ux%u", w, h);
}

int kms_open(struct kms *k, unsigned int width, unsigned int height)
{
	drmModeResPtr res;
	int i, ret = -ENOENT;

	memset(k, 0, sizeof(*k));
	k->fd = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
	if (k->fd < 0)
		return -errno;
	if (drmSetClientCap(k->fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1) ||
	    drmSetClientCap(k->fd, DRM_CLIENT_CAP_ATOMIC, 1) ||
	    drmSetClientCap(k->fd, DRM_CLIENT_CAP_WRITEBACK_CONNECTORS, 1)) {
		ret = -errno;
		goto close_fd;
	}
	res = drmModeGetResources(k->fd);
	if (!res) {
		ret = -errno;
		goto close_fd;
	}
	if (res->count_crtcs < 1)
		goto free_res;
	k->crtc_id = res->crtcs[0];
	for (i = 0; i < res->count_connectors; i++) {
		drmModeConnectorPtr c = drmModeGetConnector(k->fd,
							    res->connectors[i]);
		int m;

		if (!c)
			continue;
		if (c->connector_type == DRM_MODE_CONNECTOR_WRITEBACK) {
			k->wb_conn_id = c->connector_id;
		} else if (!k->conn_id) {
			k->conn_id = c->connector_id;
			make_mode(&k->mode, width, height);
			for (m = 0; m < c->count_modes; m++) {
				if (c->modes[m].hdisplay == width &&
				    c->modes[m].vdisplay == height) {
					k->mode = c->modes[m];
					break;
				}
			}
		}
		drmModeFreeConnector(c);
	}
	if (!k->conn_id)
		goto free_res;
	ret = find_planes(k);
	if (ret)
		goto free_res;
	if (drmModeCreatePropertyBlob(k->fd, &k->mode, sizeof(k->mode),
				      &k->mode_blob)) {
		ret = -errno;
		goto free_res;
	}
	drmModeFreeResources(res);
	return 0;

free_res:
	drmModeFreeResources(res);
close_fd:
	close(k->fd);
	k->fd = -1;
	return ret;
}

void kms_close(struct kms *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

static int prop_id(int fd, uint32_t obj_id, uint32_t obj_type,
		   const char *name, uint32_t *id)
{
	drmModeObjectPropertiesPtr props;
	uint32_t j;
	int ret = -ENOENT;

	props = drmModeObjectGetProperties(fd, obj_id, obj_type);
	if (!props)
		return -errno;
	for (j = 0; j < props->count_props && ret; j++) {
		drmModePropertyPtr p = drmModeGetProperty(fd, props->props[j]);

		if (!p)
			continue;
		if (!strcmp(p->name, name)) {
			*id = p->prop_id;
			ret = 0;
		}
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	return ret;
}

int kms_add(struct kms *k, drmModeAtomicReq *req, uint32_t obj_id,
	    uint32_t obj_type, const char *name, uint64_t value)
{
	uint32_t id = 0;
	int ret = prop_id(k->fd, obj_id, obj_type, name, &id);

	if (ret)
		return ret;
	return drmModeAtomicAddProperty(req, obj_id, id, value) < 0 ? -ENOMEM : 0;
}

int kms_add_modeset(struct kms *k, drmModeAtomicReq *req)
{
	int ret;

	ret = kms_add(k, req, k->crtc_id, DRM_MODE_OBJECT_CRTC, "MODE_ID",
		      k->mode_blob);
	if (!ret)
		ret = kms_add(k, req, k->crtc_id, DRM_MODE_OBJECT_CRTC,
			      "ACTIVE", 1);
	if (!ret)
		ret = kms_add(k, req, k->conn_id, DRM_MODE_OBJECT_CONNECTOR,
			      "CRTC_ID", k->crtc_id);
	return ret;
}

int kms_add_plane(struct kms *k, drmModeAtomicReq *req, uint32_t plane_id,
		  uint32_t fb_id, int x, int y, uint32_t w, uint32_t h)
{
	const uint32_t t = DRM_MODE_OBJECT_PLANE;
	int ret;

	ret = kms_add(k, req, plane_id, t, "FB_ID", fb_id);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "CRTC_ID",
			      fb_id ? k->crtc_id : 0);
	if (ret || !fb_id)
		return ret;
	ret = kms_add(k, req, plane_id, t, "SRC_X", 0);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "SRC_Y", 0);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "SRC_W", (uint64_t)w << 16);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "SRC_H", (uint64_t)h << 16);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "CRTC_X", (uint64_t)x);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "CRTC_Y", (uint64_t)y);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "CRTC_W", w);
	if (!ret)
		ret = kms_add(k, req, plane_id, t, "CRTC_H", h);
	return ret;
}

int kms_add_writeback(struct kms *k, drmModeAtomicReq *req, uint32_t fb_id,
		      int32_t *fence)
{
	const uint32_t t = DRM_MODE_OBJECT_CONNECTOR;
	int ret;

	*fence = -1;
	ret = kms_add(k, req, k->wb_conn_id, t, "CRTC_ID", k->crtc_id);
	if (!ret)
		ret = kms_add(k, req, k->wb_conn_id, t, "WRITEBACK_FB_ID", fb_id);
	if (!ret)
		ret = kms_add(k, req, k->wb_conn_id, t,
			      "WRITEBACK_OUT_FENCE_PTR", (uintptr_t)fence);
	return ret;
}

int kms_commit(struct kms *k, drmModeAtomicReq *req, uint32_t flags)
{
	if (drmModeAtomicCommit(k->fd, req,
				flags | DRM_MODE_ATOMIC_ALLOW_MODESET, NULL))
		return -errno;
	return 0;
}

int kms_wait_fence(int fence, int timeout_ms)
{
	struct pollfd p = { .fd = fence, .events = POLLIN };
	int ret = poll(&p, 1, timeout_ms);

	if (ret < 0)
		return -errno;
	return ret == 1 ? 0 : -ETIMEDOUT;
}

int kms_show(struct kms *k, uint32_t fb_id)
{
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	int ret;

	if (!req)
		return -ENOMEM;
	ret = kms_add_modeset(k, req);
	if (!ret)
		ret = kms_add_plane(k, req, k->primary_id, fb_id, 0, 0,
				    k->mode.hdisplay, k->mode.vdisplay);
	if (!ret)
		ret = kms_commit(k, req, 0);
	drmModeAtomicFree(req);
	return ret;
}

int kms_writeback(struct kms *k, uint32_t wb_fb)
{
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	int32_t fence = -1;
	int ret;

	if (!req)
		return -ENOMEM;
	ret = kms_add_writeback(k, req, wb_fb, &fence);
	if (!ret)
		ret = kms_commit(k, req, 0);
	if (!ret)
		ret = kms_wait_fence(fence, 10000);
	if (fence >= 0)
		close(fence);
	drmModeAtomicFree(req);
	return ret;
}

int userptr_create(int fd, void *ptr, uint64_t size, uint32_t flags,
		   uint32_t *handle)
{
	struct drm_vkms_gem_userptr arg = {
		.user_ptr = (uintptr_t)ptr,
		.user_size = size,
		.flags = flags,
	};

	if (drmIoctl(fd, DRM_IOCTL_VKMS_GEM_USERPTR, &arg))
		return -errno;
	*handle = arg.handle;
	return 0;
}

int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close arg = { .handle = handle };

	return drmIoctl(fd, DRM_IOCTL_GEM_CLOSE, &arg) ? -errno : 0;
}

int fb_add(int fd, uint32_t handle, uint32_t w, uint32_t h, uint32_t pitch,
	   uint32_t offset, uint32_t format, uint32_t *fb_id)
{
	uint32_t handles[4] = { handle }, pitches[4] = { pitch };
	uint32_t offsets[4] = { offset };

	if (drmModeAddFB2(fd, w, h, format, handles, pitches, offsets, fb_id, 0))
		return -errno;
	return 0;
}

int dumb_create(int fd, uint32_t w, uint32_t h, uint32_t *handle,
		uint32_t *pitch, uint64_t *size, void **map)
{
	struct drm_mode_create_dumb c = { .width = w, .height = h, .bpp = 32 };
	struct drm_mode_map_dumb m = { 0 };
	void *p;
	int err;

	if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return -errno;
	m.handle = c.handle;
	if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m)) {
		err = -errno;
		goto close_handle;
	}
	p = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m.offset);
	if (p == MAP_FAILED) {
		err = -errno;
		goto close_handle;
	}
	*handle = c.handle;
	*pitch = c.pitch;
	*size = c.size;
	*map = p;
	return 0;

close_handle:
	gem_close(fd, c.handle);
	return err;
}

long debugfs_counter(const char *name)
{
	FILE *f = fopen("/sys/kernel/debug/dri/0/vkms_userptr", "r");
	char line[256];
	size_t n = strlen(name);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}
