/* The small interface every backend (headless, DRM) sits behind. */
#ifndef TACK_BACKEND_H
#define TACK_BACKEND_H

#include <stdint.h>

struct tack_backend;
struct tack_server;

struct tack_backend_impl {
	const char *name;
	void (*destroy)(struct tack_backend *backend);
};

struct tack_backend {
	const struct tack_backend_impl *impl;
	struct tack_server *server;
};

struct tack_headless_output_spec {
	int32_t width, height, refresh_mhz;
};

/* Outputs appear in the server as this returns. */
struct tack_backend *tack_headless_backend_create(
	struct tack_server *server, const struct tack_headless_output_spec *specs,
	int count);

void tack_backend_destroy(struct tack_backend *backend);

#endif
