/*
 * tack's integration module for wlcs, the Wayland conformance suite: the
 * whole server runs in-process on the headless backend, and wlcs's virtual
 * pointer and touch feed the real seat code.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wayland-client-core.h>
#include <wayland-server-core.h>
#include <wlcs/display_server.h>
#include <wlcs/pointer.h>
#include <wlcs/touch.h>
#include "backend/backend.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "server.h"
#include "shell/shell.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/time.h"

struct wlcs_client {
	struct wl_list link;		/* tack_wlcs.clients */
	int client_fd;			/* the end wlcs connects through */
	struct wl_client *client;
	struct wl_listener destroy;
};

struct tack_wlcs {
	WlcsDisplayServer base;
	struct wl_display *display;
	struct tack_server *server;
	struct wl_event_source *wlcs_source;
	struct wl_list clients;		/* wlcs_client.link */
	int32_t next_touch_id;
};

struct wlcs_pointer {
	WlcsPointer base;
	struct tack_wlcs *wlcs;
	double x, y;
};

struct wlcs_touch {
	WlcsTouch base;
	struct tack_wlcs *wlcs;
	int32_t id;
	bool down;
};

static const WlcsExtensionDescriptor extensions[] = {
	{ "wl_compositor", 5 },
	{ "wl_subcompositor", 1 },
	{ "wl_shm", 1 },
	{ "wl_output", 4 },
	{ "wl_seat", 8 },
	{ "wl_data_device_manager", 3 },
	{ "xdg_wm_base", 5 },
	{ "zxdg_output_manager_v1", 3 },
	{ "wp_presentation", 1 },
	{ "wp_viewporter", 1 },
	{ "zwlr_screencopy_manager_v1", 3 },
	{ "zwlr_layer_shell_v1", 4 },
	{ "zxdg_decoration_manager_v1", 1 },
	{ "wp_fractional_scale_manager_v1", 1 },
	{ "zwp_pointer_constraints_v1", 1 },
	{ "zwp_relative_pointer_manager_v1", 1 },
	{ "zwp_primary_selection_device_manager_v1", 1 },
	{ "gtk_primary_selection_device_manager", 1 },
	{ "zwlr_virtual_pointer_manager_v1", 2 },
	{ "zwlr_foreign_toplevel_manager_v1", 2 },
};

static const WlcsIntegrationDescriptor descriptor = {
	.version = 1,
	.num_extensions = sizeof(extensions) / sizeof(extensions[0]),
	.supported_extensions = extensions,
};

static struct tack_wlcs *wlcs_from(WlcsDisplayServer *base)
{
	return wl_container_of(base, (struct tack_wlcs *)NULL, base);
}

static int handle_wlcs_loop_readable(int fd, uint32_t mask, void *data)
{
	struct wl_event_loop *wlcs_loop = data;

	wl_event_loop_dispatch(wlcs_loop, 0);
	return 0;
}

static void wlcs_start_on_this_thread(WlcsDisplayServer *base,
				      struct wl_event_loop *wlcs_loop)
{
	struct tack_wlcs *wlcs = wlcs_from(base);

	/* wlcs proxies every call to us through its loop: run it inside ours. */
	wlcs->wlcs_source = wl_event_loop_add_fd(
		wl_display_get_event_loop(wlcs->display),
		wl_event_loop_get_fd(wlcs_loop), WL_EVENT_READABLE,
		handle_wlcs_loop_readable, wlcs_loop);
	wl_event_loop_dispatch(wlcs_loop, 0);
	wl_display_run(wlcs->display);
	wl_event_source_remove(wlcs->wlcs_source);
	wlcs->wlcs_source = NULL;
}

static void wlcs_stop(WlcsDisplayServer *base)
{
	wl_display_terminate(wlcs_from(base)->display);
}

static void handle_client_destroy(struct wl_listener *listener, void *data)
{
	struct wlcs_client *c = wl_container_of(listener, c, destroy);

	wl_list_remove(&c->link);
	wl_list_remove(&c->destroy.link);
	free(c);
}

static int wlcs_create_client_socket(WlcsDisplayServer *base)
{
	struct tack_wlcs *wlcs = wlcs_from(base);
	struct wlcs_client *c = calloc(1, sizeof(*c));
	int fds[2];

	if (!c)
		return -ENOMEM;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) {
		free(c);
		return -errno;
	}
	c->client = wl_client_create(wlcs->display, fds[0]);
	if (!c->client) {
		close(fds[0]);
		close(fds[1]);
		free(c);
		return -ENOMEM;
	}
	c->client_fd = fds[1];
	c->destroy.notify = handle_client_destroy;
	wl_client_add_destroy_listener(c->client, &c->destroy);
	wl_list_insert(&wlcs->clients, &c->link);
	return fds[1];
}

