/*
 * Screencopy where the headless integration tests cannot reach: outputs
 * destroyed under frames and damage trackers, and regions on a scale-2
 * output. Server and client run in this process over a socketpair.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client.h>
#include "backend/backend.h"
#include "output/layout.h"
#include "output/output.h"
#include "server.h"
#include "wlr-screencopy-unstable-v1-client-protocol.h"
#include "tap.h"

#define N_OUTPUTS 3

struct test {
	struct wl_display *display;		/* server */
	struct wl_event_loop *loop;
	struct tack_server *server;
	struct tack_output *outputs[N_OUTPUTS];
	struct wl_display *client;		/* client */
	struct wl_registry *registry;
	struct wl_shm *shm;
	struct zwlr_screencopy_manager_v1 *manager;
	struct wl_output *client_outputs[N_OUTPUTS];
	int n_client_outputs;
};

struct frame {
	struct zwlr_screencopy_frame_v1 *frame;
	uint32_t width, height, stride;
	int damage;
	bool buffer_done, ready, failed;
};

/* Let both sides run until done() holds or timeout_ms passes. */
static bool pump(struct test *t, bool (*done)(void *), void *data,
		 int timeout_ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = { wl_display_get_fd(t->client), POLLIN, 0 };

		wl_display_flush(t->client);
		wl_event_loop_dispatch(t->loop, 2);
		wl_display_flush_clients(t->display);
		if (wl_display_prepare_read(t->client) == 0) {
			if (poll(&pfd, 1, 0) > 0)
				wl_display_read_events(t->client);
			else
				wl_display_cancel_read(t->client);
		}
		wl_display_dispatch_pending(t->client);
		if (done && done(data))
			return true;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 +
		    (now.tv_nsec - start.tv_nsec) / 1000000 >= timeout_ms)
			return false;
	}
}

static void handle_global(void *data, struct wl_registry *registry,
			  uint32_t name, const char *interface,
			  uint32_t version)
{
	struct test *t = data;

	if (strcmp(interface, wl_shm_interface.name) == 0)
		t->shm = wl_registry_bind(registry, name, &wl_shm_interface, 1);
	else if (strcmp(interface,
			zwlr_screencopy_manager_v1_interface.name) == 0)
		t->manager = wl_registry_bind(registry, name,
			&zwlr_screencopy_manager_v1_interface, 3);
	else if (strcmp(interface, wl_output_interface.name) == 0 &&
		 t->n_client_outputs < N_OUTPUTS)
		t->client_outputs[t->n_client_outputs++] =
			wl_registry_bind(registry, name, &wl_output_interface,
					 1);
}

