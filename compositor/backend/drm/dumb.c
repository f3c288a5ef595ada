/*
 * Dumb buffers: composites, writeback targets and tack's own cursor; and,
 * for composites, the renderer's exported memory where it has some.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include "backend/drm/internal.h"
#include "render/renderer.h"
#include "util/log.h"

int tack_drm_dumb_create(int fd, int32_t width, int32_t height, bool alpha,
			 struct drm_dumb *dumb)
{
	struct drm_mode_create_dumb create = {
		.width = width, .height = height, .bpp = 32,
	};
	struct drm_mode_map_dumb map = { 0 };
	struct drm_mode_destroy_dumb destroy = { 0 };
	uint32_t handles[4] = { 0 }, pitches[4] = { 0 }, offsets[4] = { 0 };
	void *data;
	int ret;

	memset(dumb, 0, sizeof(*dumb));
	if (drmIoctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &create) < 0)
		return -errno;
	handles[0] = create.handle;
	pitches[0] = create.pitch;
	if (drmModeAddFB2(fd, width, height,
			  alpha ? DRM_FORMAT_ARGB8888 : DRM_FORMAT_XRGB8888,
			  handles, pitches, offsets, &dumb->fb_id, 0) < 0) {
		ret = -errno;
		goto destroy_buffer;
	}
	map.handle = create.handle;
	if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map) < 0) {
		ret = -errno;
		goto remove_fb;
	}
	data = mmap(NULL, create.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    map.offset);
	if (data == MAP_FAILED) {
		ret = -errno;
		goto remove_fb;
	}
	dumb->map = data;
	dumb->handle = create.handle;
	dumb->pitch = create.pitch;
	dumb->size = create.size;
	dumb->width = width;
	dumb->height = height;
	dumb->alpha = alpha;
	return 0;

remove_fb:
	drmModeRmFB(fd, dumb->fb_id);
destroy_buffer:
	destroy.handle = create.handle;
	drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy);
	memset(dumb, 0, sizeof(*dumb));
	return ret;
}

int tack_drm_dumb_attach_target(struct drm_dumb *dumb,
				struct tack_renderer *renderer)
{
	struct tack_render_target_desc desc = {
		.width = dumb->width,
		.height = dumb->height,
		.format = dumb->alpha ? DRM_FORMAT_ARGB8888 :
					DRM_FORMAT_XRGB8888,
		.data = dumb->map,
		.stride = (int32_t)dumb->pitch,
	};

	dumb->target = tack_renderer_create_target(renderer, &desc);
	return dumb->target ? 0 : -ENOMEM;
}

int tack_drm_exported_create(int fd, struct tack_renderer *renderer,
			     int32_t width, int32_t height,
			     struct drm_dumb *dumb)
{
	struct tack_render_target_desc desc = {
		.width = width, .height = height,
		.format = DRM_FORMAT_XRGB8888, .scanout = true,
	};
	uint32_t handles[4] = { 0 }, pitches[4] = { 0 }, offsets[4] = { 0 };
	uint64_t modifiers[4] = { 0 };
	struct tack_render_dmabuf dmabuf;
	int ret;

	memset(dumb, 0, sizeof(*dumb));
	dumb->target = tack_renderer_create_target(renderer, &desc);
	if (!dumb->target)
		return -EOPNOTSUPP;
	ret = tack_render_target_export(dumb->target, &dmabuf);
	if (ret < 0)
		goto destroy_target;
	ret = drmPrimeFDToHandle(fd, dmabuf.fd, &handles[0]) < 0 ? -errno : 0;
	close(dmabuf.fd);
	if (ret < 0)
		goto destroy_target;
	pitches[0] = dmabuf.stride;
	offsets[0] = dmabuf.offset;
	modifiers[0] = dmabuf.modifier;
	if (drmModeAddFB2WithModifiers(fd, width, height, DRM_FORMAT_XRGB8888,
				       handles, pitches, offsets, modifiers,
				       &dumb->fb_id,
				       DRM_MODE_FB_MODIFIERS) < 0) {
		ret = -errno;
		goto close_handle;
	}
	dumb->handle = handles[0];
	dumb->pitch = dmabuf.stride;
	dumb->width = width;
	dumb->height = height;
	dumb->exported = true;
	return 0;

close_handle:
	drmCloseBufferHandle(fd, handles[0]);
destroy_target:
	tack_render_target_destroy(dumb->target);
	memset(dumb, 0, sizeof(*dumb));
	return ret;
}

static void exported_destroy(int fd, struct drm_dumb *dumb)
{
	if (drmModeRmFB(fd, dumb->fb_id) < 0)
		tack_err("drm: RMFB: %s", strerror(errno));
	if (drmCloseBufferHandle(fd, dumb->handle) < 0)
		tack_err("drm: GEM_CLOSE: %s", strerror(errno));
	tack_render_target_destroy(dumb->target);
	memset(dumb, 0, sizeof(*dumb));
}

void tack_drm_dumb_destroy(int fd, struct drm_dumb *dumb)
{
	struct drm_mode_destroy_dumb destroy = { .handle = dumb->handle };

	if (dumb->exported) {
		exported_destroy(fd, dumb);
		return;
	}
	if (!dumb->map)
		return;
	tack_render_target_destroy(dumb->target);
	munmap(dumb->map, dumb->size);
	if (drmModeRmFB(fd, dumb->fb_id) < 0)
		tack_err("drm: RMFB: %s", strerror(errno));
	if (drmIoctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &destroy) < 0)
		tack_err("drm: DESTROY_DUMB: %s", strerror(errno));
	memset(dumb, 0, sizeof(*dumb));
}
