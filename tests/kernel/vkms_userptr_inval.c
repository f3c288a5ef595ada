/* Invalidation of scanned-out ranges, fork, leaks and races. */
#include "test.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <linux/mempolicy.h>

#include "drm/vkms_drm.h"

#define FB_SIZE ((size_t)W * H * 4)
#define NPAGES ((long)(FB_SIZE / PAGE))

/* The userptr fb on the primary plane, checked, plus a capture buffer. */
struct scanout {
	char *p;
	uint32_t h, fb;
	struct capture c;
};

/* A memfd of FB_SIZE mapped shared, as wl_shm pools are; NULL on error. */
static char *shared_range(int *fd)
{
	char *p;

	*fd = memfd_create("userptr", MFD_CLOEXEC);
	if (*fd < 0 || ftruncate(*fd, FB_SIZE) < 0)
		return NULL;
	p = mmap(NULL, FB_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

static int scanout_start(struct kms *k, struct scanout *s, char *p,
			 uint32_t seed)
{
	s->p = p;
	fill(p, W * 4, W, H, seed);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, 0, W, H, W * 4, 0, &s->h, &s->fb), 0);
	CHECK_RET(capture_init(k, &s->c), 0);
	CHECK_RET(kms_show(k, s->fb), 0);
	CHECK_RET(capture_frame(k, &s->c), 0);
	if (check_frame(s->c.map, s->c.pitch, 0, 0, W, H, seed, -1))
		return -1;
	CHECK(debugfs_counter("pinned_pages") == NPAGES);
	return 0;
}

/* After the owner changed the mapping, a new commit shows seed exactly. */
static int shows_again(struct kms *k, struct scanout *s, uint32_t seed)
{
	CHECK_RET(kms_show(k, s->fb), 0);
	CHECK_RET(capture_frame(k, &s->c), 0);
	return check_frame(s->c.map, s->c.pitch, 0, 0, W, H, seed, -1);
}

/*
 * Switching the plane to another fb releases every retired set; only the
 * current one, if any, stays pinned for the next commit.
 */
static int released_after_switch(struct kms *k, struct scanout *s,
				 long still_pinned)
{
	CHECK_RET(kms_show(k, s->c.fb), 0);
	CHECK(debugfs_counter("pinned_pages") == still_pinned);
	return 0;
}

/* The range is gone: putting the object on the plane anew must fail. */
static int commit_anew_efault(struct kms *k, struct scanout *s)
{
	CHECK_RET(kms_show(k, s->c.fb), 0);
	CHECK(debugfs_counter("pinned_pages") == 0);
	CHECK_RET(kms_show(k, s->fb), -EFAULT);
	return 0;
}

static int inval_munmap(struct kms *k)
{
	long before = debugfs_counter("invalidations");
	struct scanout s;

	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	CHECK(munmap(s.p, FB_SIZE) == 0);
	CHECK(debugfs_counter("invalidations") == before + 1);
	/* still scanned out: the pins stay until the plane lets go */
	CHECK(debugfs_counter("pinned_pages") == NPAGES);
	/* a commit that keeps the plane asks for pages that are gone */
	CHECK_RET(capture_frame(k, &s.c), -EFAULT);
	CHECK_RET(kms_show(k, s.fb), -EFAULT);
	return commit_anew_efault(k, &s);
}

