/* The seat's pure parts: the serial ring and the sealed keymap file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "seat/seat_internal.h"

static int n_tests, n_failed;

static void check(int cond, const char *name)
{
	n_tests++;
	if (!cond)
		n_failed++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", n_tests, name);
}

static void test_serial_ring(void)
{
	struct tack_serial_ring ring = { 0 };
	int a = 0, b = 0;
	uint32_t i;

	tack_serial_ring_add(&ring, 10, TACK_SERIAL_PRESS, &a);
	tack_serial_ring_add(&ring, 11, TACK_SERIAL_KEY, &b);
	check(tack_serial_ring_find(&ring, 10, &a) == TACK_SERIAL_PRESS,
	      "a serial is found with its kind for its client");
	check(tack_serial_ring_find(&ring, 10, &b) == 0,
	      "another client's serial is not valid");
	check(tack_serial_ring_find(&ring, 12, &a) == 0,
	      "a serial never sent is not valid");
	check(tack_serial_ring_find(&ring, 0, &a) == 0,
	      "free entries match nothing, not even serial 0");
	for (i = 0; i < TACK_SERIAL_RING_SIZE - 1; i++)
		tack_serial_ring_add(&ring, 100 + i, TACK_SERIAL_ENTER, &a);
	check(tack_serial_ring_find(&ring, 10, &a) == 0 &&
	      tack_serial_ring_find(&ring, 11, &b) == TACK_SERIAL_KEY,
	      "the oldest entry is overwritten first");
	tack_serial_ring_forget(&ring, &b);
	check(tack_serial_ring_find(&ring, 11, &b) == 0 &&
	      tack_serial_ring_find(&ring, 100, &a) == TACK_SERIAL_ENTER,
	      "forgetting a client drops only its serials");
}

static void test_sealed_memfd(void)
{
	static const char text[] = "xkb_keymap { };";
	char back[sizeof(text)] = "";
	int fd = tack_sealed_memfd("test", text, sizeof(text));
	int seals, flags;
	void *map;

	check(fd >= 0, "a sealed memfd is made");
	if (fd < 0)
		return;
	seals = fcntl(fd, F_GET_SEALS);
	check(seals == (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
			F_SEAL_SEAL), "it carries all four seals");
	flags = fcntl(fd, F_GETFL);
	check(flags >= 0 && (flags & O_ACCMODE) == O_RDONLY,
	      "the descriptor is read-only");
	map = mmap(NULL, sizeof(text), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   0);
	check(map == MAP_FAILED, "a shared writable mapping fails");
	if (map != MAP_FAILED)
		munmap(map, sizeof(text));
	check(write(fd, "x", 1) < 0, "writing fails");
	check(ftruncate(fd, 1) < 0, "shrinking fails");
	check(pread(fd, back, sizeof(back), 0) == (ssize_t)sizeof(text) &&
	      memcmp(back, text, sizeof(text)) == 0,
	      "it holds the data, NUL included");
	close(fd);
}

int main(void)
{
	test_serial_ring();
	test_sealed_memfd();
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
