/* The pixman renderer: the CPU composites, reading clients' pools in place. */
#ifndef TACK_PIXMAN_RENDERER_H
#define TACK_PIXMAN_RENDERER_H

#include <stdint.h>
#include <pixman.h>

struct tack_renderer;

struct tack_renderer *tack_pixman_renderer_create(void);
/* The pixman format of a wl_shm format; 0 for one pixman cannot read. */
pixman_format_code_t tack_pixman_format(uint32_t shm_format);

#endif
