/*
 * tack-hostile CASE: commit one protocol violation against the core
 * interfaces and print the error the compositor answered with, as
 * "error <interface> <code>" (or "error none" when it did not object).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "client_common.h"

struct hostile_case {
	const char *name;
	void (*run)(struct tc_display *d);
};

static struct wl_shm_pool *make_pool(struct tc_display *d, size_t size, int *fd_out)
{
	int fd = tc_shm_file(size);
	struct wl_shm_pool *pool;

	if (fd < 0) {
		perror("tack-hostile: memfd");
		exit(2);
	}
	pool = wl_shm_create_pool(d->shm, fd, size);
	if (fd_out)
		*fd_out = fd;
	else
		close(fd);
	return pool;
}

static void shm_negative_offset(struct tc_display *d)
{
	struct wl_shm_pool *pool = make_pool(d, 4096, NULL);

	wl_shm_pool_create_buffer(pool, -4, 16, 16, 64, WL_SHM_FORMAT_XRGB8888);
}

static void shm_stride_too_small(struct tc_display *d)
{
	struct wl_shm_pool *pool = make_pool(d, 4096, NULL);

	wl_shm_pool_create_buffer(pool, 0, 16, 16, 60, WL_SHM_FORMAT_XRGB8888);
}

static void shm_beyond_pool(struct tc_display *d)
{
	struct wl_shm_pool *pool = make_pool(d, 4096, NULL);

	/* 64 x 17 = 1088 bytes too many for a 4096-byte pool at offset 3072. */
	wl_shm_pool_create_buffer(pool, 3072, 16, 17, 64, WL_SHM_FORMAT_XRGB8888);
}

static void shm_bad_format(struct tc_display *d)
{
	struct wl_shm_pool *pool = make_pool(d, 4096, NULL);

	wl_shm_pool_create_buffer(pool, 0, 16, 16, 64, 0x20202020);
}

static void shm_zero_size_buffer(struct tc_display *d)
{
	struct wl_shm_pool *pool = make_pool(d, 4096, NULL);

	wl_shm_pool_create_buffer(pool, 0, 0, 16, 64, WL_SHM_FORMAT_XRGB8888);
}

static void shm_pool_bad_size(struct tc_display *d)
{
	int fd = tc_shm_file(4096);

	wl_shm_create_pool(d->shm, fd, 0);
}

static void shm_pool_shrink(struct tc_display *d)
{
	struct wl_shm_pool *pool = make_pool(d, 8192, NULL);

	wl_shm_pool_resize(pool, 4096);
}

static void shm_unmappable_fd(struct tc_display *d)
{
	int fds[2];

	if (pipe(fds) < 0)
		exit(2);
	wl_shm_create_pool(d->shm, fds[0], 4096);
}

static struct wl_surface *surface(struct tc_display *d)
{
	return wl_compositor_create_surface(d->compositor);
}

static void surface_bad_scale(struct tc_display *d)
{
	wl_surface_set_buffer_scale(surface(d), 0);
}

static void surface_bad_transform(struct tc_display *d)
{
	wl_surface_set_buffer_transform(surface(d), 8);
}

static void surface_attach_offset(struct tc_display *d)
{
	struct tc_buffer b;

	tc_buffer_create(d, &b, 16, 16, WL_SHM_FORMAT_XRGB8888);
	wl_surface_attach(surface(d), b.buffer, 4, 4);
}

static void surface_size_not_scale_multiple(struct tc_display *d)
{
	struct wl_surface *s = surface(d);
	struct tc_buffer b;

	tc_buffer_create(d, &b, 15, 16, WL_SHM_FORMAT_XRGB8888);
	wl_surface_set_buffer_scale(s, 2);
	wl_surface_attach(s, b.buffer, 0, 0);
	wl_surface_commit(s);
}

static void subsurface_of_itself(struct tc_display *d)
{
	struct wl_surface *s = surface(d);

	wl_subcompositor_get_subsurface(d->subcompositor, s, s);
}

static void subsurface_loop(struct tc_display *d)
{
	struct wl_surface *a = surface(d), *b = surface(d);

	wl_subcompositor_get_subsurface(d->subcompositor, b, a);
	wl_subcompositor_get_subsurface(d->subcompositor, a, b);
}

