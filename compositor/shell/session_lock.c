/*
 * ext_session_lock_v1: a locker (swaylock) locks the session. While it is
 * locked the scene shows, and input reaches, the lock surfaces only;
 * screenshots and screencopy see the same. If the locker dies, the session
 * stays locked and the outputs black until a new locker unlocks it.
 */
#include <stdlib.h>
#include "ext-session-lock-v1-server-protocol.h"
#include "output/layout.h"
#include "output/output.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "shell/session_lock.h"
#include "surface/surface.h"
#include "util/log.h"

#define SESSION_LOCK_VERSION 1

struct tack_session_lock_manager {
	struct wl_global *global;
	struct tack_scene *scene;
	struct tack_seat *seat;
	struct session_lock *lock;	/* the locker; NULL if it died */
	bool locked;
};

struct session_lock {
	struct wl_resource *resource;
	struct tack_session_lock_manager *manager;	/* NULL: inert */
	struct wl_list surfaces;	/* lock_surface.link */
	struct wl_list waits;		/* output_wait.link */
	bool locked_sent;
};

/* An output that must show the lock before locked is sent. */
struct output_wait {
	struct wl_list link;
	struct session_lock *lock;
	struct wl_listener present;
	struct wl_listener destroy;
};

struct lock_surface {
	struct wl_resource *resource;
	struct session_lock *lock;	/* NULL: inert */
	struct tack_surface *surface;
	struct tack_output *output;
	struct tack_view *view;
	struct wl_list link;		/* session_lock.surfaces */
	struct wl_listener surface_destroy;
	struct wl_listener output_destroy;
	uint32_t serial;		/* last configure sent */
	int32_t width, height;		/* its size */
	bool acked;
};

static const struct ext_session_lock_v1_interface lock_impl;
static const struct ext_session_lock_surface_v1_interface lock_surface_impl;

/* The keyboard goes to the newest mapped lock surface. */
static void update_focus(struct tack_session_lock_manager *m)
{
	struct tack_surface *focus = NULL;
	struct lock_surface *ls;

	if (m->lock)
		wl_list_for_each(ls, &m->lock->surfaces, link)
			if (ls->view && ls->view->mapped)
				focus = ls->surface;
	tack_seat_set_locked(m->seat, m->locked, focus);
}

static void send_configure(struct lock_surface *ls)
{
	pixman_box32_t box;
	struct wl_display *display =
		wl_client_get_display(wl_resource_get_client(ls->resource));

	tack_output_logical_box(ls->output, &box);
	ls->width = box.x2 - box.x1;
	ls->height = box.y2 - box.y1;
	ls->serial = wl_display_next_serial(display);
	tack_view_set_position(ls->view, box.x1, box.y1);
	ext_session_lock_surface_v1_send_configure(ls->resource, ls->serial,
						   ls->width, ls->height);
}

static void lock_surface_end(struct lock_surface *ls)
{
	struct tack_session_lock_manager *m = ls->lock ? ls->lock->manager : NULL;

	if (!ls->lock)
		return;
	wl_list_remove(&ls->link);
	wl_list_remove(&ls->surface_destroy.link);
	wl_list_remove(&ls->output_destroy.link);
	tack_view_destroy(ls->view);
	ls->view = NULL;
	tack_surface_clear_role_data(ls->surface);
	ls->lock = NULL;
	if (m)
		update_focus(m);
}

static void handle_surface_destroy(struct wl_listener *listener, void *data)
{
	struct lock_surface *ls = wl_container_of(listener, ls, surface_destroy);

	lock_surface_end(ls);
}

/* Its output is gone: so is its purpose; the client destroys it. */
static void handle_output_destroy(struct wl_listener *listener, void *data)
{
	struct lock_surface *ls = wl_container_of(listener, ls, output_destroy);

	lock_surface_end(ls);
}

