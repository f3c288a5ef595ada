/* The trace ring and its Chrome trace-event JSON. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "util/log.h"
#include "util/time.h"
#include "util/trace.h"

#define MAX_FRAME_SURFACES 64
#define MAX_OUTPUTS 16
#define OUTPUT_TID_BASE 1000000u
/* tracefs where it is mounted on its own, or under debugfs */
static const char *const trace_markers[] = {
	"/sys/kernel/tracing/trace_marker",
	"/sys/kernel/debug/tracing/trace_marker",
};

struct trace_record {
	int64_t start, dur;
	uint64_t a;
	int64_t b;
	uint64_t c;		/* commit: buffer id; present: zero-copy */
	int32_t pid;		/* commit: the client's */
	uint32_t surface;	/* trace id, 0 for none */
	uint16_t output;	/* index + 1, 0 for none */
	uint8_t kind;
};

/* An output, and the commits of the frame it is drawing. */
struct trace_output {
	uint32_t id;		/* the output's; 0: the slot is free */
	char name[32];		/* kept for the file after the output goes */
	bool recorded;		/* named in this recording */
	int n;
	struct {
		uint32_t surface;
		uint64_t commit;
		int64_t commit_time;
		bool zero_copy;
	} shows[MAX_FRAME_SURFACES];
	int64_t last_cpu;
};

struct tack_trace {
	struct tack_trace_options options;
	char *path;
	bool on;
	struct trace_record *ring;
	size_t head, count;	/* next slot; records held */
	uint64_t overwritten;
	int marker_fd;
	uint64_t lost_marks;
	struct trace_output outputs[MAX_OUTPUTS];
};

static const char *const kind_names[TACK_TRACE_KIND_COUNT] = {
	[TACK_TRACE_COMMIT] = "commit",
	[TACK_TRACE_IMPORT] = "import",
	[TACK_TRACE_PLANE] = "plane",
	[TACK_TRACE_FALLBACK] = "fallback",
	[TACK_TRACE_COMPOSITE] = "composite",
	[TACK_TRACE_ATOMIC] = "atomic commit",
	[TACK_TRACE_FLIP] = "flip",
	[TACK_TRACE_PRESENT] = "present",
	[TACK_TRACE_RELEASE] = "release",
	[TACK_TRACE_REPAINT] = "repaint",
	[TACK_TRACE_TEXTURE] = "texture",
};

bool tack_trace_on(const struct tack_trace *trace)
{
	return trace && trace->on;
}

/* An output's slot, and its index in the trace (from 1); NULL: unknown. */
static struct trace_output *output_of(struct tack_trace *trace, uint32_t id,
				      uint16_t *index)
{
	int i;

	for (i = 0; id && i < MAX_OUTPUTS; i++) {
		struct trace_output *o = &trace->outputs[i];

		if (o->id != id)
			continue;
		if (index)
			*index = (uint16_t)(i + 1);
		if (!o->recorded) {
			o->recorded = true;
			o->last_cpu = tack_cpu_nsec();
		}
		return o;
	}
	return NULL;
}

void tack_trace_output_added(struct tack_trace *trace, uint32_t id,
			     const char *name)
{
	int i;

	for (i = 0; trace && i < MAX_OUTPUTS; i++) {
		struct trace_output *o = &trace->outputs[i];

		if (o->id)
			continue;
		memset(o, 0, sizeof(*o));
		o->id = id;
		snprintf(o->name, sizeof(o->name), "%s", name);
		return;
	}
}

static void mark(struct tack_trace *trace, const struct trace_record *r)
{
	char line[160];
	int n;

	n = snprintf(line, sizeof(line), "tack: %s surface=%u output=%u a=%" PRIu64 " b=%" PRId64 " dur_ns=%" PRId64 "\n",
		     kind_names[r->kind], r->surface, r->output, r->a, r->b,
		     r->dur);
	/*
	 * ftrace refuses marks for a moment while a recorder (re)configures
	 * it (EIO), or drops them when full: the mark is lost, tack goes on
	 */
	if (n > 0 && write(trace->marker_fd, line, (size_t)n) < 0)
		trace->lost_marks++;
}

