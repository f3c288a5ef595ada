#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include "client_common.h"

static void handle_shm_format(void *data, struct wl_shm *shm, uint32_t format)
{
	struct tc_display *d = data;

	if (d->n_shm_formats < (int)(sizeof(d->shm_formats) / sizeof(d->shm_formats[0])))
		d->shm_formats[d->n_shm_formats++] = format;
}

static const struct wl_shm_listener shm_listener = {
	.format = handle_shm_format,
};

static void handle_wm_base_ping(void *data, struct xdg_wm_base *wm_base,
				uint32_t serial)
{
	xdg_wm_base_pong(wm_base, serial);
}

static const struct xdg_wm_base_listener wm_base_listener = {
	.ping = handle_wm_base_ping,
};

static void handle_presentation_clock_id(void *data,
					 struct wp_presentation *presentation,
					 uint32_t clk_id)
{
	struct tc_display *d = data;

	d->presentation_clock = clk_id;
}

static const struct wp_presentation_listener presentation_listener = {
	.clock_id = handle_presentation_clock_id,
};

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static void handle_registry_global(void *data, struct wl_registry *registry,
				   uint32_t name, const char *interface,
				   uint32_t version)
{
	struct tc_display *d = data;

	if (strcmp(interface, wl_compositor_interface.name) == 0) {
		d->compositor_version = min_u32(version, 5);
		d->compositor = wl_registry_bind(registry, name,
			&wl_compositor_interface, d->compositor_version);
	} else if (strcmp(interface, wl_subcompositor_interface.name) == 0) {
		d->subcompositor = wl_registry_bind(registry, name,
			&wl_subcompositor_interface, 1);
	} else if (strcmp(interface, wl_shm_interface.name) == 0) {
		d->shm = wl_registry_bind(registry, name, &wl_shm_interface, 1);
		wl_shm_add_listener(d->shm, &shm_listener, d);
	} else if (strcmp(interface, xdg_wm_base_interface.name) == 0) {
		d->wm_base_version = min_u32(version, 5);
		d->wm_base = wl_registry_bind(registry, name,
			&xdg_wm_base_interface, d->wm_base_version);
		xdg_wm_base_add_listener(d->wm_base, &wm_base_listener, d);
	} else if (strcmp(interface, wl_seat_interface.name) == 0) {
		d->seat_version = min_u32(version, 8);
		d->seat = wl_registry_bind(registry, name, &wl_seat_interface,
					   d->seat_version);
	} else if (strcmp(interface, wl_data_device_manager_interface.name) == 0) {
		d->data_device_manager = wl_registry_bind(registry, name,
			&wl_data_device_manager_interface, min_u32(version, 3));
	} else if (strcmp(interface,
			  wp_single_pixel_buffer_manager_v1_interface.name) == 0) {
		d->single_pixel = wl_registry_bind(registry, name,
			&wp_single_pixel_buffer_manager_v1_interface, 1);
	} else if (strcmp(interface,
			  zwp_idle_inhibit_manager_v1_interface.name) == 0) {
		d->idle_inhibit = wl_registry_bind(registry, name,
			&zwp_idle_inhibit_manager_v1_interface, 1);
	} else if (strcmp(interface, xdg_activation_v1_interface.name) == 0) {
		d->activation = wl_registry_bind(registry, name,
			&xdg_activation_v1_interface, 1);
	} else if (strcmp(interface, wp_viewporter_interface.name) == 0) {
		d->viewporter = wl_registry_bind(registry, name,
			&wp_viewporter_interface, 1);
	} else if (strcmp(interface, wp_presentation_interface.name) == 0) {
		d->presentation = wl_registry_bind(registry, name,
			&wp_presentation_interface, 1);
		wp_presentation_add_listener(d->presentation,
					     &presentation_listener, d);
	} else if (strcmp(interface, zxdg_output_manager_v1_interface.name) == 0) {
		d->xdg_output_manager = wl_registry_bind(registry, name,
			&zxdg_output_manager_v1_interface, min_u32(version, 3));
	} else if (strcmp(interface, zwlr_screencopy_manager_v1_interface.name) == 0) {
		d->screencopy = wl_registry_bind(registry, name,
			&zwlr_screencopy_manager_v1_interface, min_u32(version, 3));
	} else if (strcmp(interface, tack_test_input_v1_interface.name) == 0) {
		d->test_input = wl_registry_bind(registry, name,
			&tack_test_input_v1_interface, 1);
	} else if (strcmp(interface, wl_output_interface.name) == 0 &&
		   d->n_outputs < TC_MAX_OUTPUTS) {
		d->outputs[d->n_outputs++] = wl_registry_bind(registry, name,
			&wl_output_interface, min_u32(version, 4));
	}
}

