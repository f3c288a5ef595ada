#include <string.h>
#include "shell/positioner.h"
#include "xdg-shell-server-protocol.h"

/*
 * Each axis is solved on its own: a side is -1 (left or top), +1 (right or
 * bottom) or 0 (centred). Anchor and gravity enums share their values.
 */
struct axis_rules {
	int anchor, gravity;
	int32_t rect_start, rect_len;
	int32_t size, offset;
	bool flip, slide, resize;
};

struct span {
	int32_t start, len;
};

static int side_x(uint32_t edge)
{
	switch (edge) {
	case XDG_POSITIONER_ANCHOR_LEFT:
	case XDG_POSITIONER_ANCHOR_TOP_LEFT:
	case XDG_POSITIONER_ANCHOR_BOTTOM_LEFT:
		return -1;
	case XDG_POSITIONER_ANCHOR_RIGHT:
	case XDG_POSITIONER_ANCHOR_TOP_RIGHT:
	case XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT:
		return 1;
	default:
		return 0;
	}
}

static int side_y(uint32_t edge)
{
	switch (edge) {
	case XDG_POSITIONER_ANCHOR_TOP:
	case XDG_POSITIONER_ANCHOR_TOP_LEFT:
	case XDG_POSITIONER_ANCHOR_TOP_RIGHT:
		return -1;
	case XDG_POSITIONER_ANCHOR_BOTTOM:
	case XDG_POSITIONER_ANCHOR_BOTTOM_LEFT:
	case XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT:
		return 1;
	default:
		return 0;
	}
}

void tack_positioner_rules_init(struct tack_positioner_rules *rules)
{
	memset(rules, 0, sizeof(*rules));
	rules->anchor = XDG_POSITIONER_ANCHOR_NONE;
	rules->gravity = XDG_POSITIONER_GRAVITY_NONE;
}

bool tack_positioner_rules_complete(const struct tack_positioner_rules *rules)
{
	return rules->width > 0 && rules->height > 0 && rules->has_anchor_rect;
}

static int32_t place_axis(const struct axis_rules *a, int anchor, int gravity)
{
	int32_t point = a->rect_start;

	if (anchor > 0)
		point += a->rect_len;
	else if (anchor == 0)
		point += a->rect_len / 2;
	if (gravity < 0)
		point -= a->size;
	else if (gravity == 0)
		point -= a->size / 2;
	return point + a->offset;
}

static bool constrained(const struct span *s, const struct span *c)
{
	return s->start < c->start || s->start + s->len > c->start + c->len;
}

static int32_t min32(int32_t a, int32_t b)
{
	return a < b ? a : b;
}

static int32_t max32(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

/* Move towards the end until the start edge is free, never past the end. */
static void slide_forward(struct span *s, const struct span *c)
{
	int32_t start_over = c->start - s->start;
	int32_t end_room = c->start + c->len - (s->start + s->len);

	if (start_over > 0)
		s->start += min32(start_over, max32(end_room, 0));
}

/* Move towards the start until the end edge is free, never past the start. */
static void slide_backward(struct span *s, const struct span *c)
{
	int32_t end_over = s->start + s->len - (c->start + c->len);
	int32_t start_room = s->start - c->start;

	if (end_over > 0)
		s->start -= min32(end_over, max32(start_room, 0));
}

static void solve_axis(const struct axis_rules *a, const struct span *c,
		       struct span *out)
{
	out->start = place_axis(a, a->anchor, a->gravity);
	out->len = a->size;
	if (!constrained(out, c))
		return;

	if (a->flip) {
		struct span flipped = {
			place_axis(a, -a->anchor, -a->gravity), a->size,
		};

		if (!constrained(&flipped, c)) {
			*out = flipped;
			return;
		}
	}
	/*
	 * First towards the gravity, then against it; a centred popup keeps
	 * its start edge, like one growing towards the end.
	 */
	if (a->slide && a->gravity < 0) {
		slide_backward(out, c);
		slide_forward(out, c);
	} else if (a->slide) {
		slide_forward(out, c);
		slide_backward(out, c);
	}
	if (a->resize && constrained(out, c)) {
		int32_t start = max32(out->start, c->start);
		int32_t end = min32(out->start + out->len, c->start + c->len);

		/* Nothing of the popup would be left: keep it as it is. */
		if (end > start) {
			out->start = start;
			out->len = end - start;
		}
	}
}

static void axis_rules_x(const struct tack_positioner_rules *rules,
			 struct axis_rules *a)
{
	uint32_t adj = rules->constraint_adjustment;

	*a = (struct axis_rules){
		.anchor = side_x(rules->anchor),
		.gravity = side_x(rules->gravity),
		.rect_start = rules->anchor_rect.x,
		.rect_len = rules->anchor_rect.width,
		.size = rules->width,
		.offset = rules->offset_x,
		.flip = adj & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X,
		.slide = adj & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X,
		.resize = adj & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_X,
	};
}

static void axis_rules_y(const struct tack_positioner_rules *rules,
			 struct axis_rules *a)
{
	uint32_t adj = rules->constraint_adjustment;

	*a = (struct axis_rules){
		.anchor = side_y(rules->anchor),
		.gravity = side_y(rules->gravity),
		.rect_start = rules->anchor_rect.y,
		.rect_len = rules->anchor_rect.height,
		.size = rules->height,
		.offset = rules->offset_y,
		.flip = adj & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y,
		.slide = adj & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_Y,
		.resize = adj & XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_Y,
	};
}

void tack_positioner_place(const struct tack_positioner_rules *rules,
			   struct tack_box *box)
{
	struct axis_rules ax, ay;

	axis_rules_x(rules, &ax);
	axis_rules_y(rules, &ay);
	box->x = place_axis(&ax, ax.anchor, ax.gravity);
	box->y = place_axis(&ay, ay.anchor, ay.gravity);
	box->width = rules->width;
	box->height = rules->height;
}

void tack_positioner_solve(const struct tack_positioner_rules *rules,
			   const struct tack_box *constraint,
			   struct tack_box *box)
{
	struct axis_rules ax, ay;
	struct span cx = { constraint->x, constraint->width };
	struct span cy = { constraint->y, constraint->height };
	struct span x, y;

	axis_rules_x(rules, &ax);
	axis_rules_y(rules, &ay);
	solve_axis(&ax, &cx, &x);
	solve_axis(&ay, &cy, &y);
	*box = (struct tack_box){ x.start, y.start, x.len, y.len };
}