static struct wl_client *client_of(struct tack_wlcs *wlcs,
				   struct wl_display *client_display)
{
	int fd = wl_display_get_fd(client_display);
	struct wlcs_client *c;

	wl_list_for_each(c, &wlcs->clients, link)
		if (c->client_fd == fd)
			return c->client;
	return NULL;
}

static void wlcs_position_window_absolute(WlcsDisplayServer *base,
					  struct wl_display *client_display,
					  struct wl_surface *client_surface,
					  int x, int y)
{
	struct tack_wlcs *wlcs = wlcs_from(base);
	struct wl_client *client = client_of(wlcs, client_display);
	struct wl_resource *resource;
	struct tack_surface *surface;

	if (!client) {
		tack_err("wlcs: position_window_absolute for an unknown client");
		return;
	}
	resource = wl_client_get_object(client,
		wl_proxy_get_id((struct wl_proxy *)client_surface));
	if (!resource) {
		tack_err("wlcs: no wl_surface@%u in that client",
			 wl_proxy_get_id((struct wl_proxy *)client_surface));
		return;
	}
	surface = tack_surface_from_resource(resource);
	if (!surface->view) {
		tack_err("wlcs: wl_surface@%u is not a window",
			 wl_resource_get_id(resource));
		return;
	}
	/* wlcs means the window: xdg's window geometry where there is one. */
	if (!tack_shell_move_view(surface->view, x, y))
		tack_view_set_position(surface->view, x, y);
}

static uint32_t now_msec(struct tack_wlcs *wlcs)
{
	return tack_now_msec();
}

static void pointer_move_absolute(WlcsPointer *base, wl_fixed_t x,
				  wl_fixed_t y)
{
	struct wlcs_pointer *p = wl_container_of(base, p, base);

	p->x = wl_fixed_to_double(x);
	p->y = wl_fixed_to_double(y);
	tack_seat_pointer_motion_absolute(p->wlcs->server->seat,
					  now_msec(p->wlcs), p->x, p->y);
	tack_seat_pointer_frame(p->wlcs->server->seat);
}

static void pointer_move_relative(WlcsPointer *base, wl_fixed_t dx,
				  wl_fixed_t dy)
{
	struct wlcs_pointer *p = wl_container_of(base, p, base);
	struct tack_seat *seat = p->wlcs->server->seat;
	double lx, ly;

	/* As a mouse moves: constraints and relative pointers see it. */
	tack_seat_pointer_motion_relative(seat, now_msec(p->wlcs),
					  wl_fixed_to_double(dx),
					  wl_fixed_to_double(dy));
	tack_seat_pointer_frame(seat);
	if (tack_seat_pointer_position(seat, &lx, &ly)) {
		p->x = lx;
		p->y = ly;
	}
}

static void pointer_button(WlcsPointer *base, int button, bool pressed)
{
	struct wlcs_pointer *p = wl_container_of(base, p, base);

	tack_seat_pointer_button(p->wlcs->server->seat, now_msec(p->wlcs),
				 button, pressed);
	tack_seat_pointer_frame(p->wlcs->server->seat);
}

static void pointer_button_down(WlcsPointer *base, int button)
{
	pointer_button(base, button, true);
}

static void pointer_button_up(WlcsPointer *base, int button)
{
	pointer_button(base, button, false);
}

static void pointer_destroy(WlcsPointer *base)
{
	struct wlcs_pointer *p = wl_container_of(base, p, base);

	tack_seat_remove_devices(p->wlcs->server->seat, TACK_SEAT_POINTER);
	free(p);
}

static WlcsPointer *wlcs_create_pointer(WlcsDisplayServer *base)
{
	struct tack_wlcs *wlcs = wlcs_from(base);
	struct wlcs_pointer *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->base = (WlcsPointer){
		.version = 1,
		.move_absolute = pointer_move_absolute,
		.move_relative = pointer_move_relative,
		.button_up = pointer_button_up,
		.button_down = pointer_button_down,
		.destroy = pointer_destroy,
	};
	p->wlcs = wlcs;
	tack_seat_add_devices(wlcs->server->seat, TACK_SEAT_POINTER);
	return &p->base;
}

/*
 * wlcs's Touch helper hands its int pixel coordinates straight to these
 * wl_fixed_t parameters (unlike its pointer, which converts): read whole
 * pixels.
 */
