/* The xdg_positioner constraint solver, without a display. */
#include <stdarg.h>
#include <stdio.h>
#include "shell/positioner.h"
#include "xdg-shell-server-protocol.h"

static int test_count, failed;

static void check_box(const struct tack_box *got, int32_t x, int32_t y,
		      int32_t w, int32_t h, const char *name)
{
	bool ok = got->x == x && got->y == y && got->width == w &&
		  got->height == h;

	test_count++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", test_count, name);
	if (!ok) {
		failed++;
		printf("# got %d,%d %dx%d, want %d,%d %dx%d\n", got->x, got->y,
		       got->width, got->height, x, y, w, h);
	}
}

static void check(bool cond, const char *name)
{
	test_count++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", test_count, name);
	if (!cond)
		failed++;
}

static struct tack_positioner_rules rules(int32_t w, int32_t h,
					  struct tack_box rect,
					  uint32_t anchor, uint32_t gravity,
					  uint32_t adjustment)
{
	struct tack_positioner_rules r;

	tack_positioner_rules_init(&r);
	r.width = w;
	r.height = h;
	r.has_anchor_rect = true;
	r.anchor_rect = rect;
	r.anchor = anchor;
	r.gravity = gravity;
	r.constraint_adjustment = adjustment;
	return r;
}

static const struct tack_box screen = { 0, 0, 1000, 800 };

static void solve(const struct tack_positioner_rules *r,
		  const struct tack_box *constraint, int32_t x, int32_t y,
		  int32_t w, int32_t h, const char *name)
{
	struct tack_box box;

	tack_positioner_solve(r, constraint, &box);
	check_box(&box, x, y, w, h, name);
}

static void test_anchor_gravity(void)
{
	struct tack_box rect = { 10, 20, 30, 40 };
	struct tack_positioner_rules r;
	struct tack_box box;

	r = rules(100, 50, rect, XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT, 0);
	tack_positioner_place(&r, &box);
	check_box(&box, 40, 60, 100, 50, "bottom_right anchor, bottom_right gravity");

	r = rules(100, 50, rect, XDG_POSITIONER_ANCHOR_NONE,
		  XDG_POSITIONER_GRAVITY_NONE, 0);
	tack_positioner_place(&r, &box);
	check_box(&box, -25, 15, 100, 50, "centred anchor and gravity");

	r = rules(100, 50, rect, XDG_POSITIONER_ANCHOR_TOP_LEFT,
		  XDG_POSITIONER_GRAVITY_TOP_LEFT, 0);
	tack_positioner_place(&r, &box);
	check_box(&box, -90, -30, 100, 50, "top_left anchor, top_left gravity");

	r = rules(100, 50, rect, XDG_POSITIONER_ANCHOR_BOTTOM,
		  XDG_POSITIONER_GRAVITY_TOP_RIGHT, 0);
	tack_positioner_place(&r, &box);
	check_box(&box, 25, 10, 100, 50, "bottom anchor, top_right gravity");

	r = rules(100, 50, rect, XDG_POSITIONER_ANCHOR_RIGHT,
		  XDG_POSITIONER_GRAVITY_LEFT, 0);
	tack_positioner_place(&r, &box);
	check_box(&box, -60, 15, 100, 50, "right anchor, left gravity");

	r = rules(100, 50, rect, XDG_POSITIONER_ANCHOR_BOTTOM_LEFT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT, 0);
	r.offset_x = 5;
	r.offset_y = -7;
	tack_positioner_place(&r, &box);
	check_box(&box, 15, 53, 100, 50, "offset is added after gravity");
}

static void test_unconstrained(void)
{
	struct tack_positioner_rules r;

	r = rules(100, 50, (struct tack_box){ 900, 700, 20, 20 },
		  XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT, 0);
	solve(&r, &screen, 920, 720, 100, 50,
	      "no adjustment allowed: stays constrained");

	r.constraint_adjustment = ~0u;
	r.anchor_rect = (struct tack_box){ 100, 100, 20, 20 };
	solve(&r, &screen, 120, 120, 100, 50,
	      "a popup that fits is not moved");
}

