/*
 * SIGBUS stays deliverable in every thread of tack, the GPU driver's too.
 *
 * A client may truncate its pool while the GPU reads it in place; with a
 * CPU device such as lavapipe the read faults in one of the driver's
 * worker threads. tack's SIGBUS handler maps zero pages over the pool and
 * the frame goes on, but only if that thread can take the signal: Mesa
 * starts its threads with every signal blocked but SIGSYS and SIGSEGV, and
 * a fault under a blocked SIGBUS kills the process. So the program
 * defines pthread_sigmask itself (it is exported, and libraries loaded
 * later bind to it) and lets the libc one block everything asked for but
 * SIGBUS. The renderer checks that it worked before it trusts a pool that
 * can shrink (tack_shm_sigbus_reaches_every_thread()).
 */
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>

typedef int (*sigmask_fn)(int how, const sigset_t *set, sigset_t *old);

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	static sigmask_fn next;
	sigset_t without_bus;

	if (!next)
		next = (sigmask_fn)dlsym(RTLD_NEXT, "pthread_sigmask");
	if (!next)
		return ENOSYS;
	if (set && how != SIG_UNBLOCK && sigismember(set, SIGBUS)) {
		without_bus = *set;
		sigdelset(&without_bus, SIGBUS);
		set = &without_bus;
	}
	return next(how, set, old);
}