static bool role_precommit(struct tack_surface *surface)
{
	struct lock_surface *ls = surface->role_data;
	struct tack_surface_state *p = &surface->pending;

	if (!ls)
		return true;
	if (!ls->acked) {
		wl_resource_post_error(ls->resource,
			EXT_SESSION_LOCK_SURFACE_V1_ERROR_COMMIT_BEFORE_FIRST_ACK,
			"a commit before the first configure was acked");
		return false;
	}
	if ((p->committed & TACK_SURFACE_BUFFER) && !p->buffer) {
		wl_resource_post_error(ls->resource,
			EXT_SESSION_LOCK_SURFACE_V1_ERROR_NULL_BUFFER,
			"a lock surface may not unmap");
		return false;
	}
	return true;
}

static void role_commit(struct tack_surface *surface)
{
	struct lock_surface *ls = surface->role_data;

	if (!ls || !tack_surface_has_buffer(surface))
		return;
	if (surface->width != ls->width || surface->height != ls->height) {
		wl_resource_post_error(ls->resource,
			EXT_SESSION_LOCK_SURFACE_V1_ERROR_DIMENSIONS_MISMATCH,
			"%dx%d, configured %dx%d", surface->width,
			surface->height, ls->width, ls->height);
		return;
	}
	if (ls->view->mapped)
		return;
	tack_view_set_mapped(ls->view, true);
	update_focus(ls->lock->manager);
}

static const struct tack_surface_role lock_surface_role = {
	.name = "ext_session_lock_surface_v1",
	.precommit = role_precommit,
	.commit = role_commit,
};

static void handle_ack_configure(struct wl_client *client,
				 struct wl_resource *resource, uint32_t serial)
{
	struct lock_surface *ls = wl_resource_get_user_data(resource);

	if (!ls->lock)
		return;
	if (serial != ls->serial) {
		wl_resource_post_error(resource,
			EXT_SESSION_LOCK_SURFACE_V1_ERROR_INVALID_SERIAL,
			"serial %u is not the last configure's %u", serial,
			ls->serial);
		return;
	}
	ls->acked = true;
}

