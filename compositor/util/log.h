/* One line per decision, to stderr, with the layer that decided. */
#ifndef TACK_LOG_H
#define TACK_LOG_H

enum tack_log_level {
	TACK_LOG_ERROR,
	TACK_LOG_INFO,
	TACK_LOG_DEBUG,
};

void tack_log_set_level(enum tack_log_level level);
void tack_log(enum tack_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define tack_err(...) tack_log(TACK_LOG_ERROR, __VA_ARGS__)
#define tack_info(...) tack_log(TACK_LOG_INFO, __VA_ARGS__)
#define tack_dbg(...) tack_log(TACK_LOG_DEBUG, __VA_ARGS__)

#endif
