/*
 * What the xdg-shell files share: the objects behind xdg_wm_base,
 * xdg_surface, xdg_toplevel and xdg_popup, and the window policy's entry
 * points. Nothing outside compositor/xdg_*.c includes this.
 */
#ifndef TACK_XDG_SHELL_PRIVATE_H
#define TACK_XDG_SHELL_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <wayland-server-core.h>
#include "shell/positioner.h"
#include "shell/shell.h"
#include "shell/spots.h"
#include "xdg-shell-server-protocol.h"

#define TACK_XDG_WM_BASE_VERSION 5
/* A client that has not answered a ping in this time is noted as stuck. */
#define TACK_XDG_PING_TIMEOUT_MS 5000

struct tack_output;
struct tack_surface;
struct tack_view;

struct tack_shell {
	struct wl_event_loop *loop;
	struct tack_scene *scene;
	struct tack_layout *layout;
	struct tack_seat *seat;
	struct wl_global *global;
	struct wl_list toplevels;	/* tack_xdg_toplevel.link, newest first */
	struct tack_spots spots;	/* where placed, mapped toplevels are */
	struct wl_listener layout_change;
	/* NULL unless the privileged protocols are offered */
	struct tack_foreign_toplevel_manager *foreign;
};

/* One bound xdg_wm_base. */
struct tack_xdg_client {
	struct tack_shell *shell;
	struct wl_resource *resource;
	struct wl_list surfaces;	/* tack_xdg_surface.link */
	/* Grabbing popups, bottom to top: tack_xdg_popup.grab_link. */
	struct wl_list grabs;
	struct wl_event_source *ping_timer;
	uint32_t ping_serial;		/* 0: no ping outstanding */
	bool unresponsive;
};

enum tack_xdg_role {
	TACK_XDG_ROLE_NONE,
	TACK_XDG_ROLE_TOPLEVEL,
	TACK_XDG_ROLE_POPUP,
};

/* What a toplevel configure asks for; also what the client acked. */
struct tack_xdg_toplevel_state {
	int32_t width, height;		/* 0: the client chooses */
	bool maximized, fullscreen, activated, resizing;
	/* Set through the configure that ends an interactive resize. */
	uint32_t resize_edges;
	/* Maximized or fullscreen: where the window geometry goes. */
	struct tack_box area;
};

struct tack_xdg_configure {
	struct wl_list link;		/* tack_xdg_surface.configures */
	uint32_t serial;
	bool stale;			/* sent before an unmap: acks do nothing */
	struct tack_xdg_toplevel_state toplevel;
	struct tack_box popup;		/* relative to the parent's geometry */
};

/*
 * What popups hang from: an xdg_surface, or a layer surface (xdg NULL,
 * view set), which takes popups made without a parent.
 */
struct tack_popup_parent {
	struct tack_xdg_surface *xdg;
	struct tack_view *view;
	struct wl_list popups;		/* tack_xdg_popup.link, newest first */
};

struct tack_xdg_surface {
	struct tack_shell *shell;
	struct tack_xdg_client *client;	/* NULL once xdg_wm_base is gone */
	struct wl_resource *resource;
	struct tack_surface *surface;	/* NULL once the wl_surface is gone */
	struct wl_list link;		/* tack_xdg_client.surfaces */
	struct wl_listener surface_destroy;
	struct wl_listener surface_attach;
	struct wl_listener surface_commit;

	enum tack_xdg_role role;	/* kept after the role object is gone */
	struct tack_xdg_toplevel *toplevel;
	struct tack_xdg_popup *popup;
	struct tack_view *view;
	struct tack_popup_parent popup_parent;

	bool initial_commit;		/* the client asked for a configure */
	bool configure_sent;		/* since the initial commit */
	bool configured;		/* an acked configure since (un)mapping */
	bool mapped;
	struct wl_list configures;	/* sent and not acked, oldest first */
	struct wl_event_source *configure_idle;
	bool acked;			/* acked since the last commit */
	struct tack_xdg_configure acked_configure;

	bool has_pending_geometry, has_geometry;
	struct tack_box pending_geometry, geometry;
};

