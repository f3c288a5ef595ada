/*
 * What the seat's files (seat.c, keyboard.c, pointer.c, touch.c,
 * data_device.c, drag.c) share; nothing outside the seat includes this.
 */
#ifndef TACK_SEAT_INTERNAL_H
#define TACK_SEAT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include "seat/seat.h"

struct tack_surface;
struct tack_view;
struct xkb_context;
struct xkb_keymap;
struct xkb_state;

enum tack_serial_kind {
	TACK_SERIAL_ENTER = 1 << 0,
	TACK_SERIAL_PRESS = 1 << 1,
	TACK_SERIAL_RELEASE = 1 << 2,
	TACK_SERIAL_KEY = 1 << 3,
	TACK_SERIAL_TOUCH = 1 << 4,
	TACK_SERIAL_OTHER = 1 << 5,
};

#define TACK_SERIAL_RING_SIZE 32
#define TACK_SEAT_DEVICE_KINDS 3

/*
 * The serials recently sent, each with the client it went to; the oldest
 * entry is overwritten first. owner is only compared, never dereferenced.
 */
struct tack_serial_ring {
	struct {
		uint32_t serial;
		uint32_t kind;		/* enum tack_serial_kind; 0: free */
		const void *owner;
	} entries[TACK_SERIAL_RING_SIZE];
	unsigned next;
};

void tack_serial_ring_add(struct tack_serial_ring *ring, uint32_t serial,
			  uint32_t kind, const void *owner);
/* The kind the serial was sent as to owner, 0 if not recent. */
uint32_t tack_serial_ring_find(const struct tack_serial_ring *ring,
			       uint32_t serial, const void *owner);
void tack_serial_ring_forget(struct tack_serial_ring *ring, const void *owner);

/* A sealed, read-only memfd holding size bytes of data; fd or -errno. */
int tack_sealed_memfd(const char *name, const void *data, size_t size);

struct tack_keyboard {
	struct wl_list resources;		/* wl_keyboard */
	struct xkb_context *context;
	struct xkb_keymap *keymap;
	struct xkb_keymap *configured;		/* the seat's own, from names */
	char *keymap_source;			/* the text keymap came from */
	struct xkb_state *state;
	int keymap_fd;				/* sealed; clients get reopened copies */
	size_t keymap_size;
	struct wl_array pressed;		/* uint32_t evdev codes */
	uint32_t depressed, latched, locked, group;
	int32_t repeat_rate, repeat_delay;

	/* What tack_seat_focus_view chose. */
	struct tack_surface *chosen;
	struct wl_listener chosen_destroy;
	/* A surface that keeps the keyboard whatever is chosen (a panel). */
	struct tack_surface *exclusive;
	struct wl_listener exclusive_destroy;
	/* Locked, only the lock surface (or nothing) has the keyboard. */
	bool session_locked;
	struct tack_surface *lock_surface;
	struct wl_listener lock_surface_destroy;
	/* What has focus: exclusive, chosen, or the topmost grabbing popup. */
	struct tack_surface *focus;
	struct wl_listener focus_destroy;
};

struct tack_popup_grab {
	struct wl_list link;			/* tack_pointer.popup_grabs */
	struct tack_seat *seat;
	struct tack_surface *surface;
	void (*dismiss)(void *data);
	void *data;
	struct wl_listener surface_destroy;
};

struct tack_pointer_constraint;
struct tack_primary_source;

struct tack_pointer {
	struct wl_list resources;		/* wl_pointer */
	double lx, ly;
	struct tack_surface *focus;
	struct wl_listener focus_destroy;
	double sx, sy;				/* last position sent to focus */
	uint32_t enter_serial;
	bool frame_pending;		/* events sent to focus since the last frame */
	bool placing_overlay;		/* our own view moves: no rescan */

	uint32_t buttons[32];			/* held, in press order */
	int n_buttons;
	uint32_t grab_serial;			/* the press that began the grab */

	const struct tack_seat_pointer_op *op;
	void *op_data;

	struct wl_list popup_grabs;		/* tack_popup_grab.link, bottom first */

	struct tack_surface *cursor;
	struct wl_listener cursor_destroy;
	struct tack_view *cursor_view;
	int32_t hotspot_x, hotspot_y;
	/* what the pointer signal said last of the compositor's cursor */
	struct tack_seat_pointer_event said;

