/* SPDX-License-Identifier: GPL-2.0+ WITH Linux-syscall-note */
/*
 * Userspace interface of vkms, the virtual KMS driver.
 */

#ifndef _UAPI_VKMS_DRM_H_
#define _UAPI_VKMS_DRM_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

#define DRM_VKMS_GEM_USERPTR		0x00

#define DRM_IOCTL_VKMS_GEM_USERPTR \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VKMS_GEM_USERPTR, struct drm_vkms_gem_userptr)

/*
 * The object is only read by the device: it cannot be a writeback target.
 * Without it, the range must be writable, and a shared mapping in it must
 * be of tmpfs (memfd, shm) or hugetlbfs: the device may write the pages.
 */
#define VKMS_USERPTR_READ_ONLY		(1u << 0)
/*
 * Check at creation that the whole range is mapped with the needed access;
 * otherwise the first commit that needs the pages finds out, with -EFAULT.
 */
#define VKMS_USERPTR_PROBE		(1u << 1)
/*
 * Pin once and never follow changes of the mapping. Needs CAP_SYS_ADMIN:
 * safe only when the caller keeps the mapping for the object's lifetime.
 */
#define VKMS_USERPTR_UNSYNCHRONIZED	(1u << 31)

/**
 * struct drm_vkms_gem_userptr - make a GEM object of a range of user memory
 * @user_ptr: page aligned start of the range
 * @user_size: page aligned, non-zero length of the range, at most 1 GiB
 * @flags: VKMS_USERPTR_* bits
 * @handle: returned GEM handle
 *
 * The pages are pinned when a commit first needs them and followed with an
 * MMU notifier: after the owner changes the mapping, the next commit that
 * needs the object pins the new pages, or fails with -EFAULT when the range
 * is no longer mapped. Objects cannot be exported with PRIME.
 */
struct drm_vkms_gem_userptr {
	__u64 user_ptr;
	__u64 user_size;
	__u32 flags;
	__u32 handle;
};

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_VKMS_DRM_H_ */
