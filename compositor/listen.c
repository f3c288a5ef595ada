/*
 * The listening socket. Its name and lock file follow libwayland's
 * convention (NAME and NAME.lock in XDG_RUNTIME_DIR), so that clients and
 * other compositors see it as any Wayland socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "listen.h"
#include "util/log.h"

/* wayland-0 to wayland-32, as libwayland tries them */
#define AUTO_NAMES 33
/* out of fds, connections wait this long before tack looks again */
#define FD_PAUSE_MS 250

struct tack_listener {
	struct wl_display *display;
	char name[64];
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char lock_path[sizeof(((struct sockaddr_un *)0)->sun_path) + 8];
	int fd, lock_fd;
	/*
	 * Held for libwayland, which takes a second fd for each connection
	 * tack accepts: with it, an accepted connection never finds the last
	 * fd gone, and without it, tack accepts none.
	 */
	int spare_fd;
	struct wl_event_source *source;
	struct wl_event_source *pause;
	unsigned long paused;		/* times fds ran out */
};

static int take_spare(struct tack_listener *l)
{
	l->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return l->spare_fd < 0 ? -1 : 0;
}

static int handle_pause_done(void *data)
{
	struct tack_listener *l = data;

	if (l->spare_fd < 0 && take_spare(l) < 0) {
		wl_event_source_timer_update(l->pause, FD_PAUSE_MS);
		return 0;
	}
	wl_event_source_fd_update(l->source, WL_EVENT_READABLE);
	return 0;
}

/* No fd for the connection: it waits in the backlog, tack does not spin. */
static void pause_accepting(struct tack_listener *l)
{
	if (l->paused++ == 0)
		tack_err("listen: out of fds; connections wait until some are free");
	wl_event_source_fd_update(l->source, 0);
	wl_event_source_timer_update(l->pause, FD_PAUSE_MS);
}

static int handle_socket_readable(int fd, uint32_t mask, void *data)
{
	struct tack_listener *l = data;
	int client_fd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

	if (client_fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			pause_accepting(l);
		else if (errno != EAGAIN && errno != EINTR &&
			 errno != ECONNABORTED)
			tack_err("listen: accept: %s", strerror(errno));
		return 0;
	}
	close(l->spare_fd);
	l->spare_fd = -1;
	if (!wl_client_create(l->display, client_fd)) {
		tack_err("listen: cannot make a client of a connection: %s",
			 strerror(errno));
		close(client_fd);
	}
	if (take_spare(l) < 0)
		pause_accepting(l);
	return 0;
}

/* A name is in dir, unless it is an absolute path (as libwayland takes). */
static int set_paths(struct tack_listener *l, const char *dir,
		     const char *name)
{
	int len = name[0] == '/' ?
		snprintf(l->path, sizeof(l->path), "%s", name) :
		snprintf(l->path, sizeof(l->path), "%s/%s", dir, name);

	if (len >= (int)sizeof(l->path) ||
	    snprintf(l->name, sizeof(l->name), "%s", name) >=
		    (int)sizeof(l->name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(l->lock_path, sizeof(l->lock_path), "%s.lock", l->path);
	return 0;
}

/* The lock says the name is ours; a socket file left behind goes. */
static int take_name(struct tack_listener *l)
{
	l->lock_fd = open(l->lock_path, O_CREAT | O_CLOEXEC | O_RDWR,
			  S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP);
	if (l->lock_fd < 0)
		return -1;
	if (flock(l->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno == EWOULDBLOCK ? EADDRINUSE : errno;

		close(l->lock_fd);
		l->lock_fd = -1;
		errno = err;
		return -1;
	}
	if (unlink(l->path) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

static int bind_socket(struct tack_listener *l)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0)
		return -1;
	memcpy(addr.sun_path, l->path, strlen(l->path) + 1);
	if (bind(l->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(l->fd, 128) < 0)
		return -1;
	return 0;
}

static void release(struct tack_listener *l)
{
	if (l->fd >= 0) {
		close(l->fd);
		unlink(l->path);
	}
	if (l->lock_fd >= 0) {
		close(l->lock_fd);
		unlink(l->lock_path);
	}
	l->fd = l->lock_fd = -1;
}

static int try_name(struct tack_listener *l, const char *dir,
		    const char *name)
{
	if (set_paths(l, dir, name) < 0)
		return -1;
	if (take_name(l) < 0 || bind_socket(l) < 0) {
		int err = errno;

		release(l);
		errno = err;
		return -1;
	}
	return 0;
}

/* The first free wayland-N, as libwayland picks them. */
static int try_auto_names(struct tack_listener *l, const char *dir)
{
	char name[16];
	int i;

	for (i = 0; i < AUTO_NAMES; i++) {
		snprintf(name, sizeof(name), "wayland-%d", i);
		if (try_name(l, dir, name) == 0)
			return 0;
		if (errno == ENAMETOOLONG)
			break;
	}
	tack_err("listen: no free socket name in %s: %s", dir, strerror(errno));
	return -1;
}

static int add_sources(struct tack_listener *l)
{
	struct wl_event_loop *loop = wl_display_get_event_loop(l->display);

	l->source = wl_event_loop_add_fd(loop, l->fd, WL_EVENT_READABLE,
					 handle_socket_readable, l);
	l->pause = wl_event_loop_add_timer(loop, handle_pause_done, l);
	if (!l->source || !l->pause) {
		tack_err("listen: no memory for the socket's event sources");
		return -1;
	}
	return 0;
}

struct tack_listener *tack_listen(struct wl_display *display,
				  const char *name)
{
	const char *dir = getenv("XDG_RUNTIME_DIR");
	struct tack_listener *l;

	if (!dir && !(name && name[0] == '/')) {
		tack_err("listen: XDG_RUNTIME_DIR is not set");
		return NULL;
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		tack_err("listen: no memory");
		return NULL;
	}
	l->display = display;
	l->fd = l->lock_fd = -1;
	if (take_spare(l) < 0) {
		tack_err("listen: cannot open /dev/null: %s", strerror(errno));
		goto destroy;
	}
	if (name && try_name(l, dir, name) < 0) {
		tack_err("listen: cannot listen on %s: %s", l->path,
			 strerror(errno));
		goto destroy;
	}
	if (!name && try_auto_names(l, dir) < 0)
		goto destroy;
	if (add_sources(l) < 0)
		goto destroy;
	return l;

destroy:
	tack_listener_destroy(l);
	return NULL;
}

const char *tack_listener_name(struct tack_listener *l)
{
	return l->name;
}

void tack_listener_destroy(struct tack_listener *l)
{
	if (!l)
		return;
	if (l->paused)
		tack_info("listen: fds ran out %lu times", l->paused);
	if (l->pause)
		wl_event_source_remove(l->pause);
	if (l->source)
		wl_event_source_remove(l->source);
	release(l);
	if (l->spare_fd >= 0)
		close(l->spare_fd);
	free(l);
}
