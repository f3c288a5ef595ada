/* The tack program: options, the socket, the optional command, the loop. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wayland-server-core.h>
#include "backend/backend.h"
#include "backend/drm/drm.h"
#include "backend/input.h"
#include "backend/session.h"
#include "listen.h"
#include "output/output.h"
#include "render/renderer.h"
#include "scene/repaint.h"
#include "scene/scene.h"
#include "seat/seat.h"
#include "server.h"
#include "util/log.h"
#include "util/time.h"
#include "util/trace.h"

#define MAX_OUTPUTS 8
#define DEFAULT_OUTPUT_WIDTH 1280
#define DEFAULT_OUTPUT_HEIGHT 720
#define DEFAULT_REFRESH_MHZ 60000
#define DEFAULT_PIN_BUDGET_MB 256
#define DEFAULT_TRACE_RECORDS (1u << 18)

struct options {
	const char *backend;
	const char *socket;
	struct tack_headless_output_spec outputs[MAX_OUTPUTS];
	int n_outputs;
	struct tack_server_options server;
	struct tack_drm_options drm;
	const char *keymap_layout, *keymap_options;
	struct tack_trace_options trace;
	char **command;
};

struct child {
	pid_t pid;
	int status;			/* exit status to return */
	struct wl_display *display;
	struct rlimit nofile;		/* tack's own was raised: the child's */
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: tack [OPTION]... [-- COMMAND [ARG]...]\n"
		"A Wayland compositor that shows wl_shm clients' own memory.\n\n"
		"  --backend=NAME         headless (default) or drm (a session on\n"
		"                         this seat's display, through libseat)\n"
		"  --output WxH[@Hz]      add a virtual output (default 1280x720@60)\n"
		"  --drm-device PATH      the DRM card to use (default: the seat's)\n"
		"  --drm-mode WxH[@Hz]    that mode on every connector instead of\n"
		"                         the preferred one\n"
		"  --renderer=NAME        who composites what no plane shows:\n"
		"                         auto (default: Vulkan on a GPU that\n"
		"                         imports host memory, else pixman),\n"
		"                         vulkan (any Vulkan device) or pixman\n"
		"  --vulkan-device DEV    the Vulkan device: its index or part of\n"
		"                         its name (a CPU device such as lavapipe\n"
		"                         only when named or with --renderer=vulkan)\n"
		"  --no-zero-copy         copy every surface: composite instead of\n"
		"                         planes, upload instead of sampling in place\n"
		"  --pin-budget MB        client memory that may be pinned for\n"
		"                         scanout or the GPU, per client (default %d)\n"
		"  --userptr-unsynchronized  where the kernel cannot follow\n"
		"                         mappings, pin without it (root only)\n"
		"  --socket NAME          listen on NAME in XDG_RUNTIME_DIR\n"
		"  --keymap-layout L[:V]  the keyboard's xkb layout and variant\n"
		"                         (default: XKB_DEFAULT_LAYOUT, or us)\n"
		"  --keymap-options OPTS  xkb options, e.g. ctrl:nocaps\n"
		"  --trace FILE           record composition-latency traces from\n"
		"                         the start; SIGUSR1 stops (writing FILE as\n"
		"                         Chrome trace-event JSON) and starts again\n"
		"                         (default file: $XDG_RUNTIME_DIR/tack-trace-PID.json)\n"
		"  --trace-records N      keep the newest N records (default %u)\n"
		"  --trace-marker         mirror trace marks to ftrace's trace_marker\n"
		"  --test-input           offer tack_test_input_v1 (tests only)\n"
		"  --privileged-protocols offer virtual pointers and foreign\n"
		"                         toplevels, with which a client sees and\n"
		"                         drives all others (for wayvnc)\n"
		"  --xdg-shell-version N  advertise xdg_wm_base version N (1-5), for\n"
		"                         clients that mishandle newer versions\n"
		"  -v, --verbose          log debugging detail\n"
		"  -h, --help             show this help and exit\n"
		"  -V, --version          show the version and exit\n\n"
		"With a COMMAND, tack runs it with WAYLAND_DISPLAY set and exits\n"
		"with its status when it exits.\n", DEFAULT_PIN_BUDGET_MB,
		DEFAULT_TRACE_RECORDS);
}

