/* xdg-shell: toplevels, popups, positioners, and the window policy. */
#ifndef TACK_SHELL_H
#define TACK_SHELL_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct tack_scene;
struct tack_seat;
struct tack_shell;
struct tack_view;

/*
 * xdg_wm_base at wm_base_version (0: the highest tack has): windows in the
 * scene, focused through the seat, following the layout's outputs.
 */
struct tack_shell *tack_shell_create(struct wl_display *display,
				     struct tack_scene *scene,
				     struct tack_seat *seat,
				     uint32_t wm_base_version);
void tack_shell_destroy(struct tack_shell *shell);
/*
 * zwlr_foreign_toplevel_manager_v1 for taskbars, which also lets windows
 * minimize; privileged: only when asked for. It goes with the shell.
 */
bool tack_foreign_toplevel_manager_create(struct tack_shell *shell,
					  struct wl_display *display);
void tack_foreign_toplevel_manager_destroy(struct tack_shell *shell);
struct tack_xdg_activation;
/* xdg_activation_v1: focus handed over with a token from the user's input. */
struct tack_xdg_activation *tack_xdg_activation_create(struct tack_shell *shell,
						       struct wl_display *display);
void tack_xdg_activation_destroy(struct tack_xdg_activation *activation);
/* zxdg_decoration_manager_v1, which the display destroys. */
bool tack_xdg_decoration_manager_create(struct wl_display *display);
/* Ask the window of a view to close; false when it is not a toplevel. */
bool tack_shell_close_view(struct tack_view *view);
/*
 * Put a floating toplevel's window geometry (not its surface origin) at
 * x, y in the layout; false when the view is not a toplevel.
 */
bool tack_shell_move_view(struct tack_view *view, int32_t x, int32_t y);

#endif
