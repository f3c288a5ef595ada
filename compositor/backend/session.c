/* The session through libseat: devices, and the active state. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libseat.h>
#include "backend/session.h"
#include "util/log.h"
#include "util/time.h"

#define SESSION_ENABLE_TIMEOUT_MS 5000

struct session_device {
	struct wl_list link;
	int fd;
	int device_id;
};

static void handle_seat_enable(struct libseat *seat, void *data)
{
	struct tack_session *session = data;

	tack_info("session: active on seat %s", libseat_seat_name(seat));
	session->active = true;
	wl_signal_emit(&session->events.active, session);
}

/*
 * The listeners stop using the devices first (no more commits or input
 * reads), then libseat is told that we are done with them.
 */
static void handle_seat_disable(struct libseat *seat, void *data)
{
	struct tack_session *session = data;

	tack_info("session: inactive, letting go of the devices");
	session->active = false;
	wl_signal_emit(&session->events.active, session);
	if (libseat_disable_seat(seat) < 0)
		tack_err("session: libseat_disable_seat: %s", strerror(errno));
}

static const struct libseat_seat_listener seat_listener = {
	.enable_seat = handle_seat_enable,
	.disable_seat = handle_seat_disable,
};

static int handle_seat_readable(int fd, uint32_t mask, void *data)
{
	struct tack_session *session = data;

	if (libseat_dispatch(session->seat, 0) < 0)
		tack_err("session: libseat_dispatch: %s", strerror(errno));
	return 0;
}

static void handle_libseat_log(enum libseat_log_level level,
			       const char *fmt, va_list args)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, args);
	tack_log(level == LIBSEAT_LOG_LEVEL_ERROR ? TACK_LOG_ERROR :
		 level == LIBSEAT_LOG_LEVEL_INFO ? TACK_LOG_INFO :
						   TACK_LOG_DEBUG,
		 "libseat: %s", line);
}

/* Some backends only enable the seat after a round trip. */
static int wait_active(struct tack_session *session)
{
	int64_t deadline = tack_now_nsec() +
			   SESSION_ENABLE_TIMEOUT_MS * TACK_NSEC_PER_MSEC;

	while (!session->active) {
		int64_t left = (deadline - tack_now_nsec()) / TACK_NSEC_PER_MSEC;

		if (left <= 0)
			return -ETIMEDOUT;
		if (libseat_dispatch(session->seat, (int)left) < 0)
			return -errno;
	}
	return 0;
}

struct tack_session *tack_session_create(struct wl_event_loop *loop)
{
	struct tack_session *session = calloc(1, sizeof(*session));
	int ret;

	if (!session)
		return NULL;
	wl_list_init(&session->devices);
	wl_signal_init(&session->events.active);
	libseat_set_log_handler(handle_libseat_log);
	libseat_set_log_level(LIBSEAT_LOG_LEVEL_INFO);
	session->seat = libseat_open_seat(&seat_listener, session);
	if (!session->seat) {
		tack_err("session: cannot open a seat (is seatd or logind running, or are we root?): %s",
			 strerror(errno));
		goto free_session;
	}
	ret = wait_active(session);
	if (ret < 0) {
		tack_err("session: the seat did not become active: %s",
			 strerror(-ret));
		goto close_seat;
	}
	session->source = wl_event_loop_add_fd(loop,
		libseat_get_fd(session->seat), WL_EVENT_READABLE,
		handle_seat_readable, session);
	if (!session->source)
		goto close_seat;
	return session;

close_seat:
	libseat_close_seat(session->seat);
free_session:
	free(session);
	return NULL;
}

void tack_session_destroy(struct tack_session *session)
{
	struct session_device *dev, *tmp;

	if (!session)
		return;
	wl_list_for_each_safe(dev, tmp, &session->devices, link)
		tack_session_close_device(session, dev->fd);
	wl_event_source_remove(session->source);
	libseat_close_seat(session->seat);
	free(session);
}

const char *tack_session_seat_name(struct tack_session *session)
{
	return libseat_seat_name(session->seat);
}

int tack_session_open_device(struct tack_session *session, const char *path)
{
	struct session_device *dev = calloc(1, sizeof(*dev));
	int ret;

	if (!dev)
		return -ENOMEM;
	dev->device_id = libseat_open_device(session->seat, path, &dev->fd);
	if (dev->device_id < 0) {
		ret = -errno;
		tack_err("session: cannot open %s: %s", path, strerror(errno));
		free(dev);
		return ret;
	}
	wl_list_insert(&session->devices, &dev->link);
	return dev->fd;
}

void tack_session_close_device(struct tack_session *session, int fd)
{
	struct session_device *dev;

	wl_list_for_each(dev, &session->devices, link) {
		if (dev->fd != fd)
			continue;
		if (libseat_close_device(session->seat, dev->device_id) < 0)
			tack_err("session: libseat_close_device: %s",
				 strerror(errno));
		close(dev->fd);
		wl_list_remove(&dev->link);
		free(dev);
		return;
	}
}

int tack_session_change_vt(struct tack_session *session, int vt)
{
	if (libseat_switch_session(session->seat, vt) < 0)
		return -errno;
	return 0;
}