static struct trace_record *record(struct tack_trace *trace,
				   enum tack_trace_kind kind,
				   uint32_t output, int64_t start,
				   int64_t dur, uint64_t a, int64_t b)
{
	struct trace_record *r = &trace->ring[trace->head];

	r->kind = (uint8_t)kind;
	r->start = start;
	r->dur = dur;
	r->a = a;
	r->b = b;
	r->c = 0;
	r->surface = 0;
	r->output = 0;
	output_of(trace, output, &r->output);
	trace->head = (trace->head + 1) % trace->options.capacity;
	if (trace->count < trace->options.capacity)
		trace->count++;
	else
		trace->overwritten++;
	return r;
}

static void done(struct tack_trace *trace, const struct trace_record *r)
{
	if (trace->options.marker && trace->marker_fd >= 0)
		mark(trace, r);
}

void tack_trace_record(struct tack_trace *trace, enum tack_trace_kind kind,
		       uint32_t surface, uint32_t output, int64_t start,
		       int64_t dur, uint64_t a, int64_t b)
{
	struct trace_record *r;

	if (!trace || !trace->on)
		return;
	r = record(trace, kind, output, start, dur, a, b);
	r->surface = surface;
	done(trace, r);
}

int64_t tack_trace_commit(struct tack_trace *trace, uint32_t surface,
			  uint64_t commit, int32_t pid, uint32_t buffer_id,
			  int64_t damage)
{
	struct trace_record *r;
	int64_t now;

	if (!trace || !trace->on)
		return 0;
	now = tack_now_nsec();
	r = record(trace, TACK_TRACE_COMMIT, 0, now, 0, commit, damage);
	r->surface = surface;
	r->c = buffer_id;
	r->pid = pid;
	done(trace, r);
	return now;
}

void tack_trace_frame_shows(struct tack_trace *trace, uint32_t output,
			    uint32_t surface, uint64_t commit,
			    int64_t commit_time, bool zero_copy)
{
	struct trace_output *o;

	if (!trace || !trace->on)
		return;
	o = output_of(trace, output, NULL);
	if (!o || o->n == MAX_FRAME_SURFACES)
		return;
	o->shows[o->n].surface = surface;
	o->shows[o->n].commit = commit;
	o->shows[o->n].commit_time = commit_time;
	o->shows[o->n].zero_copy = zero_copy;
	o->n++;
}

void tack_trace_frame_presented(struct tack_trace *trace, uint32_t output,
				uint64_t seq, int64_t when)
{
	struct trace_output *o;
	int64_t cpu;
	int i;

	if (!trace || !trace->on)
		return;
	o = output_of(trace, output, NULL);
	if (!o)
		return;
	cpu = tack_cpu_nsec();
	tack_trace_record(trace, TACK_TRACE_FLIP, 0, output, when, 0, seq,
			  cpu - o->last_cpu);
	o->last_cpu = cpu;
	for (i = 0; i < o->n; i++) {
		struct trace_record *r;

		r = record(trace, TACK_TRACE_PRESENT, output, when, 0,
			   o->shows[i].commit, o->shows[i].commit_time ?
				   when - o->shows[i].commit_time : 0);
		r->surface = o->shows[i].surface;
		r->c = o->shows[i].zero_copy;
		done(trace, r);
	}
	o->n = 0;
}

void tack_trace_output_removed(struct tack_trace *trace, uint32_t output)
{
	struct trace_output *o;

	if (!trace)
		return;
	/*
	 * The slot is free again; its name stays for the file until another
	 * output takes it (outputs come and go rarely: hotplug, shutdown).
	 */
	for (o = trace->outputs; o < trace->outputs + MAX_OUTPUTS; o++) {
		if (o->id == output) {
			o->id = 0;
			o->n = 0;
		}
	}
}

void tack_trace_frame_dropped(struct tack_trace *trace, uint32_t output)
{
	struct trace_output *o;

	if (!trace || !trace->on)
		return;
	o = output_of(trace, output, NULL);
	if (o)
		o->n = 0;
}

