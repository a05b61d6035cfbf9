/* Check-then-use races: while the host keeps flipping /sandbox/flip between a directory inside
 * and one outside, opening flip/secret.txt must never reach the outside file. */
#include "check.h"
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 2000;
    int inside = 0, refused = 0, other = 0, leaks = 0;
    for (int i = 0; i < rounds; i++) {
        int fd = open("/sandbox/flip/secret.txt", O_RDONLY);
        if (fd < 0) {
            if (errno == EPERM) refused++; else other++;
            continue;
        }
        char buf[16] = {0};
        read(fd, buf, sizeof buf - 1);
        close(fd);
        if (strstr(buf, "SECRET")) leaks++; else inside++;
    }
    printf("race: %d inside, %d refused, %d other errors, %d leaks\n", inside, refused, other, leaks);
    CHECK(leaks == 0);
    CHECK(inside + refused + other == rounds);
    return finish();
}
