/* The names logs, traces and summaries give the fallback reasons. */
#include "util/fallback.h"

static const char *const fallback_names[TACK_FALLBACK_COUNT] = {
	[TACK_FALLBACK_NONE] = "none",
	[TACK_FALLBACK_FORCED] = "forced",
	[TACK_FALLBACK_NO_USERPTR] = "no-userptr",
	[TACK_FALLBACK_NO_HOST_IMPORT] = "no-host-import",
	[TACK_FALLBACK_UNSEALED] = "unsealed",
	[TACK_FALLBACK_NO_NOTIFIER] = "no-notifier",
	[TACK_FALLBACK_UNALIGNED] = "unaligned",
	[TACK_FALLBACK_FORMAT] = "format",
	[TACK_FALLBACK_TRANSFORM] = "transform",
	[TACK_FALLBACK_SCALE] = "scale",
	[TACK_FALLBACK_PLANES] = "planes",
	[TACK_FALLBACK_STACKING] = "stacking",
	[TACK_FALLBACK_BUDGET] = "budget",
	[TACK_FALLBACK_EFAULT] = "efault",
	[TACK_FALLBACK_IMPORT] = "import",
	[TACK_FALLBACK_SIZE_LIMIT] = "size-limit",
	[TACK_FALLBACK_NO_SCANOUT] = "no-scanout",
};

const char *tack_fallback_name(enum tack_fallback reason)
{
	return reason < TACK_FALLBACK_COUNT ? fallback_names[reason] : "?";
}
