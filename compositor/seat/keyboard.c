/* wl_keyboard: the keymap, key state and keyboard focus. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-server-protocol.h>
#include <xkbcommon/xkbcommon.h>
#include "scene/scene.h"
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/held.h"
#include "util/log.h"

#define REPEAT_RATE 25		/* keys per second */
#define REPEAT_DELAY 600	/* milliseconds */

/* A fresh read-only description of the sealed keymap for one client. */
static int keymap_fd_for_client(struct tack_keyboard *kb)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", kb->keymap_fd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static void send_keymap(struct tack_keyboard *kb, struct wl_resource *resource)
{
	int fd = keymap_fd_for_client(kb);

	if (fd < 0) {
		tack_err("keyboard: cannot reopen the keymap: %s",
			 strerror(-fd));
		wl_resource_post_no_memory(resource);
		return;
	}
	wl_keyboard_send_keymap(resource, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd,
				kb->keymap_size);
	close(fd);
}

/*
 * The keymap becomes the seat's, and every client is sent it; unref'd.
 * source: the text a device gave it as; NULL: its own serialization.
 */
static int install_keymap(struct tack_keyboard *kb, struct xkb_keymap *keymap,
			  const char *source)
{
	struct wl_resource *resource;
	struct xkb_state *state;
	char *text, *source_copy = NULL;
	int fd;

	state = xkb_state_new(keymap);
	text = xkb_keymap_get_as_string(keymap, XKB_KEYMAP_FORMAT_TEXT_V1);
	if (source)
		source_copy = strdup(source);
	if (!state || !text || (source && !source_copy)) {
		fd = -ENOMEM;
		goto unref;
	}
	/* Clients expect the terminating NUL inside the size. */
	fd = tack_sealed_memfd("tack-keymap", text, strlen(text) + 1);
	if (fd < 0) {
		tack_err("keyboard: cannot make the keymap file: %s",
			 strerror(-fd));
		goto unref;
	}
	if (kb->keymap_fd >= 0)
		close(kb->keymap_fd);
	xkb_state_unref(kb->state);
	xkb_keymap_unref(kb->keymap);
	kb->keymap = keymap;
	kb->state = state;
	kb->keymap_fd = fd;
	kb->keymap_size = strlen(text) + 1;
	free(kb->keymap_source);
	if (source_copy) {
		free(text);
		kb->keymap_source = source_copy;
	} else {
		kb->keymap_source = text;
	}
	kb->depressed = kb->latched = kb->locked = kb->group = 0;
	wl_resource_for_each(resource, &kb->resources)
		send_keymap(kb, resource);
	return 0;

unref:
	free(source_copy);
	free(text);
	xkb_state_unref(state);
	xkb_keymap_unref(keymap);
	return fd;
}

int tack_seat_set_keymap(struct tack_seat *seat, const char *rules,
			 const char *model, const char *layout,
			 const char *variant, const char *options)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct xkb_rule_names names = { rules, model, layout, variant, options };
	struct xkb_keymap *keymap;
	int err;

	keymap = xkb_keymap_new_from_names(kb->context, &names,
					   XKB_KEYMAP_COMPILE_NO_FLAGS);
	if (!keymap) {
		tack_err("keyboard: cannot compile the keymap");
		return -EINVAL;
	}
	xkb_keymap_unref(kb->configured);
	kb->configured = xkb_keymap_ref(keymap);
	err = install_keymap(kb, keymap, NULL);
	return err < 0 ? err : 0;
}

int tack_seat_use_keymap_text(struct tack_seat *seat, const char *text)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct xkb_keymap *keymap;
	int err;

	/* Every key of the device asks: the same text is installed already. */
	if (strcmp(kb->keymap_source, text) == 0)
		return 0;
	keymap = xkb_keymap_new_from_string(kb->context, text,
					    XKB_KEYMAP_FORMAT_TEXT_V1,
					    XKB_KEYMAP_COMPILE_NO_FLAGS);
	if (!keymap)
		return -EINVAL;
	err = install_keymap(kb, keymap, text);
	return err < 0 ? err : 0;
}

void tack_seat_restore_keymap(struct tack_seat *seat)
{
	struct tack_keyboard *kb = &seat->keyboard;

	if (kb->keymap != kb->configured)
		install_keymap(kb, xkb_keymap_ref(kb->configured), NULL);
}

static void send_modifiers_to(struct tack_seat *seat, struct wl_client *client,
			      uint32_t serial)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct wl_resource *resource;

	wl_resource_for_each(resource, &kb->resources)
		if (wl_resource_get_client(resource) == client)
			wl_keyboard_send_modifiers(resource, serial,
						   kb->depressed, kb->latched,
						   kb->locked, kb->group);
}