static void subsurface_twice(struct tc_display *d)
{
	struct wl_surface *parent = surface(d), *child = surface(d);

	wl_subcompositor_get_subsurface(d->subcompositor, child, parent);
	wl_subcompositor_get_subsurface(d->subcompositor, child, parent);
}

static void subsurface_bad_sibling(struct tc_display *d)
{
	struct wl_surface *parent = surface(d), *child = surface(d);
	struct wl_surface *stranger = surface(d);
	struct wl_subsurface *sub;

	sub = wl_subcompositor_get_subsurface(d->subcompositor, child, parent);
	wl_subsurface_place_above(sub, stranger);
}

static void viewport_twice(struct tc_display *d)
{
	struct wl_surface *s = surface(d);

	wp_viewporter_get_viewport(d->viewporter, s);
	wp_viewporter_get_viewport(d->viewporter, s);
}

static void viewport_bad_value(struct tc_display *d)
{
	struct wp_viewport *vp = wp_viewporter_get_viewport(d->viewporter,
							    surface(d));

	wp_viewport_set_destination(vp, 0, 10);
}

static void viewport_out_of_buffer(struct tc_display *d)
{
	struct wl_surface *s = surface(d);
	struct wp_viewport *vp = wp_viewporter_get_viewport(d->viewporter, s);
	struct tc_buffer b;

	tc_buffer_create(d, &b, 16, 16, WL_SHM_FORMAT_XRGB8888);
	wp_viewport_set_source(vp, wl_fixed_from_int(8), 0,
			       wl_fixed_from_int(16), wl_fixed_from_int(16));
	wl_surface_attach(s, b.buffer, 0, 0);
	wl_surface_commit(s);
}

static void viewport_fractional_without_destination(struct tc_display *d)
{
	struct wl_surface *s = surface(d);
	struct wp_viewport *vp = wp_viewporter_get_viewport(d->viewporter, s);
	struct tc_buffer b;

	tc_buffer_create(d, &b, 16, 16, WL_SHM_FORMAT_XRGB8888);
	wp_viewport_set_source(vp, 0, 0, wl_fixed_from_double(7.5),
			       wl_fixed_from_int(8));
	wl_surface_attach(s, b.buffer, 0, 0);
	wl_surface_commit(s);
}

static void viewport_no_surface(struct tc_display *d)
{
	struct wl_surface *s = surface(d);
	struct wp_viewport *vp = wp_viewporter_get_viewport(d->viewporter, s);

	wl_surface_destroy(s);
	wp_viewport_set_destination(vp, 10, 10);
}

#define GRAY_SIZE ((size_t)256 * 256 * 4)

/*
 * A window showing a gray 256x256 buffer, its pool's memfd sealed with
 * seals; the memfd and the mapping come back to be abused.
 */
static int gray_window(struct tc_display *d, struct tc_window *w,
		       unsigned int seals, void **data)
{
	struct wl_shm_pool *pool;
	struct wl_buffer *buffer;
	int fd;

	if (tc_window_create(d, w, "hostile-truncate") < 0)
		exit(2);
	pool = make_pool(d, GRAY_SIZE, &fd);
	if (seals && fcntl(fd, F_ADD_SEALS, seals) < 0)
		exit(2);
	*data = mmap(NULL, GRAY_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		     0);
	if (*data == MAP_FAILED)
		exit(2);
	memset(*data, 0x80, GRAY_SIZE);
	buffer = wl_shm_pool_create_buffer(pool, 0, 256, 256, 1024,
					   WL_SHM_FORMAT_XRGB8888);
	wl_surface_attach(w->surface, buffer, 0, 0);
	wl_surface_damage_buffer(w->surface, 0, 0, 256, 256);
	return fd;
}

/*
 * Map a window, then shrink the file behind its buffer and ask for a
 * redraw: the compositor's read of the buffer faults (SIGBUS).
 */
static void shm_truncate_under_compositor(struct tc_display *d)
{
	struct tc_window w;
	void *data;
	int fd = gray_window(d, &w, 0, &data);

	wl_surface_commit(w.surface);
	wl_display_roundtrip(d->display);
	if (ftruncate(fd, 0) < 0)
		exit(2);
	wl_surface_damage_buffer(w.surface, 0, 0, 256, 256);
	wl_surface_commit(w.surface);
	/* The next repaint reads the buffer; wait for it with a frame. */
	wl_callback_destroy(wl_surface_frame(w.surface));
	wl_surface_commit(w.surface);
}

