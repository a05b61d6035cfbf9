/* Sandbox escapes: every attempt must be refused with the errno a WASI program expects.
 * The host test lays out  ROOT/sandbox (preopened as /sandbox, fd 3)  and  ROOT/outside/secret.txt,
 * plus, inside the sandbox, symlinks made by the host: abs_dir -> ROOT/outside (absolute),
 * rel_dir -> ../outside, abs_file -> ROOT/outside/secret.txt. Nothing here may read "SECRET". */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int leaked(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    char buf[16] = {0};
    read(fd, buf, sizeof buf - 1);
    close(fd);
    return strstr(buf, "SECRET") != NULL;
}

int main(void) {
    struct stat st;
    __wasi_fd_t out;
    const __wasi_rights_t R = __WASI_RIGHTS_FD_READ;

    CHECK(mkdir("/sandbox/sub", 0755) == 0);

    /* 1. ".." above the preopen */
    REFUSED(open("/sandbox/../outside/secret.txt", O_RDONLY), EPERM);
    REFUSED(stat("/sandbox/../outside/secret.txt", &st), EPERM);
    REFUSED(open("/sandbox/sub/../../outside/secret.txt", O_RDONLY), EPERM);
    REFUSED(opendir("/sandbox/..") ? 0 : -1, EPERM);
    WASI_ERR(__wasi_path_open(3, 0, "..", __WASI_OFLAGS_DIRECTORY, R, R, 0, &out), __WASI_ERRNO_PERM);
    REFUSED(mkdir("/sandbox/../evil", 0755), EPERM);
    REFUSED(unlink("/sandbox/../outside/secret.txt"), EPERM);
    REFUSED(open("/sandbox/../outside/new.txt", O_CREAT | O_WRONLY, 0644), EPERM);

    /* 2. absolute paths: given to the host directly, and through libc (no preopen matches) */
    WASI_ERR(__wasi_path_open(3, 0, "/etc/passwd", 0, R, R, 0, &out), __WASI_ERRNO_PERM);
    WASI_ERR(__wasi_path_open(3, 1, "/outside/secret.txt", 0, R, R, 0, &out), __WASI_ERRNO_PERM);
    WASI_ERR(__wasi_path_create_directory(3, "/tmp/evil"), __WASI_ERRNO_PERM);
    /* wasi-libc itself refuses a path under no preopen (ENOENT in current versions, ENOTCAPABLE
     * in older ones); the host is never asked. */
    errno = 0;
    CHECK(open("/etc/passwd", O_RDONLY) == -1 && (errno == ENOENT || errno == ENOTCAPABLE));

    /* 3. symlinks (made by the host) pointing outside */
    REFUSED(open("/sandbox/abs_file", O_RDONLY), EPERM);
    REFUSED(stat("/sandbox/abs_file", &st), EPERM);
    CHECK(lstat("/sandbox/abs_file", &st) == 0 && S_ISLNK(st.st_mode));
    /* 4. opening a file through a symlinked directory */
    REFUSED(open("/sandbox/abs_dir/secret.txt", O_RDONLY), EPERM);
    REFUSED(open("/sandbox/rel_dir/secret.txt", O_RDONLY), EPERM);
    REFUSED(opendir("/sandbox/rel_dir") ? 0 : -1, EPERM);
    REFUSED(open("/sandbox/rel_dir/planted.txt", O_CREAT | O_WRONLY, 0644), EPERM);
    REFUSED(rename("/sandbox/inside.txt", "/sandbox/rel_dir/moved.txt"), EPERM);

    /* 5. symlinks the guest creates may not lead outside, absolute or relative (symlinks.c has
     * the details); none of them exists afterwards */
    REFUSED(symlink("/etc", "/sandbox/etc_link"), EPERM);
    REFUSED(lstat("/sandbox/etc_link", &st), ENOENT);
    REFUSED(symlink("../../../../../..", "/sandbox/up"), EPERM);
    REFUSED(lstat("/sandbox/up", &st), ENOENT);
    REFUSED(symlink("../outside/secret.txt", "/sandbox/mine"), EPERM);
    REFUSED(lstat("/sandbox/mine", &st), ENOENT);
    REFUSED(symlink("../../outside", "/sandbox/sub/deep"), EPERM);
    REFUSED(symlink("../../../../../../../etc", "/sandbox/etc_rel"), EPERM);
    REFUSED(symlink("sub/../../outside", "/sandbox/sneaky"), EPERM);

    /* 6. hard links to outside */
    REFUSED(link("/sandbox/../outside/secret.txt", "/sandbox/hard"), EPERM);
    REFUSED(link("/sandbox/abs_dir/secret.txt", "/sandbox/hard"), EPERM);
    REFUSED(link("/sandbox/inside.txt", "/sandbox/../outside/hard"), EPERM);
    /* linking the symlink itself only copies the link, which still cannot be followed */
    if (link("/sandbox/abs_file", "/sandbox/hard2") == 0) {
        REFUSED(open("/sandbox/hard2", O_RDONLY), EPERM);
    } else {
        printf("refused: link of a symlink -> errno %d\n", errno);
    }

    /* 7. nothing leaked */
    const char *tries[] = {"/sandbox/abs_file", "/sandbox/abs_dir/secret.txt", "/sandbox/rel_dir/secret.txt",
                           "/sandbox/mine", "/sandbox/hard", "/sandbox/hard2", "/sandbox/sub/deep/secret.txt",
                           "/sandbox/../outside/secret.txt"};
    int leaks = 0;
    for (unsigned i = 0; i < sizeof tries / sizeof *tries; i++) leaks += leaked(tries[i]);
    CHECK(leaks == 0);
    /* the sandbox itself still works */
    CHECK(open("/sandbox/inside.txt", O_RDONLY) >= 0);
    return finish();
}