struct tack_xdg_decoration;
struct tack_foreign_toplevel;
struct tack_foreign_toplevel_manager;

struct tack_xdg_toplevel {
	struct tack_xdg_surface *xdg;
	struct wl_resource *resource;
	struct wl_list link;		/* tack_shell.toplevels */
	struct tack_xdg_toplevel *parent;	/* set through set_parent() */
	/* toplevels whose parent this is: none spares a walk of them all */
	unsigned int children;
	char *title, *app_id;
	struct tack_xdg_decoration *decoration;	/* NULL: none asked for */
	struct tack_foreign_toplevel *foreign;	/* while mapped and offered */
	bool minimized;

	int32_t pending_min_w, pending_min_h, pending_max_w, pending_max_h;
	int32_t min_w, min_h, max_w, max_h;

	bool want_maximized, want_fullscreen;
	struct tack_output *fullscreen_output;	/* the one asked for */
	struct wl_listener fullscreen_output_destroy;

	struct tack_xdg_toplevel_state scheduled;	/* for the next configure */
	struct tack_xdg_toplevel_state current;	/* acked and committed */

	/* The window geometry's origin in the layout, once placed. */
	bool placed;
	int32_t x, y;
	/* the spot counted for it while placed and mapped; NULL otherwise */
	struct tack_spot *spot;
	/* The floating box to restore when maximize or fullscreen ends. */
	bool has_saved;
	struct tack_box saved;

	struct {
		bool active;
		uint32_t edges;
		double start_lx, start_ly;
		struct tack_box start;	/* geometry box in the layout */
	} op;
};

struct tack_xdg_popup {
	struct tack_xdg_surface *xdg;
	struct wl_resource *resource;
	/* NULL once dismissed, or until a layer surface adopts it */
	struct tack_popup_parent *parent;
	struct wl_list link;		/* parent's popups */
	struct tack_positioner_rules rules;
	struct tack_box scheduled;	/* for the next configure */
	struct tack_box current;	/* acked and committed */
	bool has_reposition;
	uint32_t reposition_token;
	bool wants_grab, grabbing, dismissed;
	bool orphan;			/* made without a parent, not adopted */
	uint32_t grab_serial;
	struct wl_list grab_link;	/* tack_xdg_client.grabs */
};

/* xdg_shell.c */
struct tack_xdg_surface *tack_xdg_surface_from_resource(struct wl_resource *r);
void tack_xdg_surface_schedule_configure(struct tack_xdg_surface *xdg);
/* The window geometry: as set, or the extents of the surface tree. */
void tack_xdg_surface_geometry(struct tack_xdg_surface *xdg,
			       struct tack_box *box);
void tack_xdg_client_ping(struct tack_xdg_client *client);
extern const struct tack_surface_role tack_xdg_toplevel_role;
extern const struct tack_surface_role tack_xdg_popup_role;

/* xdg_toplevel.c */
extern const struct tack_view_impl tack_xdg_toplevel_view_impl;
/* xdg NULL: the xdg_surface is inert, and so is the new toplevel. */
void tack_xdg_toplevel_create(struct tack_xdg_surface *xdg, uint32_t version,
			      uint32_t id, struct wl_client *client);
/* Tear down what the toplevel holds; its resource goes inert. */
void tack_xdg_toplevel_destroy(struct tack_xdg_toplevel *toplevel);
void tack_xdg_toplevel_send_configure(struct tack_xdg_toplevel *toplevel,
				      struct tack_xdg_configure *configure);
bool tack_xdg_toplevel_precommit(struct tack_xdg_toplevel *toplevel);
void tack_xdg_toplevel_commit(struct tack_xdg_toplevel *toplevel);
void tack_xdg_toplevel_send_close(struct tack_xdg_toplevel *toplevel);
/* What the client or a taskbar asks for; the policy decides the rest. */
void tack_xdg_toplevel_set_maximized(struct tack_xdg_toplevel *toplevel,
				     bool maximized);
void tack_xdg_toplevel_set_fullscreen(struct tack_xdg_toplevel *toplevel,
				      struct tack_output *output);