static int inval_mremap(struct kms *k)
{
	long before = debugfs_counter("invalidations");
	struct scanout s;
	char *away = anon(FB_SIZE);

	CHECK(away);
	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	CHECK(mremap(s.p, FB_SIZE, FB_SIZE, MREMAP_MAYMOVE | MREMAP_FIXED,
		     away) == away);
	CHECK(debugfs_counter("invalidations") == before + 1);
	/* new memory at the old address: the object must show it, not the old */
	CHECK(mmap(s.p, FB_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == s.p);
	fill(s.p, W * 4, W, H, 2);
	if (shows_again(k, &s, 2))
		return -1;
	if (released_after_switch(k, &s, NPAGES))
		return -1;
	CHECK(munmap(s.p, FB_SIZE) == 0);
	return commit_anew_efault(k, &s);
}

static int inval_ftruncate(struct kms *k)
{
	long before = debugfs_counter("invalidations");
	struct scanout s;
	int fd;
	char *p = shared_range(&fd);

	CHECK(p);
	if (scanout_start(k, &s, p, 1))
		return -1;
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(debugfs_counter("invalidations") == before + 1);
	/* the mapping is still there but has no pages behind it */
	if (commit_anew_efault(k, &s))
		return -1;
	CHECK(ftruncate(fd, FB_SIZE) == 0);
	fill(p, W * 4, W, H, 3);
	if (shows_again(k, &s, 3))
		return -1;
	return released_after_switch(k, &s, NPAGES);
}

static int inval_dontneed(struct kms *k)
{
	long before = debugfs_counter("invalidations");
	struct scanout s;

	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	CHECK(madvise(s.p, FB_SIZE, MADV_DONTNEED) == 0);
	CHECK(debugfs_counter("invalidations") == before + 1);
	fill(s.p, W * 4, W, H, 4);
	if (shows_again(k, &s, 4))
		return -1;
	return released_after_switch(k, &s, NPAGES);
}

static int inval_idle_releases_at_once(struct kms *k)
{
	struct scanout s;

	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	CHECK_RET(kms_show(k, s.c.fb), 0);
	/* kept pinned for the next commit while the mapping holds */
	CHECK(debugfs_counter("pinned_pages") == NPAGES);
	CHECK(munmap(s.p, FB_SIZE) == 0);
	CHECK(debugfs_counter("pinned_pages") == 0);
	return 0;
}

/*
 * move_pages(2) of the whole range to the other NUMA node of the guest;
 * returns how many pages moved, or -errno. Pages that are pinned for a
 * plane cannot move and keep their node.
 */
long migrate_pages_of(char *p, long npages)
{
	void *pages[NPAGES];
	int nodes[NPAGES], status[NPAGES];
	long i, moved = 0;

	if (npages > NPAGES)
		return -E2BIG;
	for (i = 0; i < npages; i++)
		pages[i] = p + i * PAGE;
	if (syscall(SYS_move_pages, 0, npages, pages, NULL, status, 0))
		return -errno;
	for (i = 0; i < npages; i++) {
		if (status[i] < 0)
			return status[i];
		nodes[i] = !status[i];
	}
	if (syscall(SYS_move_pages, 0, npages, pages, nodes, status,
		    MPOL_MF_MOVE) < 0)
		return -errno;
	for (i = 0; i < npages; i++)
		moved += status[i] == nodes[i];
	return moved;
}

/*
 * Migration locks each page while it unmaps it; the notifier, which lets
 * go of an idle object's pins right there, must not lock the page again.
 */
static int inval_migrate_idle(struct kms *k, char *p)
{
	long before = debugfs_counter("invalidations");
	struct scanout s;

	if (scanout_start(k, &s, p, 1))
		return -1;
	CHECK_RET(kms_show(k, s.c.fb), 0);
	CHECK(debugfs_counter("pinned_pages") == NPAGES);
	/* with the pins gone, every page can move */
	CHECK(migrate_pages_of(s.p, NPAGES) == NPAGES);
	CHECK(debugfs_counter("invalidations") == before + 1);
	CHECK(debugfs_counter("pinned_pages") == 0);
	fill(s.p, W * 4, W, H, 5);
	if (shows_again(k, &s, 5))
		return -1;
	return released_after_switch(k, &s, NPAGES);
}

static int inval_migrate_idle_anon(struct kms *k)
{
	return inval_migrate_idle(k, anon(FB_SIZE));
}

static int inval_migrate_idle_memfd(struct kms *k)
{
	int fd;
	char *p = shared_range(&fd);

	CHECK(p);
	return inval_migrate_idle(k, p);
}

/* Pages a plane scans out stay pinned, so they stay where they are. */
static int inval_migrate_scanned_out(struct kms *k)
{
	struct scanout s;
	long moved;

	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	moved = migrate_pages_of(s.p, NPAGES);
	CHECK(moved == 0);
	CHECK_RET(capture_frame(k, &s.c), 0);
	if (check_frame(s.c.map, s.c.pitch, 0, 0, W, H, 1, -1))
		return -1;
	fill(s.p, W * 4, W, H, 6);
	if (shows_again(k, &s, 6))
		return -1;
	return released_after_switch(k, &s, NPAGES);
}

/*
 * RMFB of another framebuffer is a commit the kernel makes: it must not
 * fail, nor WARN, because a plane it keeps shows a range that went away.
 */
static int rmfb_keeps_gone_plane(struct kms *k)
{
	drmModeAtomicReq *req;
	drmModePlanePtr plane;
	struct scanout s;
	uint32_t fb_id;

	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	req = drmModeAtomicAlloc();
	CHECK(req);
	CHECK_RET(kms_add_plane(k, req, k->overlay_id, s.c.fb, 0, 0, 64, 64), 0);
	CHECK_RET(kms_commit(k, req, 0), 0);
	drmModeAtomicFree(req);
	CHECK(munmap(s.p, FB_SIZE) == 0);
	CHECK(drmModeRmFB(k->fd, s.c.fb) == 0);
	plane = drmModeGetPlane(k->fd, k->overlay_id);
	CHECK(plane);
	fb_id = plane->fb_id;
	drmModeFreePlane(plane);
	CHECK(fb_id == 0);
	plane = drmModeGetPlane(k->fd, k->primary_id);
	CHECK(plane);
	fb_id = plane->fb_id;
	drmModeFreePlane(plane);
	CHECK(fb_id == s.fb);
	CHECK(debugfs_counter("pinned_pages") == NPAGES);
	return 0;
}

/* Two userptr planes of a process that exits without cleaning up. */
static int exiting_owner(void)
{
	drmModeAtomicReq *req;
	struct scanout s;
	struct kms k;
	uint32_t h, fb;
	char *p;

	if (kms_open(&k, W, H))
		return 2;
	if (scanout_start(&k, &s, anon(FB_SIZE), 1))
		return 3;
	p = anon(FB_SIZE);
	if (!p || userptr_fb(&k, p, FB_SIZE, 0, W, H, W * 4, 0, &h, &fb))
		return 4;
	fill(p, W * 4, W, H, 2);
	req = drmModeAtomicAlloc();
	if (!req || kms_add_plane(&k, req, k.overlay_id, fb, 0, 0, W, H) ||
	    kms_commit(&k, req, 0))
		return 5;
	return 0;
}

int owners_exit(struct kms *k, int (*owner)(void), int times)
{
	int status, i;
	pid_t pid;

	/* each child opens its own file, which needs the master role */
	CHECK(drmDropMaster(k->fd) == 0);
	for (i = 0; i < times; i++) {
		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0)
			_exit(owner());
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (i = 0; i < 100 && debugfs_counter("objects") != 0; i++)
		usleep(20 * 1000);
	CHECK(debugfs_counter("objects") == 0);
	CHECK(debugfs_counter("pinned_pages") == 0);
	CHECK(drmSetMaster(k->fd) == 0);
	return 0;
}

/*
 * At exit the address space goes first, then the DRM file, whose
 * framebuffers the kernel takes off the planes one by one: each of those
 * commits keeps the other plane.
 */
static int owner_exits_while_scanned_out(struct kms *k)
{
	return owners_exit(k, exiting_owner, 1);
}

static int fork_child_commits(struct kms *k, struct scanout *s,
			      uint32_t child_seed, uint32_t want_seed)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		fill(s->p, W * 4, W, H, child_seed);
		/* the child shares the DRM file and pins the object remotely */
		if (kms_show(k, s->fb) || capture_frame(k, &s->c))
			_exit(2);
		_exit(check_frame(s->c.map, s->c.pitch, 0, 0, W, H, want_seed,
				  -1) ? 3 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return fail("child status 0x%x (2 commit failed, 3 wrong pixels)",
			    status);
	return 0;
}

static int fork_shared_memfd(struct kms *k)
{
	struct scanout s;
	int fd;
	char *p = shared_range(&fd);

	CHECK(p);
	if (scanout_start(k, &s, p, 1))
		return -1;
	/* the child's write lands in the shared pages the object shows */
	if (fork_child_commits(k, &s, 2, 2))
		return -1;
	return shows_again(k, &s, 2);
}

static int fork_private_child(struct kms *k)
{
	struct scanout s;

	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	/* the child's copy-on-write copy is not the creator's range */
	if (fork_child_commits(k, &s, 2, 1))
		return -1;
	return shows_again(k, &s, 1);
}

static int create_destroy_cycles(struct kms *k)
{
	char *p = anon(FB_SIZE);
	struct capture c;
	uint32_t h, fb;
	int i;

	CHECK(p);
	fill(p, W * 4, W, H, 1);
	CHECK_RET(capture_init(k, &c), 0);
	for (i = 0; i < 10000; i++) {
		uint32_t flags = i % 3 == 0 ? VKMS_USERPTR_PROBE :
				 i % 3 == 1 ? VKMS_USERPTR_READ_ONLY :
				 VKMS_USERPTR_UNSYNCHRONIZED;

		CHECK_RET(userptr_create(k->fd, p, FB_SIZE, flags, &h), 0);
		/* every 500th object is pinned by a real scanout too */
		if (i % 500 == 0) {
			CHECK_RET(fb_add(k->fd, h, W, H, W * 4, 0,
					 DRM_FORMAT_XRGB8888, &fb), 0);
			CHECK_RET(kms_show(k, fb), 0);
			CHECK_RET(kms_show(k, c.fb), 0);
			CHECK(drmModeRmFB(k->fd, fb) == 0);
		}
		CHECK_RET(gem_close(k->fd, h), 0);
	}
	CHECK(debugfs_counter("objects") == 0);
	CHECK(debugfs_counter("pinned_pages") == 0);
	return 0;
}

struct race {
	struct kms *k;
	char *p;
	uint32_t fb, other_fb;
	atomic_int stop;
	int ok, efault, other;
};

static void *race_commits(void *arg)
{
	struct race *r = arg;

	unsigned int i = 0;

	while (!atomic_load(&r->stop)) {
		/* every other commit puts the object on the plane anew */
		int ret = kms_show(r->k, i++ % 2 ? r->other_fb : r->fb);

		if (ret == 0)
			r->ok++;
		else if (ret == -EFAULT)
			r->efault++;
		else
			r->other++;
	}
	return NULL;
}

static int stress_invalidate_and_commit(struct kms *k)
{
	struct race r = { .k = k };
	struct timespec start, now;
	struct scanout s;
	pthread_t thread;
	int rounds = 0;

	if (scanout_start(k, &s, anon(FB_SIZE), 1))
		return -1;
	r.p = s.p;
	r.fb = s.fb;
	r.other_fb = s.c.fb;
	CHECK(pthread_create(&thread, NULL, race_commits, &r) == 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		switch (rounds++ % 3) {
		case 0:
			madvise(s.p, FB_SIZE, MADV_DONTNEED);
			break;
		case 1:
			munmap(s.p, FB_SIZE);
			usleep(1000);
			mmap(s.p, FB_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			break;
		default:
			mprotect(s.p, FB_SIZE, PROT_READ);
			mprotect(s.p, FB_SIZE, PROT_READ | PROT_WRITE);
			break;
		}
		memset(s.p + (rounds % NPAGES) * PAGE, rounds, PAGE);
		usleep(2000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < 5);
	atomic_store(&r.stop, 1);
	CHECK(pthread_join(thread, NULL) == 0);
	diag("stress: %d invalidation rounds, %d commits ok, %d EFAULT, %d other",
	     rounds, r.ok, r.efault, r.other);
	CHECK(r.other == 0);
	CHECK(r.ok > 0 && r.efault > 0);
	/* settled: the object shows the current contents again */
	CHECK(mmap(s.p, FB_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == s.p);
	fill(s.p, W * 4, W, H, 7);
	if (shows_again(k, &s, 7))
		return -1;
	return released_after_switch(k, &s, NPAGES);
}

const struct subtest inval_tests[] = {
	{ "invalidate-munmap-while-scanned-out", "default", inval_munmap },
	{ "invalidate-mremap-while-scanned-out", "default", inval_mremap },
	{ "invalidate-ftruncate-memfd-while-scanned-out", "default",
	  inval_ftruncate },
	{ "invalidate-madv-dontneed-while-scanned-out", "default",
	  inval_dontneed },
	{ "invalidate-idle-object-releases-pages", "default",
	  inval_idle_releases_at_once },
	{ "invalidate-migrate-idle-anonymous", "default",
	  inval_migrate_idle_anon },
	{ "invalidate-migrate-idle-memfd", "default", inval_migrate_idle_memfd },
	{ "invalidate-migrate-while-scanned-out", "default",
	  inval_migrate_scanned_out },
	{ "rmfb-keeps-plane-whose-range-is-gone", "default",
	  rmfb_keeps_gone_plane },
	{ "owner-exits-while-scanned-out", "default",
	  owner_exits_while_scanned_out },
	{ "fork-child-shares-memfd-range", "default", fork_shared_memfd },
	{ "fork-child-commits-creator-range", "default", fork_private_child },
	{ "create-destroy-10000-no-leak", "default", create_destroy_cycles },
	{ "stress-invalidate-and-commit", "default",
	  stress_invalidate_and_commit },
	{ NULL, NULL, NULL },
};