static void send_enter(struct tack_seat *seat, struct wl_resource *resource,
		       uint32_t serial)
{
	struct tack_keyboard *kb = &seat->keyboard;

	wl_keyboard_send_enter(resource, serial, kb->focus->resource,
			       &kb->pressed);
	wl_keyboard_send_modifiers(resource, serial, kb->depressed,
				   kb->latched, kb->locked, kb->group);
}

static void set_focus(struct tack_seat *seat, struct tack_surface *surface)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct wl_client *old_client = tack_seat_surface_client(kb->focus);
	struct wl_client *new_client = tack_seat_surface_client(surface);
	struct wl_resource *resource;
	uint32_t serial;

	if (kb->focus == surface)
		return;
	if (kb->focus) {
		serial = tack_seat_next_serial(seat, old_client,
					       TACK_SERIAL_OTHER);
		wl_resource_for_each(resource, &kb->resources)
			if (wl_resource_get_client(resource) == old_client)
				wl_keyboard_send_leave(resource, serial,
						       kb->focus->resource);
	}
	kb->focus = surface;
	tack_seat_set_listener(&kb->focus_destroy, surface);
	tack_pointer_constraints_update(seat);
	if (new_client && new_client != old_client) {
		tack_data_device_focus_client(seat, new_client);
		tack_primary_selection_focus_client(seat, new_client);
	}
	if (!surface)
		return;
	serial = tack_seat_next_serial(seat, new_client, TACK_SERIAL_ENTER);
	wl_resource_for_each(resource, &kb->resources)
		if (wl_resource_get_client(resource) == new_client)
			send_enter(seat, resource, serial);
}

void tack_keyboard_update_focus(struct tack_seat *seat)
{
	struct tack_surface *exclusive = seat->keyboard.exclusive;

	if (seat->keyboard.session_locked) {
		set_focus(seat, seat->keyboard.lock_surface);
		return;
	}
	struct tack_surface *target = exclusive ? exclusive :
					seat->keyboard.chosen;

	if (!wl_list_empty(&seat->pointer.popup_grabs)) {
		struct tack_popup_grab *top =
			wl_container_of(seat->pointer.popup_grabs.prev, top,
					link);

		if (!exclusive || tack_seat_surface_client(top->surface) ==
				      tack_seat_surface_client(exclusive))
			target = top->surface;
	}
	set_focus(seat, target);
}

void tack_seat_set_locked(struct tack_seat *seat, bool locked,
			  struct tack_surface *lock_surface)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct tack_pointer *p = &seat->pointer;

	if (locked && !kb->session_locked) {
		/* Nothing the session had open goes on under the lock. */
		tack_seat_dismiss_popups(seat);
		if (p->op)
			tack_seat_cancel_pointer_op(seat, p->op_data);
		tack_pointer_clear_focus(seat);
	}
	kb->session_locked = locked;
	kb->lock_surface = locked ? lock_surface : NULL;
	tack_seat_set_listener(&kb->lock_surface_destroy, kb->lock_surface);
	tack_keyboard_update_focus(seat);
	tack_seat_rescan_pointer(seat);
}

void tack_seat_set_exclusive_focus(struct tack_seat *seat,
				   struct tack_surface *surface)
{
	struct tack_keyboard *kb = &seat->keyboard;

	if (kb->exclusive == surface)
		return;
	kb->exclusive = surface;
	tack_seat_set_listener(&kb->exclusive_destroy, surface);
	tack_keyboard_update_focus(seat);
}

static void set_activated(struct tack_surface *surface, bool activated)
{
	struct tack_view *view = surface ? surface->view : NULL;

	/* A view on its way out is not told anything more. */
	if (view && view->impl && view->impl->set_activated &&
	    tack_view_is_visible(view))
		view->impl->set_activated(view, activated);
}

static void choose(struct tack_seat *seat, struct tack_surface *surface)
{
	struct tack_keyboard *kb = &seat->keyboard;

	if (kb->chosen != surface) {
		set_activated(kb->chosen, false);
		kb->chosen = surface;
		tack_seat_set_listener(&kb->chosen_destroy, surface);
		set_activated(surface, true);
	}
	tack_keyboard_update_focus(seat);
}

/* Focus going to another window ends the menus of the one it leaves. */
static void end_popup_grabs_elsewhere(struct tack_seat *seat,
				      struct tack_view *view)
{
	struct tack_popup_grab *bottom;
	struct tack_view *grab_view;

