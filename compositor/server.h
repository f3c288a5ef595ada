/* The server core: one display, its globals, outputs, scene and seat. */
#ifndef TACK_SERVER_H
#define TACK_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <wayland-server-core.h>

struct tack_backend;
struct tack_scene;
struct tack_trace;
struct tack_seat;
struct tack_shell;

struct tack_server_options {
	/* Offer tack_test_input_v1: virtual input devices for tests. */
	bool test_input;
	/*
	 * Advertise xdg_wm_base at this version (0: the highest tack has), for
	 * clients that bind whatever is advertised without handling it.
	 */
	uint32_t xdg_wm_base_version;
};

struct tack_server {
	struct tack_server_options options;
	struct wl_display *display;
	struct wl_event_loop *loop;
	struct tack_backend *backend;
	struct tack_scene *scene;
	struct tack_seat *seat;
	struct tack_shell *shell;
	struct tack_trace *trace;	/* set by main; records when on */
	uint32_t next_surface_id;	/* for traces */
	uint32_t next_output_id;
	uint64_t next_commit_id;
	struct wl_list outputs;		/* tack_output.link, left to right */
	struct wl_list surfaces;	/* tack_surface.link, every one */

	struct {
		struct wl_signal new_surface;	/* struct tack_surface * */
		struct wl_signal new_output;	/* struct tack_output * */
		/* the pointer moved, or came or went: struct tack_seat * */
		struct wl_signal pointer_motion;
		struct wl_signal destroy;	/* struct tack_server * */
	} events;
};

/*
 * Create every global on an existing display. The backend is attached after
 * with tack_server_set_backend(); outputs appear as the backend makes them.
 */
struct tack_server *tack_server_create(struct wl_display *display,
				       const struct tack_server_options *options);
void tack_server_set_backend(struct tack_server *server,
			     struct tack_backend *backend);
/* Destroys clients first, then the backend, then the globals. */
void tack_server_destroy(struct tack_server *server);

/* The union of all outputs' logical boxes. */
void tack_server_layout_box(struct tack_server *server, int32_t *x, int32_t *y,
			    int32_t *width, int32_t *height);
struct tack_output *tack_server_output_at(struct tack_server *server,
					  double lx, double ly);

#endif