/* Waits until what was committed was shown, or a second at most. */
static void wait_presented(struct tc_display *d, struct tc_window *w)
{
	struct wl_callback *frame = wl_surface_frame(w->surface);
	int n;

	wl_surface_commit(w->surface);
	for (n = 0; n < 100; n++) {
		if (wl_display_roundtrip(d->display) < 0)
			break;
		usleep(10000);
	}
	wl_callback_destroy(frame);
}

/*
 * The same, with the pool's memfd sealed against shrinking (the pool a
 * udmabuf import takes): the seal refuses the truncation, and a hole
 * punched in the file must not free pages the display still reads.
 * Prints what the kernel said to each.
 */
static void shm_sealed_truncate_under_compositor(struct tc_display *d)
{
	struct tc_window w;
	void *data;
	int fd = gray_window(d, &w, F_SEAL_SHRINK | F_SEAL_SEAL, &data);

	wait_presented(d, &w);
	printf("ftruncate: %s\n",
	       ftruncate(fd, 0) < 0 ? strerror(errno) : "done");
	printf("punch-hole: %s\n",
	       fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
			 (off_t)GRAY_SIZE) < 0 ? strerror(errno) : "done");
	memset(data, 0x40, GRAY_SIZE);
	wl_surface_damage_buffer(w.surface, 0, 0, 256, 256);
	wait_presented(d, &w);
	fflush(stdout);
}

static const struct hostile_case cases[] = {
	{ "shm-negative-offset", shm_negative_offset },
	{ "shm-stride-too-small", shm_stride_too_small },
	{ "shm-beyond-pool", shm_beyond_pool },
	{ "shm-bad-format", shm_bad_format },
	{ "shm-zero-size-buffer", shm_zero_size_buffer },
	{ "shm-pool-bad-size", shm_pool_bad_size },
	{ "shm-pool-shrink", shm_pool_shrink },
	{ "shm-unmappable-fd", shm_unmappable_fd },
	{ "shm-truncate-under-compositor", shm_truncate_under_compositor },
	{ "shm-sealed-truncate-under-compositor",
	  shm_sealed_truncate_under_compositor },
	{ "surface-bad-scale", surface_bad_scale },
	{ "surface-bad-transform", surface_bad_transform },
	{ "surface-attach-offset", surface_attach_offset },
	{ "surface-size-not-scale-multiple", surface_size_not_scale_multiple },
	{ "subsurface-of-itself", subsurface_of_itself },
	{ "subsurface-loop", subsurface_loop },
	{ "subsurface-twice", subsurface_twice },
	{ "subsurface-bad-sibling", subsurface_bad_sibling },
	{ "viewport-twice", viewport_twice },
	{ "viewport-bad-value", viewport_bad_value },
	{ "viewport-out-of-buffer", viewport_out_of_buffer },
	{ "viewport-fractional-without-destination",
	  viewport_fractional_without_destination },
	{ "viewport-no-surface", viewport_no_surface },
};

int main(int argc, char **argv)
{
	struct tc_display d;
	size_t i;
	int n;

	if (argc != 2) {
		fprintf(stderr, "usage: tack-hostile CASE\ncases:");
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			fprintf(stderr, " %s", cases[i].name);
		fprintf(stderr, "\n");
		return 2;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(argv[1], cases[i].name) == 0)
			break;
	if (i == sizeof(cases) / sizeof(cases[0])) {
		fprintf(stderr, "tack-hostile: unknown case '%s'\n", argv[1]);
		return 2;
	}
	if (tc_connect(&d) < 0) {
		fprintf(stderr, "tack-hostile: cannot connect\n");
		return 2;
	}
	cases[i].run(&d);
	/* A few round trips: the error may follow the next repaint. */
	for (n = 0; n < 20; n++) {
		if (wl_display_roundtrip(d.display) < 0)
			break;
		usleep(10000);
	}
	tc_report_protocol_error(&d);
	return 0;
}