static void touch_down(WlcsTouch *base, wl_fixed_t x, wl_fixed_t y)
{
	struct wlcs_touch *t = wl_container_of(base, t, base);
	struct tack_seat *seat = t->wlcs->server->seat;

	t->down = true;
	tack_seat_touch_down(seat, now_msec(t->wlcs), t->id, x, y);
	tack_seat_touch_frame(seat);
}

static void touch_move(WlcsTouch *base, wl_fixed_t x, wl_fixed_t y)
{
	struct wlcs_touch *t = wl_container_of(base, t, base);
	struct tack_seat *seat = t->wlcs->server->seat;

	tack_seat_touch_motion(seat, now_msec(t->wlcs), t->id, x, y);
	tack_seat_touch_frame(seat);
}

static void touch_up(WlcsTouch *base)
{
	struct wlcs_touch *t = wl_container_of(base, t, base);
	struct tack_seat *seat = t->wlcs->server->seat;

	t->down = false;
	tack_seat_touch_up(seat, now_msec(t->wlcs), t->id);
	tack_seat_touch_frame(seat);
}

static void touch_destroy(WlcsTouch *base)
{
	struct wlcs_touch *t = wl_container_of(base, t, base);

	if (t->down)
		touch_up(base);
	tack_seat_remove_devices(t->wlcs->server->seat, TACK_SEAT_TOUCH);
	free(t);
}

static WlcsTouch *wlcs_create_touch(WlcsDisplayServer *base)
{
	struct tack_wlcs *wlcs = wlcs_from(base);
	struct wlcs_touch *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->base = (WlcsTouch){
		.version = 1,
		.touch_down = touch_down,
		.touch_move = touch_move,
		.touch_up = touch_up,
		.destroy = touch_destroy,
	};
	t->wlcs = wlcs;
	t->id = wlcs->next_touch_id++;
	tack_seat_add_devices(wlcs->server->seat, TACK_SEAT_TOUCH);
	return &t->base;
}

static const WlcsIntegrationDescriptor *
wlcs_get_descriptor(const WlcsDisplayServer *base)
{
	return &descriptor;
}

static WlcsDisplayServer *wlcs_create_server(int argc, const char **argv)
{
	static const struct tack_headless_output_spec output = {
		1920, 1080, 60000
	};
	/* wlcs drives a pointer and lists windows as a VNC server would. */
	struct tack_server_options options = { .privileged_protocols = true };
	struct tack_wlcs *wlcs = calloc(1, sizeof(*wlcs));
	struct tack_backend *backend;

	if (!wlcs)
		return NULL;
	tack_log_set_level(getenv("TACK_WLCS_DEBUG") ? TACK_LOG_DEBUG :
						      TACK_LOG_ERROR);
	wl_list_init(&wlcs->clients);
	wlcs->display = wl_display_create();
	if (!wlcs->display)
		goto free_wlcs;
	wlcs->server = tack_server_create(wlcs->display, &options, NULL);
	if (!wlcs->server)
		goto destroy_display;
	backend = tack_headless_backend_create(
		tack_server_backend_env(wlcs->server), &output, 1);
	if (!backend)
		goto destroy_server;
	tack_server_set_backend(wlcs->server, backend);
	/*
	 * wlcs's clients bind wl_pointer and wl_touch when they connect and
	 * its tests plug devices in afterwards, expecting events at once: the
	 * test rig's seat has every kind of device from the start.
	 */
	tack_seat_add_devices(wlcs->server->seat, TACK_SEAT_KEYBOARD |
				TACK_SEAT_POINTER | TACK_SEAT_TOUCH);
	wlcs->base = (WlcsDisplayServer){
		.version = 3,
		.stop = wlcs_stop,
		.create_client_socket = wlcs_create_client_socket,
		.position_window_absolute = wlcs_position_window_absolute,
		.create_pointer = wlcs_create_pointer,
		.create_touch = wlcs_create_touch,
		.get_descriptor = wlcs_get_descriptor,
		.start_on_this_thread = wlcs_start_on_this_thread,
	};
	return &wlcs->base;

destroy_server:
	tack_server_destroy(wlcs->server);
destroy_display:
	wl_display_destroy(wlcs->display);
free_wlcs:
	free(wlcs);
	return NULL;
}

static void wlcs_destroy_server(WlcsDisplayServer *base)
{
	struct tack_wlcs *wlcs = wlcs_from(base);

	tack_server_destroy(wlcs->server);
	wl_display_destroy(wlcs->display);
	free(wlcs);
}

__attribute__((visibility("default")))
const WlcsServerIntegration wlcs_server_integration = {
	.version = 1,
	.create_server = wlcs_create_server,
	.destroy_server = wlcs_destroy_server,
};
