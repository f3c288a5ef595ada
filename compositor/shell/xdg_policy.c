/*
 * The window policy: where new toplevels go, what maximized and fullscreen
 * mean, keyboard focus on map and unmap, and interactive move and resize.
 */
#include <limits.h>
#include "output/layout.h"
#include "output/output.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "shell/xdg_shell_private.h"
#include "surface/surface.h"
#include "util/log.h"

/* How far a new window moves when its spot is taken by another. */
#define CASCADE_STEP 32
#define CASCADE_MAX 64

void tack_xdg_output_box(struct tack_output *output, struct tack_box *box)
{
	pixman_box32_t b;

	tack_output_logical_box(output, &b);
	*box = (struct tack_box){ b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1 };
}

void tack_xdg_usable_box(struct tack_output *output, struct tack_box *box)
{
	pixman_box32_t b;

	tack_output_usable_box(output, &b);
	*box = (struct tack_box){ b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1 };
}

static struct tack_shell *shell_of(struct tack_xdg_toplevel *toplevel)
{
	return toplevel->xdg->shell;
}

/* New windows open where the user is: the output under the pointer. */
static struct tack_output *placement_output(struct tack_shell *shell)
{
	struct tack_output *output;
	double lx, ly;

	if (tack_seat_pointer_position(shell->seat, &lx, &ly)) {
		output = tack_layout_output_at(shell->layout, lx, ly);
		if (output)
			return output;
	}
	return tack_layout_first_output(shell->layout);
}

/* The output under the middle of a placed window, if any. */
static struct tack_output *output_under(struct tack_xdg_toplevel *toplevel)
{
	struct tack_box geom;

	if (!toplevel->placed)
		return NULL;
	tack_xdg_surface_geometry(toplevel->xdg, &geom);
	return tack_layout_output_at(shell_of(toplevel)->layout,
				     toplevel->x + geom.width / 2.0,
				     toplevel->y + geom.height / 2.0);
}

struct tack_output *tack_xdg_policy_output_of(struct tack_xdg_toplevel *toplevel)
{
	struct tack_output *output = output_under(toplevel);

	return output ? output : placement_output(shell_of(toplevel));
}

/*
 * A window that maps again (a dialog shown again, a player restored from
 * its tray icon) comes back where it was while that is still on an output;
 * a new one is placed.
 */
void tack_xdg_policy_map(struct tack_xdg_toplevel *toplevel)
{
	if (output_under(toplevel))
		tack_xdg_policy_apply_position(toplevel);
	else
		tack_xdg_policy_place(toplevel);
}

void tack_xdg_policy_note_spot(struct tack_xdg_toplevel *toplevel)
{
	bool holds = toplevel->placed && toplevel->xdg->mapped;
	struct tack_spot *spot = toplevel->spot;

	if (spot && holds && spot->x == toplevel->x && spot->y == toplevel->y)
		return;
	if (spot)
		tack_spots_give_back(spot);
	toplevel->spot = NULL;
	if (!holds)
		return;
	toplevel->spot = tack_spots_take(&shell_of(toplevel)->spots,
					 toplevel->x, toplevel->y);
	if (!toplevel->spot)
		tack_err("xdg: no memory to note where a window is; the next may open over it");
}

static void centre_in(const struct tack_box *area, const struct tack_box *geom,
		      int32_t *x, int32_t *y)
{
	*x = area->x + (area->width - geom->width) / 2;
	*y = area->y + (area->height - geom->height) / 2;
	if (*x < area->x)
		*x = area->x;
	if (*y < area->y)
		*y = area->y;
}

void tack_xdg_policy_place(struct tack_xdg_toplevel *toplevel)
{
	struct tack_shell *shell = shell_of(toplevel);
	struct tack_output *output = placement_output(shell);
	struct tack_xdg_toplevel *parent = toplevel->parent;
	struct tack_box geom, area = { 0 };
	int32_t x, y;

	/* its own spot is not one taken by another */
	toplevel->placed = false;
	tack_xdg_policy_note_spot(toplevel);

	tack_xdg_surface_geometry(toplevel->xdg, &geom);
	if (output)
		tack_xdg_usable_box(output, &area);
	if (parent && parent->placed) {
		struct tack_box pgeom;

		/* Dialogs open over the window they belong to. */
		tack_xdg_surface_geometry(parent->xdg, &pgeom);
		pgeom.x = parent->x;
		pgeom.y = parent->y;
		centre_in(&pgeom, &geom, &x, &y);
	} else {
		centre_in(&area, &geom, &x, &y);
	}
	for (int i = 0; i < CASCADE_MAX && tack_spots_held(&shell->spots, x, y);
	     i++) {
		x += CASCADE_STEP;
		y += CASCADE_STEP;
		if (x + geom.width > area.x + area.width ||
		    y + geom.height > area.y + area.height) {
			x = area.x;
			y = area.y;
		}
	}
	toplevel->x = x;
	toplevel->y = y;
	toplevel->placed = true;
	tack_xdg_policy_apply_position(toplevel);
}

