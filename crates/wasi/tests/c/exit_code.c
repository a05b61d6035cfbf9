/* proc_exit: the code given on the command line (any int: wasi-libc passes it on as an unsigned
 * exit code); "return" returns it from main instead; "trap" executes `unreachable`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "trap") == 0) {
        printf("trapping\n");
        fflush(stdout);
        __builtin_trap();
    }
    int code = argc > 1 ? atoi(argv[1]) : 0;
    printf("exiting with %d\n", code);
    if (argc > 2 && strcmp(argv[2], "return") == 0) return code;
    exit(code);
}
