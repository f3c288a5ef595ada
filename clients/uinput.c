/*
 * tack-uinput: a virtual keyboard and mouse through /dev/uinput, for
 * testing a session's input path (udev, libinput, the seat) with real
 * kernel devices. Runs its arguments as a script, then removes the device:
 *
 *   tack-uinput [wait MS | line | key CODE 0|1 | rel DX DY | button CODE 0|1]...
 *
 * Codes are Linux input event codes (KEY_A is 30, BTN_LEFT 272). Each
 * key, rel and button is followed by a SYN_REPORT. "line" waits for a line
 * on stdin: a test says when the compositor has opened the device, which
 * no fixed wait can know on a loaded machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/uinput.h>

static int emit(int fd, int type, int code, int value)
{
	struct input_event ev = { .type = type, .code = code, .value = value };

	return write(fd, &ev, sizeof(ev)) == sizeof(ev) ? 0 : -1;
}

static int report(int fd, int type, int code, int value)
{
	if (emit(fd, type, code, value) < 0 || emit(fd, EV_SYN, SYN_REPORT, 0) < 0)
		return -1;
	return 0;
}

static int create_device(void)
{
	struct uinput_setup setup = { .id = { .bustype = BUS_VIRTUAL,
					      .vendor = 0x7ac, .product = 1 } };
	int fd = open("/dev/uinput", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	int code;

	if (fd < 0)
		return -1;
	strcpy(setup.name, "tack-uinput");
	if (ioctl(fd, UI_SET_EVBIT, EV_KEY) < 0 ||
	    ioctl(fd, UI_SET_EVBIT, EV_REL) < 0 ||
	    ioctl(fd, UI_SET_RELBIT, REL_X) < 0 ||
	    ioctl(fd, UI_SET_RELBIT, REL_Y) < 0 ||
	    ioctl(fd, UI_SET_RELBIT, REL_WHEEL) < 0)
		goto fail;
	/* every key of a full keyboard, and mouse buttons */
	for (code = KEY_ESC; code <= KEY_MICMUTE; code++)
		if (ioctl(fd, UI_SET_KEYBIT, code) < 0)
			goto fail;
	for (code = BTN_LEFT; code <= BTN_TASK; code++)
		if (ioctl(fd, UI_SET_KEYBIT, code) < 0)
			goto fail;
	if (ioctl(fd, UI_DEV_SETUP, &setup) < 0 ||
	    ioctl(fd, UI_DEV_CREATE) < 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

static int read_line(void)
{
	char c;
	ssize_t n;

	while ((n = read(STDIN_FILENO, &c, 1)) == 1)
		if (c == '\n')
			return 0;
	return -1;
}

static int run(int fd, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *cmd = argv[i];

		if (!strcmp(cmd, "wait") && i + 1 < argc) {
			usleep(atoi(argv[++i]) * 1000);
		} else if (!strcmp(cmd, "line")) {
			if (read_line() < 0) {
				fprintf(stderr, "tack-uinput: no line on stdin\n");
				return -2;
			}
		} else if (!strcmp(cmd, "key") && i + 2 < argc) {
			if (report(fd, EV_KEY, atoi(argv[i + 1]),
				   atoi(argv[i + 2])) < 0)
				return -1;
			i += 2;
		} else if (!strcmp(cmd, "button") && i + 2 < argc) {
			if (report(fd, EV_KEY, atoi(argv[i + 1]),
				   atoi(argv[i + 2])) < 0)
				return -1;
			i += 2;
		} else if (!strcmp(cmd, "rel") && i + 2 < argc) {
			if (emit(fd, EV_REL, REL_X, atoi(argv[i + 1])) < 0 ||
			    report(fd, EV_REL, REL_Y, atoi(argv[i + 2])) < 0)
				return -1;
			i += 2;
		} else {
			fprintf(stderr, "tack-uinput: bad command '%s'\n", cmd);
			return -2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int fd = create_device(), ret;

	if (fd < 0) {
		fprintf(stderr, "tack-uinput: cannot create the device: %s\n",
			strerror(errno));
		return 1;
	}
	ret = run(fd, argc, argv);
	if (ret == -1)
		perror("tack-uinput: write");
	ioctl(fd, UI_DEV_DESTROY);
	close(fd);
	return ret ? 1 : 0;
}