static void handle_surface_request_destroy(struct wl_client *client,
					   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct ext_session_lock_surface_v1_interface lock_surface_impl = {
	.destroy = handle_surface_request_destroy,
	.ack_configure = handle_ack_configure,
};

static void lock_surface_resource_destroy(struct wl_resource *resource)
{
	struct lock_surface *ls = wl_resource_get_user_data(resource);

	lock_surface_end(ls);
	free(ls);
}

static bool check_new_surface(struct session_lock *lock,
			      struct tack_surface *surface,
			      struct tack_output *output)
{
	struct lock_surface *ls;

	if (surface->role) {
		wl_resource_post_error(lock->resource,
			EXT_SESSION_LOCK_V1_ERROR_ROLE,
			"the surface already has role %s", surface->role->name);
		return false;
	}
	if (tack_surface_has_buffer(surface) ||
	    ((surface->pending.committed & TACK_SURFACE_BUFFER) &&
	     surface->pending.buffer)) {
		wl_resource_post_error(lock->resource,
			EXT_SESSION_LOCK_V1_ERROR_ALREADY_CONSTRUCTED,
			"the surface has a buffer");
		return false;
	}
	wl_list_for_each(ls, &lock->surfaces, link) {
		if (ls->output != output)
			continue;
		wl_resource_post_error(lock->resource,
			EXT_SESSION_LOCK_V1_ERROR_DUPLICATE_OUTPUT,
			"the output has a lock surface already");
		return false;
	}
	return true;
}

static void handle_get_lock_surface(struct wl_client *client,
				    struct wl_resource *resource, uint32_t id,
				    struct wl_resource *surface_resource,
				    struct wl_resource *output_resource)
{
	struct session_lock *lock = wl_resource_get_user_data(resource);
	struct tack_surface *surface = tack_surface_from_resource(surface_resource);
	struct tack_output *output = tack_output_from_resource(output_resource);
	struct lock_surface *ls;

	if (lock->manager && output && !check_new_surface(lock, surface, output))
		return;
	ls = calloc(1, sizeof(*ls));
	if (!ls)
		goto no_memory;
	ls->resource = wl_resource_create(client,
		&ext_session_lock_surface_v1_interface,
		wl_resource_get_version(resource), id);
	if (!ls->resource)
		goto free_ls;
	wl_resource_set_implementation(ls->resource, &lock_surface_impl, ls,
				       lock_surface_resource_destroy);
	/* An unlocked lock, or an output that is gone: an inert surface. */
	if (!lock->manager || !output)
		return;
	ls->view = tack_view_create(lock->manager->scene, surface, NULL,
				    TACK_LAYER_LOCK, NULL, ls);
	if (!ls->view) {
		wl_client_post_no_memory(client);
		return;
	}
	if (!tack_surface_set_role(surface, &lock_surface_role, ls, resource,
				   EXT_SESSION_LOCK_V1_ERROR_ROLE)) {
		tack_view_destroy(ls->view);
		ls->view = NULL;
		return;
	}
	ls->lock = lock;
	ls->surface = surface;
	ls->output = output;
	wl_list_insert(lock->surfaces.prev, &ls->link);
	ls->surface_destroy.notify = handle_surface_destroy;
	wl_signal_add(&surface->events.destroy, &ls->surface_destroy);
	ls->output_destroy.notify = handle_output_destroy;
	wl_signal_add(&output->events.destroy, &ls->output_destroy);
	send_configure(ls);
	return;

free_ls:
	free(ls);
no_memory:
	wl_client_post_no_memory(client);
}

static void end_waits(struct session_lock *lock)
{
	struct output_wait *w, *tmp;

	wl_list_for_each_safe(w, tmp, &lock->waits, link) {
		wl_list_remove(&w->present.link);
		wl_list_remove(&w->destroy.link);
		wl_list_remove(&w->link);
		free(w);
	}
}

/* The locker is done with: its surfaces end; the session stays locked. */
static void lock_end(struct session_lock *lock)
{
	struct lock_surface *ls, *tmp;
	struct tack_session_lock_manager *m = lock->manager;

	if (!m)
		return;
	end_waits(lock);
	wl_list_for_each_safe(ls, tmp, &lock->surfaces, link)
		lock_surface_end(ls);
	lock->manager = NULL;
	if (m->lock == lock)
		m->lock = NULL;
	update_focus(m);
}

static void handle_unlock_and_destroy(struct wl_client *client,
				      struct wl_resource *resource)
{
	struct session_lock *lock = wl_resource_get_user_data(resource);
	struct tack_session_lock_manager *m = lock->manager;

	if (m && !lock->locked_sent) {
		wl_resource_post_error(resource,
			EXT_SESSION_LOCK_V1_ERROR_INVALID_UNLOCK,
			"unlock before the locked event");
		return;
	}
	if (m && m->lock == lock) {
		lock_end(lock);
		m->locked = false;
		tack_scene_set_locked(m->scene, false);
		update_focus(m);
		tack_info("session lock: unlocked");
	}
	wl_resource_destroy(resource);
}

static void handle_lock_destroy(struct wl_client *client,
				struct wl_resource *resource)
{
	struct session_lock *lock = wl_resource_get_user_data(resource);

	if (lock->manager && lock->locked_sent) {
		wl_resource_post_error(resource,
			EXT_SESSION_LOCK_V1_ERROR_INVALID_DESTROY,
			"a lock that locked must be unlocked_and_destroyed");
		return;
	}
	wl_resource_destroy(resource);
}

static const struct ext_session_lock_v1_interface lock_impl = {
	.destroy = handle_lock_destroy,
	.get_lock_surface = handle_get_lock_surface,
	.unlock_and_destroy = handle_unlock_and_destroy,
};

static void lock_resource_destroy(struct wl_resource *resource)
{
	struct session_lock *lock = wl_resource_get_user_data(resource);

	if (lock->manager && lock->manager->lock == lock)
		tack_info("session lock: the locker is gone; the session stays locked");
	lock_end(lock);
	free(lock);
}

static void wait_done(struct output_wait *w)
{
	struct session_lock *lock = w->lock;

	wl_list_remove(&w->present.link);
	wl_list_remove(&w->destroy.link);
	wl_list_remove(&w->link);
	free(w);
	if (!wl_list_empty(&lock->waits) || lock->locked_sent)
		return;
	lock->locked_sent = true;
	ext_session_lock_v1_send_locked(lock->resource);
}

/* A frame drawn since the lock is on screen: that output shows no secret. */
static void handle_wait_present(struct wl_listener *listener, void *data)
{
	struct output_wait *w = wl_container_of(listener, w, present);

	wait_done(w);
}

static void handle_wait_destroy(struct wl_listener *listener, void *data)
{
	struct output_wait *w = wl_container_of(listener, w, destroy);

	wait_done(w);
}

/* locked goes out once every output has shown a frame of the lock. */
static void wait_for_outputs(struct session_lock *lock)
{
	struct tack_layout *layout = lock->manager->scene->layout;
	struct tack_output *output;
	struct output_wait *w;

	wl_list_for_each(output, &layout->outputs, link) {
		if (!output->enabled)
			continue;
		w = calloc(1, sizeof(*w));
		if (!w) {
			tack_err("session lock: no memory to wait for outputs");
			continue;
		}
		w->lock = lock;
		w->present.notify = handle_wait_present;
		wl_signal_add(&output->events.present, &w->present);
		w->destroy.notify = handle_wait_destroy;
		wl_signal_add(&output->events.destroy, &w->destroy);
		wl_list_insert(&lock->waits, &w->link);
		tack_output_schedule_frame(output);
	}
	if (wl_list_empty(&lock->waits)) {
		lock->locked_sent = true;
		ext_session_lock_v1_send_locked(lock->resource);
	}
}

static void handle_lock(struct wl_client *client, struct wl_resource *resource,
			uint32_t id)
{
	struct tack_session_lock_manager *m = wl_resource_get_user_data(resource);
	struct session_lock *lock = calloc(1, sizeof(*lock));

	if (!lock)
		goto no_memory;
	lock->resource = wl_resource_create(client, &ext_session_lock_v1_interface,
					    wl_resource_get_version(resource), id);
	if (!lock->resource)
		goto free_lock;
	wl_list_init(&lock->surfaces);
	wl_list_init(&lock->waits);
	wl_resource_set_implementation(lock->resource, &lock_impl, lock,
				       lock_resource_destroy);
	/* One locker at a time; a dead one's session may be taken over. */
	if (m->lock) {
		ext_session_lock_v1_send_finished(lock->resource);
		return;
	}
	lock->manager = m;
	m->lock = lock;
	tack_info("session lock: %s", m->locked ? "a new locker takes over" :
						  "locked");
	m->locked = true;
	tack_scene_set_locked(m->scene, true);
	update_focus(m);
	wait_for_outputs(lock);
	return;

free_lock:
	free(lock);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct ext_session_lock_manager_v1_interface manager_impl = {
	.destroy = handle_manager_destroy,
	.lock = handle_lock,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &ext_session_lock_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

struct tack_session_lock_manager *tack_session_lock_manager_create(
	struct wl_display *display, struct tack_scene *scene,
	struct tack_seat *seat)
{
	struct tack_session_lock_manager *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->scene = scene;
	m->seat = seat;
	m->global = wl_global_create(display,
				     &ext_session_lock_manager_v1_interface,
				     SESSION_LOCK_VERSION, m, bind_manager);
	if (!m->global) {
		tack_err("session lock: cannot create the global");
		free(m);
		return NULL;
	}
	return m;
}

/* After the clients: no lock or lock surface is left. */
void tack_session_lock_manager_destroy(struct tack_session_lock_manager *m)
{
	if (!m)
		return;
	wl_global_destroy(m->global);
	free(m);
}
