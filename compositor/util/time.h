/*
 * One set of clock helpers. tack's clock is CLOCK_MONOTONIC: frame times,
 * presentation feedback, traces and input timestamps all read it.
 */
#ifndef TACK_TIME_H
#define TACK_TIME_H

#include <stdint.h>
#include <time.h>

#define TACK_CLOCK CLOCK_MONOTONIC
#define TACK_NSEC_PER_SEC 1000000000ll
#define TACK_NSEC_PER_MSEC 1000000ll
#define TACK_NSEC_PER_USEC 1000ll

int64_t tack_timespec_to_nsec(const struct timespec *ts);
void tack_timespec_from_nsec(struct timespec *ts, int64_t nsec);
/* Now on tack's clock. */
int64_t tack_now_nsec(void);
/* Now in milliseconds, as protocol timestamps (wrapping) carry it. */
uint32_t tack_now_msec();
/* The process's CPU time. */
int64_t tack_cpu_nsec(void);
/* The period of a refresh rate in mHz; 0 for a rate of 0 or less. */
int64_t tack_refresh_period_nsec(int32_t refresh_mhz);

#endif