	struct wl_global *constraints_global;
	struct wl_list constraints;	/* tack_pointer_constraint.link */
	struct tack_pointer_constraint *constraint;	/* the active one */
	struct wl_global *relative_global;
	struct wl_list relative_pointers;	/* zwp_relative_pointer_v1 */
};

struct tack_touch_point {
	struct wl_list link;
	int32_t id;
};

struct tack_touch {
	struct wl_list resources;		/* wl_touch */
	struct wl_list points;			/* tack_touch_point.link */
	struct tack_surface *focus;
	struct wl_listener focus_destroy;
	/* Ups still go to the client after the surface went. */
	struct wl_client *focus_client;
	struct wl_listener focus_client_destroy;
};

struct tack_data_offer;

struct tack_data_source {
	struct wl_resource *resource;
	struct wl_array mime_types;		/* char *, owned */
	uint32_t actions;			/* dnd_action mask */
	bool actions_set;
	bool used;				/* by set_selection or start_drag */
	/* The drag target's offer, kept after the drop until finish. */
	struct tack_data_offer *dnd_offer;
	struct wl_signal destroy;
};

struct tack_data_offer {
	struct wl_resource *resource;
	struct tack_data_source *source;	/* NULL: inert */
	struct wl_listener source_destroy;
	bool dnd;
	uint32_t actions, preferred;		/* the destination's */
	uint32_t action;			/* last chosen */
	bool accepted;				/* a mime type, not NULL */
	bool dropped, finished;
};

struct tack_drag;

struct tack_seat {
	struct wl_display *display;
	struct tack_scene *scene;
	struct wl_global *global;
	char *name;
	unsigned device_count[TACK_SEAT_DEVICE_KINDS];	/* per kind */
	uint32_t devices;			/* kinds with a device now */
	uint32_t ever_devices;			/* every kind the seat ever had */
	struct wl_list resources;		/* wl_seat */
	struct wl_list clients;			/* tack_seat_client.link */
	struct tack_serial_ring serials;
	struct wl_event_source *idle_refocus;

	struct tack_keyboard keyboard;
	struct tack_pointer pointer;
	struct tack_touch touch;

	struct wl_global *data_device_manager;
	struct wl_list data_devices;		/* wl_data_device */
	struct tack_data_source *selection;
	uint32_t selection_serial;		/* of the request that set it */
	struct wl_listener selection_destroy;
	struct tack_drag *drag;

	struct wl_global *idle_notifier_global, *idle_inhibit_global;
	struct wl_list idle_notifications;	/* idle_notification.link */
	struct wl_list idle_inhibitors;		/* idle_inhibitor.link */

	struct wl_global *primary_global, *gtk_primary_global;
	struct wl_list primary_devices;		/* primary_device.link */
	struct wl_list primary_offers;		/* offers of the selection */
	struct tack_primary_source *primary;	/* the primary selection */
	uint32_t primary_serial;		/* of the request that set it */

	struct wl_listener scene_input_changed;

	struct {
		/*
		 * the pointer moved, or came or went: struct
		 * tack_seat_pointer_event *
		 */
		struct wl_signal pointer_motion;
	} events;
};

/* Watches one client so its serials are forgotten when it leaves. */
struct tack_seat_client {
	struct wl_list link;
	struct tack_seat *seat;
	struct wl_client *client;
	struct wl_listener client_destroy;
};

/* seat.c */
uint32_t tack_seat_next_serial(struct tack_seat *seat, struct wl_client *client,
			       uint32_t kind);
/* Every grabbing popup gets popup_done, topmost first. */
void tack_seat_dismiss_popups(struct tack_seat *seat);
/* Re-evaluate pointer and keyboard focus once the current dispatch is over. */
void tack_seat_schedule_refocus(struct tack_seat *seat);
/* The surface's client, or NULL. */
struct wl_client *tack_seat_surface_client(struct tack_surface *surface);
void tack_seat_set_listener(struct wl_listener *listener,
			    struct tack_surface *surface);

/* keyboard.c */
int tack_keyboard_init(struct tack_seat *seat);
void tack_keyboard_finish(struct tack_seat *seat);
void tack_keyboard_create_resource(struct tack_seat *seat,
				   struct wl_client *client, uint32_t version,
				   uint32_t id);
/* Recompute which surface has focus (chosen, popup grab). */
void tack_keyboard_update_focus(struct tack_seat *seat);
/* Choose the topmost mapped toplevel when the chosen one is gone. */
void tack_keyboard_refocus(struct tack_seat *seat);

