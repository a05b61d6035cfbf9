/* Shared by the WASI test programs: each check prints one line; the program exits non-zero when
 * any check failed. errno values are wasi-libc's, which equal the WASI errno numbers. */
#ifndef TAILOR_CHECK_H
#define TAILOR_CHECK_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        int saved_errno_ = errno;                                                         \
        if (cond) {                                                                       \
            printf("ok: %s\n", #cond);                                                    \
        } else {                                                                          \
            printf("FAIL %s:%d: %s (errno %d: %s)\n", __FILE__, __LINE__, #cond,          \
                   saved_errno_, strerror(saved_errno_));                                 \
            failures++;                                                                   \
        }                                                                                 \
        errno = saved_errno_;                                                             \
    } while (0)

/* `call` must fail with errno `want`. */
#define REFUSED(call, want)                                                               \
    do {                                                                                  \
        errno = 0;                                                                        \
        long r_ = (long)(call);                                                           \
        int e_ = errno;                                                                   \
        if (r_ == -1 && e_ == (want)) {                                                   \
            printf("refused: %s -> errno %d\n", #call, e_);                               \
        } else {                                                                          \
            printf("FAIL %s:%d: %s returned %ld errno %d (%s), expected errno %d\n",      \
                   __FILE__, __LINE__, #call, r_, e_, strerror(e_), (want));              \
            failures++;                                                                   \
        }                                                                                 \
    } while (0)

/* A raw WASI call must return errno `want`. */
#define WASI_ERR(call, want)                                                              \
    do {                                                                                  \
        int e_ = (int)(call);                                                             \
        if (e_ == (want)) {                                                               \
            printf("wasi: %s -> %d\n", #call, e_);                                        \
        } else {                                                                          \
            printf("FAIL %s:%d: %s returned %d, expected %d\n", __FILE__, __LINE__,       \
                   #call, e_, (want));                                                    \
            failures++;                                                                   \
        }                                                                                 \
    } while (0)

/* Writes `text` to `path` (created or truncated); the bytes written, or -1. */
static inline int put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) return -1;
    int n = write(fd, text, strlen(text));
    close(fd);
    return n;
}

static int finish(void) {
    printf("%s (%d failures)\n", failures ? "FAILED" : "PASSED", failures);
    return failures ? 1 : 0;
}

#endif
