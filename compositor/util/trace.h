/*
 * Composition-latency traces: every step of every frame, from a surface
 * commit to the flip that showed it, recorded into a ring in memory and
 * written as Chrome trace-event JSON (Perfetto, chrome://tracing) when
 * tracing stops. Recording costs a branch when tracing is off, and a few
 * stores when on: nothing in the repaint loop blocks on it.
 */
#ifndef TACK_TRACE_H
#define TACK_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/fallback.h"

struct tack_trace;

enum tack_trace_kind {
	TACK_TRACE_COMMIT,	/* a = commit id, b = damaged pixels */
	TACK_TRACE_IMPORT,	/* dur; a = bytes, b = 1 for a cache hit */
	TACK_TRACE_PLANE,	/* a = plane id */
	TACK_TRACE_FALLBACK,	/* reason */
	TACK_TRACE_COMPOSITE,	/* dur; a = bytes copied, b = surfaces */
	TACK_TRACE_ATOMIC,	/* dur; a = planes, b = -errno or 0 */
	TACK_TRACE_FLIP,	/* a = sequence, b = compositor CPU ns since last */
	TACK_TRACE_PRESENT,	/* a = commit id, b = commit-to-present ns */
	TACK_TRACE_RELEASE,	/* a = buffer id */
	TACK_TRACE_REPAINT,	/* dur; a = frame */
	/* the GPU read a buffer: a = 0 in place, else the fallback reason;
	 * b = bytes copied for it */
	TACK_TRACE_TEXTURE,
	TACK_TRACE_KIND_COUNT,
};

struct tack_trace_options {
	const char *path;	/* where the JSON goes */
	size_t capacity;	/* records kept: the newest win */
	bool marker;		/* mirror marks to ftrace's trace_marker */
	bool start;		/* record from the start */
};

struct tack_trace *tack_trace_create(const struct tack_trace_options *options);
/* Writes what is recorded, if recording, and frees everything. */
void tack_trace_destroy(struct tack_trace *trace);
/* Starts, or stops and writes the file (SIGUSR1). */
void tack_trace_toggle(struct tack_trace *trace);
bool tack_trace_on(const struct tack_trace *trace);

/*
 * Records name surfaces and outputs by ids: a surface's trace id, and the
 * id an output was added with. An output gets a track of its own, named.
 */
void tack_trace_output_added(struct tack_trace *trace, uint32_t output,
			     const char *name);
/* The output is going: its track may serve another. */
void tack_trace_output_removed(struct tack_trace *trace, uint32_t output);

/*
 * One record. surface and output may be 0; start is the record's time
 * and dur its length (0 for instants).
 */
void tack_trace_record(struct tack_trace *trace, enum tack_trace_kind kind,
		       uint32_t surface, uint32_t output, int64_t start,
		       int64_t dur, uint64_t a, int64_t b);

/*
 * A surface commit, with the client's pid; its present will name it.
 * Returns the commit's time, or 0 when not recording.
 */
int64_t tack_trace_commit(struct tack_trace *trace, uint32_t surface,
			  uint64_t commit, int32_t pid, uint32_t buffer_id,
			  int64_t damage);

/*
 * The frame the output is drawing shows this commit of the surface; when
 * the frame is presented, the commit gets its present record, linked to
 * its commit record.
 */
void tack_trace_frame_shows(struct tack_trace *trace, uint32_t output,
			    uint32_t surface, uint64_t commit,
			    int64_t commit_time, bool zero_copy);
void tack_trace_frame_presented(struct tack_trace *trace, uint32_t output,
				uint64_t seq, int64_t when);
/* The frame will never be shown (its commit failed). */
void tack_trace_frame_dropped(struct tack_trace *trace, uint32_t output);

#endif
