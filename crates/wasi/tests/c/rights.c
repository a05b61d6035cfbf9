/* Rights are enforced: a right dropped with fd_fdstat_set_rights is refused with ENOTCAPABLE from
 * then on, path_open gives a new descriptor no more than its directory's inheriting rights,
 * set_rights cannot add a right back, and fd_fdstat_get reports what the descriptor may do.
 * The sandbox is preopened as /sandbox (fd 3). Raw WASI calls check the exact errno; libc calls
 * check what wasi-libc makes of it (read/write: EBADF, lseek: ESPIPE, as on POSIX). */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#define NOTCAP __WASI_ERRNO_NOTCAPABLE

static __wasi_fdstat_t fdstat(int fd) {
    __wasi_fdstat_t st;
    memset(&st, 0, sizeof st);
    if (__wasi_fd_fdstat_get(fd, &st) != 0) printf("FAIL: fdstat of %d\n", fd), failures++;
    return st;
}

/* Drops `rights` from fd's base rights (inheriting rights unchanged). */
static int drop(int fd, __wasi_rights_t rights) {
    __wasi_fdstat_t st = fdstat(fd);
    return __wasi_fd_fdstat_set_rights(fd, st.fs_rights_base & ~rights, st.fs_rights_inheriting);
}

static int has(int fd, __wasi_rights_t rights) { return (fdstat(fd).fs_rights_base & rights) == rights; }

static __wasi_errno_t raw_read(int fd, char *buf, size_t len) {
    __wasi_iovec_t iov = {(uint8_t *)buf, len};
    __wasi_size_t n;
    return __wasi_fd_read(fd, &iov, 1, &n);
}

static __wasi_errno_t raw_write(int fd, const char *buf, size_t len) {
    __wasi_ciovec_t iov = {(const uint8_t *)buf, len};
    __wasi_size_t n;
    return __wasi_fd_write(fd, &iov, 1, &n);
}

/* A raw path_open through `dir` (no symlink following). */
static __wasi_errno_t raw_open(int dir, const char *path, __wasi_oflags_t oflags, __wasi_rights_t base,
                               __wasi_rights_t inheriting, __wasi_fd_t *out) {
    return __wasi_path_open(dir, 0, path, oflags, base, inheriting, 0, out);
}