	if (wl_list_empty(&seat->pointer.popup_grabs))
		return;
	bottom = wl_container_of(seat->pointer.popup_grabs.next, bottom, link);
	grab_view = bottom->surface->view;
	if (!view || !grab_view ||
	    tack_view_root(grab_view) != tack_view_root(view))
		tack_seat_dismiss_popups(seat);
}

void tack_seat_focus_view(struct tack_seat *seat, struct tack_view *view)
{
	end_popup_grabs_elsewhere(seat, view);
	if (view && view->impl && view->impl->takes_focus &&
	    !view->impl->takes_focus(view))
		return;
	if (!view) {
		choose(seat, NULL);
		return;
	}
	tack_view_raise(view);
	choose(seat, view->surface);
}

struct tack_surface *tack_seat_keyboard_focus(struct tack_seat *seat)
{
	return seat->keyboard.focus;
}

static struct tack_surface *topmost_toplevel(struct tack_seat *seat)
{
	struct tack_scene *scene = seat->scene;
	struct tack_view *view;

	wl_list_for_each_reverse(view, &scene->layers[TACK_LAYER_NORMAL], link)
		if (tack_view_is_visible(view))
			return view->surface;
	return NULL;
}

void tack_seat_unfocus_surface(struct tack_seat *seat,
			       struct tack_surface *surface)
{
	if (seat->keyboard.chosen == surface)
		choose(seat, topmost_toplevel(seat));
}

void tack_keyboard_refocus(struct tack_seat *seat)
{
	struct tack_surface *chosen = seat->keyboard.chosen;

	if (chosen && chosen->view && tack_view_is_visible(chosen->view)) {
		tack_keyboard_update_focus(seat);
		return;
	}
	choose(seat, topmost_toplevel(seat));
}

static void handle_chosen_destroy(struct wl_listener *listener, void *data)
{
	struct tack_keyboard *kb = wl_container_of(listener, kb, chosen_destroy);
	struct tack_seat *seat = wl_container_of(kb, seat, keyboard);

	kb->chosen = NULL;
	tack_seat_set_listener(&kb->chosen_destroy, NULL);
	/* The scene still holds the dying surface; choose once it is gone. */
	tack_seat_schedule_refocus(seat);
}

static void handle_lock_surface_destroy(struct wl_listener *listener,
					void *data)
{
	struct tack_keyboard *kb =
		wl_container_of(listener, kb, lock_surface_destroy);
	struct tack_seat *seat = wl_container_of(kb, seat, keyboard);

	kb->lock_surface = NULL;
	tack_seat_set_listener(&kb->lock_surface_destroy, NULL);
	tack_seat_schedule_refocus(seat);
}

static void handle_exclusive_destroy(struct wl_listener *listener, void *data)
{
	struct tack_keyboard *kb =
		wl_container_of(listener, kb, exclusive_destroy);
	struct tack_seat *seat = wl_container_of(kb, seat, keyboard);

	kb->exclusive = NULL;
	tack_seat_set_listener(&kb->exclusive_destroy, NULL);
	tack_seat_schedule_refocus(seat);
}

static void handle_focus_destroy(struct wl_listener *listener, void *data)
{
	struct tack_keyboard *kb = wl_container_of(listener, kb, focus_destroy);
	struct tack_seat *seat = wl_container_of(kb, seat, keyboard);

	kb->focus = NULL;
	tack_seat_set_listener(&kb->focus_destroy, NULL);
	tack_seat_schedule_refocus(seat);
}

static bool update_modifiers(struct tack_keyboard *kb)
{
	uint32_t depressed, latched, locked, group;

	depressed = xkb_state_serialize_mods(kb->state, XKB_STATE_MODS_DEPRESSED);
	latched = xkb_state_serialize_mods(kb->state, XKB_STATE_MODS_LATCHED);
	locked = xkb_state_serialize_mods(kb->state, XKB_STATE_MODS_LOCKED);
	group = xkb_state_serialize_layout(kb->state, XKB_STATE_LAYOUT_EFFECTIVE);
	if (depressed == kb->depressed && latched == kb->latched &&
	    locked == kb->locked && group == kb->group)
		return false;
	kb->depressed = depressed;
	kb->latched = latched;
	kb->locked = locked;
	kb->group = group;
	return true;
}

