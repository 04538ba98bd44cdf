/* Preloaded under valgrind by scripts/bench-all.sh (instruction counts).
 *
 * A Swift program with an async main waits in libdispatch's dispatch_main(), which calls
 * sigsuspend() with a mask in read-only memory (a `static const sigset_t`). Valgrind 3.19, the
 * one Debian 12 has, edits that mask in place before the system call and dies of the write
 * ("Valgrind received a signal 11"). This sigsuspend() passes a copy on the stack instead; the
 * program is otherwise the same. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}