static int parse_output(const char *arg, struct tack_headless_output_spec *spec)
{
	int w, h, consumed = 0;
	double hz = DEFAULT_REFRESH_MHZ / 1000.0;

	if (sscanf(arg, "%dx%d%n", &w, &h, &consumed) != 2)
		return -EINVAL;
	if (arg[consumed] == '@') {
		char *end;

		hz = strtod(arg + consumed + 1, &end);
		/* at least one mHz: what outputs count in */
		if (*end || hz < 0.0005 || hz > 1000)
			return -EINVAL;
	} else if (arg[consumed]) {
		return -EINVAL;
	}
	if (w <= 0 || h <= 0 || w > 16384 || h > 16384)
		return -EINVAL;
	spec->width = w;
	spec->height = h;
	spec->refresh_mhz = (int32_t)(hz * 1000 + 0.5);
	return 0;
}

/* A whole number from min to max, all of arg. */
static bool parse_number(const char *arg, long min, long max, long *out)
{
	char *end;

	*out = strtol(arg, &end, 10);
	return !*end && *out >= min && *out <= max;
}

static int parse_renderer(const char *arg, enum tack_renderer_choice *out)
{
	static const char *const names[] = {
		[TACK_RENDERER_AUTO] = "auto",
		[TACK_RENDERER_PIXMAN] = "pixman",
		[TACK_RENDERER_VULKAN] = "vulkan",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(arg, names[i])) {
			*out = (enum tack_renderer_choice)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* 0 to run, 1 to exit successfully (help, version), -1 on a bad option. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option longopts[] = {
		{ "backend", required_argument, NULL, 'b' },
		{ "drm-device", required_argument, NULL, 'd' },
		{ "drm-mode", required_argument, NULL, 'm' },
		{ "keymap-layout", required_argument, NULL, 'l' },
		{ "trace", required_argument, NULL, 'T' },
		{ "trace-records", required_argument, NULL, 'R' },
		{ "trace-marker", no_argument, NULL, 'M' },
		{ "keymap-options", required_argument, NULL, 'k' },
		{ "no-zero-copy", no_argument, NULL, 'z' },
		{ "renderer", required_argument, NULL, 'r' },
		{ "vulkan-device", required_argument, NULL, 'D' },
		{ "pin-budget", required_argument, NULL, 'p' },
		{ "userptr-unsynchronized", no_argument, NULL, 'u' },
		{ "output", required_argument, NULL, 'o' },
		{ "socket", required_argument, NULL, 's' },
		{ "test-input", no_argument, NULL, 't' },
		{ "privileged-protocols", no_argument, NULL, 'P' },
		{ "xdg-shell-version", required_argument, NULL, 'x' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			opts->backend = optarg;
			if (strcmp(optarg, "headless") != 0 &&
			    strcmp(optarg, "drm") != 0) {
				fprintf(stderr, "tack: unknown backend '%s' (this build has: headless, drm)\n",
					optarg);
				return -1;
			}
			break;
		case 'd':
			opts->drm.device = optarg;
			break;
		case 'm': {
			struct tack_headless_output_spec mode;

			if (parse_output(optarg, &mode) < 0) {
				fprintf(stderr, "tack: bad mode '%s' (expected WxH or WxH@Hz)\n",
					optarg);
				return -1;
			}
			opts->drm.mode_width = mode.width;
			opts->drm.mode_height = mode.height;
			opts->drm.mode_refresh_mhz = mode.refresh_mhz;
			break;
		}
		case 'z':
			opts->drm.no_zero_copy = true;
			opts->server.no_zero_copy = true;
			break;
		case 'r':
			if (parse_renderer(optarg, &opts->server.renderer) < 0) {
				fprintf(stderr, "tack: unknown renderer '%s' (expected auto, vulkan or pixman)\n",
					optarg);
				return -1;
			}
			break;
		case 'D':
			opts->server.vulkan_device = optarg;
			break;
		case 'l':
			opts->keymap_layout = optarg;
			break;
		case 'T':
			opts->trace.path = optarg;
			opts->trace.start = true;
			break;
		case 'R': {
			long n;

			if (!parse_number(optarg, 1, 1l << 26, &n)) {
				fprintf(stderr, "tack: bad trace size '%s'\n",
					optarg);
				return -1;
			}
			opts->trace.capacity = (size_t)n;
			break;
		}
		case 'M':
			opts->trace.marker = true;
			break;
		case 'k':
			opts->keymap_options = optarg;
			break;
		case 'p': {
			long mb;

			if (!parse_number(optarg, 0, 1l << 20, &mb)) {
				fprintf(stderr, "tack: bad pin budget '%s' (expected megabytes)\n",
					optarg);
				return -1;
			}
			opts->server.client_pin_budget = (size_t)mb << 20;
			break;
		}
		case 'u':
			if (geteuid() != 0) {
				fprintf(stderr, "tack: --userptr-unsynchronized needs root\n");
				return -1;
			}
			opts->drm.allow_unsynchronized = true;
			break;
		case 'o':
			if (opts->n_outputs == MAX_OUTPUTS) {
				fprintf(stderr, "tack: at most %d outputs\n",
					MAX_OUTPUTS);
				return -1;
			}
			if (parse_output(optarg,
					 &opts->outputs[opts->n_outputs]) < 0) {
				fprintf(stderr, "tack: bad output '%s' (expected WxH or WxH@Hz)\n",
					optarg);
				return -1;
			}
			opts->n_outputs++;
			break;
		case 's':
			opts->socket = optarg;
			break;
		case 't':
			opts->server.test_input = true;
			break;
		case 'P':
			opts->server.privileged_protocols = true;
			break;
		case 'x': {
			long v;

			if (!parse_number(optarg, 1, 5, &v)) {
				fprintf(stderr, "tack: bad xdg shell version '%s' (expected 1 to 5)\n",
					optarg);
				return -1;
			}
			opts->server.xdg_wm_base_version = (uint32_t)v;
			break;
		}
		case 'v':
			tack_log_set_level(TACK_LOG_DEBUG);
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("tack %s\n", TACK_VERSION);
			return 1;
		default:
			fprintf(stderr, "tack: unknown or incomplete option '%s' (see tack --help)\n",
				argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc)
		opts->command = &argv[optind];
	if (opts->n_outputs == 0)
		opts->outputs[opts->n_outputs++] =
			(struct tack_headless_output_spec){
				DEFAULT_OUTPUT_WIDTH, DEFAULT_OUTPUT_HEIGHT,
				DEFAULT_REFRESH_MHZ };
	return 0;
}

static int handle_signal_trace(int signal, void *data)
{
	struct tack_trace *trace = data;

	tack_trace_toggle(trace);
	return 0;
}

/* Tracing is always there to be switched on; with --trace, it starts on. */
static struct tack_trace *create_trace(struct tack_trace_options *options)
{
	char path[256];

	if (!options->path) {
		const char *dir = getenv("XDG_RUNTIME_DIR");

		snprintf(path, sizeof(path), "%s/tack-trace-%d.json",
			 dir ? dir : "/tmp", (int)getpid());
		options->path = path;
	}
	return tack_trace_create(options);
}

/*
 * Written before the server goes, so that the teardown (clients' buffers
 * released as they go) is not in it.
 */
static void stop_trace(struct tack_trace *trace, struct wl_event_source *source)
{
	if (source)
		wl_event_source_remove(source);
	if (tack_trace_on(trace))
		tack_trace_toggle(trace);
}

static int handle_signal_terminate(int signal, void *data)
{
	struct wl_display *display = data;

	tack_info("signal %d: shutting down", signal);
	wl_display_terminate(display);
	return 0;
}

static int handle_signal_child(int signal, void *data)
{
	struct child *child = data;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != child->pid)
			continue;
		child->status = WIFEXITED(status) ? WEXITSTATUS(status) :
						    128 + WTERMSIG(status);
		child->pid = 0;
		tack_info("command exited with status %d", child->status);
		wl_display_terminate(child->display);
	}
	return 0;
}

static int launch(char **command, const char *socket, struct child *child)
{
	sigset_t all;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* The event loop's signalfds blocked these for us. */
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		/* what tack was started with, not what it raised for itself */
		setrlimit(RLIMIT_NOFILE, &child->nofile);
		setenv("WAYLAND_DISPLAY", socket, 1);
		execvp(command[0], command);
		fprintf(stderr, "tack: cannot run '%s': %s\n", command[0],
			strerror(errno));
		_exit(127);
	}
	child->pid = pid;
	return 0;
}

