/* The small interface every backend (headless, DRM) sits behind. */
#ifndef TACK_BACKEND_H
#define TACK_BACKEND_H

#include <stdint.h>
#include <wayland-server-core.h>

struct tack_backend;
struct tack_layout;
struct tack_pin_budget;
struct tack_renderer;
struct tack_seat;
struct tack_trace;

/* What a backend is given: where its outputs go, and what draws them. */
struct tack_backend_env {
	struct wl_event_loop *loop;
	struct tack_layout *layout;
	/* makes the targets the repaint composites into */
	struct tack_renderer *renderer;
	/* where the pointer is, for a cursor of the backend's own */
	struct tack_seat *seat;
	struct tack_trace *trace;	/* may be NULL */
	/* each client's pinned memory, shared with the renderer */
	struct tack_pin_budget *pin_budget;
};

struct tack_backend_impl {
	const char *name;
	void (*destroy)(struct tack_backend *backend);
};

struct tack_backend {
	const struct tack_backend_impl *impl;
	struct tack_backend_env env;
};

struct tack_headless_output_spec {
	int32_t width, height, refresh_mhz;
};

/* Outputs appear in the layout as this returns. */
struct tack_backend *tack_headless_backend_create(
	const struct tack_backend_env *env,
	const struct tack_headless_output_spec *specs, int count);

/* Its outputs go first. */
void tack_backend_destroy(struct tack_backend *backend);

#endif
