/* The server's parts, made layer by layer and destroyed in reverse. */
#include <stdlib.h>
#include "backend/backend.h"
#include "backend/virtual_keyboard.h"
#include "backend/virtual_pointer.h"
#include "buffer/shm.h"
#include "buffer/single_pixel.h"
#include "output/layout.h"
#include "output/output.h"
#include "render/pixman_renderer.h"
#include "render/renderer.h"
#include "render/vulkan_renderer.h"
#include "scene/scene.h"
#include "scene/screencopy.h"
#include "seat/seat.h"
#include "server.h"
#include "shell/layer_shell.h"
#include "shell/session_lock.h"
#include "shell/shell.h"
#include "surface/fractional_scale.h"
#include "surface/presentation.h"
#include "surface/subsurface.h"
#include "surface/surface.h"
#include "surface/viewporter.h"
#include "util/log.h"

/* Globals without state of their own: the display destroys them. */
static bool create_stateless_globals(struct tack_server *server)
{
	return tack_subcompositor_create(server->display) &&
	       tack_xdg_decoration_manager_create(server->display) &&
	       tack_xdg_output_manager_create(server->display) &&
	       tack_presentation_create(server->display) &&
	       tack_fractional_scale_create(server->display) &&
	       tack_single_pixel_create(server->display, server->shm) &&
	       tack_viewporter_create(server->display) &&
	       (!server->options.test_input ||
		tack_test_input_create(server->display, server->seat));
}

/* Each lets a client act on every other: only when asked for. */
static bool create_privileged_globals(struct tack_server *server)
{
	server->virtual_pointer = tack_virtual_pointer_manager_create(
		server->display, server->seat, server->layout);
	server->virtual_keyboard = tack_virtual_keyboard_manager_create(
		server->display, server->seat);
	return server->virtual_pointer && server->virtual_keyboard &&
	       tack_foreign_toplevel_manager_create(server->shell,
						    server->display);
}

/*
 * auto takes a GPU that samples clients' pages in place, and no CPU device
 * unless one is named; vulkan takes whatever Vulkan device there is.
 */
static struct tack_renderer *create_renderer(struct tack_server *server)
{
	const struct tack_server_options *o = &server->options;
	struct tack_vulkan_options vk = {
		.device = o->vulkan_device,
		.any_device = o->renderer == TACK_RENDERER_VULKAN ||
			      o->vulkan_device,
		.no_zero_copy = o->no_zero_copy,
		.budget = &server->pin_budget,
	};
	struct tack_renderer *renderer;

	if (o->renderer == TACK_RENDERER_PIXMAN)
		return tack_pixman_renderer_create();
	renderer = tack_vulkan_renderer_create(&vk);
	if (renderer || o->renderer == TACK_RENDERER_VULKAN)
		return renderer;
	tack_info("renderer: pixman (no Vulkan device for --renderer=auto)");
	return tack_pixman_renderer_create();
}

/* The shells: windows, panels, the lock and focus handovers. */
static int create_shells(struct tack_server *server)
{
	struct wl_display *display = server->display;

	server->shell = tack_shell_create(display, server->scene, server->seat,
					  server->options.xdg_wm_base_version);
	if (!server->shell)
		return -1;
	server->layer_shell = tack_layer_shell_create(display, server->scene,
						      server->seat);
	if (!server->layer_shell)
		goto destroy_shell;
	server->session_lock = tack_session_lock_manager_create(display,
						server->scene, server->seat);
	if (!server->session_lock)
		goto destroy_layer_shell;
	server->activation = tack_xdg_activation_create(server->shell, display);
	if (!server->activation)
		goto destroy_session_lock;
	return 0;

destroy_session_lock:
	tack_session_lock_manager_destroy(server->session_lock);
destroy_layer_shell:
	tack_layer_shell_destroy(server->layer_shell);
destroy_shell:
	tack_shell_destroy(server->shell);
	return -1;
}

