/* wl_seat: the global, capabilities, serials, and the seat's lifetime. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wayland-server-protocol.h>
#include "scene/scene.h"
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/log.h"

#define SEAT_VERSION 8

void tack_serial_ring_add(struct tack_serial_ring *ring, uint32_t serial,
			  uint32_t kind, const void *owner)
{
	ring->entries[ring->next].serial = serial;
	ring->entries[ring->next].kind = kind;
	ring->entries[ring->next].owner = owner;
	ring->next = (ring->next + 1) % TACK_SERIAL_RING_SIZE;
}

uint32_t tack_serial_ring_find(const struct tack_serial_ring *ring,
			       uint32_t serial, const void *owner)
{
	int i;

	for (i = 0; i < TACK_SERIAL_RING_SIZE; i++)
		if (ring->entries[i].kind && ring->entries[i].owner == owner &&
		    ring->entries[i].serial == serial)
			return ring->entries[i].kind;
	return 0;
}

void tack_serial_ring_forget(struct tack_serial_ring *ring, const void *owner)
{
	int i;

	for (i = 0; i < TACK_SERIAL_RING_SIZE; i++)
		if (ring->entries[i].owner == owner)
			ring->entries[i].kind = 0;
}

int tack_sealed_memfd(const char *name, const void *data, size_t size)
{
	const char *p = data;
	size_t done = 0;
	char path[64];
	int fd, ro, err;

	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	while (done < size) {
		ssize_t n = write(fd, p + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			goto close_fd;
		}
		done += n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
		  F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		err = -errno;
		goto close_fd;
	}
	/* A read-only description: clients cannot even ask for write access. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ro = open(path, O_RDONLY | O_CLOEXEC);
	if (ro < 0) {
		err = -errno;
		goto close_fd;
	}
	close(fd);
	return ro;

close_fd:
	close(fd);
	return err;
}

static void handle_client_destroy(struct wl_listener *listener, void *data)
{
	struct tack_seat_client *sc =
		wl_container_of(listener, sc, client_destroy);

	tack_serial_ring_forget(&sc->seat->serials, sc->client);
	wl_list_remove(&sc->client_destroy.link);
	wl_list_remove(&sc->link);
	free(sc);
}

static bool watch_client(struct tack_seat *seat, struct wl_client *client)
{
	struct tack_seat_client *sc;

	wl_list_for_each(sc, &seat->clients, link)
		if (sc->client == client)
			return true;
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return false;
	sc->seat = seat;
	sc->client = client;
	sc->client_destroy.notify = handle_client_destroy;
	wl_client_add_destroy_listener(client, &sc->client_destroy);
	wl_list_insert(&seat->clients, &sc->link);
	return true;
}

uint32_t tack_seat_next_serial(struct tack_seat *seat, struct wl_client *client,
			       uint32_t kind)
{
	uint32_t serial = wl_display_next_serial(seat->display);

	tack_serial_ring_add(&seat->serials, serial, kind, client);
	return serial;
}

bool tack_seat_validate_serial(struct tack_seat *seat, struct wl_client *client,
			       uint32_t serial)
{
	return tack_serial_ring_find(&seat->serials, serial, client) != 0;
}

struct wl_client *tack_seat_surface_client(struct tack_surface *surface)
{
	return surface ? wl_resource_get_client(surface->resource) : NULL;
}

void tack_seat_set_listener(struct wl_listener *listener,
			    struct tack_surface *surface)
{
	wl_list_remove(&listener->link);
	if (surface)
		wl_signal_add(&surface->events.destroy, listener);
	else
		wl_list_init(&listener->link);
}

static void handle_idle_refocus(void *data)
{
	struct tack_seat *seat = data;

	seat->idle_refocus = NULL;
	tack_keyboard_refocus(seat);
	tack_seat_rescan_pointer(seat);
}

void tack_seat_schedule_refocus(struct tack_seat *seat)
{
	if (seat->idle_refocus)
		return;
	seat->idle_refocus = wl_event_loop_add_idle(wl_display_get_event_loop(seat->display),
						    handle_idle_refocus, seat);
	if (!seat->idle_refocus)
		tack_err("seat: cannot schedule a focus change");
}

static uint32_t capabilities(struct tack_seat *seat)
{
	uint32_t caps = 0;

	if (seat->devices & TACK_SEAT_POINTER)
		caps |= WL_SEAT_CAPABILITY_POINTER;
	if (seat->devices & TACK_SEAT_KEYBOARD)
		caps |= WL_SEAT_CAPABILITY_KEYBOARD;
	if (seat->devices & TACK_SEAT_TOUCH)
		caps |= WL_SEAT_CAPABILITY_TOUCH;
	return caps;
}

static void send_capabilities(struct tack_seat *seat)
{
	struct wl_resource *resource;

	wl_resource_for_each(resource, &seat->resources)
		wl_seat_send_capabilities(resource, capabilities(seat));
}

/* One count per device kind: several devices of a kind may come and go. */
static const uint32_t device_kinds[TACK_SEAT_DEVICE_KINDS] = {
	TACK_SEAT_KEYBOARD, TACK_SEAT_POINTER, TACK_SEAT_TOUCH,
};