/* pointer.c */
void tack_pointer_init(struct tack_seat *seat);
void tack_pointer_finish(struct tack_seat *seat);
void tack_pointer_create_resource(struct tack_seat *seat,
				  struct wl_client *client, uint32_t version,
				  uint32_t id);
/* Send leave and forget the focus (a drag takes the pointer). */
void tack_pointer_clear_focus(struct tack_seat *seat);
/* The pointer goes to lx, ly (clamped to the layout), input or not. */
void tack_pointer_move(struct tack_seat *seat, uint32_t time, double lx,
		       double ly);
/*
 * Whether the compositor's cursor shows may have changed (a focus, a
 * cursor surface, a drag, a device): the pointer signal says so if it has.
 */
void tack_pointer_cursor_changed(struct tack_seat *seat);
/* Place an overlay view so its origin is at the pointer minus dx, dy. */
void tack_pointer_place_overlay(struct tack_seat *seat, struct tack_view *view,
				int32_t dx, int32_t dy, bool mapped);
/* Destroy an overlay view of ours without a focus rescan. */
void tack_pointer_destroy_overlay(struct tack_seat *seat,
				  struct tack_view *view);
bool tack_pointer_grab_matches(struct tack_seat *seat, struct wl_client *client,
			       uint32_t serial);

/* touch.c */
void tack_touch_init(struct tack_seat *seat);
void tack_touch_finish(struct tack_seat *seat);
void tack_touch_create_resource(struct tack_seat *seat, struct wl_client *client,
				uint32_t version, uint32_t id);
void tack_touch_cancel(struct tack_seat *seat);

/* data_device.c */
/* pointer_constraints.c */
int tack_pointer_constraints_init(struct tack_seat *seat);
void tack_pointer_constraints_finish(struct tack_seat *seat);
/* Pointer or keyboard focus, or the pointer's place in it, changed. */
void tack_pointer_constraints_update(struct tack_seat *seat);
bool tack_pointer_constraints_motion(struct tack_seat *seat, double *dx,
				     double *dy);

/* idle.c */
int tack_idle_init(struct tack_seat *seat);
void tack_idle_finish(struct tack_seat *seat);
/* Input came: idle clients resume and their timeouts start again. */
void tack_idle_activity(struct tack_seat *seat);

/* primary_selection.c */
int tack_primary_selection_init(struct tack_seat *seat);
void tack_primary_selection_finish(struct tack_seat *seat);
/* The client has the keyboard: it is told the primary selection. */
void tack_primary_selection_focus_client(struct tack_seat *seat,
					 struct wl_client *client);

/* relative_pointer.c */
int tack_relative_pointer_init(struct tack_seat *seat);
void tack_relative_pointer_finish(struct tack_seat *seat);
void tack_relative_pointer_send(struct tack_seat *seat, uint32_t time,
				double dx, double dy);

int tack_data_device_init(struct tack_seat *seat);
void tack_data_device_finish(struct tack_seat *seat);
/* Keyboard focus moved to client: it gets the selection first. */
void tack_data_device_focus_client(struct tack_seat *seat,
				   struct wl_client *client);

/* The first data device the client has on the seat, or NULL. */
struct wl_resource *tack_data_device_for_client(struct tack_seat *seat,
						struct wl_client *client);
/* A new offer of source on the device, announced with its mime types. */
struct tack_data_offer *tack_data_offer_create(struct tack_data_source *source,
					       struct wl_resource *device,
					       bool dnd);
/* Detach a drag offer from its source (left or cancelled). */
void tack_data_offer_detach(struct tack_data_offer *offer);
/* Match source and destination actions; tell both sides on change. */
void tack_data_offer_update_action(struct tack_data_offer *offer);
struct tack_data_source *tack_data_source_from_resource(
	struct wl_resource *resource);
/* The drag with this source went nowhere. */
void tack_data_source_cancel(struct tack_data_source *source);

/* drag.c */
void tack_drag_start(struct tack_seat *seat, struct wl_resource *device,
		     struct tack_data_source *source,
		     struct tack_surface *origin, struct tack_surface *icon,
		     uint32_t serial);
/* While a drag runs, the pointer feeds it instead of clients. */
void tack_drag_motion(struct tack_seat *seat, uint32_t time);
void tack_drag_button_released(struct tack_seat *seat);
void tack_drag_destroy(struct tack_drag *drag);

#endif
