/*
 * Races for the debug kernel's KASAN and lockdep to watch: the series'
 * notifier and pin paths under invalidation from the owner while other
 * threads commit, remove framebuffers and fork, and an owner that exits
 * with a flip in flight. What each kind of call saw is counted; a call
 * may see the object working, EFAULT (its range went away) or, for a
 * commit of the primary plane's framebuffer, EINVAL (another thread
 * removed that framebuffer: the atomic ioctl finds no such object), never
 * anything else.
 */
#include "test.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>

#define FB_SIZE ((size_t)W * H * 4)
#define NPAGES ((long)(FB_SIZE / PAGE))
#define OVERLAY 64

/* A userptr object over anonymous memory and its current framebuffer. */
struct race_range {
	char *p;
	uint32_t handle;
	atomic_uint fb;
};

enum race_call {
	CALL_PRIMARY,		/* commits of the primary plane */
	CALL_OVERLAY,		/* commits of the overlay plane */
	CALL_ADDFB,
	CALL_RMFB,
	CALL_FORK,
	CALL_COUNT,
};

static const char *const call_names[CALL_COUNT] = {
	"primary commits", "overlay commits", "ADDFB2", "RMFB", "fork",
};

/* What one kind of call saw. */
struct race_outcomes {
	atomic_long ok, efault, gone, other;
	atomic_int other_errno;
};

struct race {
	struct kms *k;
	struct race_range primary, overlay;
	uint32_t capture_fb;
	atomic_int stop;
	struct race_outcomes calls[CALL_COUNT];
	atomic_long child_faults;
};

static void count(struct race *r, enum race_call call, int ret)
{
	struct race_outcomes *o = &r->calls[call];

	if (ret == 0)
		atomic_fetch_add(&o->ok, 1);
	else if (ret == -EFAULT)
		atomic_fetch_add(&o->efault, 1);
	else if (ret == -EINVAL && call == CALL_PRIMARY)
		atomic_fetch_add(&o->gone, 1);
	else {
		atomic_fetch_add(&o->other, 1);
		atomic_store(&o->other_errno, -ret);
	}
}

/* The primary plane: the object, then the capture buffer, in turn. */
static void *primary_commits(void *arg)
{
	struct race *r = arg;
	unsigned int i = 0;

	while (!atomic_load(&r->stop))
		count(r, CALL_PRIMARY,
		      kms_show(r->k, i++ % 2 ? r->capture_fb :
					  atomic_load(&r->primary.fb)));
	return NULL;
}

/* The overlay plane, on and off, from a second thread. */
static void *overlay_commits(void *arg)
{
	struct race *r = arg;
	unsigned int i = 0;

	while (!atomic_load(&r->stop)) {
		drmModeAtomicReq *req = drmModeAtomicAlloc();
		uint32_t fb = i++ % 2 ? atomic_load(&r->overlay.fb) : 0;
		int ret;

		if (!req) {
			count(r, CALL_OVERLAY, -ENOMEM);
			break;
		}
		ret = kms_add_plane(r->k, req, r->k->overlay_id, fb, 0, 0,
				    OVERLAY, OVERLAY);
		if (!ret)
			ret = kms_commit(r->k, req, 0);
		drmModeAtomicFree(req);
		count(r, CALL_OVERLAY, ret);
	}
	return NULL;
}

/*
 * A new framebuffer of the object replaces the current one, which is
 * removed while the other thread may be showing it: RMFB then takes it
 * off the plane with a commit of its own.
 */
static void *fb_churn(void *arg)
{
	struct race *r = arg;

	while (!atomic_load(&r->stop)) {
		uint32_t fb, old;
		int ret = fb_add(r->k->fd, r->primary.handle, W, H, W * 4, 0,
				 DRM_FORMAT_XRGB8888, &fb);

		count(r, CALL_ADDFB, ret);
		if (ret)
			continue;
		old = atomic_exchange(&r->primary.fb, fb);
		count(r, CALL_RMFB, drmModeRmFB(r->k->fd, old) ? -errno : 0);
		usleep(1000);
	}
	return NULL;
}

/*
 * fork copies the pinned pages for the child, which writes its copies and
 * exits; the range may be gone when it writes, which kills it (SIGSEGV).
 */