static void test_flip(void)
{
	struct tack_positioner_rules r;

	r = rules(100, 50, (struct tack_box){ 950, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_RIGHT, XDG_POSITIONER_GRAVITY_RIGHT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X);
	solve(&r, &screen, 850, 85, 100, 50, "flip_x to the left");

	r = rules(80, 200, (struct tack_box){ 100, 780, 50, 10 },
		  XDG_POSITIONER_ANCHOR_BOTTOM, XDG_POSITIONER_GRAVITY_BOTTOM,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y);
	solve(&r, &screen, 85, 580, 80, 200, "flip_y above the anchor");

	r.offset_y = 4;
	solve(&r, &screen, 85, 584, 80, 200,
	      "flip_y keeps the offset as given");

	r = rules(100, 50, (struct tack_box){ 50, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_RIGHT, XDG_POSITIONER_GRAVITY_RIGHT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X);
	solve(&r, &(struct tack_box){ 0, 0, 150, 800 }, 70, 85, 100, 50,
	      "flip_x that is constrained too is not taken");

	r = rules(100, 50, (struct tack_box){ 950, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_RIGHT, XDG_POSITIONER_GRAVITY_RIGHT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y);
	solve(&r, &screen, 970, 85, 100, 50, "flip_y does not act on x");
}

static void test_slide(void)
{
	struct tack_positioner_rules r;

	r = rules(100, 50, (struct tack_box){ 950, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_RIGHT, XDG_POSITIONER_GRAVITY_RIGHT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X);
	solve(&r, &screen, 900, 85, 100, 50, "slide_x back from the right edge");

	r = rules(100, 50, (struct tack_box){ 30, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_LEFT, XDG_POSITIONER_GRAVITY_LEFT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X);
	solve(&r, &screen, 0, 85, 100, 50, "slide_x off the left edge");

	r = rules(1200, 50, (struct tack_box){ 100, 100, 0, 0 },
		  XDG_POSITIONER_ANCHOR_TOP_LEFT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X);
	solve(&r, &screen, 0, 100, 1200, 50,
	      "slide_x of a too wide popup keeps the start edge");

	r.gravity = XDG_POSITIONER_GRAVITY_BOTTOM_LEFT;
	r.anchor_rect.x = 900;
	solve(&r, &screen, -200, 100, 1200, 50,
	      "slide_x against left gravity keeps the end edge");

	r = rules(100, 300, (struct tack_box){ 10, 700, 20, 20 },
		  XDG_POSITIONER_ANCHOR_BOTTOM, XDG_POSITIONER_GRAVITY_BOTTOM,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_Y);
	solve(&r, &screen, -30, 500, 100, 300, "slide_y up from the bottom");

	r = rules(100, 50, (struct tack_box){ 990, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_NONE, XDG_POSITIONER_GRAVITY_NONE,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X);
	solve(&r, &screen, 900, 85, 100, 50, "slide_x of a centred popup");
}

static void test_resize(void)
{
	struct tack_positioner_rules r;

	r = rules(100, 50, (struct tack_box){ 950, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_RIGHT, XDG_POSITIONER_GRAVITY_RIGHT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_X);
	solve(&r, &screen, 970, 85, 30, 50, "resize_x at the right edge");

	r = rules(100, 200, (struct tack_box){ 100, 50, 20, 20 },
		  XDG_POSITIONER_ANCHOR_TOP, XDG_POSITIONER_GRAVITY_TOP,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_Y);
	solve(&r, &screen, 60, 0, 100, 50, "resize_y at the top edge");
}

static void test_combinations(void)
{
	struct tack_positioner_rules r;
	uint32_t flip_slide = XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X |
			      XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X;

	r = rules(100, 50, (struct tack_box){ 950, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_RIGHT, XDG_POSITIONER_GRAVITY_RIGHT,
		  flip_slide);
	solve(&r, &screen, 850, 85, 100, 50, "flip wins over slide");

	r.anchor_rect = (struct tack_box){ 50, 100, 20, 20 };
	solve(&r, &(struct tack_box){ 0, 0, 150, 800 }, 50, 85, 100, 50,
	      "slide when the flip does not fit");

	r = rules(100, 500, (struct tack_box){ 100, 400, 20, 20 },
		  XDG_POSITIONER_ANCHOR_BOTTOM, XDG_POSITIONER_GRAVITY_BOTTOM,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y |
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_Y);
	solve(&r, &screen, 60, 420, 100, 380,
	      "resize when the flip does not fit");

	r = rules(300, 300, (struct tack_box){ 950, 750, 20, 20 },
		  XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT, ~0u);
	solve(&r, &screen, 650, 450, 300, 300, "both axes flip");

	r = rules(100, 50, (struct tack_box){ 10, 20, 30, 40 },
		  XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT, ~0u);
	solve(&r, &(struct tack_box){ -300, -200, 360, 300 }, -90, -30, 100,
	      50, "a constraint box away from the parent's origin");
}

static void test_fits_nowhere(void)
{
	struct tack_positioner_rules r;

	r = rules(100, 50, (struct tack_box){ 2000, 2000, 20, 20 },
		  XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT,
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X |
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y |
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_X |
		  XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_Y);
	solve(&r, &screen, 2020, 2020, 100, 50,
	      "a popup that fits nowhere stays where it was placed");

	r = rules(2000, 2000, (struct tack_box){ 100, 100, 20, 20 },
		  XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT,
		  XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT, ~0u);
	solve(&r, &screen, 0, 0, 1000, 800,
	      "a popup bigger than the screen is slid and cut to it");
}

static void test_complete(void)
{
	struct tack_positioner_rules r;

	tack_positioner_rules_init(&r);
	check(!tack_positioner_rules_complete(&r), "a fresh positioner is incomplete");
	r.width = r.height = 10;
	check(!tack_positioner_rules_complete(&r),
	      "a size without an anchor rectangle is incomplete");
	r.has_anchor_rect = true;
	check(tack_positioner_rules_complete(&r),
	      "a size and an empty anchor rectangle are complete");
}

int main(void)
{
	test_anchor_gravity();
	test_unconstrained();
	test_flip();
	test_slide();
	test_resize();
	test_combinations();
	test_fits_nowhere();
	test_complete();
	printf("1..%d\n", test_count);
	return failed ? 1 : 0;
}
