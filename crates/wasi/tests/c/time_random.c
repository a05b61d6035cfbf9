/* Clocks, random bytes, poll_oneoff with a clock timeout. */
#include "check.h"
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static uint64_t mono(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void) {
    /* clocks */
    uint64_t a = mono(), b = mono();
    CHECK(b >= a);
    struct timespec ts;
    CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0);
    CHECK(ts.tv_sec > 1577836800 && ts.tv_sec < 4102444800); /* 2020 .. 2100 */
    CHECK(clock_getres(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec > 0);
    __wasi_timestamp_t t;
    WASI_ERR(__wasi_clock_time_get(99, 1, &t), __WASI_ERRNO_INVAL);
    CHECK(__wasi_clock_time_get(__WASI_CLOCKID_PROCESS_CPUTIME_ID, 1, &t) == 0);

    /* random */
    unsigned char r1[32] = {0}, r2[32] = {0};
    CHECK(getentropy(r1, sizeof r1) == 0 && getentropy(r2, sizeof r2) == 0);
    CHECK(memcmp(r1, r2, sizeof r1) != 0);
    int distinct = 0;
    for (int i = 1; i < 32; i++) distinct += r1[i] != r1[0];
    CHECK(distinct > 0);

    /* poll_oneoff with a relative clock timeout of 50 ms */
    __wasi_subscription_t sub = {0};
    sub.userdata = 0x1234;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sub.u.u.clock.timeout = 50 * 1000000ull;
    __wasi_event_t ev = {0};
    __wasi_size_t n = 0;
    a = mono();
    CHECK(__wasi_poll_oneoff(&sub, &ev, 1, &n) == 0);
    b = mono();
    printf("poll_oneoff slept %llu ns\n", (unsigned long long)(b - a));
    CHECK(b - a >= 50 * 1000000ull);
    CHECK(n == 1 && ev.userdata == 0x1234 && ev.error == 0 && ev.type == __WASI_EVENTTYPE_CLOCK);

    /* two timers: only the earlier fires */
    __wasi_subscription_t subs[2] = {sub, sub};
    subs[0].userdata = 1; subs[0].u.u.clock.timeout = 5000000000ull;
    subs[1].userdata = 2; subs[1].u.u.clock.timeout = 20000000ull;
    __wasi_event_t evs[2];
    a = mono();
    CHECK(__wasi_poll_oneoff(subs, evs, 2, &n) == 0);
    b = mono();
    CHECK(n == 1 && evs[0].userdata == 2 && b - a >= 20000000ull && b - a < 4000000000ull);

    /* an absolute deadline 30 ms ahead */
    sub.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
    __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
    sub.u.u.clock.timeout = t + 30000000ull;
    a = mono();
    CHECK(__wasi_poll_oneoff(&sub, &ev, 1, &n) == 0);
    b = mono();
    CHECK(b - a >= 25000000ull);

    /* nanosleep goes through poll_oneoff too */
    a = mono();
    struct timespec req = {0, 30000000};
    CHECK(nanosleep(&req, NULL) == 0);
    b = mono();
    CHECK(b - a >= 30000000ull);

    /* fd readiness reports at once; no subscriptions is EINVAL */
    __wasi_subscription_t fdsub = {0};
    fdsub.u.tag = __WASI_EVENTTYPE_FD_WRITE;
    fdsub.u.u.fd_write.file_descriptor = 1;
    CHECK(__wasi_poll_oneoff(&fdsub, &ev, 1, &n) == 0 && n == 1 && ev.error == 0);
    fdsub.u.u.fd_write.file_descriptor = 77;
    CHECK(__wasi_poll_oneoff(&fdsub, &ev, 1, &n) == 0 && n == 1 && ev.error == __WASI_ERRNO_BADF);
    WASI_ERR(__wasi_poll_oneoff(&fdsub, &ev, 0, &n), __WASI_ERRNO_INVAL);
    WASI_ERR(__wasi_sched_yield(), 0);
    return finish();
}