static void handle_registry_global_remove(void *data,
					  struct wl_registry *registry,
					  uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_registry_global,
	.global_remove = handle_registry_global_remove,
};

int tc_connect(struct tc_display *d)
{
	memset(d, 0, sizeof(*d));
	d->display = wl_display_connect(NULL);
	if (!d->display)
		return -errno ? -errno : -ECONNREFUSED;
	d->registry = wl_display_get_registry(d->display);
	wl_registry_add_listener(d->registry, &registry_listener, d);
	if (wl_display_roundtrip(d->display) < 0 ||
	    wl_display_roundtrip(d->display) < 0)
		return -EPROTO;
	return 0;
}

static void destroy_proxy(void *proxy)
{
	if (proxy)
		wl_proxy_destroy(proxy);
}

void tc_disconnect(struct tc_display *d)
{
	int i;

	if (!d->display)
		return;
	destroy_proxy(d->compositor);
	destroy_proxy(d->subcompositor);
	destroy_proxy(d->shm);
	destroy_proxy(d->wm_base);
	destroy_proxy(d->seat);
	destroy_proxy(d->data_device_manager);
	destroy_proxy(d->viewporter);
	destroy_proxy(d->single_pixel);
	destroy_proxy(d->idle_inhibit);
	destroy_proxy(d->activation);
	destroy_proxy(d->presentation);
	destroy_proxy(d->xdg_output_manager);
	destroy_proxy(d->screencopy);
	destroy_proxy(d->test_input);
	for (i = 0; i < d->n_outputs; i++)
		destroy_proxy(d->outputs[i]);
	destroy_proxy(d->registry);
	wl_display_disconnect(d->display);
	memset(d, 0, sizeof(*d));
}

