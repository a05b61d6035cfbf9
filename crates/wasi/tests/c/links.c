/* rename, link, symlink, readlink inside the sandbox. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static int get(const char *path, char *buf, int len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int n = read(fd, buf, len - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    return n;
}

int main(void) {
    char buf[128];
    struct stat st;
    CHECK(put("/sandbox/a.txt", "alpha") == 5);
    CHECK(rename("/sandbox/a.txt", "/sandbox/b.txt") == 0);
    REFUSED(stat("/sandbox/a.txt", &st), ENOENT);
    CHECK(get("/sandbox/b.txt", buf, sizeof buf) == 5 && strcmp(buf, "alpha") == 0);
    /* rename over an existing file replaces it */
    CHECK(put("/sandbox/c.txt", "gamma") == 5);
    CHECK(rename("/sandbox/c.txt", "/sandbox/b.txt") == 0);
    CHECK(get("/sandbox/b.txt", buf, sizeof buf) == 5 && strcmp(buf, "gamma") == 0);
    CHECK(mkdir("/sandbox/dir", 0755) == 0);
    CHECK(rename("/sandbox/b.txt", "/sandbox/dir/b.txt") == 0);
    CHECK(rename("/sandbox/dir", "/sandbox/dir2") == 0);
    CHECK(stat("/sandbox/dir2/b.txt", &st) == 0);

    /* hard link */
    CHECK(link("/sandbox/dir2/b.txt", "/sandbox/hard.txt") == 0);
    CHECK(stat("/sandbox/hard.txt", &st) == 0 && st.st_nlink == 2);
    REFUSED(link("/sandbox/dir2/b.txt", "/sandbox/hard.txt"), EEXIST);
    CHECK(unlink("/sandbox/dir2/b.txt") == 0);
    CHECK(get("/sandbox/hard.txt", buf, sizeof buf) == 5 && strcmp(buf, "gamma") == 0);

    /* symlinks */
    CHECK(symlink("hard.txt", "/sandbox/sym") == 0);
    ssize_t n = readlink("/sandbox/sym", buf, sizeof buf);
    CHECK(n == 8 && memcmp(buf, "hard.txt", 8) == 0);
    n = readlink("/sandbox/sym", buf, 4); /* truncated */
    CHECK(n == 4 && memcmp(buf, "hard", 4) == 0);
    CHECK(lstat("/sandbox/sym", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat("/sandbox/sym", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
    CHECK(get("/sandbox/sym", buf, sizeof buf) == 5 && strcmp(buf, "gamma") == 0);
    REFUSED(readlink("/sandbox/hard.txt", buf, sizeof buf), EINVAL);
    REFUSED(open("/sandbox/sym", O_RDONLY | O_NOFOLLOW), ELOOP);
    /* a symlink to a directory inside, and a dangling one */
    CHECK(symlink("dir2", "/sandbox/dirlink") == 0);
    CHECK(put("/sandbox/dirlink/via-link.txt", "v") == 1);
    CHECK(stat("/sandbox/dir2/via-link.txt", &st) == 0);
    CHECK(symlink("nowhere", "/sandbox/dangling") == 0);
    REFUSED(stat("/sandbox/dangling", &st), ENOENT);
    CHECK(lstat("/sandbox/dangling", &st) == 0);
    REFUSED(symlink("x", "/sandbox/sym"), EEXIST);
    CHECK(unlink("/sandbox/sym") == 0);
    CHECK(unlink("/sandbox/dangling") == 0);
    CHECK(unlink("/sandbox/dirlink") == 0);
    CHECK(stat("/sandbox/hard.txt", &st) == 0);
    return finish();
}
