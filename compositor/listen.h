/*
 * The socket clients connect to, in XDG_RUNTIME_DIR, with its lock file.
 * tack accepts on it itself rather than through libwayland, so that with
 * no fd left to take a connection with it waits for fds instead of
 * spinning on a socket that stays readable.
 */
#ifndef TACK_LISTEN_H
#define TACK_LISTEN_H

#include <wayland-server-core.h>

struct tack_listener;

/*
 * Listen on name, or on the first free wayland-N where name is NULL.
 * NULL on failure, with the reason logged.
 */
struct tack_listener *tack_listen(struct wl_display *display,
				  const char *name);
const char *tack_listener_name(struct tack_listener *listener);
/* Closes the socket and removes its files. */
void tack_listener_destroy(struct tack_listener *listener);

#endif
