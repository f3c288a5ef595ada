/*
 * The hot paths of a frame, natively, for instruction counts under
 * valgrind --tool=callgrind (tests/bench/callgrind.sh): the composite of
 * a 1920x1080 surface with full and with 10% damage, a whole repaint with
 * tracing off and on, and the import cache's lookup of a buffer it already
 * imported (the per-frame cost of zero-copy) and a first import.
 *
 * Server and client run in this process over a socketpair. The userptr
 * importer runs against this file's libdrm entry points, which stand in
 * for a kernel with vkms userptr objects: the counts are tack's own
 * instructions; what the kernel costs, tests/kernel's benchmark measures.
 *
 * Outside valgrind it prints wall-clock figures too; each scenario prints
 * "scenario NAME ITERATIONS" and, under callgrind, ends with a dump.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/callgrind.h>
#include <wayland-client.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include "backend/backend.h"
#include "buffer/shm.h"
#include "drm/vkms_drm.h"
#include "import/importer.h"
#include "import/userptr.h"
#include "output/layout.h"
#include "output/output.h"
#include "render/renderer.h"
#include "scene/frame.h"
#include "server.h"
#include "surface/surface.h"
#include "util/trace.h"
#include "xdg-shell-client-protocol.h"

#define W 1920
#define H 1080

/* --- a kernel with vkms userptr objects, as far as the importer sees --- */

static uint32_t next_handle;

int drmIoctl(int fd, unsigned long request, void *arg)
{
	if (request == DRM_IOCTL_VKMS_GEM_USERPTR) {
		((struct drm_vkms_gem_userptr *)arg)->handle = ++next_handle;
		return 0;
	}
	if (request == DRM_IOCTL_GEM_CLOSE)
		return 0;
	errno = EINVAL;
	return -1;
}

drmVersionPtr drmGetVersion(int fd)
{
	static char name[] = "vkms";
	static drmVersion version = { .name = name, .name_len = 4 };

	return &version;
}

void drmFreeVersion(drmVersionPtr version)
{
}

/* --- server and client in one process --- */

struct bench {
	struct wl_display *display;
	struct wl_event_loop *loop;
	struct tack_server *server;
	struct tack_output *output;
	struct wl_display *client;
	struct wl_compositor *compositor;
	struct wl_shm *shm;
	struct xdg_wm_base *wm_base;
	struct wl_surface *surface;
	bool configured;
};

static void pump(struct bench *b, int rounds)
{
	int i;

	for (i = 0; i < rounds; i++) {
		wl_display_flush(b->client);
		wl_event_loop_dispatch(b->loop, 1);
		wl_display_flush_clients(b->display);
		if (wl_display_prepare_read(b->client) == 0) {
			struct pollfd pfd = { wl_display_get_fd(b->client),
					      POLLIN, 0 };

			if (poll(&pfd, 1, 0) > 0)
				wl_display_read_events(b->client);
			else
				wl_display_cancel_read(b->client);
		}
		wl_display_dispatch_pending(b->client);
	}
}

static void handle_global(void *data, struct wl_registry *registry,
			  uint32_t name, const char *interface,
			  uint32_t version)
{
	struct bench *b = data;

	if (!strcmp(interface, wl_compositor_interface.name))
		b->compositor = wl_registry_bind(registry, name,
						 &wl_compositor_interface, 4);
	else if (!strcmp(interface, wl_shm_interface.name))
		b->shm = wl_registry_bind(registry, name, &wl_shm_interface, 1);
	else if (!strcmp(interface, xdg_wm_base_interface.name))
		b->wm_base = wl_registry_bind(registry, name,
					      &xdg_wm_base_interface, 1);
}

static void handle_global_remove(void *data, struct wl_registry *registry,
				 uint32_t name)
{
}

static const struct wl_registry_listener registry_listener = {
	.global = handle_global,
	.global_remove = handle_global_remove,
};

static void handle_configure(void *data, struct xdg_surface *xdg_surface,
			     uint32_t serial)
{
	struct bench *b = data;

	xdg_surface_ack_configure(xdg_surface, serial);
	b->configured = true;
}

static const struct xdg_surface_listener xdg_surface_listener = {
	.configure = handle_configure,
};

/* A 1920x1080 window showing one buffer, mapped at 0,0. */
static int map_window(struct bench *b)
{
	int fd = memfd_create("micro", MFD_CLOEXEC);
	struct xdg_surface *xs;
	struct wl_shm_pool *pool;
	struct wl_buffer *buffer;
	size_t size = (size_t)W * H * 4;
	uint32_t *px;
	size_t i;

	if (fd < 0 || ftruncate(fd, size) < 0)
		return -1;
	px = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (px == MAP_FAILED)
		return -1;
	for (i = 0; i < size / 4; i++)
		px[i] = 0xff000000u | (uint32_t)(i * 2654435761u >> 8);
	b->surface = wl_compositor_create_surface(b->compositor);
	xs = xdg_wm_base_get_xdg_surface(b->wm_base, b->surface);
	xdg_surface_add_listener(xs, &xdg_surface_listener, b);
	xdg_surface_get_toplevel(xs);
	wl_surface_commit(b->surface);
	while (!b->configured)
		pump(b, 1);
	pool = wl_shm_create_pool(b->shm, fd, size);
	buffer = wl_shm_pool_create_buffer(pool, 0, W, H, W * 4,
					   WL_SHM_FORMAT_XRGB8888);
	wl_surface_attach(b->surface, buffer, 0, 0);
	wl_surface_damage_buffer(b->surface, 0, 0, W, H);
	wl_surface_commit(b->surface);
	pump(b, 20);
	return 0;
}

