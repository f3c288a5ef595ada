#include <stdlib.h>
#include "backend/backend.h"
#include "util/log.h"
#include "output/output.h"
#include "surface/presentation.h"
#include "scene/scene.h"
#include "scene/screencopy.h"
#include "seat/seat.h"
#include "server.h"
#include "shell/shell.h"
#include "buffer/shm.h"
#include "surface/subsurface.h"
#include "surface/surface.h"
#include "surface/viewporter.h"

static bool create_core_globals(struct tack_server *server)
{
	return tack_shm_create(server) &&
	       tack_compositor_create(server) &&
	       tack_subcompositor_create(server) &&
	       tack_xdg_output_manager_create(server) &&
	       tack_presentation_create(server) &&
	       tack_viewporter_create(server);
}

/*
 * Each part hooks in below: the shell, the seat (and its test-input path),
 * screencopy. Parts create their globals and keep their state in server.
 */
static bool create_parts(struct tack_server *server,
			 const struct tack_server_options *options)
{
	if (!tack_screencopy_create(server))
		return false;
	server->seat = tack_seat_create(server, "seat0");
	if (!server->seat)
		return false;
	if (options->test_input && !tack_test_input_create(server))
		return false;
	server->shell = tack_shell_create(server);
	if (!server->shell)
		return false;
	return true;
}

static void destroy_parts(struct tack_server *server)
{
	tack_shell_destroy(server->shell);
	tack_seat_destroy(server->seat);
	server->seat = NULL;
}

struct tack_server *tack_server_create(struct wl_display *display,
				       const struct tack_server_options *options)
{
	struct tack_server *server = calloc(1, sizeof(*server));

	if (!server)
		return NULL;
	server->options = *options;
	server->display = display;
	server->loop = wl_display_get_event_loop(display);
	wl_list_init(&server->outputs);
	wl_list_init(&server->surfaces);
	wl_signal_init(&server->events.new_surface);
	wl_signal_init(&server->events.new_output);
	wl_signal_init(&server->events.pointer_motion);
	wl_signal_init(&server->events.destroy);

	server->scene = tack_scene_create(server);
	if (!server->scene)
		goto free_server;
	if (!create_core_globals(server) || !create_parts(server, options)) {
		tack_err("server: cannot create the globals");
		goto destroy_scene;
	}
	return server;

destroy_scene:
	tack_scene_destroy(server->scene);
free_server:
	free(server);
	return NULL;
}

void tack_server_set_backend(struct tack_server *server,
			     struct tack_backend *backend)
{
	server->backend = backend;
}

void tack_server_destroy(struct tack_server *server)
{
	struct tack_output *output, *tmp;

	wl_display_destroy_clients(server->display);
	wl_signal_emit(&server->events.destroy, server);
	if (server->backend)
		tack_backend_destroy(server->backend);
	wl_list_for_each_safe(output, tmp, &server->outputs, link)
		tack_output_destroy(output);
	destroy_parts(server);
	tack_scene_destroy(server->scene);
	free(server);
}

void tack_server_layout_box(struct tack_server *server, int32_t *x, int32_t *y,
			    int32_t *width, int32_t *height)
{
	struct tack_output *output;
	pixman_region32_t all;
	pixman_box32_t *ext;

	pixman_region32_init(&all);
	wl_list_for_each(output, &server->outputs, link) {
		pixman_box32_t box;

		tack_output_logical_box(output, &box);
		pixman_region32_union_rect(&all, &all, box.x1, box.y1,
					   box.x2 - box.x1, box.y2 - box.y1);
	}
	ext = pixman_region32_extents(&all);
	*x = ext->x1;
	*y = ext->y1;
	*width = ext->x2 - ext->x1;
	*height = ext->y2 - ext->y1;
	pixman_region32_fini(&all);
}

struct tack_output *tack_server_output_at(struct tack_server *server, double lx,
					  double ly)
{
	struct tack_output *output;

	wl_list_for_each(output, &server->outputs, link) {
		pixman_box32_t box;

		tack_output_logical_box(output, &box);
		if (lx >= box.x1 && lx < box.x2 && ly >= box.y1 && ly < box.y2)
			return output;
	}
	return NULL;
}
