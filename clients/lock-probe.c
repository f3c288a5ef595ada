/*
 * tack-lock-probe: a session locker for the tests. It locks, covers each
 * output with a lock surface of one colour and prints what tack says:
 *
 *   locked | finished | unlocked | configure W H
 *
 * A line on stdin unlocks; stdin closed without one exits still locked,
 * as a locker that crashes does.
 *
 *   tack-lock-probe [0xAARRGGBB]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client_common.h"
#include "ext-session-lock-v1-client-protocol.h"

struct lock_output {
	struct tc_display *d;
	struct wl_surface *surface;
	struct ext_session_lock_surface_v1 *lock_surface;
	struct tc_buffer buffer;
	uint32_t color;
};

static bool locked, finished;

static void say(const char *what)
{
	printf("%s\n", what);
	fflush(stdout);
}

static void handle_locked(void *data, struct ext_session_lock_v1 *lock)
{
	locked = true;
	say("locked");
}

static void handle_finished(void *data, struct ext_session_lock_v1 *lock)
{
	finished = true;
	say("finished");
}

static const struct ext_session_lock_v1_listener lock_listener = {
	.locked = handle_locked,
	.finished = handle_finished,
};

static void handle_configure(void *data,
			     struct ext_session_lock_surface_v1 *lock_surface,
			     uint32_t serial, uint32_t width, uint32_t height)
{
	struct lock_output *lo = data;
	uint32_t *px;

	printf("configure %u %u\n", width, height);
	fflush(stdout);
	ext_session_lock_surface_v1_ack_configure(lock_surface, serial);
	if (lo->buffer.buffer)
		tc_buffer_destroy(&lo->buffer);
	if (tc_buffer_create(lo->d, &lo->buffer, width, height,
			     WL_SHM_FORMAT_XRGB8888) < 0) {
		say("error no buffer");
		exit(1);
	}
	px = lo->buffer.data;
	for (size_t i = 0; i < (size_t)width * height; i++)
		px[i] = lo->color;
	wl_surface_attach(lo->surface, lo->buffer.buffer, 0, 0);
	wl_surface_damage_buffer(lo->surface, 0, 0, width, height);
	wl_surface_commit(lo->surface);
}

static const struct ext_session_lock_surface_v1_listener surface_listener = {
	.configure = handle_configure,
};

static void handle_global(void *data, struct wl_registry *registry,
			  uint32_t name, const char *interface,
			  uint32_t version)
{
	struct ext_session_lock_manager_v1 **manager = data;

	if (strcmp(interface, ext_session_lock_manager_v1_interface.name) == 0)
		*manager = wl_registry_bind(registry, name,
			&ext_session_lock_manager_v1_interface, 1);
}

static void handle_global_remove(void *data, struct wl_registry *registry,
				 uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

int main(int argc, char **argv)
{
	struct ext_session_lock_manager_v1 *manager = NULL;
	struct ext_session_lock_v1 *lock;
	struct lock_output outputs[TC_MAX_OUTPUTS] = { 0 };
	uint32_t color = argc > 1 ? strtoul(argv[1], NULL, 0) : 0xff204060;
	struct wl_registry *registry;
	struct tc_display d;
	char line[16];

	if (tc_connect(&d) < 0)
		return 1;
	registry = wl_display_get_registry(d.display);
	wl_registry_add_listener(registry, &registry_listener, &manager);
	wl_display_roundtrip(d.display);
	if (!manager) {
		say("error no ext_session_lock_manager_v1");
		return 1;
	}
	lock = ext_session_lock_manager_v1_lock(manager);
	ext_session_lock_v1_add_listener(lock, &lock_listener, NULL);
	for (int i = 0; i < d.n_outputs; i++) {
		struct lock_output *lo = &outputs[i];

		lo->d = &d;
		lo->color = color;
		lo->surface = wl_compositor_create_surface(d.compositor);
		lo->lock_surface = ext_session_lock_v1_get_lock_surface(lock,
			lo->surface, d.outputs[i]);
		ext_session_lock_surface_v1_add_listener(lo->lock_surface,
							 &surface_listener, lo);
	}
	while (!locked && !finished)
		if (wl_display_dispatch(d.display) < 0)
			return tc_report_protocol_error(&d);
	if (finished) {
		ext_session_lock_v1_destroy(lock);
		wl_display_roundtrip(d.display);
		return 0;
	}
	/* Lock surfaces keep their frames coming while stdin waits. */
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	ext_session_lock_v1_unlock_and_destroy(lock);
	if (wl_display_roundtrip(d.display) < 0)
		return tc_report_protocol_error(&d);
	say("unlocked");
	return 0;
}
