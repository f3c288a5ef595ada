/*
 * tack-inject: drive tack_test_input_v1 from the command line, so tests can
 * plug virtual devices and feed them events. Commands run in order; the
 * program returns once tack has handled them all.
 *
 *   tack-inject add keyboard,pointer motion 100 100 button 272 1 \
 *               button 272 0 key 30 1 key 30 0 sync
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "client_common.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: tack-inject COMMAND...\n"
		"  add DEVICES | remove DEVICES   (keyboard,pointer,touch)\n"
		"  motion X Y | button CODE 0|1 | axis AXIS VALUE VALUE120\n"
		"  key CODE 0|1\n"
		"  touch-down ID X Y | touch-motion ID X Y | touch-up ID | touch-frame\n"
		"  sync | sleep MS\n");
}

static int parse_devices(const char *list, uint32_t *devices)
{
	char *copy = strdup(list), *save = NULL, *word;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	*devices = 0;
	for (word = strtok_r(copy, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		if (strcmp(word, "keyboard") == 0)
			*devices |= TACK_TEST_INPUT_V1_DEVICE_KEYBOARD;
		else if (strcmp(word, "pointer") == 0)
			*devices |= TACK_TEST_INPUT_V1_DEVICE_POINTER;
		else if (strcmp(word, "touch") == 0)
			*devices |= TACK_TEST_INPUT_V1_DEVICE_TOUCH;
		else
			err = -EINVAL;
	}
	free(copy);
	return err;
}

static bool parse_number(const char *text, double *value)
{
	char *end;

	errno = 0;
	*value = strtod(text, &end);
	return errno == 0 && end != text && *end == '\0';
}

/* The next n numbers after argv[*i]; false when missing or malformed. */
static bool take_numbers(int argc, char **argv, int *i, double *out, int n)
{
	int k;

	if (*i + n >= argc)
		return false;
	for (k = 0; k < n; k++)
		if (!parse_number(argv[*i + 1 + k], &out[k]))
			return false;
	*i += n;
	return true;
}

static void handle_sync_done(void *data, struct wl_callback *callback,
			     uint32_t serial)
{
	bool *done = data;

	*done = true;
	wl_callback_destroy(callback);
}

static const struct wl_callback_listener sync_listener = {
	.done = handle_sync_done,
};

static int sync_tack(struct tc_display *d)
{
	struct wl_callback *callback;
	bool done = false;

	callback = tack_test_input_v1_sync(d->test_input);
	wl_callback_add_listener(callback, &sync_listener, &done);
	while (!done)
		if (wl_display_dispatch(d->display) < 0)
			return -EPROTO;
	return 0;
}

static int run_command(struct tc_display *d, int argc, char **argv, int *i)
{
	struct tack_test_input_v1 *ti = d->test_input;
	const char *cmd = argv[*i];
	double v[3];
	uint32_t devices;

	if (strcmp(cmd, "add") == 0 || strcmp(cmd, "remove") == 0) {
		if (*i + 1 >= argc || parse_devices(argv[*i + 1], &devices) < 0)
			return -EINVAL;
		*i += 1;
		if (cmd[0] == 'a')
			tack_test_input_v1_add_devices(ti, devices);
		else
			tack_test_input_v1_remove_devices(ti, devices);
	} else if (strcmp(cmd, "motion") == 0 && take_numbers(argc, argv, i, v, 2)) {
		tack_test_input_v1_pointer_motion_absolute(ti,
			wl_fixed_from_double(v[0]), wl_fixed_from_double(v[1]));
	} else if (strcmp(cmd, "button") == 0 && take_numbers(argc, argv, i, v, 2)) {
		tack_test_input_v1_pointer_button(ti, (uint32_t)v[0], (uint32_t)v[1]);
	} else if (strcmp(cmd, "axis") == 0 && take_numbers(argc, argv, i, v, 3)) {
		tack_test_input_v1_pointer_axis(ti, (uint32_t)v[0],
			wl_fixed_from_double(v[1]), (int32_t)v[2]);
	} else if (strcmp(cmd, "key") == 0 && take_numbers(argc, argv, i, v, 2)) {
		tack_test_input_v1_key(ti, (uint32_t)v[0], (uint32_t)v[1]);
	} else if (strcmp(cmd, "touch-down") == 0 &&
		   take_numbers(argc, argv, i, v, 3)) {
		tack_test_input_v1_touch_down(ti, (int32_t)v[0],
			wl_fixed_from_double(v[1]), wl_fixed_from_double(v[2]));
	} else if (strcmp(cmd, "touch-motion") == 0 &&
		   take_numbers(argc, argv, i, v, 3)) {
		tack_test_input_v1_touch_motion(ti, (int32_t)v[0],
			wl_fixed_from_double(v[1]), wl_fixed_from_double(v[2]));
	} else if (strcmp(cmd, "touch-up") == 0 &&
		   take_numbers(argc, argv, i, v, 1)) {
		tack_test_input_v1_touch_up(ti, (int32_t)v[0]);
	} else if (strcmp(cmd, "touch-frame") == 0) {
		tack_test_input_v1_touch_frame(ti);
	} else if (strcmp(cmd, "sync") == 0) {
		return sync_tack(d);
	} else if (strcmp(cmd, "sleep") == 0 && take_numbers(argc, argv, i, v, 1)) {
		struct timespec ts = { (time_t)(v[0] / 1000),
				       (long)((long long)v[0] % 1000) * 1000000 };

		if (sync_tack(d) < 0)
			return -EPROTO;
		nanosleep(&ts, NULL);
	} else {
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tc_display d;
	int i, err;

	if (argc < 2) {
		usage();
		return 2;
	}
	err = tc_connect(&d);
	if (err < 0) {
		fprintf(stderr, "tack-inject: cannot connect: %s\n",
			strerror(-err));
		return 1;
	}
	if (!d.test_input) {
		fprintf(stderr, "tack-inject: tack offers no tack_test_input_v1 "
			"(start it with --test-input)\n");
		tc_disconnect(&d);
		return 1;
	}
	for (i = 1; i < argc; i++) {
		err = run_command(&d, argc, argv, &i);
		if (err == -EINVAL) {
			fprintf(stderr, "tack-inject: bad command at '%s'\n",
				argv[i]);
			usage();
			tc_disconnect(&d);
			return 2;
		}
		if (err < 0)
			break;
	}
	if (err == 0)
		err = sync_tack(&d);
	if (err < 0)
		tc_report_protocol_error(&d);
	tc_disconnect(&d);
	return err < 0 ? 1 : 0;
}
