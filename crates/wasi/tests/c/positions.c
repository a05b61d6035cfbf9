/* File positions: tailor keeps a regular file's position in its descriptor table and reads and
 * writes with pread/pwrite at it. Write, seek, read, tell, SEEK_END, reads at the end, holes,
 * vectored I/O, pread/pwrite leaving the position alone, append mode (set at open, with
 * truncation, and by fcntl) that still appends after a seek, independent positions of two
 * descriptors, and a position that survives fd_renumber. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <wasi/api.h>

static long long tell(int fd) {
    __wasi_filesize_t pos = 0;
    return __wasi_fd_tell(fd, &pos) == 0 ? (long long)pos : -1;
}

int main(void) {
    char buf[64];
    struct stat st;

    /* Write, seek back, read what was written, tell. */
    int fd = open("/sandbox/pos.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 3);
    CHECK(tell(fd) == 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(tell(fd) == 10);
    CHECK(write(fd, "abcdef", 6) == 6);
    CHECK(tell(fd) == 16 && lseek(fd, 0, SEEK_CUR) == 16);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, 4) == 4 && memcmp(buf, "0123", 4) == 0);
    CHECK(tell(fd) == 4);
    CHECK(read(fd, buf, 6) == 6 && memcmp(buf, "456789", 6) == 0);
    CHECK(lseek(fd, 2, SEEK_CUR) == 12);
    CHECK(read(fd, buf, 2) == 2 && memcmp(buf, "cd", 2) == 0);
    CHECK(lseek(fd, -3, SEEK_CUR) == 11);
    CHECK(read(fd, buf, 1) == 1 && buf[0] == 'b');

    /* Overwrite in the middle, then read across it. */
    CHECK(lseek(fd, 8, SEEK_SET) == 8);
    CHECK(write(fd, "XY", 2) == 2 && tell(fd) == 10);
    CHECK(lseek(fd, 6, SEEK_SET) == 6);
    CHECK(read(fd, buf, 6) == 6 && memcmp(buf, "67XYab", 6) == 0);

    /* SEEK_END, and reads at and past the end return 0 without moving. */
    CHECK(lseek(fd, 0, SEEK_END) == 16);
    CHECK(read(fd, buf, sizeof buf) == 0);
    CHECK(tell(fd) == 16);
    CHECK(lseek(fd, -2, SEEK_END) == 14);
    CHECK(read(fd, buf, sizeof buf) == 2 && memcmp(buf, "ef", 2) == 0);
    CHECK(read(fd, buf, sizeof buf) == 0);
    CHECK(lseek(fd, 100, SEEK_END) == 116);
    CHECK(read(fd, buf, sizeof buf) == 0 && tell(fd) == 116);
    REFUSED(lseek(fd, -17, SEEK_END), EINVAL);
    REFUSED(lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK(tell(fd) == 116); /* a refused seek leaves the position alone */

    /* Writing past the end leaves a hole of zeros. */
    CHECK(lseek(fd, 20, SEEK_SET) == 20);
    CHECK(write(fd, "Z", 1) == 1 && tell(fd) == 21);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 21);
    CHECK(pread(fd, buf, 5, 16) == 5 && memcmp(buf, "\0\0\0\0Z", 5) == 0);

    /* pread and pwrite leave the position alone. */
    CHECK(lseek(fd, 3, SEEK_SET) == 3);
    CHECK(pwrite(fd, "PQ", 2, 0) == 2);
    CHECK(tell(fd) == 3);
    memset(buf, 0, sizeof buf);
    CHECK(pread(fd, buf, 4, 0) == 4 && memcmp(buf, "PQ23", 4) == 0);
    CHECK(tell(fd) == 3);
    CHECK(pread(fd, buf, 4, 1000) == 0 && tell(fd) == 3);
    CHECK(read(fd, buf, 1) == 1 && buf[0] == '3' && tell(fd) == 4);

    /* Vectored reads and writes move the position by the total. */
    struct iovec w[2] = {{"vec", 3}, {"tor", 3}};
    CHECK(lseek(fd, 0, SEEK_END) == 21);
    CHECK(writev(fd, w, 2) == 6 && tell(fd) == 27);
    char a[4] = {0}, b[8] = {0};
    struct iovec r[2] = {{a, 2}, {b, 8}};
    CHECK(lseek(fd, 21, SEEK_SET) == 21);
    CHECK(readv(fd, r, 2) == 6 && memcmp(a, "ve", 2) == 0 && memcmp(b, "ctor", 4) == 0);
    CHECK(tell(fd) == 27);

    /* Two descriptors of one file have their own positions. */
    int fd2 = open("/sandbox/pos.txt", O_RDONLY);
    CHECK(fd2 >= 0);
    CHECK(tell(fd2) == 0);
    CHECK(read(fd2, buf, 2) == 2 && memcmp(buf, "PQ", 2) == 0);
    CHECK(tell(fd2) == 2 && tell(fd) == 27);
    /* ... and fd_renumber carries the position along. */
    CHECK(__wasi_fd_renumber(fd2, fd) == 0);
    CHECK(tell(fd) == 2);
    CHECK(read(fd, buf, 2) == 2 && memcmp(buf, "23", 2) == 0);
    CHECK(close(fd) == 0);

    /* Append mode: every write lands at the end, even after a seek; the position follows. */
    fd = open("/sandbox/app.txt", O_CREAT | O_RDWR | O_APPEND, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "one\n", 4) == 4 && tell(fd) == 4);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "two\n", 4) == 4);
    CHECK(tell(fd) == 8);
    CHECK(lseek(fd, 1, SEEK_SET) == 1);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, 3) == 3 && memcmp(buf, "ne\n", 3) == 0 && tell(fd) == 4);
    CHECK(write(fd, "three\n", 6) == 6 && tell(fd) == 14);
    CHECK(pread(fd, buf, 14, 0) == 14 && memcmp(buf, "one\ntwo\nthree\n", 14) == 0);
    CHECK(tell(fd) == 14);
    /* Another writer extends the file: an append still goes after its bytes. */
    int other = open("/sandbox/app.txt", O_WRONLY);
    CHECK(other >= 0);
    CHECK(pwrite(other, "four\n", 5, 14) == 5);
    close(other);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "five\n", 5) == 5 && tell(fd) == 24);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 24);
    /* Append mode off (fcntl): writes go to the position again. */
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0);
    CHECK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_APPEND) == 0);
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) == 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "ONE", 3) == 3 && tell(fd) == 3);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 24);
    /* ... and on again. */
    CHECK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND) == 0);
    CHECK(write(fd, "six\n", 4) == 4 && tell(fd) == 28);
    memset(buf, 0, sizeof buf);
    CHECK(pread(fd, buf, sizeof buf, 0) == 28 &&
          memcmp(buf, "ONE\ntwo\nthree\nfour\nfive\nsix\n", 28) == 0);
    CHECK(close(fd) == 0);

    /* Append together with truncation. */
    fd = open("/sandbox/app.txt", O_WRONLY | O_APPEND | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0);
    CHECK(write(fd, "ab", 2) == 2 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "cd", 2) == 2);
    CHECK(tell(fd) == 4);
    CHECK(close(fd) == 0);

    /* stdio on top: fseek/ftell/fread/fwrite. */
    FILE *f = fopen("/sandbox/app.txt", "r+");
    CHECK(f != NULL);
    CHECK(fseek(f, 0, SEEK_END) == 0 && ftell(f) == 4);
    CHECK(fwrite("ef", 1, 2, f) == 2);
    CHECK(fseek(f, 1, SEEK_SET) == 0);
    memset(buf, 0, sizeof buf);
    CHECK(fread(buf, 1, sizeof buf, f) == 5 && memcmp(buf, "bcdef", 5) == 0);
    CHECK(ftell(f) == 6);
    CHECK(fclose(f) == 0);
    return finish();
}