void tack_xdg_policy_apply_position(struct tack_xdg_toplevel *toplevel)
{
	const struct tack_xdg_toplevel_state *s = &toplevel->current;
	struct tack_box geom;
	int32_t x = toplevel->x, y = toplevel->y;

	tack_xdg_surface_geometry(toplevel->xdg, &geom);
	if (s->maximized || s->fullscreen) {
		x = s->area.x;
		y = s->area.y;
	} else if (s->resize_edges) {
		/* The edge opposite the one being dragged stays put. */
		if (s->resize_edges & XDG_TOPLEVEL_RESIZE_EDGE_LEFT)
			x = toplevel->op.start.x + toplevel->op.start.width -
			    geom.width;
		if (s->resize_edges & XDG_TOPLEVEL_RESIZE_EDGE_TOP)
			y = toplevel->op.start.y + toplevel->op.start.height -
			    geom.height;
		toplevel->x = x;
		toplevel->y = y;
	}
	tack_view_set_position(toplevel->xdg->view, x - geom.x, y - geom.y);
	tack_xdg_policy_note_spot(toplevel);
}

void tack_xdg_policy_update_state(struct tack_xdg_toplevel *toplevel)
{
	struct tack_xdg_toplevel_state *s = &toplevel->scheduled;
	bool was_floating = !s->maximized && !s->fullscreen;
	struct tack_output *output = toplevel->fullscreen_output;

	s->maximized = toplevel->want_maximized;
	s->fullscreen = toplevel->want_fullscreen;
	if (!s->maximized && !s->fullscreen) {
		if (!was_floating) {
			s->width = toplevel->has_saved ? toplevel->saved.width : 0;
			s->height = toplevel->has_saved ? toplevel->saved.height : 0;
		}
		return;
	}
	if (was_floating && toplevel->placed && toplevel->xdg->mapped) {
		struct tack_box geom;

		tack_xdg_surface_geometry(toplevel->xdg, &geom);
		toplevel->saved = (struct tack_box){ toplevel->x, toplevel->y,
						     geom.width, geom.height };
		toplevel->has_saved = true;
	}
	if (!s->fullscreen || !output)
		output = tack_xdg_policy_output_of(toplevel);
	s->area = (struct tack_box){ 0 };
	/* Fullscreen covers panels; maximized windows leave them room. */
	if (output && s->fullscreen)
		tack_xdg_output_box(output, &s->area);
	else if (output)
		tack_xdg_usable_box(output, &s->area);
	s->width = s->area.width;
	s->height = s->area.height;
}

void tack_xdg_policy_focus(struct tack_xdg_toplevel *toplevel)
{
	struct tack_shell *shell = shell_of(toplevel);

	if (shell->seat)
		tack_seat_focus_view(shell->seat, toplevel->xdg->view);
	else
		tack_view_raise(toplevel->xdg->view);
}

static void handle_move_motion(void *data, double lx, double ly)
{
	struct tack_xdg_toplevel *toplevel = data;

	toplevel->x = toplevel->op.start.x + (int32_t)(lx - toplevel->op.start_lx);
	toplevel->y = toplevel->op.start.y + (int32_t)(ly - toplevel->op.start_ly);
	tack_xdg_policy_apply_position(toplevel);
	tack_popup_parent_moved(&toplevel->xdg->popup_parent);
}

static void handle_op_end(void *data)
{
	struct tack_xdg_toplevel *toplevel = data;

	toplevel->op.active = false;
	if (toplevel->scheduled.resizing) {
		toplevel->scheduled.resizing = false;
		tack_xdg_surface_schedule_configure(toplevel->xdg);
	}
}

static int32_t clamp_size(int32_t size, int32_t min, int32_t max)
{
	if (max > 0 && size > max)
		size = max;
	if (size < min)
		size = min;
	return size < 1 ? 1 : size;
}

