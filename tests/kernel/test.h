/* Shared pieces of the vkms userptr uapi tests. */
#ifndef TACK_TESTS_KERNEL_TEST_H
#define TACK_TESTS_KERNEL_TEST_H

#include <stdarg.h>
#include <stdint.h>

#include "kms_util.h"

#define W 640
#define H 480
#define PAGE 4096ul
#define SKIP 77

struct subtest {
	const char *name;
	/* the module configuration it needs: "default", "strict", "nonotifier" */
	const char *mode;
	int (*run)(struct kms *k);
};

/* Records why a subtest failed; returns -1 for "return fail(...)". */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Diagnostic line printed as a TAP comment. */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CHECK(cond) do { \
	if (!(cond)) \
		return fail("%s:%d: %s", __FILE__, __LINE__, #cond); \
} while (0)
#define CHECK_RET(expr, want) do { \
	int got_ = (expr); \
	if (got_ != (want)) \
		return fail("%s:%d: %s = %d, want %d", __FILE__, __LINE__, \
			    #expr, got_, (want)); \
} while (0)

size_t round_page(size_t n);
/* Anonymous private read-write memory, or NULL. */
void *anon(size_t size);
uint32_t pattern(uint32_t seed, int x, int y);
void fill(void *base, uint32_t pitch, int w, int h, uint32_t seed);
/* Userptr fb of w x h XRGB8888 at offset in a range; 0 or -errno. */
int userptr_fb(struct kms *k, void *ptr, size_t size, uint32_t flags,
	       uint32_t w, uint32_t h, uint32_t pitch, uint32_t offset,
	       uint32_t *handle, uint32_t *fb);

/* A dumb buffer as the writeback target, with helpers to read frames. */
struct capture {
	uint32_t handle, pitch, fb;
	uint64_t size;
	uint32_t *map;
};
int capture_init(struct kms *k, struct capture *c);
/* Composes a frame into the capture buffer; 0 or -errno. */
int capture_frame(struct kms *k, struct capture *c);
/*
 * Checks a captured frame: inside the rectangle (x, y, w, h) the pattern
 * seed (relative to the rectangle), elsewhere background (-1: don't care).
 */
int check_frame(const uint32_t *frame, uint32_t pitch, int x, int y, int w,
		int h, uint32_t seed, long background);

/*
 * Moves each of npages pages at p to the other NUMA node: how many moved,
 * or -errno.
 */
long migrate_pages_of(char *p, long npages);
/*
 * Runs owner, which opens the card itself, in a child process times over,
 * each to its exit status 0; then every userptr object and pin must be
 * gone. 0 or -1.
 */
int owners_exit(struct kms *k, int (*owner)(void), int times);

extern const struct subtest uapi_tests[];
extern const struct subtest inval_tests[];
extern const struct subtest race_tests[];
extern const struct subtest vblank_tests[];

#endif
