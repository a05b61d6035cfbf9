/* Closed and invalid descriptors, bad pointers, unsupported functions: errnos, never traps. */
#include "check.h"
#include <fcntl.h>
#include <unistd.h>
#include <wasi/api.h>

/* Hidden by wasi-libc's headers: import it directly. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int32_t raw_proc_raise(int32_t sig);

int main(void) {
    int fd = open("/sandbox/f.txt", O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "abc", 3) == 3);
    CHECK(close(fd) == 0);
    REFUSED(write(fd, "abc", 3), EBADF);
    REFUSED(read(fd, (char[4]){0}, 3), EBADF);
    REFUSED(close(fd), EBADF);
    REFUSED(write(1000, "x", 1), EBADF);
    REFUSED(lseek(fd, 0, SEEK_SET), EBADF);
    /* stdout and stdin cannot seek */
    REFUSED(lseek(1, 0, SEEK_SET), ESPIPE);

    /* raw calls with pointers outside linear memory: EFAULT, not a trap */
    __wasi_ciovec_t bad = {(const uint8_t *)0xfffffff0u, 64};
    __wasi_size_t n;
    WASI_ERR(__wasi_fd_write(1, &bad, 1, &n), __WASI_ERRNO_FAULT);
    WASI_ERR(__wasi_fd_write(1, (const __wasi_ciovec_t *)0xfffffffcu, 1, &n), __WASI_ERRNO_FAULT);
    WASI_ERR(__wasi_random_get((uint8_t *)0xffffff00u, 0x1000), __WASI_ERRNO_FAULT);
    WASI_ERR(__wasi_clock_time_get(0, 1, (__wasi_timestamp_t *)0xfffffffcu), __WASI_ERRNO_FAULT);
    WASI_ERR(__wasi_args_sizes_get((__wasi_size_t *)0xfffffffeu, &n), __WASI_ERRNO_FAULT);
    WASI_ERR(__wasi_fd_write(77, &bad, 1, &n), __WASI_ERRNO_BADF);

    /* fd_renumber */
    fd = open("/sandbox/f.txt", O_RDONLY);
    int fd2 = open("/sandbox/f.txt", O_RDONLY);
    CHECK(fd >= 0 && fd2 >= 0);
    CHECK(__wasi_fd_renumber(fd, fd2) == 0);
    char buf[4] = {0};
    CHECK(read(fd2, buf, 3) == 3 && strcmp(buf, "abc") == 0);
    REFUSED(read(fd, buf, 3), EBADF);
    WASI_ERR(__wasi_fd_renumber(fd, fd2), __WASI_ERRNO_BADF);
    close(fd2);

    /* what the host does not offer */
    WASI_ERR(raw_proc_raise(2), __WASI_ERRNO_NOSYS);
    WASI_ERR(__wasi_sock_shutdown(1, 0), __WASI_ERRNO_NOTSUP);
    WASI_ERR(__wasi_sock_accept(99, 0, (__wasi_fd_t *)&n), __WASI_ERRNO_BADF);
    /* fd_prestat on a non-preopen, rights can only shrink */
    __wasi_prestat_t ps;
    WASI_ERR(__wasi_fd_prestat_get(1, &ps), __WASI_ERRNO_BADF);
    CHECK(__wasi_fd_prestat_get(3, &ps) == 0 && ps.u.dir.pr_name_len == 8);
    WASI_ERR(__wasi_fd_fdstat_set_rights(1, ~0ull, ~0ull), __WASI_ERRNO_NOTCAPABLE);

    /* reading stdin given by the host */
    char in[64] = {0};
    ssize_t got = read(0, in, sizeof in - 1);
    printf("stdin: %zd bytes: %s\n", got, in);
    CHECK(got == 12 && strcmp(in, "from the host") != 0 && memcmp(in, "stdin-bytes!", 12) == 0);
    CHECK(read(0, in, sizeof in) == 0);
    fprintf(stderr, "to stderr\n");
    return finish();
}
