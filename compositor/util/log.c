#include <stdarg.h>
#include <stdio.h>
#include "util/log.h"
#include "util/time.h"

static enum tack_log_level max_level = TACK_LOG_INFO;

void tack_log_set_level(enum tack_log_level level)
{
	max_level = level;
}

void tack_log(enum tack_log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = { "error", "info", "debug" };
	int64_t now;
	va_list args;

	if (level > max_level)
		return;
	now = tack_now_nsec();
	fprintf(stderr, "[%lld.%03lld] tack %s: ",
		(long long)(now / TACK_NSEC_PER_SEC),
		(long long)(now % TACK_NSEC_PER_SEC / TACK_NSEC_PER_MSEC),
		prefix[level]);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
}
