/* fileio_bench.c -- a file-I/O-heavy WASI program: many small files, one large file read at
 * random offsets, directory listing, stat, rename, unlink.  Used as a test (small sizes) and as
 * a benchmark beside wasmtime and WAMR (scripts/bench-wasi-io.sh).
 *
 * usage: fileio_bench DIR [FILES] [FILE_KB] [BIG_MB] [RANDOM_READS]
 *   defaults: 2000 files of 8 KiB, a 32 MiB file, 20000 random 4 KiB reads.
 * Everything happens under DIR/fileio.tmp, which is removed at the end.  Output is
 * deterministic; exits non-zero on any failure.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fail(const char *what, const char *path) {
    fprintf(stderr, "fileio_bench: %s %s: %s\n", what, path, strerror(errno));
    exit(2);
}

static uint32_t rng = 0x9e3779b9u;
static uint32_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* FNV-1a over a buffer, continuing from h */
static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static void fill(unsigned char *buf, size_t n, uint32_t seed) {
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
}

static void write_all(int fd, const unsigned char *p, size_t n, const char *path) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) fail("write", path);
        p += w;
        n -= (size_t)w;
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [FILES] [FILE_KB] [BIG_MB] [RANDOM_READS]\n", argv[0]);
        return 1;
    }
    int files = argc > 2 ? atoi(argv[2]) : 2000;
    size_t file_size = (size_t)(argc > 3 ? atoi(argv[3]) : 8) * 1024;
    size_t big_size = (size_t)(argc > 4 ? atoi(argv[4]) : 32) * 1024 * 1024;
    int reads = argc > 5 ? atoi(argv[5]) : 20000;
    char root[512], path[600], path2[600];
    snprintf(root, sizeof root, "%s/fileio.tmp", argv[1]);
    if (mkdir(root, 0755) != 0) fail("mkdir", root);

    unsigned char *buf = malloc(file_size > 65536 ? file_size : 65536);
    if (!buf) return 3;

    /* 1. many small files, written in 1 KiB pieces */
    uint64_t h_written = 0xcbf29ce484222325ull;
    for (int i = 0; i < files; i++) {
        snprintf(path, sizeof path, "%s/f%05d.dat", root, i);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) fail("create", path);
        fill(buf, file_size, (uint32_t)i);
        for (size_t off = 0; off < file_size; off += 1024) {
            size_t n = file_size - off < 1024 ? file_size - off : 1024;
            write_all(fd, buf + off, n, path);
        }
        h_written = fnv(h_written, buf, file_size);
        if (close(fd) != 0) fail("close", path);
    }

    /* 2. read them back whole, in another order */
    uint64_t h_read = 0xcbf29ce484222325ull;
    for (int k = 0; k < files; k++) {
        int i = k;
        snprintf(path, sizeof path, "%s/f%05d.dat", root, i);
        int fd = open(path, O_RDONLY);
        if (fd < 0) fail("open", path);
        size_t got = 0;
        for (;;) {
            ssize_t r = read(fd, buf + got, file_size + 1 - got);
            if (r < 0) fail("read", path);
            if (r == 0) break;
            got += (size_t)r;
            if (got > file_size) break;
        }
        if (got != file_size) {
            fprintf(stderr, "fileio_bench: %s has %zu bytes, want %zu\n", path, got, file_size);
            return 4;
        }
        h_read = fnv(h_read, buf, file_size);
        close(fd);
    }
    printf("small files: %d x %zu bytes, written %016llx read %016llx\n", files, file_size,
           (unsigned long long)h_written, (unsigned long long)h_read);
    if (h_read != h_written) {
        fprintf(stderr, "fileio_bench: read back differs\n");
        return 4;
    }

    /* 3. directory listing and stat */
    DIR *d = opendir(root);
    if (!d) fail("opendir", root);
    int entries = 0;
    long long total = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", root, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) fail("stat", path);
        entries++;
        total += st.st_size;
    }
    closedir(d);
    printf("listing: %d entries, %lld bytes\n", entries, total);
    if (entries != files || total != (long long)files * (long long)file_size) return 5;

    /* 4. one big file: sequential write in 64 KiB blocks, then random 4 KiB reads */
    snprintf(path, sizeof path, "%s/big.dat", root);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) fail("create", path);
    for (size_t off = 0; off < big_size; off += 65536) {
        fill(buf, 65536, (uint32_t)(off >> 16) + 77777u);
        write_all(fd, buf, 65536, path);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) fail("fstat", path);
    uint64_t h_random = 0xcbf29ce484222325ull;
    unsigned char block[4096];
    for (int i = 0; i < reads; i++) {
        off_t off = (off_t)(next_rand() % (uint32_t)(big_size / 4096)) * 4096;
        if (i % 2) {
            if (lseek(fd, off, SEEK_SET) != off) fail("lseek", path);
            if (read(fd, block, sizeof block) != (ssize_t)sizeof block) fail("read", path);
        } else {
            if (pread(fd, block, sizeof block, off) != (ssize_t)sizeof block) fail("pread", path);
        }
        h_random = fnv(h_random, block, sizeof block);
    }
    /* overwrite a few blocks in place and check with pread */
    for (int i = 0; i < 64; i++) {
        off_t off = (off_t)i * 4096 * 3;
        memset(block, i, sizeof block);
        if (pwrite(fd, block, sizeof block, off) != (ssize_t)sizeof block) fail("pwrite", path);
    }
    for (int i = 0; i < 64; i++) {
        if (pread(fd, block, sizeof block, (off_t)i * 4096 * 3) != (ssize_t)sizeof block) fail("pread", path);
        for (size_t j = 0; j < sizeof block; j++)
            if (block[j] != (unsigned char)i) {
                fprintf(stderr, "fileio_bench: pwrite not visible at block %d\n", i);
                return 6;
            }
    }
    if (ftruncate(fd, (off_t)(big_size / 2)) != 0) fail("ftruncate", path);
    if (fstat(fd, &st) != 0) fail("fstat", path);
    printf("big file: %lld bytes, %d random reads %016llx, truncated to %lld\n", (long long)big_size,
           reads, (unsigned long long)h_random, (long long)st.st_size);
    close(fd);
    if (unlink(path) != 0) fail("unlink", path);

    /* 5. rename every small file, then delete it */
    for (int i = 0; i < files; i++) {
        snprintf(path, sizeof path, "%s/f%05d.dat", root, i);
        snprintf(path2, sizeof path2, "%s/renamed-%05d.dat", root, i);
        if (rename(path, path2) != 0) fail("rename", path);
    }
    for (int i = 0; i < files; i++) {
        snprintf(path2, sizeof path2, "%s/renamed-%05d.dat", root, i);
        if (unlink(path2) != 0) fail("unlink", path2);
    }
    if (rmdir(root) != 0) fail("rmdir", root);
    printf("ok\n");
    free(buf);
    return 0;
}
