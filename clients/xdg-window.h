/*
 * What tack-xdg-hostile and tack-xdg-probe share: xdg windows that record
 * every event they get, and running one named case.
 */
#ifndef TACK_XDG_WINDOW_H
#define TACK_XDG_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "client_common.h"

struct window {
	struct tc_display *d;
	struct wl_surface *surface;
	struct xdg_surface *xdg_surface;
	struct xdg_toplevel *toplevel;
	struct xdg_popup *popup;
	uint32_t serial;		/* last configure, 0 once acked */
	int configures;
	int32_t width, height;		/* last toplevel configure */
	uint32_t states;		/* 1 << xdg_toplevel_state */
	int32_t bounds_w, bounds_h;
	uint32_t caps;			/* 1 << xdg_toplevel_wm_capabilities */
	int32_t popup_x, popup_y, popup_w, popup_h;
	bool popup_done;
	uint32_t repositioned;
	struct tc_buffer buffer;
	/* Interactive cases: what a press does, and what follows. */
	void (*on_press)(struct window *w, uint32_t serial);
	void (*on_configure)(struct window *w);
	bool pressed;
	struct window *child;
};

extern const struct xdg_popup_listener xw_popup_listener;
void xw_handle_popup_configure(void *data, struct xdg_popup *p, int32_t x,
			       int32_t y, int32_t width, int32_t height);
void xw_handle_repositioned(void *data, struct xdg_popup *p, uint32_t token);

void xw_fail(const char *what);
void xw_surface_create(struct tc_display *d, struct window *w);
void xw_toplevel_create(struct tc_display *d, struct window *w);
/* Wait for a configure after the one counted in before; false on error. */
bool xw_wait_configure(struct window *w, int before);
/* Ack the last configure, draw the size configured (or this one), commit. */
void xw_draw(struct window *w, int32_t width, int32_t height, uint32_t colour);
/* xw_draw, then a round trip. */
void xw_show(struct window *w, int32_t width, int32_t height, uint32_t colour);
/* A toplevel through the initial configure dance, mapped at 200x100. */
void xw_mapped_toplevel(struct tc_display *d, struct window *w);
/* A positioner of that size on a 10x10 anchor rectangle. */
struct xdg_positioner *xw_positioner(struct tc_display *d, int32_t w,
				     int32_t h);
/* A 50x50 popup of parent. */
struct xdg_popup *xw_popup_of(struct tc_display *d, struct window *w,
			      struct window *parent);
/* Block until the test writes a line; false at the end of stdin. */
bool xw_wait_stdin(void);
/* Print a line and flush it, for the test to read. */
void xw_say(const char *what);

struct xw_case {
	const char *name;
	void (*run)(struct tc_display *d);
};

/* Run the case argv[1] names, then print the protocol error, if any. */
int xw_main(const char *program, const struct xw_case *cases, size_t n,
	    int argc, char **argv);

#endif