int tc_shm_file(size_t size)
{
	int fd = memfd_create("tack-client", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, size) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int format_bpp(uint32_t format)
{
	switch (format) {
	case WL_SHM_FORMAT_ARGB8888:
	case WL_SHM_FORMAT_XRGB8888:
	case DRM_FORMAT_ABGR8888:
	case DRM_FORMAT_XBGR8888:
	case DRM_FORMAT_RGBA8888:
	case DRM_FORMAT_RGBX8888:
	case DRM_FORMAT_BGRA8888:
	case DRM_FORMAT_BGRX8888:
	case DRM_FORMAT_ARGB2101010:
	case DRM_FORMAT_XRGB2101010:
	case DRM_FORMAT_ABGR2101010:
	case DRM_FORMAT_XBGR2101010:
		return 32;
	case DRM_FORMAT_RGB888:
	case DRM_FORMAT_BGR888:
		return 24;
	case DRM_FORMAT_RGB565:
	case DRM_FORMAT_BGR565:
	case DRM_FORMAT_ARGB4444:
	case DRM_FORMAT_XRGB4444:
	case DRM_FORMAT_ARGB1555:
	case DRM_FORMAT_XRGB1555:
	case DRM_FORMAT_YUYV:
		return 16;
	case DRM_FORMAT_RGB332:
		return 8;
	default:
		return 32;
	}
}

static void handle_buffer_release(void *data, struct wl_buffer *buffer)
{
	struct tc_buffer *b = data;

	b->busy = false;
}

static const struct wl_buffer_listener buffer_listener = {
	.release = handle_buffer_release,
};

int tc_buffer_create(struct tc_display *d, struct tc_buffer *b, int32_t width,
		     int32_t height, uint32_t format)
{
	return tc_buffer_create_stride(d, b, width, height, format,
				       (width * format_bpp(format) / 8 + 3) & ~3);
}

int tc_buffer_create_stride(struct tc_display *d, struct tc_buffer *b,
			    int32_t width, int32_t height, uint32_t format,
			    int32_t stride)
{
	return tc_buffer_create_in_pool(d, b, width, height, format, stride,
					0, 0);
}

int tc_buffer_create_in_pool(struct tc_display *d, struct tc_buffer *b,
			     int32_t width, int32_t height, uint32_t format,
			     int32_t stride, size_t offset, unsigned int seals)
{
	struct wl_shm_pool *pool;
	size_t pool_size;
	char *map;
	int fd, err;

	memset(b, 0, sizeof(*b));
	b->width = width;
	b->height = height;
	b->format = format;
	b->stride = stride;
	b->size = (size_t)b->stride * height;
	b->offset = offset;
	pool_size = offset + b->size;
	fd = tc_shm_file(pool_size);
	if (fd < 0)
		return fd;
	if (seals && fcntl(fd, F_ADD_SEALS, seals) < 0)
		goto close_fd;
	map = mmap(NULL, pool_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		goto close_fd;
	b->data = map + offset;
	pool = wl_shm_create_pool(d->shm, fd, (int32_t)pool_size);
	b->buffer = wl_shm_pool_create_buffer(pool, (int32_t)offset, width,
					      height, b->stride, format);
	wl_buffer_add_listener(b->buffer, &buffer_listener, b);
	wl_shm_pool_destroy(pool);
	close(fd);
	return 0;

close_fd:
	err = -errno;
	close(fd);
	return err;
}

void tc_buffer_destroy(struct tc_buffer *b)
{
	if (b->buffer)
		wl_buffer_destroy(b->buffer);
	if (b->data)
		munmap((char *)b->data - b->offset, b->offset + b->size);
	memset(b, 0, sizeof(*b));
}

static void handle_xdg_surface_configure(void *data,
					 struct xdg_surface *xdg_surface,
					 uint32_t serial)
{
	struct tc_window *w = data;

	xdg_surface_ack_configure(xdg_surface, serial);
	w->configured = true;
}

static const struct xdg_surface_listener xdg_surface_listener = {
	.configure = handle_xdg_surface_configure,
};

static void handle_toplevel_configure(void *data, struct xdg_toplevel *toplevel,
				      int32_t width, int32_t height,
				      struct wl_array *states)
{
	struct tc_window *w = data;
	uint32_t *state;

	w->width = width;
	w->height = height;
	w->states = 0;
	wl_array_for_each(state, states)
		w->states |= 1u << *state;
}

static void handle_toplevel_close(void *data, struct xdg_toplevel *toplevel)
{
	struct tc_window *w = data;

	w->closed = true;
}

static void handle_toplevel_configure_bounds(void *data,
					     struct xdg_toplevel *toplevel,
					     int32_t width, int32_t height)
{
}

static void handle_toplevel_wm_capabilities(void *data,
					    struct xdg_toplevel *toplevel,
					    struct wl_array *caps)
{
}

static const struct xdg_toplevel_listener toplevel_listener = {
	.configure = handle_toplevel_configure,
	.close = handle_toplevel_close,
	.configure_bounds = handle_toplevel_configure_bounds,
	.wm_capabilities = handle_toplevel_wm_capabilities,
};

int tc_window_create(struct tc_display *d, struct tc_window *w,
		     const char *title)
{
	memset(w, 0, sizeof(*w));
	w->display = d;
	if (!d->compositor || !d->wm_base)
		return -ENOTSUP;
	w->surface = wl_compositor_create_surface(d->compositor);
	w->xdg_surface = xdg_wm_base_get_xdg_surface(d->wm_base, w->surface);
	xdg_surface_add_listener(w->xdg_surface, &xdg_surface_listener, w);
	w->toplevel = xdg_surface_get_toplevel(w->xdg_surface);
	xdg_toplevel_add_listener(w->toplevel, &toplevel_listener, w);
	xdg_toplevel_set_title(w->toplevel, title);
	wl_surface_commit(w->surface);
	while (!w->configured)
		if (wl_display_dispatch(d->display) < 0)
			return -EPROTO;
	return 0;
}

void tc_window_destroy(struct tc_window *w)
{
	if (w->toplevel)
		xdg_toplevel_destroy(w->toplevel);
	if (w->xdg_surface)
		xdg_surface_destroy(w->xdg_surface);
	if (w->surface)
		wl_surface_destroy(w->surface);
	memset(w, 0, sizeof(*w));
}

void tc_window_show(struct tc_window *w, struct tc_buffer *b)
{
	wl_surface_attach(w->surface, b ? b->buffer : NULL, 0, 0);
	if (b) {
		wl_surface_damage_buffer(w->surface, 0, 0, b->width, b->height);
		b->busy = true;
	}
	wl_surface_commit(w->surface);
	wl_display_roundtrip(w->display->display);
}

int tc_report_protocol_error(struct tc_display *d)
{
	const struct wl_interface *iface = NULL;
	uint32_t id;
	int err = wl_display_get_error(d->display);
	uint32_t code;

	if (err != EPROTO) {
		printf("error none %d\n", err);
		fflush(stdout);
		return err;
	}
	code = wl_display_get_protocol_error(d->display, &iface, &id);
	printf("error %s %u\n", iface ? iface->name : "unknown", code);
	fflush(stdout);
	return err;
}
