/* Directories: mkdir/rmdir, readdir with many entries, readdir cookies (telldir/seekdir). */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define N 300

int main(void) {
    CHECK(mkdir("/sandbox/d", 0755) == 0);
    REFUSED(mkdir("/sandbox/d", 0755), EEXIST);
    CHECK(mkdir("/sandbox/d/sub", 0755) == 0);
    struct stat st;
    CHECK(stat("/sandbox/d/sub", &st) == 0 && S_ISDIR(st.st_mode));
    REFUSED(rmdir("/sandbox/d"), ENOTEMPTY);
    CHECK(rmdir("/sandbox/d/sub") == 0);
    REFUSED(rmdir("/sandbox/d/sub"), ENOENT);

    char name[64];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "/sandbox/d/entry-with-a-longish-name-%03d", i);
        int fd = open(name, O_CREAT | O_WRONLY, 0644);
        if (fd < 0) { CHECK(fd >= 0); break; }
        close(fd);
    }
    REFUSED(unlink("/sandbox/d"), EISDIR);

    static char seen[N];
    DIR *d = opendir("/sandbox/d");
    CHECK(d != NULL);
    int count = 0, dots = 0, dupes = 0;
    long mark = -1;
    char marked[256] = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) { dots++; continue; }
        int i;
        if (sscanf(e->d_name, "entry-with-a-longish-name-%d", &i) == 1 && i >= 0 && i < N) {
            if (seen[i]) dupes++;
            seen[i] = 1;
            if (e->d_type != DT_REG) { printf("FAIL d_type %d for %s\n", e->d_type, e->d_name); failures++; }
        }
        count++;
        if (count == 150) {
            mark = telldir(d);
            e = readdir(d);
            if (e) { strcpy(marked, e->d_name); count++; int j; if (sscanf(e->d_name, "entry-with-a-longish-name-%d", &j) == 1) seen[j] = 1; }
        }
    }
    printf("readdir: %d entries, %d dots, %d duplicates\n", count, dots, dupes);
    CHECK(count == N);
    CHECK(dots == 2);
    CHECK(dupes == 0);
    int missing = 0;
    for (int i = 0; i < N; i++) missing += !seen[i];
    CHECK(missing == 0);
    /* seekdir to a cookie gives the same entry again. */
    CHECK(mark != -1);
    seekdir(d, mark);
    e = readdir(d);
    CHECK(e != NULL && strcmp(e->d_name, marked) == 0);
    rewinddir(d);
    int again = 0;
    while (readdir(d)) again++;
    CHECK(again == N + 2);
    closedir(d);

    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "/sandbox/d/entry-with-a-longish-name-%03d", i);
        if (unlink(name) != 0) { CHECK(!"unlink"); break; }
    }
    d = opendir("/sandbox/d");
    count = 0;
    while ((e = readdir(d))) count++;
    closedir(d);
    CHECK(count == 2);
    CHECK(rmdir("/sandbox/d") == 0);
    REFUSED((long)opendir("/sandbox/d") == 0 ? -1 : 0, ENOENT);
    REFUSED(opendir("/sandbox/nothing") ? 0 : -1, ENOENT);
    return finish();
}