/*
 * Every client's pools and connections are fds of tack's: the soft limit
 * goes up to the hard one. What it was is kept for the command tack runs.
 */
static void raise_fd_limit(struct rlimit *original)
{
	struct rlimit raised;

	if (getrlimit(RLIMIT_NOFILE, original) < 0) {
		tack_err("cannot read the fd limit: %s", strerror(errno));
		original->rlim_cur = original->rlim_max = RLIM_INFINITY;
		return;
	}
	raised = *original;
	raised.rlim_cur = raised.rlim_max;
	if (raised.rlim_cur != original->rlim_cur &&
	    setrlimit(RLIMIT_NOFILE, &raised) < 0)
		tack_err("cannot raise the fd limit to %llu: %s",
			 (unsigned long long)raised.rlim_cur, strerror(errno));
}

static void print_summary(struct tack_server *server, double seconds)
{
	struct tack_scene_output *so;
	struct rusage usage;
	uint64_t frames = 0;
	double cpu;

	getrusage(RUSAGE_SELF, &usage);
	cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
	      (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
	wl_list_for_each(so, &server->scene->outputs, link) {
		frames += so->frames_rendered;
		tack_info("summary %s: %llu frames in %.1f s (%.1f fps), %llu surfaces composited, %.1f MB read from clients",
			  so->output->name,
			  (unsigned long long)so->frames_rendered, seconds,
			  seconds > 0 ? so->frames_rendered / seconds : 0,
			  (unsigned long long)so->stats.surfaces,
			  so->stats.bytes_read / 1e6);
	}
	tack_info("summary: compositor CPU %.3f s, %.3f ms per frame", cpu,
		  frames ? cpu * 1000 / frames : 0.0);
	tack_renderer_log_summary(server->renderer);
}

/* --keymap-layout LAYOUT[:VARIANT] and --keymap-options over XKB_DEFAULT_*. */
static int apply_keymap(struct tack_server *server, const struct options *opts)
{
	char layout[128] = "", *variant = NULL;
	int ret;

	if (!opts->keymap_layout && !opts->keymap_options)
		return 0;
	if (opts->keymap_layout) {
		snprintf(layout, sizeof(layout), "%s", opts->keymap_layout);
		variant = strchr(layout, ':');
		if (variant)
			*variant++ = '\0';
	}
	ret = tack_seat_set_keymap(server->seat, NULL, NULL,
				   opts->keymap_layout ? layout : NULL,
				   variant, opts->keymap_options);
	if (ret < 0)
		tack_err("no keymap for layout '%s' options '%s'",
			 opts->keymap_layout ? opts->keymap_layout : "",
			 opts->keymap_options ? opts->keymap_options : "");
	return ret;
}

/* The DRM backend runs in a session, which outlives the server. */
static struct tack_backend *create_backend(struct tack_server *server,
					   const struct options *opts,
					   struct tack_session **session)
{
	const struct tack_backend_env *env = tack_server_backend_env(server);

	if (strcmp(opts->backend, "drm") != 0)
		return tack_headless_backend_create(env, opts->outputs,
						    opts->n_outputs);
	*session = tack_session_create(server->loop);
	if (!*session)
		return NULL;
	return tack_drm_backend_create(env, *session, &opts->drm);
}

int main(int argc, char **argv)
{
	struct options opts = {
		.backend = "headless",
		.server.client_pin_budget = (size_t)DEFAULT_PIN_BUDGET_MB << 20,
		.trace.capacity = DEFAULT_TRACE_RECORDS,
	};
	struct tack_session *session = NULL;
	struct wl_event_source *trace_source = NULL;
	struct tack_trace *trace;
	struct tack_input *input = NULL;
	struct child child = { 0 };
	struct wl_event_source *sources[3];
	struct tack_server *server;
	struct tack_backend *backend;
	struct wl_display *display;
	struct tack_listener *listener = NULL;
	int64_t start;
	const char *socket;
	int ret, i;

	ret = parse_options(argc, argv, &opts);
	if (ret != 0)
		return ret > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
	/* A client that goes away mid-write must not kill the compositor. */
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit(&child.nofile);

	display = wl_display_create();
	if (!display) {
		tack_err("cannot create the display");
		return EXIT_FAILURE;
	}
	child.display = display;
	child.status = EXIT_SUCCESS;
	sources[0] = wl_event_loop_add_signal(wl_display_get_event_loop(display),
		SIGINT, handle_signal_terminate, display);
	sources[1] = wl_event_loop_add_signal(wl_display_get_event_loop(display),
		SIGTERM, handle_signal_terminate, display);
	sources[2] = wl_event_loop_add_signal(wl_display_get_event_loop(display),
		SIGCHLD, handle_signal_child, &child);

	trace = create_trace(&opts.trace);
	if (!trace)
		goto destroy_display;
	server = tack_server_create(display, &opts.server, trace);
	if (!server)
		goto destroy_trace;
	trace_source = wl_event_loop_add_signal(server->loop, SIGUSR1,
						handle_signal_trace, trace);
	backend = create_backend(server, &opts, &session);
	if (!backend)
		goto destroy_server;
	tack_server_set_backend(server, backend);
	if (apply_keymap(server, &opts) < 0)
		goto destroy_server;
	if (session) {
		input = tack_input_create(tack_server_backend_env(server),
					  session);
		if (!input)
			goto destroy_server;
	}

	listener = tack_listen(display, opts.socket);
	if (!listener)
		goto destroy_server;
	socket = tack_listener_name(listener);
	printf("WAYLAND_DISPLAY=%s\n", socket);
	fflush(stdout);
	if (opts.command && launch(opts.command, socket, &child) < 0) {
		tack_err("cannot start '%s': %s", opts.command[0],
			 strerror(errno));
		goto destroy_server;
	}

	start = tack_now_nsec();
	wl_display_run(display);
	print_summary(server, (double)(tack_now_nsec() - start) /
				      TACK_NSEC_PER_SEC);

	if (child.pid > 0) {
		kill(child.pid, SIGTERM);
		waitpid(child.pid, NULL, 0);
	}
	tack_listener_destroy(listener);
	tack_input_destroy(input);
	stop_trace(trace, trace_source);
	tack_server_destroy(server);
	tack_session_destroy(session);
	tack_trace_destroy(trace);
	for (i = 0; i < 3; i++)
		if (sources[i])
			wl_event_source_remove(sources[i]);
	wl_display_destroy(display);
	return child.status;

destroy_server:
	tack_listener_destroy(listener);
	tack_input_destroy(input);
	stop_trace(trace, trace_source);
	tack_server_destroy(server);
	tack_session_destroy(session);
destroy_trace:
	tack_trace_destroy(trace);
destroy_display:
	wl_display_destroy(display);
	return EXIT_FAILURE;
}
