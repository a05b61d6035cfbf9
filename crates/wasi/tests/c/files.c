/* Files: create, write, read, seek, tell, stat, truncate, pread/pwrite, append, times. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
    const char *p = "/sandbox/data.txt";
    int fd = open(p, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 3);
    CHECK(write(fd, "hello, world\n", 13) == 13);
    CHECK(lseek(fd, 0, SEEK_CUR) == 13);
    CHECK(lseek(fd, 7, SEEK_SET) == 7);
    char buf[64] = {0};
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 12);
    CHECK(lseek(fd, -6, SEEK_END) == 7);
    CHECK(lseek(fd, -100, SEEK_CUR) == -1 && errno == EINVAL);

    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 13 && S_ISREG(st.st_mode));
    CHECK(st.st_nlink == 1);
    CHECK(ftruncate(fd, 5) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
    CHECK(ftruncate(fd, 10000) == 0);
    CHECK(stat(p, &st) == 0 && st.st_size == 10000);

    /* pread/pwrite leave the position alone. */
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    CHECK(pwrite(fd, "XYZ", 3, 100) == 3);
    memset(buf, 0, sizeof buf);
    CHECK(pread(fd, buf, 3, 100) == 3 && memcmp(buf, "XYZ", 3) == 0);
    CHECK(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 2);
    CHECK(pread(fd, buf, 10, 20000) == 0); /* past the end */
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    CHECK(close(fd) == 0);

    /* stdio on top of it. */
    FILE *f = fopen("/sandbox/lines.txt", "w");
    CHECK(f != NULL);
    for (int i = 0; i < 1000; i++) fprintf(f, "line %d\n", i);
    CHECK(fclose(f) == 0);
    f = fopen("/sandbox/lines.txt", "r");
    CHECK(f != NULL);
    int n = 0, last = -1;
    char line[64];
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "line %d", &last);
        n++;
    }
    CHECK(n == 1000 && last == 999);
    fclose(f);

    /* Append mode writes at the end whatever the position. */
    fd = open("/sandbox/log.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "one\n", 4) == 4);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "two\n", 4) == 4);
    close(fd);
    fd = open("/sandbox/log.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, sizeof buf) == 8 && strcmp(buf, "one\ntwo\n") == 0);
    /* A read-only descriptor cannot write. */
    REFUSED(write(fd, "x", 1), EBADF);
    close(fd);

    /* O_EXCL on an existing file, O_DIRECTORY on a file, a missing file. */
    REFUSED(open("/sandbox/log.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    REFUSED(open("/sandbox/log.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);
    REFUSED(open("/sandbox/missing.txt", O_RDONLY), ENOENT);

    /* Times. */
    struct timeval tv[2] = {{1000000000, 0}, {1200000000, 500000}};
    CHECK(utimes("/sandbox/log.txt", tv) == 0);
    CHECK(stat("/sandbox/log.txt", &st) == 0 && st.st_mtim.tv_sec == 1200000000 &&
          st.st_atim.tv_sec == 1000000000);
    CHECK(st.st_mtim.tv_nsec == 500000000);
    CHECK(unlink("/sandbox/log.txt") == 0);
    REFUSED(stat("/sandbox/log.txt", &st), ENOENT);
    return finish();
}