static void handle_resize_motion(void *data, double lx, double ly)
{
	struct tack_xdg_toplevel *toplevel = data;
	uint32_t edges = toplevel->op.edges;
	int32_t dx = (int32_t)(lx - toplevel->op.start_lx);
	int32_t dy = (int32_t)(ly - toplevel->op.start_ly);
	int32_t w = toplevel->op.start.width, h = toplevel->op.start.height;

	if (edges & XDG_TOPLEVEL_RESIZE_EDGE_LEFT)
		w -= dx;
	if (edges & XDG_TOPLEVEL_RESIZE_EDGE_RIGHT)
		w += dx;
	if (edges & XDG_TOPLEVEL_RESIZE_EDGE_TOP)
		h -= dy;
	if (edges & XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM)
		h += dy;
	toplevel->scheduled.width = clamp_size(w, toplevel->min_w,
					       toplevel->max_w);
	toplevel->scheduled.height = clamp_size(h, toplevel->min_h,
						toplevel->max_h);
	toplevel->scheduled.resizing = true;
	toplevel->scheduled.resize_edges = edges;
	tack_xdg_surface_schedule_configure(toplevel->xdg);
}

static const struct tack_seat_pointer_op move_op = {
	.motion = handle_move_motion,
	.end = handle_op_end,
};

static const struct tack_seat_pointer_op resize_op = {
	.motion = handle_resize_motion,
	.end = handle_op_end,
};

/* Maximized and fullscreen windows stay where the policy put them. */
static bool begin_op(struct tack_xdg_toplevel *toplevel, uint32_t serial,
		     const struct tack_seat_pointer_op *op)
{
	struct tack_shell *shell = shell_of(toplevel);
	struct wl_client *client = wl_resource_get_client(toplevel->resource);
	const struct tack_xdg_toplevel_state *s = &toplevel->current;
	struct tack_box geom;
	double lx, ly;

	if (!shell->seat || !toplevel->xdg->mapped || s->maximized ||
	    s->fullscreen || toplevel->op.active)
		return false;
	if (!tack_seat_begin_pointer_op(shell->seat, client, serial, op,
					toplevel, &lx, &ly))
		return false;
	tack_xdg_surface_geometry(toplevel->xdg, &geom);
	/* The last resize's anchoring ends where this operation starts. */
	toplevel->current.resize_edges = 0;
	toplevel->op.active = true;
	toplevel->op.start_lx = lx;
	toplevel->op.start_ly = ly;
	toplevel->op.start = (struct tack_box){ toplevel->x, toplevel->y,
						geom.width, geom.height };
	return true;
}

bool tack_xdg_policy_begin_move(struct tack_xdg_toplevel *toplevel,
				uint32_t serial)
{
	return begin_op(toplevel, serial, &move_op);
}

bool tack_xdg_policy_begin_resize(struct tack_xdg_toplevel *toplevel,
				  uint32_t serial, uint32_t edges)
{
	if (edges == XDG_TOPLEVEL_RESIZE_EDGE_NONE ||
	    !begin_op(toplevel, serial, &resize_op))
		return false;
	toplevel->op.edges = edges;
	return true;
}

void tack_xdg_policy_cancel_op(struct tack_xdg_toplevel *toplevel)
{
	struct tack_shell *shell = shell_of(toplevel);

	if (toplevel->op.active && shell->seat)
		tack_seat_cancel_pointer_op(shell->seat, toplevel);
	toplevel->op.active = false;
	toplevel->scheduled.resizing = false;
	toplevel->scheduled.resize_edges = 0;
}

void tack_xdg_policy_outputs_changed(struct tack_shell *shell)
{
	struct tack_xdg_toplevel *toplevel;

	wl_list_for_each(toplevel, &shell->toplevels, link) {
		if (!toplevel->want_maximized && !toplevel->want_fullscreen)
			continue;
		tack_xdg_policy_update_state(toplevel);
		tack_xdg_surface_schedule_configure(toplevel->xdg);
	}
}

static struct tack_xdg_toplevel *toplevel_of_view(struct tack_view *view)
{
	struct tack_xdg_surface *xdg;

	if (!view || view->impl != &tack_xdg_toplevel_view_impl)
		return NULL;
	xdg = view->data;
	return xdg->toplevel;
}

bool tack_shell_close_view(struct tack_view *view)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of_view(view);

	if (!toplevel)
		return false;
	tack_xdg_toplevel_send_close(toplevel);
	return true;
}

bool tack_shell_move_view(struct tack_view *view, int32_t x, int32_t y)
{
	struct tack_xdg_toplevel *toplevel = toplevel_of_view(view);

	if (!toplevel)
		return false;
	toplevel->x = x;
	toplevel->y = y;
	toplevel->placed = true;
	tack_xdg_policy_apply_position(toplevel);
	tack_popup_parent_moved(&toplevel->xdg->popup_parent);
	return true;
}
