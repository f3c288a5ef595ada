/*
 * xdg_positioner rules and the constraint solver: pure functions, so the
 * placement of popups is testable without a display.
 */
#ifndef TACK_POSITIONER_H
#define TACK_POSITIONER_H

#include <stdbool.h>
#include <stdint.h>

struct tack_box {
	int32_t x, y, width, height;
};

struct tack_positioner_rules {
	int32_t width, height;		/* the popup's window geometry size */
	bool has_anchor_rect;
	struct tack_box anchor_rect;	/* in the parent's window geometry */
	uint32_t anchor;		/* enum xdg_positioner_anchor */
	uint32_t gravity;		/* enum xdg_positioner_gravity */
	uint32_t constraint_adjustment;	/* enum xdg_positioner_constraint_adjustment */
	int32_t offset_x, offset_y;
	bool reactive;
	bool has_parent_size;
	int32_t parent_width, parent_height;
	bool has_parent_configure;
	uint32_t parent_configure_serial;
};

/* Rules as a fresh xdg_positioner has them: no size, no anchor rectangle. */
void tack_positioner_rules_init(struct tack_positioner_rules *rules);
/* A popup needs both a size and an anchor rectangle. */
bool tack_positioner_rules_complete(const struct tack_positioner_rules *rules);

/* The popup's box before any adjustment, relative to the parent geometry. */
void tack_positioner_place(const struct tack_positioner_rules *rules,
			   struct tack_box *box);
/*
 * Where the popup goes: the placed box adjusted as the rules allow (flip,
 * then slide, then resize, each axis on its own) to stay inside constraint,
 * given in the same coordinates. When no adjustment helps, the box stays
 * constrained.
 */
void tack_positioner_solve(const struct tack_positioner_rules *rules,
			   const struct tack_box *constraint,
			   struct tack_box *box);

#endif
