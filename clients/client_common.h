/* What our own clients share: connecting, binding globals, shm buffers, windows. */
#ifndef TACK_CLIENT_COMMON_H
#define TACK_CLIENT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wayland-client.h>
#include "xdg-shell-client-protocol.h"
#include "presentation-time-client-protocol.h"
#include "viewporter-client-protocol.h"
#include "single-pixel-buffer-v1-client-protocol.h"
#include "idle-inhibit-unstable-v1-client-protocol.h"
#include "xdg-activation-v1-client-protocol.h"
#include "xdg-output-unstable-v1-client-protocol.h"
#include "wlr-screencopy-unstable-v1-client-protocol.h"
#include "tack-test-input-v1-client-protocol.h"

#define TC_MAX_OUTPUTS 8

struct tc_display {
	struct wl_display *display;
	struct wl_registry *registry;
	struct wl_compositor *compositor;
	struct wl_subcompositor *subcompositor;
	struct wl_shm *shm;
	struct xdg_wm_base *wm_base;
	struct wl_seat *seat;
	struct wl_data_device_manager *data_device_manager;
	struct wp_viewporter *viewporter;
	struct wp_single_pixel_buffer_manager_v1 *single_pixel;
	struct zwp_idle_inhibit_manager_v1 *idle_inhibit;
	struct xdg_activation_v1 *activation;
	struct wp_presentation *presentation;
	struct zxdg_output_manager_v1 *xdg_output_manager;
	struct zwlr_screencopy_manager_v1 *screencopy;
	struct tack_test_input_v1 *test_input;
	struct wl_output *outputs[TC_MAX_OUTPUTS];
	int n_outputs;
	uint32_t compositor_version, seat_version, wm_base_version;
	uint32_t shm_formats[64];
	int n_shm_formats;
	uint32_t presentation_clock;
};

/* Connect to WAYLAND_DISPLAY and bind every global we know; 0 or -errno. */
int tc_connect(struct tc_display *d);
void tc_disconnect(struct tc_display *d);

/* An anonymous shared-memory file of the given size; fd or -errno. */
int tc_shm_file(size_t size);

struct tc_buffer {
	struct wl_buffer *buffer;
	void *data;
	int32_t width, height, stride;
	uint32_t format;
	size_t size;
	size_t offset;			/* of data in the pool and mapping */
	bool busy;			/* attached and not released yet */
};

/* A buffer in its own pool; bpp from the format. 0 or -errno. */
int tc_buffer_create(struct tc_display *d, struct tc_buffer *b, int32_t width,
		     int32_t height, uint32_t format);
/* With rows stride bytes apart, tight or not aligned to words. */
int tc_buffer_create_stride(struct tc_display *d, struct tc_buffer *b,
			    int32_t width, int32_t height, uint32_t format,
			    int32_t stride);
/*
 * At offset bytes into a pool of its own, its memfd sealed with seals
 * (F_SEAL_SHRINK ...; 0 for none).
 */
int tc_buffer_create_in_pool(struct tc_display *d, struct tc_buffer *b,
			     int32_t width, int32_t height, uint32_t format,
			     int32_t stride, size_t offset,
			     unsigned int seals);
void tc_buffer_destroy(struct tc_buffer *b);

struct tc_window {
	struct tc_display *display;
	struct wl_surface *surface;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	bool configured, closed;
	int32_t width, height;		/* last configure; 0 = client's choice */
	uint32_t states;		/* bit (1 << xdg_toplevel_state) */
};

/* Make a toplevel and wait for its first configure (acked). 0 or -errno. */
int tc_window_create(struct tc_display *d, struct tc_window *w,
		     const char *title);
void tc_window_destroy(struct tc_window *w);

/* Attach, damage all and commit; returns once the compositor saw it. */
void tc_window_show(struct tc_window *w, struct tc_buffer *b);

/* Print the pending protocol error, if any, as "error <interface> <code>". */
int tc_report_protocol_error(struct tc_display *d);

#endif