/* Track names: each output, and each surface by its first commit. */
static void write_metadata(struct tack_trace *trace, FILE *out, size_t first)
{
	uint32_t max_id = 0;
	uint8_t *named;
	size_t i;

	fprintf(out, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":\"tack\"}}");
	fprintf(out, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"wl_buffer releases\"}}");
	for (i = 0; i < MAX_OUTPUTS; i++)
		if (trace->outputs[i].recorded)
			fprintf(out, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"args\":{\"name\":\"output %s\"}}",
				OUTPUT_TID_BASE + (uint32_t)i + 1,
				trace->outputs[i].name);
	for (i = 0; i < trace->count; i++)
		if (trace->ring[i].surface > max_id)
			max_id = trace->ring[i].surface;
	named = calloc(max_id / 8 + 1, 1);
	if (!named)
		return;
	for (i = 0; i < trace->count; i++) {
		const struct trace_record *r =
			&trace->ring[(first + i) % trace->options.capacity];

		if (r->kind != TACK_TRACE_COMMIT ||
		    named[r->surface / 8] & (1u << (r->surface % 8)))
			continue;
		named[r->surface / 8] |= 1u << (r->surface % 8);
		fprintf(out, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"args\":{\"name\":\"surface %u (client %d)\"}}",
			r->surface, r->surface, (int)r->pid);
	}
	free(named);
}

/* What each kind's a and b mean, as JSON arguments. */
static void write_args(FILE *out, const struct trace_record *r)
{
	switch (r->kind) {
	case TACK_TRACE_COMMIT:
		fprintf(out, "\"commit\":%" PRIu64 ",\"buffer\":%" PRIu64 ",\"damage_px\":%" PRId64,
			r->a, r->c, r->b);
		break;
	case TACK_TRACE_IMPORT:
		fprintf(out, "\"bytes\":%" PRIu64 ",\"cache\":\"%s\"", r->a,
			r->b ? "hit" : "miss");
		break;
	case TACK_TRACE_PLANE:
		fprintf(out, "\"plane\":%" PRIu64, r->a);
		break;
	case TACK_TRACE_FALLBACK:
		fprintf(out, "\"reason\":\"%s\"",
			tack_fallback_name((enum tack_fallback)r->a));
		break;
	case TACK_TRACE_COMPOSITE:
		fprintf(out, "\"bytes_copied\":%" PRIu64 ",\"surfaces\":%" PRId64, r->a, r->b);
		break;
	case TACK_TRACE_TEXTURE:
		fprintf(out, "\"route\":\"%s\",\"bytes_copied\":%" PRId64,
			r->a ? tack_fallback_name((enum tack_fallback)r->a) :
			       "in place", r->b);
		break;
	case TACK_TRACE_ATOMIC:
		fprintf(out, "\"planes\":%" PRIu64 ",\"result\":%" PRId64, r->a, r->b);
		break;
	case TACK_TRACE_FLIP:
		fprintf(out, "\"seq\":%" PRIu64 ",\"cpu_us\":%.1f", r->a, r->b / 1e3);
		break;
	case TACK_TRACE_PRESENT:
		fprintf(out, "\"commit\":%" PRIu64 ",\"latency_ms\":%.3f,\"zero_copy\":%s",
			r->a, r->b / 1e6, r->c ? "true" : "false");
		break;
	case TACK_TRACE_RELEASE:
		fprintf(out, "\"buffer\":%" PRIu64, r->a);
		break;
	case TACK_TRACE_REPAINT:
		fprintf(out, "\"frame\":%" PRIu64, r->a);
		break;
	}
}