static void destroy_shells(struct tack_server *server)
{
	tack_xdg_activation_destroy(server->activation);
	tack_session_lock_manager_destroy(server->session_lock);
	tack_layer_shell_destroy(server->layer_shell);
	tack_shell_destroy(server->shell);
}

static int create_parts(struct tack_server *server)
{
	struct wl_display *display = server->display;

	server->renderer = create_renderer(server);
	if (!server->renderer)
		return -1;
	server->shm = tack_shm_create(display, server->trace);
	if (!server->shm)
		goto destroy_renderer;
	server->layout = tack_layout_create(display, server->trace);
	if (!server->layout)
		goto destroy_shm;
	server->compositor = tack_compositor_create(display, server->trace);
	if (!server->compositor)
		goto destroy_layout;
	server->scene = tack_scene_create(server->compositor, server->layout,
					  server->renderer);
	if (!server->scene)
		goto destroy_compositor;
	server->screencopy = tack_screencopy_create(display, server->scene);
	if (!server->screencopy)
		goto destroy_scene;
	server->seat = tack_seat_create(display, server->scene, "seat0");
	if (!server->seat)
		goto destroy_screencopy;
	if (create_shells(server) < 0)
		goto destroy_seat;
	if (!create_stateless_globals(server))
		goto destroy_shells;
	if (server->options.privileged_protocols &&
	    !create_privileged_globals(server))
		goto destroy_privileged;
	return 0;

destroy_privileged:
	tack_virtual_keyboard_manager_destroy(server->virtual_keyboard);
	tack_virtual_pointer_manager_destroy(server->virtual_pointer);
	tack_foreign_toplevel_manager_destroy(server->shell);
destroy_shells:
	destroy_shells(server);
destroy_seat:
	tack_seat_destroy(server->seat);
destroy_screencopy:
	tack_screencopy_destroy(server->screencopy);
destroy_scene:
	tack_scene_destroy(server->scene);
destroy_compositor:
	tack_compositor_destroy(server->compositor);
destroy_layout:
	tack_layout_destroy(server->layout);
destroy_shm:
	tack_shm_destroy(server->shm);
destroy_renderer:
	tack_renderer_destroy(server->renderer);
	return -1;
}

struct tack_server *tack_server_create(struct wl_display *display,
				       const struct tack_server_options *options,
				       struct tack_trace *trace)
{
	struct tack_server *server = calloc(1, sizeof(*server));

	if (!server)
		return NULL;
	server->options = *options;
	server->display = display;
	server->loop = wl_display_get_event_loop(display);
	server->trace = trace;
	tack_pin_budget_init(&server->pin_budget, options->client_pin_budget);
	if (create_parts(server) < 0) {
		tack_err("server: cannot create the globals");
		tack_pin_budget_finish(&server->pin_budget);
		free(server);
		return NULL;
	}
	server->backend_env = (struct tack_backend_env){
		.loop = server->loop,
		.layout = server->layout,
		.renderer = server->renderer,
		.seat = server->seat,
		.trace = trace,
		.pin_budget = &server->pin_budget,
	};
	return server;
}

const struct tack_backend_env *tack_server_backend_env(
	struct tack_server *server)
{
	return &server->backend_env;
}

void tack_server_set_backend(struct tack_server *server,
			     struct tack_backend *backend)
{
	server->backend = backend;
}

void tack_server_destroy(struct tack_server *server)
{
	wl_display_destroy_clients(server->display);
	tack_screencopy_destroy(server->screencopy);
	tack_backend_destroy(server->backend);
	tack_virtual_keyboard_manager_destroy(server->virtual_keyboard);
	tack_virtual_pointer_manager_destroy(server->virtual_pointer);
	destroy_shells(server);
	tack_seat_destroy(server->seat);
	tack_scene_destroy(server->scene);
	tack_compositor_destroy(server->compositor);
	/* after all that listen to it; with outputs a backend left behind */
	tack_layout_destroy(server->layout);
	tack_shm_destroy(server->shm);
	tack_renderer_destroy(server->renderer);
	tack_pin_budget_finish(&server->pin_budget);
	free(server);
}
