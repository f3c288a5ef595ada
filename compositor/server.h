/*
 * The server: every part of the compositor, made on one display in the
 * order of the layers (buffers, the layout, surfaces, the scene, the seat,
 * the shell) and destroyed in reverse. The backend comes last, from what
 * tack_server_backend_env() gives it.
 */
#ifndef TACK_SERVER_H
#define TACK_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include "backend/backend.h"
#include "util/pin_budget.h"

struct tack_compositor;
struct tack_layer_shell;
struct tack_layout;
struct tack_renderer;
struct tack_scene;
struct tack_screencopy;
struct tack_seat;
struct tack_session_lock_manager;
struct tack_shell;
struct tack_xdg_activation;
struct tack_shm;
struct tack_trace;
struct tack_virtual_keyboard_manager;
struct tack_virtual_pointer_manager;

enum tack_renderer_choice {
	/* Vulkan on a GPU that imports host memory, else pixman */
	TACK_RENDERER_AUTO,
	TACK_RENDERER_PIXMAN,
	TACK_RENDERER_VULKAN,
};

struct tack_server_options {
	/* Offer tack_test_input_v1: virtual input devices for tests. */
	bool test_input;
	/*
	 * Advertise xdg_wm_base at this version (0: the highest tack has), for
	 * clients that bind whatever is advertised without handling it.
	 */
	uint32_t xdg_wm_base_version;
	/* who composites what no plane shows */
	enum tack_renderer_choice renderer;
	const char *vulkan_device;	/* NULL: tack chooses */
	/* copy every buffer, for comparison (the backend is told apart) */
	bool no_zero_copy;
	/* bytes of each client's memory that KMS and the GPU may hold */
	size_t client_pin_budget;
	/*
	 * Offer the protocols that let one client see or drive the others
	 * (virtual pointer, foreign toplevels): for a VNC server or a test.
	 */
	bool privileged_protocols;
};

struct tack_server {
	struct tack_server_options options;
	struct wl_display *display;
	struct wl_event_loop *loop;
	struct tack_trace *trace;	/* the caller's; may be NULL */
	struct tack_renderer *renderer;
	struct tack_shm *shm;
	struct tack_layout *layout;
	struct tack_compositor *compositor;
	struct tack_scene *scene;
	struct tack_screencopy *screencopy;
	struct tack_seat *seat;
	struct tack_shell *shell;
	struct tack_layer_shell *layer_shell;
	struct tack_session_lock_manager *session_lock;
	struct tack_xdg_activation *activation;
	struct tack_virtual_pointer_manager *virtual_pointer;	/* privileged */
	struct tack_virtual_keyboard_manager *virtual_keyboard;	/* privileged */
	struct tack_backend *backend;
	struct tack_backend_env backend_env;
	struct tack_pin_budget pin_budget;
};

/*
 * Create every part and global on an existing display; the trace (may be
 * NULL) must outlive the server. The backend is attached after with
 * tack_server_set_backend(); outputs appear as the backend makes them.
 */
struct tack_server *tack_server_create(struct wl_display *display,
				       const struct tack_server_options *options,
				       struct tack_trace *trace);
/* What a backend is made with. */
const struct tack_backend_env *tack_server_backend_env(
	struct tack_server *server);
void tack_server_set_backend(struct tack_server *server,
			     struct tack_backend *backend);
/* Destroys clients first, then the backend, then the parts. */
void tack_server_destroy(struct tack_server *server);

#endif
