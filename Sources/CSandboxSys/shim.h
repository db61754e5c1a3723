#ifndef SCORE_VERIFY_CSANDBOXSYS_SHIM_H
#define SCORE_VERIFY_CSANDBOXSYS_SHIM_H
// Non-variadic wrappers for the Linux calls the jail needs that Swift cannot call directly
// (prctl and syscall are variadic; pivot_root has no glibc wrapper). Each returns -1 and sets
// errno on failure, like the call it wraps.
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static inline int sv_prctl(int option, unsigned long arg2) {
    return prctl(option, arg2, 0UL, 0UL, 0UL);
}

static inline int sv_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

static inline int sv_close_range(unsigned int first, unsigned int last) {
    return (int)syscall(SYS_close_range, first, last, 0U);
}

static inline int sv_wifexited(int status) { return WIFEXITED(status); }
static inline int sv_wexitstatus(int status) { return WEXITSTATUS(status); }
static inline int sv_wifsignaled(int status) { return WIFSIGNALED(status); }
static inline int sv_wtermsig(int status) { return WTERMSIG(status); }

// Linux constants and calls glibc only declares under _GNU_SOURCE (not visible to Swift).
enum {
    SV_CLONE_NEWNS = 0x00020000,
    SV_CLONE_NEWUTS = 0x04000000,
    SV_CLONE_NEWIPC = 0x08000000,
    SV_CLONE_NEWUSER = 0x10000000,
    SV_CLONE_NEWPID = 0x20000000,
    SV_CLONE_NEWNET = 0x40000000,
    SV_O_PATH = 010000000,
    SV_RLIMIT_NPROC = 6,
};

static inline int sv_unshare(int flags) { return (int)syscall(SYS_unshare, flags); }

// Raw calls: they change the calling thread only, which is the whole process in the
// single-threaded jail.
static inline int sv_setresuid(unsigned int id) { return (int)syscall(SYS_setresuid, id, id, id); }
static inline int sv_setresgid(unsigned int id) { return (int)syscall(SYS_setresgid, id, id, id); }
static inline int sv_pipe2(int fds[2], int flags) { return (int)syscall(SYS_pipe2, fds, flags); }

#endif
