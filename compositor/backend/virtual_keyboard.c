/*
 * zwp_virtual_keyboard_manager_v1: a client types on the seat, as a VNC
 * server (wayvnc) or an on-screen keyboard does, with a keymap of its own
 * that the seat takes while it types. It lets one client act on all
 * others, so tack offers it only with --privileged-protocols.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "backend/virtual_keyboard.h"
#include "seat/seat.h"
#include "util/held.h"
#include "util/log.h"
#include "virtual-keyboard-unstable-v1-server-protocol.h"

#define VIRTUAL_KEYBOARD_VERSION 1
/* Larger than any real keymap (a full us layout is about 60 KiB). */
#define MAX_KEYMAP_SIZE (4u << 20)

struct virtual_keyboard {
	struct wl_resource *resource;
	struct tack_seat *seat;
	char *keymap;			/* xkb text, NULL until sent */
	struct wl_array pressed;	/* uint32_t: released when it goes */
};

struct tack_virtual_keyboard_manager {
	struct wl_global *global;
	struct tack_seat *seat;
};

/* The keymap's text, read from the client's fd; NULL with errno set. */
static char *read_keymap(int fd, uint32_t size)
{
	char *map, *text;

	if (size == 0 || size > MAX_KEYMAP_SIZE) {
		errno = EINVAL;
		return NULL;
	}
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return NULL;
	text = strndup(map, size);
	munmap(map, size);
	return text;
}

static void handle_keymap(struct wl_client *client,
			  struct wl_resource *resource, uint32_t format,
			  int32_t fd, uint32_t size)
{
	struct virtual_keyboard *vk = wl_resource_get_user_data(resource);
	char *text = NULL;

	if (format == WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1)
		text = read_keymap(fd, size);
	close(fd);
	if (!text || tack_seat_use_keymap_text(vk->seat, text) < 0) {
		/* Without a keymap it may not type: no_keymap at the next key. */
		tack_info("virtual keyboard: its keymap is unusable (format %u, %u bytes)",
			  format, size);
		free(text);
		return;
	}
	free(vk->keymap);
	vk->keymap = text;
}

static bool has_keymap(struct wl_resource *resource,
		       struct virtual_keyboard *vk)
{
	if (vk->keymap)
		return true;
	wl_resource_post_error(resource, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP,
			       "a key or modifiers before a keymap");
	return false;
}

static void handle_key(struct wl_client *client, struct wl_resource *resource,
		       uint32_t time, uint32_t key, uint32_t state)
{
	struct virtual_keyboard *vk = wl_resource_get_user_data(resource);
	bool pressed = state == WL_KEYBOARD_KEY_STATE_PRESSED;

	if (!has_keymap(resource, vk))
		return;
	/* Its held keys, so they come up when it goes. */
	if (tack_held_update(&vk->pressed, key, pressed) < 0) {
		wl_client_post_no_memory(client);
		return;
	}
	/* Another device may have typed since with the seat's own keymap. */
	tack_seat_use_keymap_text(vk->seat, vk->keymap);
	tack_seat_keyboard_key(vk->seat, time, key, pressed);
}

static void handle_modifiers(struct wl_client *client,
			     struct wl_resource *resource, uint32_t depressed,
			     uint32_t latched, uint32_t locked, uint32_t group)
{
	struct virtual_keyboard *vk = wl_resource_get_user_data(resource);

	if (has_keymap(resource, vk))
		tack_seat_keyboard_modifiers(vk->seat, depressed, latched,
					     locked, group);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwp_virtual_keyboard_v1_interface keyboard_impl = {
	.keymap = handle_keymap,
	.key = handle_key,
	.modifiers = handle_modifiers,
	.destroy = handle_destroy,
};

/* Its held keys come up, and the seat has its own keymap back. */
static void keyboard_resource_destroy(struct wl_resource *resource)
{
	struct virtual_keyboard *vk = wl_resource_get_user_data(resource);
	uint32_t *k;

	wl_array_for_each(k, &vk->pressed)
		tack_seat_keyboard_key(vk->seat, 0, *k, false);
	wl_array_release(&vk->pressed);
	if (vk->keymap)
		tack_seat_restore_keymap(vk->seat);
	tack_seat_remove_devices(vk->seat, TACK_SEAT_KEYBOARD);
	free(vk->keymap);
	free(vk);
}

/* tack has one seat: whichever the client names, it is that one. */
static void handle_create_virtual_keyboard(struct wl_client *client,
					   struct wl_resource *resource,
					   struct wl_resource *seat,
					   uint32_t id)
{
	struct tack_virtual_keyboard_manager *m =
		wl_resource_get_user_data(resource);
	struct virtual_keyboard *vk = calloc(1, sizeof(*vk));

	if (!vk)
		goto no_memory;
	vk->resource = wl_resource_create(client,
		&zwp_virtual_keyboard_v1_interface,
		wl_resource_get_version(resource), id);
	if (!vk->resource)
		goto free_vk;
	wl_array_init(&vk->pressed);
	vk->seat = m->seat;
	wl_resource_set_implementation(vk->resource, &keyboard_impl, vk,
				       keyboard_resource_destroy);
	tack_seat_add_devices(vk->seat, TACK_SEAT_KEYBOARD);
	return;

free_vk:
	free(vk);
no_memory:
	wl_client_post_no_memory(client);
}

static const struct zwp_virtual_keyboard_manager_v1_interface manager_impl = {
	.create_virtual_keyboard = handle_create_virtual_keyboard,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &zwp_virtual_keyboard_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

struct tack_virtual_keyboard_manager *tack_virtual_keyboard_manager_create(
	struct wl_display *display, struct tack_seat *seat)
{
	struct tack_virtual_keyboard_manager *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->seat = seat;
	m->global = wl_global_create(display,
				     &zwp_virtual_keyboard_manager_v1_interface,
				     VIRTUAL_KEYBOARD_VERSION, m, bind_manager);
	if (!m->global) {
		tack_err("virtual keyboard: cannot create the global");
		free(m);
		return NULL;
	}
	return m;
}

/* After the clients: their virtual keyboards are gone. */
void tack_virtual_keyboard_manager_destroy(
	struct tack_virtual_keyboard_manager *m)
{
	if (!m)
		return;
	wl_global_destroy(m->global);
	free(m);
}
