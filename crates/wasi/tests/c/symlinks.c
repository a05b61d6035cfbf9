/* Symlinks the guest makes or moves must lead inside the directory of the descriptor it names:
 * a target that is absolute, climbs with ".." above it (counting from the directory the link is
 * really created in), or has ".." after a name is refused with EPERM, at creation and when a link
 * (or a directory holding links) is moved by rename or link. Targets inside keep working.
 * The host test lays out ROOT/sandbox (preopened as /sandbox, fd 3) and ROOT/outside, plus
 * sandbox/hostabs -> ROOT/outside (absolute) and sandbox/hostrel -> ../outside, and afterwards
 * checks that no other link in the tree leads outside. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The contents of the file at `path` equal `want`. */
static int reads(const char *path, const char *want) {
    char buf[64];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    int n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n < 0 ? 0 : n] = 0;
    return strcmp(buf, want) == 0;
}

static int is_link(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

int main(void) {
    struct stat st;
    CHECK(mkdir("/sandbox/a", 0755) == 0);
    CHECK(mkdir("/sandbox/a/b", 0755) == 0);
    CHECK(mkdir("/sandbox/a/b/c", 0755) == 0);
    CHECK(put("/sandbox/top.txt", "top") == 3);
    CHECK(put("/sandbox/a/mid.txt", "mid") == 3);

    /* 1. targets inside work, at every depth */
    CHECK(symlink("top.txt", "/sandbox/l0") == 0 && reads("/sandbox/l0", "top"));
    CHECK(symlink("../top.txt", "/sandbox/a/l1") == 0 && reads("/sandbox/a/l1", "top"));
    CHECK(symlink("../../top.txt", "/sandbox/a/b/l2") == 0 && reads("/sandbox/a/b/l2", "top"));
    CHECK(symlink("../../../top.txt", "/sandbox/a/b/c/l3") == 0 && reads("/sandbox/a/b/c/l3", "top"));
    CHECK(symlink("./../mid.txt", "/sandbox/a/b/lm") == 0 && reads("/sandbox/a/b/lm", "mid"));
    CHECK(symlink("a/b", "/sandbox/lb") == 0 && stat("/sandbox/lb/l2", &st) == 0);
    CHECK(symlink(".", "/sandbox/a/dot") == 0 && reads("/sandbox/a/dot/mid.txt", "mid"));
    CHECK(symlink("nowhere/deeper", "/sandbox/dangling") == 0 && is_link("/sandbox/dangling"));

    /* 2. one level too many is refused, at every depth; so are absolute targets and ".." after
     * a name; none of them is created */
    REFUSED(symlink("../top.txt", "/sandbox/x0"), EPERM);
    REFUSED(symlink("../../x", "/sandbox/a/x1"), EPERM);
    REFUSED(symlink("../../../x", "/sandbox/a/b/x2"), EPERM);
    REFUSED(symlink("../../../../outside/secret.txt", "/sandbox/a/b/c/x3"), EPERM);
    REFUSED(symlink("/sandbox/top.txt", "/sandbox/abs"), EPERM);
    REFUSED(symlink("b/../../../x", "/sandbox/a/unsure"), EPERM);
    REFUSED(symlink("b/../mid.txt", "/sandbox/a/unsure2"), EPERM); /* inside, but not vouched for */
    const char *gone[] = {"/sandbox/x0", "/sandbox/a/x1", "/sandbox/a/b/x2", "/sandbox/a/b/c/x3",
                          "/sandbox/abs", "/sandbox/a/unsure", "/sandbox/a/unsure2"};
    for (unsigned i = 0; i < sizeof gone / sizeof *gone; i++) REFUSED(lstat(gone[i], &st), ENOENT);

    /* 3. the depth is where the link really goes, symlinked directories resolved */
    CHECK(symlink("../../top.txt", "/sandbox/lb/via") == 0 && reads("/sandbox/a/b/via", "top"));
    CHECK(symlink("../..", "/sandbox/a/b/c/up") == 0); /* a/b/c/up is a */
    REFUSED(symlink("../../x", "/sandbox/a/b/c/up/x"), EPERM);
    CHECK(symlink("../top.txt", "/sandbox/a/b/c/up/y") == 0 && is_link("/sandbox/a/y"));
    CHECK(reads("/sandbox/a/y", "top"));

    /* 4. through a descriptor for a subdirectory, that directory is the limit */
    int d = open("/sandbox/a/b", O_RDONLY | O_DIRECTORY);
    CHECK(d >= 0);
    REFUSED(symlinkat("../mid.txt", d, "xd"), EPERM); /* inside the preopen, but above d */
    CHECK(symlinkat("../l2", d, "c/ok") == 0 && reads("/sandbox/a/b/c/ok", "top"));
    close(d);

    /* 5. moving a link checks it at its new place */
    REFUSED(rename("/sandbox/a/b/l2", "/sandbox/a/l2"), EPERM);
    REFUSED(rename("/sandbox/a/b/l2", "/sandbox/l2"), EPERM);
    REFUSED(link("/sandbox/a/b/l2", "/sandbox/a/hl2"), EPERM); /* a hard link of the link itself */
    CHECK(is_link("/sandbox/a/b/l2") && reads("/sandbox/a/b/l2", "top"));
    CHECK(rename("/sandbox/a/b/l2", "/sandbox/a/b/c/l2") == 0); /* deeper: still inside */
    CHECK(rename("/sandbox/a/b/c/l2", "/sandbox/a/b/l2") == 0 && reads("/sandbox/a/b/l2", "top"));
    CHECK(rename("/sandbox/a/b/l2", "/sandbox/a/b/l2b") == 0 && reads("/sandbox/a/b/l2b", "top"));
    CHECK(link("/sandbox/a/b/l2b", "/sandbox/a/b/c/hl2") == 0 && is_link("/sandbox/a/b/c/hl2"));
    /* links the host made: an absolute one may move (it leads where it led, and is never
     * followed); a relative one may not move where it would climb out */
    CHECK(rename("/sandbox/hostabs", "/sandbox/a/hostabs") == 0);
    REFUSED(open("/sandbox/a/hostabs/secret.txt", O_RDONLY), EPERM);
    REFUSED(rename("/sandbox/hostrel", "/sandbox/hostrel2"), EPERM);

    /* 6. moving a directory higher checks every link inside it */
    REFUSED(rename("/sandbox/a/b/c", "/sandbox/c"), EPERM); /* c/l3 climbs 3 */
    REFUSED(rename("/sandbox/a/b", "/sandbox/b"), EPERM);   /* b/l2b climbs 2 */
    CHECK(rename("/sandbox/a/b/c", "/sandbox/a/b/cc") == 0); /* as deep: no look needed */
    CHECK(reads("/sandbox/a/b/cc/l3", "top"));
    CHECK(mkdir("/sandbox/a/b/plain", 0755) == 0);
    CHECK(mkdir("/sandbox/a/b/plain/in", 0755) == 0);
    CHECK(symlink("../../mid.txt", "/sandbox/a/b/plain/lp") == 0);
    CHECK(symlink("../../../mid.txt", "/sandbox/a/b/plain/in/lq") == 0);
    CHECK(rename("/sandbox/a/b/plain", "/sandbox/a/plain") == 0); /* climbs 2 from depth 2 */
    REFUSED(rename("/sandbox/a/plain", "/sandbox/plain"), EPERM);
    CHECK(rename("/sandbox/a/plain", "/sandbox/a/b/plain2") == 0); /* back down */
    CHECK(reads("/sandbox/a/b/plain2/lp", "mid") && reads("/sandbox/a/b/plain2/in/lq", "mid"));
    return finish();
}