static void handle_global_remove(void *data, struct wl_registry *registry,
				 uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

static void handle_buffer(void *data, struct zwlr_screencopy_frame_v1 *f,
			  uint32_t format, uint32_t width, uint32_t height,
			  uint32_t stride)
{
	struct frame *frame = data;

	frame->width = width;
	frame->height = height;
	frame->stride = stride;
}

static void handle_flags(void *data, struct zwlr_screencopy_frame_v1 *f,
			 uint32_t flags)
{
}

static void handle_ready(void *data, struct zwlr_screencopy_frame_v1 *f,
			 uint32_t hi, uint32_t lo, uint32_t nsec)
{
	struct frame *frame = data;

	frame->ready = true;
}

static void handle_failed(void *data, struct zwlr_screencopy_frame_v1 *f)
{
	struct frame *frame = data;

	frame->failed = true;
}

static void handle_damage(void *data, struct zwlr_screencopy_frame_v1 *f,
			  uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
	struct frame *frame = data;

	frame->damage++;
}

static void handle_linux_dmabuf(void *data, struct zwlr_screencopy_frame_v1 *f,
				uint32_t format, uint32_t w, uint32_t h)
{
}

static void handle_buffer_done(void *data, struct zwlr_screencopy_frame_v1 *f)
{
	struct frame *frame = data;

	frame->buffer_done = true;
}

static const struct zwlr_screencopy_frame_v1_listener frame_listener = {
	.buffer = handle_buffer,
	.flags = handle_flags,
	.ready = handle_ready,
	.failed = handle_failed,
	.damage = handle_damage,
	.linux_dmabuf = handle_linux_dmabuf,
	.buffer_done = handle_buffer_done,
};

static bool frame_described(void *data)
{
	struct frame *frame = data;

	return frame->buffer_done || frame->failed;
}

static bool frame_ended(void *data)
{
	struct frame *frame = data;

	return frame->ready || frame->failed;
}

static void capture(struct test *t, struct frame *frame, int output,
		    const int32_t *region)
{
	memset(frame, 0, sizeof(*frame));
	if (region)
		frame->frame = zwlr_screencopy_manager_v1_capture_output_region(
			t->manager, 0, t->client_outputs[output], region[0],
			region[1], region[2], region[3]);
	else
		frame->frame = zwlr_screencopy_manager_v1_capture_output(
			t->manager, 0, t->client_outputs[output]);
	zwlr_screencopy_frame_v1_add_listener(frame->frame, &frame_listener,
					      frame);
	pump(t, frame_described, frame, 1000);
}

/* A buffer of the described size in a pool of its own. */
static struct wl_buffer *make_buffer(struct test *t, const struct frame *frame)
{
	size_t size = (size_t)frame->stride * frame->height;
	int fd = memfd_create("test-screencopy", MFD_CLOEXEC);
	struct wl_shm_pool *pool;
	struct wl_buffer *buffer;

	if (fd < 0 || ftruncate(fd, size) < 0)
		abort();
	pool = wl_shm_create_pool(t->shm, fd, size);
	buffer = wl_shm_pool_create_buffer(pool, 0, frame->width,
					   frame->height, frame->stride,
					   WL_SHM_FORMAT_XRGB8888);
	wl_shm_pool_destroy(pool);
	close(fd);
	return buffer;
}

static void test_scaled_regions(struct test *t)
{
	static const int32_t inside[4] = { 10, 10, 20, 20 };
	static const int32_t corner[4] = { 300, 230, 50, 50 };
	struct wl_buffer *buffer;
	struct frame frame;

	t->outputs[0]->scale = 2;
	capture(t, &frame, 0, inside);
	tap_ok(frame.width == 40 && frame.height == 40 && frame.stride == 160,
	       "a region on a scale-2 output is scaled to pixels");
	buffer = make_buffer(t, &frame);
	zwlr_screencopy_frame_v1_copy(frame.frame, buffer);
	tap_ok(pump(t, frame_ended, &frame, 2000) && frame.ready,
	       "and copied");
	zwlr_screencopy_frame_v1_destroy(frame.frame);
	wl_buffer_destroy(buffer);

	capture(t, &frame, 0, corner);
	tap_ok(frame.width == 40 && frame.height == 20,
	       "a region over the corner is clipped in pixels");
	zwlr_screencopy_frame_v1_destroy(frame.frame);
	t->outputs[0]->scale = 1;
}

static void test_destroy_before_copy(struct test *t)
{
	struct wl_buffer *buffer;
	struct frame frame;

	capture(t, &frame, 1, NULL);
	tap_ok(frame.buffer_done && frame.width == 320,
	       "a frame of the second output is described");
	buffer = make_buffer(t, &frame);
	tack_output_destroy(t->outputs[1]);
	t->outputs[1] = NULL;
	pump(t, frame_ended, &frame, 500);
	tap_ok(frame.failed, "its output going away fails the frame");
	zwlr_screencopy_frame_v1_copy(frame.frame, buffer);
	pump(t, NULL, NULL, 50);
	tap_ok(wl_display_get_error(t->client) == 0,
	       "a copy crossing that failed is no protocol error");
	zwlr_screencopy_frame_v1_destroy(frame.frame);
	wl_buffer_destroy(buffer);
}

static void test_destroy_under_damage_wait(struct test *t)
{
	struct wl_buffer *first_buffer, *buffer;
	struct frame first, frame;

	capture(t, &first, 2, NULL);
	first_buffer = make_buffer(t, &first);
	zwlr_screencopy_frame_v1_copy_with_damage(first.frame, first_buffer);
	tap_ok(pump(t, frame_ended, &first, 2000) && first.ready &&
	       first.damage > 0,
	       "a first copy_with_damage is ready with damage");

	capture(t, &frame, 2, NULL);
	buffer = make_buffer(t, &frame);
	zwlr_screencopy_frame_v1_copy_with_damage(frame.frame, buffer);
	tap_ok(!pump(t, frame_ended, &frame, 200),
	       "the next one waits on an unchanged output");
	tack_output_destroy(t->outputs[2]);
	t->outputs[2] = NULL;
	tap_ok(pump(t, frame_ended, &frame, 500) && frame.failed,
	       "its output going away fails it");
	zwlr_screencopy_frame_v1_destroy(first.frame);
	zwlr_screencopy_frame_v1_destroy(frame.frame);
	wl_buffer_destroy(first_buffer);
	wl_buffer_destroy(buffer);
	pump(t, NULL, NULL, 20);
	tap_ok(wl_display_get_error(t->client) == 0, "no protocol error");
}

static int setup(struct test *t)
{
	static const struct tack_server_options options = { 0 };
	static const struct tack_headless_output_spec specs[N_OUTPUTS] = {
		{ 640, 480, 60000 }, { 320, 240, 60000 }, { 200, 100, 60000 },
	};
	struct tack_backend *backend;
	struct tack_output *output;
	int fds[2], i = 0;

	t->display = wl_display_create();
	t->loop = wl_display_get_event_loop(t->display);
	t->server = tack_server_create(t->display, &options, NULL);
	if (!t->server)
		return -1;
	backend = tack_headless_backend_create(
		tack_server_backend_env(t->server), specs, N_OUTPUTS);
	if (!backend)
		return -1;
	tack_server_set_backend(t->server, backend);
	wl_list_for_each(output, &t->server->layout->outputs, link)
		t->outputs[i++] = output;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0 ||
	    !wl_client_create(t->display, fds[0]))
		return -1;
	t->client = wl_display_connect_to_fd(fds[1]);
	if (!t->client)
		return -1;
	t->registry = wl_display_get_registry(t->client);
	wl_registry_add_listener(t->registry, &registry_listener, t);
	pump(t, NULL, NULL, 50);
	return t->shm && t->manager && t->n_client_outputs == N_OUTPUTS ? 0 : -1;
}

static void teardown(struct test *t)
{
	int i;

	for (i = 0; i < t->n_client_outputs; i++)
		wl_output_destroy(t->client_outputs[i]);
	zwlr_screencopy_manager_v1_destroy(t->manager);
	wl_shm_destroy(t->shm);
	wl_registry_destroy(t->registry);
	wl_display_disconnect(t->client);
	tack_server_destroy(t->server);
	wl_display_destroy(t->display);
}

int main(void)
{
	struct test t = { 0 };

	if (!tap_ok(setup(&t) == 0, "server, headless outputs and a client"))
		return tap_done();
	test_scaled_regions(&t);
	test_destroy_before_copy(&t);
	test_destroy_under_damage_wait(&t);
	teardown(&t);
	return tap_done();
}