int main(void) {
    char buf[64];
    struct stat st;
    __wasi_fd_t out;
    __wasi_filesize_t pos;
    const __wasi_rights_t R = __WASI_RIGHTS_FD_READ, W = __WASI_RIGHTS_FD_WRITE;

    CHECK(put("/sandbox/a.txt", "alpha") == 5);
    CHECK(mkdir("/sandbox/d", 0755) == 0);
    CHECK(put("/sandbox/d/f.txt", "file") == 4);

    /* 1. fdstat reports the rights; an fd opened read-only has no write right */
    CHECK(has(3, __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_FD_READDIR));
    CHECK((fdstat(3).fs_rights_inheriting & (R | W)) == (R | W));
    int fd = open("/sandbox/a.txt", O_RDONLY);
    CHECK(fd >= 0 && has(fd, R | __WASI_RIGHTS_FD_SEEK) && !has(fd, W));
    WASI_ERR(raw_write(fd, "x", 1), NOTCAP);
    REFUSED(write(fd, "x", 1), EBADF); /* wasi-libc's translation of ENOTCAPABLE */
    close(fd);

    /* 2. read dropped */
    fd = open("/sandbox/a.txt", O_RDWR);
    CHECK(fd >= 0 && has(fd, R | W));
    CHECK(read(fd, buf, 2) == 2);
    WASI_ERR(drop(fd, R), 0);
    CHECK(!has(fd, R) && has(fd, W));
    WASI_ERR(raw_read(fd, buf, 4), NOTCAP);
    REFUSED(read(fd, buf, 4), EBADF);
    REFUSED(pread(fd, buf, 4, 0), EBADF);
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
    CHECK(write(fd, "P", 1) == 1); /* writing still works */
    /* set_rights cannot add it back */
    __wasi_fdstat_t now = fdstat(fd);
    WASI_ERR(__wasi_fd_fdstat_set_rights(fd, now.fs_rights_base | R, now.fs_rights_inheriting), NOTCAP);
    WASI_ERR(__wasi_fd_fdstat_set_rights(fd, now.fs_rights_base, now.fs_rights_inheriting | (1ull << 40)), NOTCAP);
    WASI_ERR(raw_read(fd, buf, 4), NOTCAP);
    /* and dropping what is already gone is fine */
    WASI_ERR(__wasi_fd_fdstat_set_rights(fd, now.fs_rights_base & ~R, now.fs_rights_inheriting), 0);
    /* polling for reading needs the read right too */
    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = 7;
    sub.u.tag = __WASI_EVENTTYPE_FD_READ;
    sub.u.u.fd_read.file_descriptor = fd;
    __wasi_event_t ev;
    __wasi_size_t nev = 0;
    CHECK(__wasi_poll_oneoff(&sub, &ev, 1, &nev) == 0 && nev == 1 && ev.error == NOTCAP);
    close(fd);

    /* 3. write dropped */
    fd = open("/sandbox/a.txt", O_RDWR);
    WASI_ERR(drop(fd, W), 0);
    WASI_ERR(raw_write(fd, "x", 1), NOTCAP);
    REFUSED(write(fd, "x", 1), EBADF);
    REFUSED(pwrite(fd, "x", 1, 0), EBADF);
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "alPha", 5) == 0); /* reading still works */
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
    /* seek and tell */
    WASI_ERR(drop(fd, __WASI_RIGHTS_FD_SEEK), 0);
    REFUSED(lseek(fd, 1, SEEK_SET), ESPIPE);
    WASI_ERR(__wasi_fd_seek(fd, 1, __WASI_WHENCE_SET, &pos), NOTCAP);
    CHECK(lseek(fd, 0, SEEK_CUR) == 5); /* telling needs only FD_TELL */
    WASI_ERR(drop(fd, __WASI_RIGHTS_FD_TELL), 0);
    WASI_ERR(__wasi_fd_tell(fd, &pos), NOTCAP);
    /* metadata and size */
    WASI_ERR(drop(fd, __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE), 0);
    __wasi_filestat_t fst;
    WASI_ERR(__wasi_fd_filestat_get(fd, &fst), NOTCAP);
    WASI_ERR(__wasi_fd_filestat_set_size(fd, 0), NOTCAP);
    close(fd);
    CHECK(stat("/sandbox/a.txt", &st) == 0 && st.st_size == 5);

    /* 4. path_open dropped on a directory descriptor; its other rights still work */
    int d = open("/sandbox/d", O_RDONLY | O_DIRECTORY);
    CHECK(d >= 0 && has(d, __WASI_RIGHTS_PATH_OPEN));
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_OPEN), 0);
    WASI_ERR(raw_open(d, "f.txt", 0, R, 0, &out), NOTCAP);
    REFUSED(openat(d, "f.txt", O_RDONLY), ENOTCAPABLE);
    REFUSED(openat(d, "g.txt", O_CREAT | O_WRONLY, 0644), ENOTCAPABLE);
    CHECK(mkdirat(d, "sub", 0755) == 0);
    CHECK(fstatat(d, "f.txt", &st, 0) == 0 && st.st_size == 4);
    /* readdir, create-directory, unlink, symlink, rename, link, readlink dropped one by one */
    WASI_ERR(drop(d, __WASI_RIGHTS_FD_READDIR), 0);
    uint8_t dents[256];
    __wasi_size_t used;
    WASI_ERR(__wasi_fd_readdir(d, dents, sizeof dents, 0, &used), NOTCAP);
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_CREATE_DIRECTORY), 0);
    REFUSED(mkdirat(d, "sub2", 0755), ENOTCAPABLE);
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_SYMLINK), 0);
    REFUSED(symlinkat("f.txt", d, "sym"), ENOTCAPABLE);
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_RENAME_SOURCE), 0);
    REFUSED(renameat(d, "f.txt", 3, "moved.txt"), ENOTCAPABLE);
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_LINK_TARGET), 0);
    REFUSED(linkat(3, "a.txt", d, "hard.txt", 0), ENOTCAPABLE);
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_FILESTAT_GET), 0);
    REFUSED(fstatat(d, "f.txt", &st, 0), ENOTCAPABLE);
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_UNLINK_FILE | __WASI_RIGHTS_PATH_REMOVE_DIRECTORY), 0);
    REFUSED(unlinkat(d, "f.txt", 0), ENOTCAPABLE);
    REFUSED(unlinkat(d, "sub", AT_REMOVEDIR), ENOTCAPABLE);
    CHECK(stat("/sandbox/d/f.txt", &st) == 0 && stat("/sandbox/d/sub", &st) == 0);
    close(d);

    /* 5. inheriting rights narrow what path_open gives */
    d = open("/sandbox/d", O_RDONLY | O_DIRECTORY);
    now = fdstat(d);
    WASI_ERR(__wasi_fd_fdstat_set_rights(d, now.fs_rights_base, now.fs_rights_inheriting & ~W), 0);
    /* a raw open asking for write gets a descriptor without it (not an error: fewer rights) */
    WASI_ERR(raw_open(d, "f.txt", 0, R | W, R | W, &out), 0);
    CHECK(has(out, R) && !has(out, W) && (fdstat(out).fs_rights_inheriting & W) == 0);
    WASI_ERR(raw_write(out, "x", 1), NOTCAP);
    close(out);
    /* libc's open for writing: the file opens, writes are refused */
    fd = openat(d, "f.txt", O_RDWR);
    CHECK(fd >= 0 && !has(fd, W));
    REFUSED(write(fd, "x", 1), EBADF);
    CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "file", 4) == 0);
    close(fd);
    /* a directory opened through it passes on no more */
    WASI_ERR(raw_open(d, "sub", __WASI_OFLAGS_DIRECTORY, now.fs_rights_base, ~0ull, &out), 0);
    CHECK((fdstat(out).fs_rights_inheriting & W) == 0);
    __wasi_fd_t inner;
    WASI_ERR(raw_open(out, "new.txt", __WASI_OFLAGS_CREAT, R | W, 0, &inner), 0);
    CHECK(!has(inner, W));
    WASI_ERR(raw_write(inner, "x", 1), NOTCAP);
    close(inner);
    close(out);
    /* creating or truncating needs the directory's own rights */
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_CREATE_FILE), 0);
    WASI_ERR(raw_open(d, "fresh.txt", __WASI_OFLAGS_CREAT, R, 0, &out), NOTCAP);
    WASI_ERR(raw_open(d, "f.txt", 0, R, 0, &out), 0);
    close(out);
    WASI_ERR(drop(d, __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE), 0);
    WASI_ERR(raw_open(d, "f.txt", __WASI_OFLAGS_TRUNC, R | W, 0, &out), NOTCAP);
    CHECK(stat("/sandbox/d/f.txt", &st) == 0 && st.st_size == 4);
    close(d);

    /* 6. the preopen itself, through libc paths: no more creating, and files open without write */
    now = fdstat(3);
    WASI_ERR(__wasi_fd_fdstat_set_rights(3, now.fs_rights_base & ~(__WASI_RIGHTS_PATH_CREATE_FILE |
                                                                   __WASI_RIGHTS_PATH_CREATE_DIRECTORY),
                                         now.fs_rights_inheriting & ~W),
             0);
    REFUSED(open("/sandbox/new.txt", O_CREAT | O_WRONLY, 0644), ENOTCAPABLE);
    REFUSED(mkdir("/sandbox/newdir", 0755), ENOTCAPABLE);
    REFUSED(stat("/sandbox/new.txt", &st), ENOENT);
    fd = open("/sandbox/a.txt", O_WRONLY | O_APPEND);
    CHECK(fd >= 0 && !has(fd, W));
    REFUSED(write(fd, "more", 4), EBADF);
    close(fd);
    CHECK(stat("/sandbox/a.txt", &st) == 0 && st.st_size == 5);
    /* setting the old rights back is refused */
    WASI_ERR(__wasi_fd_fdstat_set_rights(3, now.fs_rights_base, now.fs_rights_inheriting), NOTCAP);
    /* dropping path_open on the preopen shuts the whole tree */
    WASI_ERR(drop(3, __WASI_RIGHTS_PATH_OPEN), 0);
    REFUSED(open("/sandbox/a.txt", O_RDONLY), ENOTCAPABLE);
    REFUSED(opendir("/sandbox/d") ? 0 : -1, ENOTCAPABLE);

    /* 7. standard streams: stderr without its write right */
    WASI_ERR(drop(2, W), 0);
    WASI_ERR(raw_write(2, "x", 1), NOTCAP);
    REFUSED(write(2, "to stderr\n", 10), EBADF);
    return finish();
}
