/* ext_session_lock_v1: lockers such as swaylock lock the session. */
#ifndef TACK_SESSION_LOCK_H
#define TACK_SESSION_LOCK_H

#include <wayland-server-core.h>

struct tack_scene;
struct tack_seat;
struct tack_session_lock_manager;

struct tack_session_lock_manager *tack_session_lock_manager_create(
	struct wl_display *display, struct tack_scene *scene,
	struct tack_seat *seat);
void tack_session_lock_manager_destroy(struct tack_session_lock_manager *m);

#endif
