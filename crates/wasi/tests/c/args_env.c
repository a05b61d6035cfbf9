/* Arguments and environment. */
#include "check.h"

extern char **environ;

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    CHECK(argc == 4);
    CHECK(argc > 0 && strcmp(argv[0], "prog") == 0);
    CHECK(argc > 2 && strcmp(argv[2], "two words") == 0);
    CHECK(argc > 3 && strcmp(argv[3], "\xc3\xa9t\xc3\xa9") == 0);
    CHECK(getenv("GREETING") && strcmp(getenv("GREETING"), "hello=world") == 0);
    CHECK(getenv("EMPTY") && strcmp(getenv("EMPTY"), "") == 0);
    CHECK(getenv("MISSING") == NULL);
    int n = 0;
    for (char **e = environ; *e; e++) n++;
    printf("environ: %d\n", n);
    CHECK(n == 2);
    return finish();
}
