#include "backend/backend.h"

void tack_backend_destroy(struct tack_backend *backend)
{
	if (backend && backend->impl->destroy)
		backend->impl->destroy(backend);
}