void tack_seat_keyboard_key(struct tack_seat *seat, uint32_t time,
			    uint32_t key, bool pressed)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct wl_client *client = tack_seat_surface_client(kb->focus);
	struct wl_resource *resource;
	uint32_t serial;

	tack_idle_activity(seat);
	/* A repeated press or a stray release changes nothing. */
	if (tack_held_update(&kb->pressed, key, pressed) <= 0)
		return;
	xkb_state_update_key(kb->state, key + 8,
			     pressed ? XKB_KEY_DOWN : XKB_KEY_UP);
	if (client) {
		serial = tack_seat_next_serial(seat, client, TACK_SERIAL_KEY);
		wl_resource_for_each(resource, &kb->resources)
			if (wl_resource_get_client(resource) == client)
				wl_keyboard_send_key(resource, serial, time, key,
					pressed ? WL_KEYBOARD_KEY_STATE_PRESSED :
						  WL_KEYBOARD_KEY_STATE_RELEASED);
	}
	if (update_modifiers(kb) && client) {
		serial = tack_seat_next_serial(seat, client, TACK_SERIAL_OTHER);
		send_modifiers_to(seat, client, serial);
	}
}

void tack_seat_keyboard_modifiers(struct tack_seat *seat, uint32_t depressed,
				  uint32_t latched, uint32_t locked,
				  uint32_t group)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct wl_client *client = tack_seat_surface_client(kb->focus);

	xkb_state_update_mask(kb->state, depressed, latched, locked, 0, 0,
			      group);
	if (update_modifiers(kb) && client)
		send_modifiers_to(seat, client,
				  tack_seat_next_serial(seat, client,
							TACK_SERIAL_OTHER));
}

static void handle_keyboard_release(struct wl_client *client,
				    struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_keyboard_interface keyboard_impl = {
	.release = handle_keyboard_release,
};

static void destroy_keyboard_resource(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

void tack_keyboard_create_resource(struct tack_seat *seat,
				   struct wl_client *client, uint32_t version,
				   uint32_t id)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_keyboard_interface, version,
				      id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &keyboard_impl, seat,
				       destroy_keyboard_resource);
	wl_list_insert(&kb->resources, wl_resource_get_link(resource));
	send_keymap(kb, resource);
	if (version >= WL_KEYBOARD_REPEAT_INFO_SINCE_VERSION)
		wl_keyboard_send_repeat_info(resource, kb->repeat_rate,
					     kb->repeat_delay);
	if (kb->focus && tack_seat_surface_client(kb->focus) == client)
		send_enter(seat, resource, tack_seat_next_serial(seat, client,
							TACK_SERIAL_ENTER));
}

int tack_keyboard_init(struct tack_seat *seat)
{
	struct tack_keyboard *kb = &seat->keyboard;
	int err;

	wl_list_init(&kb->resources);
	wl_array_init(&kb->pressed);
	wl_list_init(&kb->chosen_destroy.link);
	wl_list_init(&kb->focus_destroy.link);
	wl_list_init(&kb->exclusive_destroy.link);
	kb->exclusive_destroy.notify = handle_exclusive_destroy;
	wl_list_init(&kb->lock_surface_destroy.link);
	kb->lock_surface_destroy.notify = handle_lock_surface_destroy;
	kb->chosen_destroy.notify = handle_chosen_destroy;
	kb->focus_destroy.notify = handle_focus_destroy;
	kb->repeat_rate = REPEAT_RATE;
	kb->repeat_delay = REPEAT_DELAY;
	kb->keymap_fd = -1;
	kb->context = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	if (!kb->context) {
		tack_err("keyboard: cannot create an xkb context");
		return -ENOMEM;
	}
	/* NULL names: xkbcommon reads XKB_DEFAULT_* or uses its defaults. */
	err = tack_seat_set_keymap(seat, NULL, NULL, NULL, NULL, NULL);
	if (err < 0) {
		xkb_context_unref(kb->context);
		return err;
	}
	return 0;
}

void tack_keyboard_finish(struct tack_seat *seat)
{
	struct tack_keyboard *kb = &seat->keyboard;
	struct wl_resource *resource, *tmp;

	wl_resource_for_each_safe(resource, tmp, &kb->resources) {
		wl_list_remove(wl_resource_get_link(resource));
		wl_list_init(wl_resource_get_link(resource));
	}
	wl_list_remove(&kb->chosen_destroy.link);
	wl_list_remove(&kb->focus_destroy.link);
	wl_list_remove(&kb->exclusive_destroy.link);
	wl_list_remove(&kb->lock_surface_destroy.link);
	wl_array_release(&kb->pressed);
	if (kb->keymap_fd >= 0)
		close(kb->keymap_fd);
	xkb_state_unref(kb->state);
	xkb_keymap_unref(kb->keymap);
	xkb_keymap_unref(kb->configured);
	free(kb->keymap_source);
	xkb_context_unref(kb->context);
}