static void recount(struct tack_seat *seat)
{
	uint32_t before = seat->devices;
	int i;

	seat->devices = 0;
	for (i = 0; i < TACK_SEAT_DEVICE_KINDS; i++)
		if (seat->device_count[i] > 0)
			seat->devices |= device_kinds[i];
	seat->ever_devices |= seat->devices;
	if ((before & ~seat->devices) & TACK_SEAT_TOUCH)
		tack_touch_cancel(seat);
	if (seat->devices != before) {
		send_capabilities(seat);
		tack_pointer_cursor_changed(seat);
	}
}

void tack_seat_add_devices(struct tack_seat *seat, uint32_t devices)
{
	int i;

	for (i = 0; i < TACK_SEAT_DEVICE_KINDS; i++)
		if (devices & device_kinds[i])
			seat->device_count[i]++;
	recount(seat);
}

void tack_seat_remove_devices(struct tack_seat *seat, uint32_t devices)
{
	int i;

	for (i = 0; i < TACK_SEAT_DEVICE_KINDS; i++)
		if ((devices & device_kinds[i]) && seat->device_count[i] > 0)
			seat->device_count[i]--;
	recount(seat);
}

static struct tack_seat *seat_from_resource(struct wl_resource *resource)
{
	return wl_resource_get_user_data(resource);
}

/*
 * A device request on a seat that lacks the device now still gets an object
 * (the device may have gone just before) that receives no events; one that
 * never had it is the client's error.
 */
static bool had_device(struct wl_resource *resource, uint32_t device,
		       const char *name)
{
	struct tack_seat *seat = seat_from_resource(resource);

	if (seat && (seat->ever_devices & device))
		return true;
	wl_resource_post_error(resource, WL_SEAT_ERROR_MISSING_CAPABILITY,
			       "the seat never had a %s", name);
	return false;
}

static void handle_seat_get_pointer(struct wl_client *client,
				    struct wl_resource *resource, uint32_t id)
{
	if (had_device(resource, TACK_SEAT_POINTER, "pointer"))
		tack_pointer_create_resource(seat_from_resource(resource),
			client, wl_resource_get_version(resource), id);
}

static void handle_seat_get_keyboard(struct wl_client *client,
				     struct wl_resource *resource, uint32_t id)
{
	if (had_device(resource, TACK_SEAT_KEYBOARD, "keyboard"))
		tack_keyboard_create_resource(seat_from_resource(resource),
			client, wl_resource_get_version(resource), id);
}

static void handle_seat_get_touch(struct wl_client *client,
				  struct wl_resource *resource, uint32_t id)
{
	if (had_device(resource, TACK_SEAT_TOUCH, "touch screen"))
		tack_touch_create_resource(seat_from_resource(resource),
			client, wl_resource_get_version(resource), id);
}

