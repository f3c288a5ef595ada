/* The trace ring and its Chrome trace-event JSON. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wayland-server-core.h>
#include "util/log.h"
#include "output/output.h"
#include "server.h"
#include "surface/surface.h"
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

/* The commits the frame an output is drawing shows. */
struct trace_frame {
	struct tack_output *output;
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
	struct tack_server *server;
	struct tack_trace_options options;
	char *path;
	bool on;
	struct trace_record *ring;
	size_t head, count;	/* next slot; records held */
	uint64_t overwritten;
	int marker_fd;
	uint64_t lost_marks;
	struct trace_frame frames[MAX_OUTPUTS];
	char output_names[MAX_OUTPUTS][32];
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
};

int64_t tack_trace_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int64_t cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

bool tack_trace_on(const struct tack_trace *trace)
{
	return trace && trace->on;
}

/* An output's slot: its index in the trace, from 1. */
static struct trace_frame *frame_of(struct tack_trace *trace,
				    struct tack_output *output, uint16_t *index)
{
	int i, free_slot = -1;

	for (i = 0; i < MAX_OUTPUTS; i++) {
		if (trace->frames[i].output == output)
			goto found;
		if (!trace->frames[i].output && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return NULL;
	i = free_slot;
	memset(&trace->frames[i], 0, sizeof(trace->frames[i]));
	trace->frames[i].output = output;
	trace->frames[i].last_cpu = cpu_now();
	snprintf(trace->output_names[i], sizeof(trace->output_names[i]), "%s",
		 output->name);
found:
	if (index)
		*index = (uint16_t)(i + 1);
	return &trace->frames[i];
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
				   struct tack_output *output, int64_t start,
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
	if (output)
		frame_of(trace, output, &r->output);
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
		       struct tack_surface *surface, struct tack_output *output,
		       int64_t start, int64_t dur, uint64_t a, int64_t b)
{
	struct trace_record *r;

	if (!trace || !trace->on)
		return;
	r = record(trace, kind, output, start, dur, a, b);
	r->surface = surface ? surface->trace_id : 0;
	done(trace, r);
}

void tack_trace_commit(struct tack_trace *trace, struct tack_surface *surface,
		       uint32_t buffer_id, int64_t damage)
{
	struct trace_record *r;

	if (!trace || !trace->on)
		return;
	surface->commit_time = tack_trace_now();
	r = record(trace, TACK_TRACE_COMMIT, NULL, surface->commit_time, 0,
		   surface->commit_id, damage);
	r->surface = surface->trace_id;
	r->c = buffer_id;
	wl_client_get_credentials(wl_resource_get_client(surface->resource),
				  &r->pid, NULL, NULL);
	done(trace, r);
}

void tack_trace_frame_shows(struct tack_trace *trace, struct tack_output *output,
			    struct tack_surface *surface, bool zero_copy)
{
	struct trace_frame *f;

	if (!trace || !trace->on || surface->shown_commit == surface->commit_id)
		return;
	f = frame_of(trace, output, NULL);
	if (!f || f->n == MAX_FRAME_SURFACES)
		return;
	f->shows[f->n].surface = surface->trace_id;
	f->shows[f->n].commit = surface->commit_id;
	f->shows[f->n].commit_time = surface->commit_time;
	f->shows[f->n].zero_copy = zero_copy;
	f->n++;
	surface->shown_commit = surface->commit_id;
}

void tack_trace_frame_presented(struct tack_trace *trace,
				struct tack_output *output, int64_t when)
{
	struct trace_frame *f;
	int64_t cpu;
	uint16_t index;
	int i;

	if (!trace || !trace->on)
		return;
	f = frame_of(trace, output, &index);
	if (!f)
		return;
	cpu = cpu_now();
	tack_trace_record(trace, TACK_TRACE_FLIP, NULL, output, when, 0,
			  output->seq, cpu - f->last_cpu);
	f->last_cpu = cpu;
	for (i = 0; i < f->n; i++) {
		struct trace_record *r;

		r = record(trace, TACK_TRACE_PRESENT, output, when, 0,
			   f->shows[i].commit, f->shows[i].commit_time ?
				   when - f->shows[i].commit_time : 0);
		r->surface = f->shows[i].surface;
		r->c = f->shows[i].zero_copy;
		done(trace, r);
	}
	f->n = 0;
}

void tack_trace_output_destroyed(struct tack_trace *trace,
				 struct tack_output *output)
{
	int i;

	if (!trace)
		return;
	/*
	 * The slot is free again; its name stays for the file until another
	 * output takes it (outputs come and go rarely: hotplug, shutdown).
	 */
	for (i = 0; i < MAX_OUTPUTS; i++) {
		if (trace->frames[i].output == output) {
			trace->frames[i].output = NULL;
			trace->frames[i].n = 0;
		}
	}
}

void tack_trace_frame_dropped(struct tack_trace *trace,
			      struct tack_output *output)
{
	struct trace_frame *f;

	if (!trace || !trace->on)
		return;
	f = frame_of(trace, output, NULL);
	if (f)
		f->n = 0;
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
		if (trace->output_names[i][0])
			fprintf(out, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"args\":{\"name\":\"output %s\"}}",
				OUTPUT_TID_BASE + (uint32_t)i + 1,
				trace->output_names[i]);
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
	memset(trace->frames, 0, sizeof(trace->frames));
	memset(trace->output_names, 0, sizeof(trace->output_names));
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

struct tack_trace *tack_trace_create(struct tack_server *server,
				     const struct tack_trace_options *options)
{
	struct tack_trace *trace = calloc(1, sizeof(*trace));

	if (!trace)
		return NULL;
	trace->server = server;
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
