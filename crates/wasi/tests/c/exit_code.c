/* proc_exit: the code given on the command line; "return" returns from main instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", code);
    if (argc > 2 && strcmp(argv[2], "return") == 0) return code;
    exit(code);
}