void tack_xdg_toplevel_unset_fullscreen(struct tack_xdg_toplevel *toplevel);
void tack_xdg_toplevel_set_minimized(struct tack_xdg_toplevel *toplevel,
				     bool minimized);
void tack_xdg_toplevel_activate(struct tack_xdg_toplevel *toplevel);

/* foreign_toplevel.c: what a taskbar sees of each mapped toplevel. */
bool tack_foreign_toplevels_offered(struct tack_shell *shell);
void tack_foreign_toplevel_map(struct tack_xdg_toplevel *toplevel);
void tack_foreign_toplevel_unmap(struct tack_xdg_toplevel *toplevel);
/* Title, app_id or state changed: taskbars are told. */
void tack_foreign_toplevel_update(struct tack_xdg_toplevel *toplevel);

/* xdg_popup.c */
/* parent NULL: another protocol (layer shell) must adopt the popup. */
void tack_xdg_popup_create(struct tack_xdg_surface *xdg, uint32_t version,
			   uint32_t id, struct wl_client *client,
			   struct tack_popup_parent *parent,
			   const struct tack_positioner_rules *rules);
void tack_xdg_popup_destroy(struct tack_xdg_popup *popup);
void tack_xdg_popup_send_configure(struct tack_xdg_popup *popup,
				   struct tack_xdg_configure *configure);
void tack_xdg_popup_commit(struct tack_xdg_popup *popup);
void tack_popup_parent_init(struct tack_popup_parent *parent,
			    struct tack_xdg_surface *xdg,
			    struct tack_view *view);
/* Dismiss its popups, topmost first: popup_done, unmapped. */
void tack_popup_parent_dismiss(struct tack_popup_parent *parent);
/* The parent moved or changed size: reactive popups follow. */
void tack_popup_parent_moved(struct tack_popup_parent *parent);
/* Give an xdg_popup made without a parent this one, before its commit. */
void tack_popup_parent_adopt(struct tack_popup_parent *parent,
			     struct wl_resource *popup_resource);

/* xdg_decoration.c */
void tack_xdg_decoration_toplevel_gone(struct tack_xdg_decoration *decoration);
struct wl_resource *tack_xdg_decoration_resource(
	struct tack_xdg_decoration *decoration);

/* xdg_positioner.c */
void tack_xdg_positioner_create(struct wl_client *client, uint32_t version,
				uint32_t id);
/* The rules of an xdg_positioner resource. */
const struct tack_positioner_rules *
tack_xdg_positioner_rules(struct wl_resource *resource);

/* xdg_policy.c: where windows go and how big, and interactive operations. */
void tack_xdg_policy_place(struct tack_xdg_toplevel *toplevel);
void tack_xdg_policy_map(struct tack_xdg_toplevel *toplevel);
/* The output a window is on (by its centre), or the first; NULL: none. */
struct tack_output *tack_xdg_policy_output_of(struct tack_xdg_toplevel *toplevel);
/* Fill in size and area of scheduled from the wanted maximize/fullscreen. */
void tack_xdg_policy_update_state(struct tack_xdg_toplevel *toplevel);
/* Outputs came or went: maximized and fullscreen toplevels follow. */
void tack_xdg_policy_outputs_changed(struct tack_shell *shell);
void tack_xdg_policy_focus(struct tack_xdg_toplevel *toplevel);
bool tack_xdg_policy_begin_move(struct tack_xdg_toplevel *toplevel,
				uint32_t serial);
bool tack_xdg_policy_begin_resize(struct tack_xdg_toplevel *toplevel,
				  uint32_t serial, uint32_t edges);
void tack_xdg_policy_cancel_op(struct tack_xdg_toplevel *toplevel);
/* The committed state may have moved the window: place the view. */
void tack_xdg_policy_apply_position(struct tack_xdg_toplevel *toplevel);
/* Counts it where it is, if placed and mapped: after either changes. */
void tack_xdg_policy_note_spot(struct tack_xdg_toplevel *toplevel);
/* The logical box of an output. */
void tack_xdg_output_box(struct tack_output *output, struct tack_box *box);
/* The same, less what panels reserve. */
void tack_xdg_usable_box(struct tack_output *output, struct tack_box *box);

#endif
