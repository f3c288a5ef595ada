#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "util/log.h"

static enum tack_log_level max_level = TACK_LOG_INFO;

void tack_log_set_level(enum tack_log_level level)
{
	max_level = level;
}

void tack_log(enum tack_log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = { "error", "info", "debug" };
	struct timespec ts;
	va_list args;

	if (level > max_level)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "[%ld.%03ld] tack %s: ", (long)ts.tv_sec,
		ts.tv_nsec / 1000000, prefix[level]);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
}