static void write_record(FILE *out, const struct trace_record *r)
{
	uint32_t tid = r->surface ? r->surface :
		       r->output ? OUTPUT_TID_BASE + r->output : 0;
	double ts = r->start / 1e3;

	/* instants are 1 us slices, so that flow arrows can bind to them */
	fprintf(out, ",\n{\"name\":\"%s\",\"cat\":\"tack\",\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"ts\":%.3f,\"dur\":%.3f,\"args\":{",
		kind_names[r->kind], tid, ts, r->dur ? r->dur / 1e3 : 1.0);
	write_args(out, r);
	fprintf(out, "}}");
	if (r->kind == TACK_TRACE_COMMIT || r->kind == TACK_TRACE_PRESENT)
		fprintf(out, ",\n{\"name\":\"commit to present\",\"cat\":\"latency\",\"ph\":\"%s\",%s\"id\":%" PRIu64 ",\"pid\":1,\"tid\":%u,\"ts\":%.3f}",
			r->kind == TACK_TRACE_COMMIT ? "s" : "f",
			r->kind == TACK_TRACE_COMMIT ? "" : "\"bp\":\"e\",",
			r->a, tid, ts);
}

static int write_file(struct tack_trace *trace)
{
	FILE *out = fopen(trace->path, "w");
	size_t i, first;

	if (!out)
		return -errno;
	fprintf(out, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"overwritten\":%" PRIu64 "},\"traceEvents\":[\n",
		trace->overwritten);
	first = (trace->head + trace->options.capacity - trace->count) %
		trace->options.capacity;
	write_metadata(trace, out, first);
	for (i = 0; i < trace->count; i++)
		write_record(out, &trace->ring[(first + i) %
					       trace->options.capacity]);
	fprintf(out, "\n]}\n");
	if (fclose(out) != 0)
		return -errno;
	return 0;
}

static int start(struct tack_trace *trace)
{
	size_t i;

	trace->ring = calloc(trace->options.capacity, sizeof(*trace->ring));
	if (!trace->ring)
		return -ENOMEM;
	trace->head = trace->count = 0;
	trace->overwritten = trace->lost_marks = 0;
	for (i = 0; i < MAX_OUTPUTS; i++) {
		trace->outputs[i].recorded = false;
		trace->outputs[i].n = 0;
	}
	trace->marker_fd = -1;
	for (i = 0; trace->options.marker && trace->marker_fd < 0 &&
		    i < sizeof(trace_markers) / sizeof(trace_markers[0]); i++)
		trace->marker_fd = open(trace_markers[i], O_WRONLY | O_CLOEXEC |
							  O_NONBLOCK);
	if (trace->options.marker && trace->marker_fd < 0)
		tack_err("trace: no ftrace trace_marker to write to: %s",
			 strerror(errno));
	trace->on = true;
	tack_info("trace: recording (at most %zu records) for %s",
		  trace->options.capacity, trace->path);
	return 0;
}

static void stop(struct tack_trace *trace)
{
	int ret = write_file(trace);

	if (ret < 0)
		tack_err("trace: cannot write %s: %s", trace->path,
			 strerror(-ret));
	else
		tack_info("trace: %zu records written to %s (%" PRIu64 " older ones overwritten)",
			  trace->count, trace->path, trace->overwritten);
	if (trace->lost_marks)
		tack_info("trace: ftrace refused %" PRIu64 " marks",
			  trace->lost_marks);
	trace->on = false;
	free(trace->ring);
	trace->ring = NULL;
	if (trace->marker_fd >= 0)
		close(trace->marker_fd);
	trace->marker_fd = -1;
}

void tack_trace_toggle(struct tack_trace *trace)
{
	if (!trace)
		return;
	if (trace->on)
		stop(trace);
	else if (start(trace) < 0)
		tack_err("trace: no memory for %zu records",
			 trace->options.capacity);
}

struct tack_trace *tack_trace_create(const struct tack_trace_options *options)
{
	struct tack_trace *trace = calloc(1, sizeof(*trace));

	if (!trace)
		return NULL;
	trace->options = *options;
	trace->marker_fd = -1;
	trace->path = strdup(options->path);
	if (!trace->path || !trace->options.capacity) {
		free(trace->path);
		free(trace);
		return NULL;
	}
	if (options->start && start(trace) < 0) {
		free(trace->path);
		free(trace);
		return NULL;
	}
	return trace;
}

void tack_trace_destroy(struct tack_trace *trace)
{
	if (!trace)
		return;
	if (trace->on)
		stop(trace);
	free(trace->path);
	free(trace);
}
