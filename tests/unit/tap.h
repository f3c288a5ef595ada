/* A few lines of TAP for the unit tests. */
#ifndef TACK_TEST_TAP_H
#define TACK_TEST_TAP_H

#include <stdbool.h>
#include <stdio.h>

static int tap_count, tap_failed;

static inline bool tap_ok(bool cond, const char *name)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", tap_count, name);
	return cond;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
