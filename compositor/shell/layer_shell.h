/* zwlr_layer_shell_v1: panels, wallpapers and overlays on outputs' edges. */
#ifndef TACK_LAYER_SHELL_H
#define TACK_LAYER_SHELL_H

#include <wayland-server-core.h>

struct tack_layer_shell;
struct tack_scene;
struct tack_seat;

/* The global, with surfaces in the scene's layers and the seat's focus. */
struct tack_layer_shell *tack_layer_shell_create(struct wl_display *display,
						 struct tack_scene *scene,
						 struct tack_seat *seat);
void tack_layer_shell_destroy(struct tack_layer_shell *shell);

#endif
