/*
 * The seat: wl_seat with keyboard, pointer and touch, focus, grabs, and the
 * data device. Backends and the test-input path feed it device events.
 */
#ifndef TACK_SEAT_H
#define TACK_SEAT_H

#include <pixman.h>
#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>

struct tack_scene;
struct tack_surface;
struct tack_view;
struct tack_seat;

enum tack_seat_device {
	TACK_SEAT_KEYBOARD = 1 << 0,
	TACK_SEAT_POINTER = 1 << 1,
	TACK_SEAT_TOUCH = 1 << 2,
};

/* It follows the scene's input changes; destroy it after the clients. */
struct tack_seat *tack_seat_create(struct wl_display *display,
				   struct tack_scene *scene, const char *name);
void tack_seat_destroy(struct tack_seat *seat);

/*
 * Devices come and go, counted per kind (a mask adds or removes one of each
 * kind named); a kind is advertised while its count is above zero.
 */
void tack_seat_add_devices(struct tack_seat *seat, uint32_t devices);
void tack_seat_remove_devices(struct tack_seat *seat, uint32_t devices);
/* A keymap from RMLVO names (NULL: XKB_DEFAULT_* or xkbcommon's default). */
int tack_seat_set_keymap(struct tack_seat *seat, const char *rules,
			 const char *model, const char *layout,
			 const char *variant, const char *options);
/*
 * A device's own keymap (xkb text) becomes the seat's while it types, and
 * clients are sent it; restore goes back to the one from names.
 */
int tack_seat_use_keymap_text(struct tack_seat *seat, const char *text);
void tack_seat_restore_keymap(struct tack_seat *seat);

/* Device events, time in milliseconds on the server clock. */
void tack_seat_pointer_motion_absolute(struct tack_seat *seat, uint32_t time,
				       double lx, double ly);
void tack_seat_pointer_motion_relative(struct tack_seat *seat, uint32_t time,
				       double dx, double dy);
void tack_seat_pointer_button(struct tack_seat *seat, uint32_t time,
			      uint32_t button, bool pressed);
/* axis: wl_pointer.axis; source: wl_pointer.axis_source. */
void tack_seat_pointer_axis(struct tack_seat *seat, uint32_t time,
			    uint32_t axis, double value, int32_t value120,
			    uint32_t source);
void tack_seat_pointer_frame(struct tack_seat *seat);
void tack_seat_keyboard_key(struct tack_seat *seat, uint32_t time,
			    uint32_t key, bool pressed);
/* A device that keeps its own modifier state (a virtual keyboard). */
void tack_seat_keyboard_modifiers(struct tack_seat *seat, uint32_t depressed,
				  uint32_t latched, uint32_t locked,
				  uint32_t group);
void tack_seat_touch_down(struct tack_seat *seat, uint32_t time, int32_t id,
			  double lx, double ly);
void tack_seat_touch_motion(struct tack_seat *seat, uint32_t time, int32_t id,
			    double lx, double ly);
void tack_seat_touch_up(struct tack_seat *seat, uint32_t time, int32_t id);
void tack_seat_touch_frame(struct tack_seat *seat);

/*
 * The compositor's own cursor, each time it comes, goes or moves: it shows
 * (default_cursor) where a pointer is over nothing that shows a cursor.
 */
struct tack_seat_pointer_event {
	struct tack_seat *seat;
	bool default_cursor;
	double lx, ly;
};

/* The listener hears each tack_seat_pointer_event. */
void tack_seat_add_pointer_listener(struct tack_seat *seat,
				    struct wl_listener *listener);

/*
 * Raise the view's family and give its surface keyboard focus, unless
 * its impl says it takes none.
 */
void tack_seat_focus_view(struct tack_seat *seat, struct tack_view *view);
/* The surface no longer takes the keyboard: focus the topmost window. */
void tack_seat_unfocus_surface(struct tack_seat *seat,
			       struct tack_surface *surface);
/*
 * The surface has the keyboard whatever is clicked, until this is called
 * with NULL (or another); its grabbing popups still take it over.
 */
void tack_seat_set_exclusive_focus(struct tack_seat *seat,
				   struct tack_surface *surface);
/*
 * Locked, the keyboard goes to lock_surface only (none while it is NULL),
 * whatever is chosen, exclusive or grabbing; menus and moves end.
 */
void tack_seat_set_locked(struct tack_seat *seat, bool locked,
			  struct tack_surface *lock_surface);
struct tack_surface *tack_seat_keyboard_focus(struct tack_seat *seat);
/* The pointer's layout position; false when the seat has no pointer. */
bool tack_seat_pointer_position(struct tack_seat *seat, double *lx,
				double *ly);
/*
 * Over no client's surface, the pointer needs the compositor's own cursor:
 * true, and where it is, when a pointer exists and nothing else shows one.
 */
bool tack_seat_default_cursor(struct tack_seat *seat, double *lx, double *ly);
/* The scene changed under the pointer: recompute pointer focus. */
void tack_seat_rescan_pointer(struct tack_seat *seat);
/*
 * What takes input changed within box (layout coordinates): the same,
 * where that can change what the pointer is over; a walk of the scene for
 * every window a client maps elsewhere would cost their square.
 */
void tack_seat_rescan_pointer_in(struct tack_seat *seat,
				 const pixman_box32_t *box);

/* Was serial sent to this client by an input event still meaningful? */
bool tack_seat_validate_serial(struct tack_seat *seat, struct wl_client *client,
			       uint32_t serial);

/*
 * A popup grab (xdg_popup.grab): input stays with the client's surfaces, the
 * keyboard goes to the topmost grabbing popup, and a press anywhere else
 * calls dismiss. Returns false, having called nothing, when serial is not of
 * a recent button, key or touch event of the client.
 */
bool tack_seat_popup_grab_begin(struct tack_seat *seat,
				struct tack_surface *popup, uint32_t serial,
				void (*dismiss)(void *data), void *data);
/* The popup is gone or dismissed: it leaves the grab. */
void tack_seat_popup_grab_end(struct tack_seat *seat, struct tack_surface *popup);

/*
 * An interactive operation (xdg_toplevel.move and resize): while the button
 * that serial belongs to stays down, pointer motion goes to motion() with
 * the pointer's layout position, and end() comes on release. False when the
 * serial is not a press the client is still holding.
 */
struct tack_seat_pointer_op {
	void (*motion)(void *data, double lx, double ly);
	void (*end)(void *data);
};
bool tack_seat_begin_pointer_op(struct tack_seat *seat, struct wl_client *client,
				uint32_t serial,
				const struct tack_seat_pointer_op *op, void *data,
				double *start_lx, double *start_ly);
/* Stop an operation early (its view went away); end() is not called. */
void tack_seat_cancel_pointer_op(struct tack_seat *seat, void *data);

/* Test-only virtual devices: the tack_test_input_v1 global. */
struct wl_global *tack_test_input_create(struct wl_display *display,
					 struct tack_seat *seat);

#endif