static void *forks(void *arg)
{
	struct race *r = arg;

	while (!atomic_load(&r->stop)) {
		int status;
		pid_t pid = fork();

		if (pid == 0) {
			memset(r->primary.p, 0x5a, FB_SIZE);
			memset(r->overlay.p, 0xa5, PAGE);
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			count(r, CALL_FORK, -ECHILD);
			continue;
		}
		count(r, CALL_FORK, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			atomic_fetch_add(&r->child_faults, 1);
		usleep(5000);
	}
	return NULL;
}

/*
 * The owner changes the mapping under the object, each way in turn:
 * munmap and a new mapping, mremap away and back, MADV_DONTNEED, and
 * migration to the other node.
 */
static void invalidate(char *p, size_t size, int round)
{
	char *tmp;

	switch (round % 4) {
	case 0:
		munmap(p, size);
		usleep(500);
		mmap(p, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		break;
	case 1:
		/* a place of its own to move to, so no other thread's */
		tmp = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			   -1, 0);
		if (tmp == MAP_FAILED)
			break;
		if (mremap(p, size, size, MREMAP_MAYMOVE | MREMAP_FIXED,
			   tmp) == MAP_FAILED) {
			munmap(tmp, size);
			break;
		}
		mremap(tmp, size, size, MREMAP_MAYMOVE | MREMAP_FIXED, p);
		break;
	case 2:
		madvise(p, size, MADV_DONTNEED);
		break;
	default:
		migrate_pages_of(p, (long)(size / PAGE));
		break;
	}
	memset(p + (round % (size / PAGE)) * PAGE, round, PAGE);
}

static int race_seconds(void)
{
	const char *s = getenv("VKMS_RACE_SECONDS");

	return s ? atoi(s) : 60;
}

static int range_init(struct kms *k, struct race_range *range, size_t size,
		      uint32_t w, uint32_t h)
{
	uint32_t fb;

	range->p = anon(size);
	CHECK(range->p);
	fill(range->p, w * 4, w, h, 3);
	CHECK_RET(userptr_fb(k, range->p, size, 0, w, h, w * 4, 0,
			     &range->handle, &fb), 0);
	atomic_store(&range->fb, fb);
	return 0;
}

/* Every thread stopped: the object shows what the owner writes again. */
static int settles(struct race *r, struct capture *c)
{
	char *p = r->primary.p;
	drmModeAtomicReq *req;
	int i;

	CHECK(mmap(p, FB_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == p);
	fill(p, W * 4, W, H, 9);
	req = drmModeAtomicAlloc();
	CHECK(req);
	CHECK_RET(kms_add_plane(r->k, req, r->k->overlay_id, 0, 0, 0, 0, 0), 0);
	CHECK_RET(kms_commit(r->k, req, 0), 0);
	drmModeAtomicFree(req);
	CHECK_RET(kms_show(r->k, atomic_load(&r->primary.fb)), 0);
	CHECK_RET(capture_frame(r->k, c), 0);
	if (check_frame(c->map, c->pitch, 0, 0, W, H, 9, -1))
		return -1;
	CHECK_RET(kms_show(r->k, r->capture_fb), 0);
	CHECK(drmModeRmFB(r->k->fd, atomic_load(&r->primary.fb)) == 0);
	CHECK(drmModeRmFB(r->k->fd, atomic_load(&r->overlay.fb)) == 0);
	CHECK_RET(gem_close(r->k->fd, r->primary.handle), 0);
	CHECK_RET(gem_close(r->k->fd, r->overlay.handle), 0);
	for (i = 0; i < 100 && debugfs_counter("objects") != 0; i++)
		usleep(20 * 1000);
	CHECK(debugfs_counter("objects") == 0);
	CHECK(debugfs_counter("pinned_pages") == 0);
	return 0;
}

static int race_threads(struct kms *k)
{
	void *(*const bodies[])(void *) = {
		primary_commits, overlay_commits, fb_churn, forks,
	};
	pthread_t threads[sizeof(bodies) / sizeof(bodies[0])];
	struct race r = { .k = k };
	struct timespec start, now;
	struct capture c;
	size_t i;
	int round = 0;

	CHECK_RET(capture_init(k, &c), 0);
	r.capture_fb = c.fb;
	if (range_init(k, &r.primary, FB_SIZE, W, H) ||
	    range_init(k, &r.overlay, OVERLAY * OVERLAY * 4, OVERLAY, OVERLAY))
		return -1;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		CHECK(pthread_create(&threads[i], NULL, bodies[i], &r) == 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		invalidate(r.primary.p, FB_SIZE, round);
		invalidate(r.overlay.p, OVERLAY * OVERLAY * 4, round + 1);
		round++;
		usleep(2000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < race_seconds());
	atomic_store(&r.stop, 1);
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		CHECK(pthread_join(threads[i], NULL) == 0);
	diag("race: %d invalidation rounds, %ld children faulted", round,
	     atomic_load(&r.child_faults));
	for (i = 0; i < CALL_COUNT; i++) {
		struct race_outcomes *o = &r.calls[i];

		diag("race: %s: %ld ok, %ld EFAULT, %ld EINVAL for a removed framebuffer, %ld other (errno %d)",
		     call_names[i], atomic_load(&o->ok),
		     atomic_load(&o->efault), atomic_load(&o->gone),
		     atomic_load(&o->other), atomic_load(&o->other_errno));
		CHECK(atomic_load(&o->other) == 0);
		CHECK(atomic_load(&o->ok) > 0);
	}
	CHECK(atomic_load(&r.calls[CALL_PRIMARY].efault) > 0);
	return settles(&r, &c);
}

/*
 * A process with a flip in flight, its range unmapped after the commit,
 * exits: the file's release takes the plane off while the flip may still
 * be pending.
 */
static int flipping_owner(void)
{
	drmModeAtomicReq *req;
	uint32_t h[2], fb[2];
	struct kms k;
	char *p[2];
	int i;

	if (kms_open(&k, W, H))
		return 2;
	for (i = 0; i < 2; i++) {
		p[i] = anon(FB_SIZE);
		if (!p[i] || userptr_fb(&k, p[i], FB_SIZE, 0, W, H, W * 4, 0,
					&h[i], &fb[i]))
			return 3;
		fill(p[i], W * 4, W, H, (uint32_t)i);
	}
	if (kms_show(&k, fb[0]))
		return 4;
	req = drmModeAtomicAlloc();
	if (!req || kms_add_plane(&k, req, k.primary_id, fb[1], 0, 0, W, H) ||
	    drmModeAtomicCommit(k.fd, req, DRM_MODE_ATOMIC_NONBLOCK |
				DRM_MODE_PAGE_FLIP_EVENT, NULL))
		return 5;
	munmap(p[1], FB_SIZE);
	return 0;
}

static int owner_exits_mid_flip(struct kms *k)
{
	return owners_exit(k, flipping_owner, 20);
}

const struct subtest race_tests[] = {
	{ "race-invalidate-commit-rmfb-fork-threads", "default",
	  race_threads },
	{ "owner-exits-mid-flip-20-times", "default", owner_exits_mid_flip },
	{ NULL, NULL, NULL },
};
