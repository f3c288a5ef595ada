/* xdg-shell: toplevels, popups, positioners, and the window policy. */
#ifndef TACK_SHELL_H
#define TACK_SHELL_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct tack_server;
struct tack_output;
struct tack_view;

struct tack_shell *tack_shell_create(struct tack_server *server);
void tack_shell_destroy(struct tack_shell *shell);
/* Outputs changed: maximized and fullscreen toplevels follow. */
void tack_shell_outputs_changed(struct tack_shell *shell);
/* Ask the window of a view to close; false when it is not a toplevel. */
bool tack_shell_close_view(struct tack_view *view);
/*
 * Put a floating toplevel's window geometry (not its surface origin) at
 * x, y in the layout; false when the view is not a toplevel.
 */
bool tack_shell_move_view(struct tack_view *view, int32_t x, int32_t y);

#endif
