/*
 * The session: libseat (seatd, logind or its builtin backend) opens the
 * seat's devices for tack and says when the session is active (its VT in
 * front) and when it must let go of them.
 */
#ifndef TACK_SESSION_H
#define TACK_SESSION_H

#include <stdbool.h>
#include <wayland-server-core.h>

struct tack_session {
	struct libseat *seat;
	struct wl_event_source *source;
	bool active;
	struct wl_list devices;		/* session_device.link */

	struct {
		/* active changed; read tack_session.active */
		struct wl_signal active;
	} events;
};

/* Opens the seat and waits (a few seconds at most) until it is active. */
struct tack_session *tack_session_create(struct wl_event_loop *loop);
void tack_session_destroy(struct tack_session *session);
const char *tack_session_seat_name(struct tack_session *session);

/* An fd for a device node of the seat, or -errno. */
int tack_session_open_device(struct tack_session *session, const char *path);
void tack_session_close_device(struct tack_session *session, int fd);
/* Ask for VT number vt (Ctrl+Alt+Fn). */
int tack_session_change_vt(struct tack_session *session, int vt);

#endif