static void handle_seat_release(struct wl_client *client,
				struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_seat_interface seat_impl = {
	.get_pointer = handle_seat_get_pointer,
	.get_keyboard = handle_seat_get_keyboard,
	.get_touch = handle_seat_get_touch,
	.release = handle_seat_release,
};

static void destroy_seat_resource(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void bind_seat(struct wl_client *client, void *data, uint32_t version,
		      uint32_t id)
{
	struct tack_seat *seat = data;
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_seat_interface, version, id);
	if (!resource || !watch_client(seat, client)) {
		if (resource)
			wl_resource_destroy(resource);
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &seat_impl, seat,
				       destroy_seat_resource);
	wl_list_insert(&seat->resources, wl_resource_get_link(resource));
	if (version >= WL_SEAT_NAME_SINCE_VERSION)
		wl_seat_send_name(resource, seat->name);
	wl_seat_send_capabilities(resource, capabilities(seat));
}

static void handle_scene_input_changed(struct wl_listener *listener,
				       void *data)
{
	struct tack_seat *seat =
		wl_container_of(listener, seat, scene_input_changed);
	const pixman_box32_t *box = data;

	tack_seat_rescan_pointer_in(seat, box);
}

struct tack_seat *tack_seat_create(struct wl_display *display,
				   struct tack_scene *scene, const char *name)
{
	struct tack_seat *seat = calloc(1, sizeof(*seat));

	if (!seat)
		return NULL;
	seat->display = display;
	seat->scene = scene;
	wl_signal_init(&seat->events.pointer_motion);
	seat->name = strdup(name);
	if (!seat->name)
		goto free_seat;
	wl_list_init(&seat->resources);
	wl_list_init(&seat->clients);
	if (tack_keyboard_init(seat) < 0)
		goto free_name;
	tack_pointer_init(seat);
	tack_touch_init(seat);
	if (tack_data_device_init(seat) < 0)
		goto finish_devices;
	if (tack_pointer_constraints_init(seat) < 0)
		goto finish_data_device;
	if (tack_relative_pointer_init(seat) < 0)
		goto finish_constraints;
	if (tack_primary_selection_init(seat) < 0)
		goto finish_relative_pointer;
	if (tack_idle_init(seat) < 0)
		goto finish_primary_selection;
	seat->global = wl_global_create(display, &wl_seat_interface,
					SEAT_VERSION, seat, bind_seat);
	if (!seat->global)
		goto finish_idle;
	seat->scene_input_changed.notify = handle_scene_input_changed;
	wl_signal_add(&scene->events.input_changed, &seat->scene_input_changed);
	return seat;

finish_idle:
	tack_idle_finish(seat);
finish_primary_selection:
	tack_primary_selection_finish(seat);
finish_relative_pointer:
	tack_relative_pointer_finish(seat);
finish_constraints:
	tack_pointer_constraints_finish(seat);
finish_data_device:
	tack_data_device_finish(seat);
finish_devices:
	tack_touch_finish(seat);
	tack_pointer_finish(seat);
	tack_keyboard_finish(seat);
free_name:
	free(seat->name);
free_seat:
	tack_err("seat: cannot create %s", name);
	free(seat);
	return NULL;
}

/* Runs after the clients are gone, so no resource points here any more. */
void tack_seat_destroy(struct tack_seat *seat)
{
	struct tack_seat_client *sc, *tmp;
	struct wl_resource *resource, *rtmp;

	if (!seat)
		return;
	wl_list_remove(&seat->scene_input_changed.link);
	wl_resource_for_each_safe(resource, rtmp, &seat->resources) {
		wl_resource_set_user_data(resource, NULL);
		wl_list_remove(wl_resource_get_link(resource));
		wl_list_init(wl_resource_get_link(resource));
	}
	wl_global_destroy(seat->global);
	tack_idle_finish(seat);
	tack_primary_selection_finish(seat);
	tack_relative_pointer_finish(seat);
	tack_pointer_constraints_finish(seat);
	tack_data_device_finish(seat);
	tack_touch_finish(seat);
	tack_pointer_finish(seat);
	tack_keyboard_finish(seat);
	/* Finishing the parts may have asked for one. */
	if (seat->idle_refocus)
		wl_event_source_remove(seat->idle_refocus);
	wl_list_for_each_safe(sc, tmp, &seat->clients, link) {
		wl_list_remove(&sc->client_destroy.link);
		wl_list_remove(&sc->link);
		free(sc);
	}
	free(seat->name);
	free(seat);
}
