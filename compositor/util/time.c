#include "util/time.h"

int64_t tack_timespec_to_nsec(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * TACK_NSEC_PER_SEC + ts->tv_nsec;
}

void tack_timespec_from_nsec(struct timespec *ts, int64_t nsec)
{
	ts->tv_sec = nsec / TACK_NSEC_PER_SEC;
	ts->tv_nsec = nsec % TACK_NSEC_PER_SEC;
}

int64_t tack_now_nsec(void)
{
	struct timespec ts;

	clock_gettime(TACK_CLOCK, &ts);
	return tack_timespec_to_nsec(&ts);
}

uint32_t tack_now_msec()
{
	return (uint32_t)(tack_now_nsec() / TACK_NSEC_PER_MSEC);
}

int64_t tack_cpu_nsec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return tack_timespec_to_nsec(&ts);
}

int64_t tack_refresh_period_nsec(int32_t refresh_mhz)
{
	/* mHz: a thousand periods per second per Hz */
	return refresh_mhz > 0 ? TACK_NSEC_PER_SEC * 1000 / refresh_mhz : 0;
}
