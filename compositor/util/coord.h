/*
 * Layout coordinates. Whatever a client gives (positions, offsets, sizes)
 * is held within +-TACK_COORD_MAX where it enters: far beyond any real
 * layout, and small enough that the sums tack makes of a few such values
 * (a position and a size, an anchor and an offset, a subsurface tree of
 * TACK_SUBSURFACE_MAX_DEPTH levels) fit in int32_t. Sums that nest without
 * a bound (popups of popups) saturate instead.
 */
#ifndef TACK_COORD_H
#define TACK_COORD_H

#include <stdbool.h>
#include <stdint.h>

#define TACK_COORD_MAX (1 << 24)
/* a subsurface tree is at most this deep, its root included */
#define TACK_SUBSURFACE_MAX_DEPTH 32

static inline int32_t tack_coord_clamp(int64_t v)
{
	if (v < -TACK_COORD_MAX)
		return -TACK_COORD_MAX;
	if (v > TACK_COORD_MAX)
		return TACK_COORD_MAX;
	return (int32_t)v;
}

/* a + b, saturating where a layout has no room any more */
static inline int32_t tack_coord_add(int32_t a, int32_t b)
{
	int64_t sum = (int64_t)a + b;

	if (sum > INT32_MAX / 2)
		return INT32_MAX / 2;
	if (sum < INT32_MIN / 2)
		return INT32_MIN / 2;
	return (int32_t)sum;
}

/* A size a client may ask for: positive, and not beyond the layout. */
static inline bool tack_size_valid(int32_t v)
{
	return v > 0 && v <= TACK_COORD_MAX;
}

/* The same where 0 means "none" or "the client decides". */
static inline bool tack_size_valid_or_zero(int32_t v)
{
	return v == 0 || tack_size_valid(v);
}

#endif
