/*
 * The userptr importer: a range of the compositor's own mapping of a pool
 * becomes a GEM object, pinned when the device needs the pages and kept
 * honest by MMU notifiers. vkms with kernel/'s series, and i915.
 */
#ifndef TACK_IMPORT_USERPTR_H
#define TACK_IMPORT_USERPTR_H

#include <stdbool.h>

struct tack_importer;

/*
 * Asks the device what it offers (an unpatched vkms knows no such ioctl);
 * where it has no notifiers, allow_unsynchronized pins without them
 * (CAP_SYS_ADMIN). Made even when the device offers nothing, to say why
 * no buffer goes through it; NULL without memory.
 */
struct tack_importer *tack_userptr_importer_create(int drm_fd,
						   bool allow_unsynchronized);

#endif