/* The trace, not recording yet, is there before the output it names. */
static int setup(struct bench *b, struct tack_trace *trace)
{
	struct tack_headless_output_spec spec = { W, H, 60000 };
	struct tack_server_options options = { 0 };
	struct tack_backend *backend;
	struct wl_registry *registry;
	int fds[2];

	b->display = wl_display_create();
	b->loop = wl_display_get_event_loop(b->display);
	if (!trace)
		return -1;
	b->server = tack_server_create(b->display, &options, trace);
	if (!b->server)
		return -1;
	backend = tack_headless_backend_create(
		tack_server_backend_env(b->server), &spec, 1);
	if (!backend)
		return -1;
	tack_server_set_backend(b->server, backend);
	b->output = tack_layout_first_output(b->server->layout);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0 ||
	    !wl_client_create(b->display, fds[0]))
		return -1;
	b->client = wl_display_connect_to_fd(fds[1]);
	registry = wl_display_get_registry(b->client);
	wl_registry_add_listener(registry, &registry_listener, b);
	pump(b, 10);
	if (!b->compositor || !b->shm || !b->wm_base)
		return -1;
	return map_window(b);
}

/* --- scenarios --- */

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static struct tack_surface *the_surface(struct bench *b)
{
	struct tack_surface *s;

	wl_list_for_each(s, &b->server->compositor->surfaces, link)
		if (s->buffer)
			return s;
	return NULL;
}

typedef void (*scenario_fn)(struct bench *b, void *data);

static void run(struct bench *b, const char *name, int iterations,
		scenario_fn fn, void *data)
{
	double t0;
	int i;

	fn(b, data);	/* warm */
	printf("scenario %s %d\n", name, iterations);
	fflush(stdout);
	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
	t0 = now_us();
	for (i = 0; i < iterations; i++)
		fn(b, data);
	t0 = now_us() - t0;
	CALLGRIND_TOGGLE_COLLECT;
	CALLGRIND_DUMP_STATS_AT(name);
	printf("  %.2f us per iteration (wall clock)\n", t0 / iterations);
	fflush(stdout);
}

/* What the repaint's composite does: list the output's surfaces, draw. */
struct composite_ctx {
	struct tack_frame frame;
	pixman_region32_t region;
};

static void composite(struct bench *b, void *data)
{
	struct composite_ctx *ctx = data;

	tack_frame_collect(&ctx->frame, b->server->scene, ~0u);
	tack_frame_draw(&ctx->frame, b->server->renderer, &ctx->region, true,
			NULL);
}

static void repaint(struct bench *b, void *data)
{
	tack_output_damage_whole(b->output);
	tack_output_frame(b->output);
}

struct import_ctx {
	struct tack_pin_budget budget;
	struct tack_import_cache *cache;
	struct tack_shm_buffer *buffer;
};

static void import_hit(struct bench *b, void *data)
{
	struct import_ctx *ctx = data;
	struct tack_import *import;

	if (tack_import_cache_get(ctx->cache, ctx->buffer, &import) !=
	    TACK_FALLBACK_NONE)
		abort();
}

/* A new import each time: the pool's generation says it was remapped. */
static void import_miss(struct bench *b, void *data)
{
	struct import_ctx *ctx = data;

	ctx->buffer->pool->generation++;
	import_hit(b, data);
}

static struct composite_ctx *target_with_region(struct bench *b, int32_t y,
						int32_t h)
{
	struct tack_render_target_desc desc = {
		.width = W, .height = H, .format = DRM_FORMAT_XRGB8888,
	};
	struct composite_ctx *ctx = calloc(1, sizeof(*ctx));

	tack_frame_init(&ctx->frame, b->output);
	ctx->frame.target = tack_renderer_create_target(b->server->renderer,
							&desc);
	pixman_region32_init_rect(&ctx->region, 0, y, W, h);
	return ctx;
}

int main(void)
{
	struct bench b = { 0 };
	struct tack_trace_options trace_options = {
		.path = "/dev/null", .capacity = 1u << 16,
	};
	struct import_ctx ctx;

	if (setup(&b, tack_trace_create(&trace_options)) < 0 ||
	    !the_surface(&b)) {
		fprintf(stderr, "micro: cannot set up the server and window\n");
		return 1;
	}
	run(&b, "composite-1920x1080-full", 20, composite,
	    target_with_region(&b, 0, H));
	run(&b, "composite-1920x1080-10pct", 100, composite,
	    target_with_region(&b, H / 2, H / 10));
	run(&b, "repaint-full-trace-off", 20, repaint, NULL);
	tack_trace_toggle(b.server->trace);
	run(&b, "repaint-full-trace-on", 20, repaint, NULL);
	tack_pin_budget_init(&ctx.budget, (size_t)1 << 30);
	ctx.cache = tack_import_cache_create(&ctx.budget);
	tack_import_cache_add(ctx.cache, tack_userptr_importer_create(-1, false));
	ctx.buffer = the_surface(&b)->buffer;
	run(&b, "import-cache-hit", 10000, import_hit, &ctx);
	run(&b, "import-first-time", 1000, import_miss, &ctx);
	tack_import_cache_destroy(ctx.cache);
	tack_pin_budget_finish(&ctx.budget);
	tack_trace_toggle(b.server->trace);
	return 0;
}
