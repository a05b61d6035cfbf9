/* sqlite_driver.c -- drives the SQLite amalgamation (sqlite3.c from the
 * libsqlite3-sys crate) through a WASI preopened directory.
 *
 * usage: sqlite_driver DIR [ROWS]
 *   creates DIR/test.db, inserts ROWS rows in one transaction, builds an
 *   index, queries (count, sum, indexed lookups), closes, reopens and checks
 *   that the data survived.  Prints one "key: value" line per result and
 *   "ok" at the end; exits non-zero (with a message on stderr) on any failure.
 *
 * Build (see tests/programs/tests/sqlite.rs):
 *   zig cc -target wasm32-wasi -O2 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION
 *     -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_GETPID sqlite_driver.c sqlite3.c
 *     -lwasi-emulated-mman -lwasi-emulated-getpid
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "sqlite3.h"

static sqlite3 *db;

static void die(const char *what) {
    fprintf(stderr, "sqlite_driver: %s: %s\n", what, db ? sqlite3_errmsg(db) : "(no db)");
    exit(2);
}

static void check(int rc, int want, const char *what) {
    if (rc != want) {
        fprintf(stderr, "sqlite_driver: %s: rc=%d (%s)\n", what, rc, db ? sqlite3_errmsg(db) : "");
        exit(2);
    }
}

static void exec(const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "sqlite_driver: exec \"%s\": %s\n", sql, err ? err : "?");
        exit(2);
    }
}

/* one integer from a query that returns one row and one column */
static int64_t query_i64(const char *sql) {
    sqlite3_stmt *st;
    check(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, sql);
    check(sqlite3_step(st), SQLITE_ROW, sql);
    int64_t v = sqlite3_column_int64(st, 0);
    check(sqlite3_step(st), SQLITE_DONE, sql);
    sqlite3_finalize(st);
    return v;
}

/* deterministic pseudo-random values (xorshift32) */
static uint32_t rng = 2463534242u;
static uint32_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

struct expect {
    int64_t count, sum_v, sum_len, lookup_id, lookup_count;
};

static void verify(const struct expect *e, const char *phase) {
    int64_t count = query_i64("SELECT count(*) FROM items");
    int64_t sum_v = query_i64("SELECT sum(v) FROM items");
    int64_t sum_len = query_i64("SELECT sum(length(name)) FROM items");
    printf("%s count: %lld\n", phase, (long long)count);
    printf("%s sum: %lld\n", phase, (long long)sum_v);
    printf("%s name bytes: %lld\n", phase, (long long)sum_len);
    if (count != e->count || sum_v != e->sum_v || sum_len != e->sum_len) {
        fprintf(stderr, "sqlite_driver: %s: got count=%lld sum=%lld bytes=%lld, want %lld %lld %lld\n",
                phase, (long long)count, (long long)sum_v, (long long)sum_len, (long long)e->count,
                (long long)e->sum_v, (long long)e->sum_len);
        exit(3);
    }

    /* indexed lookups: the row by primary key, rows by the secondary index */
    sqlite3_stmt *st;
    const char *q = "SELECT name, v FROM items WHERE id = ?1";
    check(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK, q);
    sqlite3_bind_int64(st, 1, e->lookup_id);
    check(sqlite3_step(st), SQLITE_ROW, q);
    char want_name[64];
    snprintf(want_name, sizeof want_name, "item-%lld", (long long)e->lookup_id);
    const char *name = (const char *)sqlite3_column_text(st, 0);
    printf("%s lookup %lld: %s\n", phase, (long long)e->lookup_id, name);
    if (strcmp(name, want_name) != 0) {
        fprintf(stderr, "sqlite_driver: %s: lookup name %s, want %s\n", phase, name, want_name);
        exit(3);
    }
    int64_t v = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);

    q = "SELECT count(*) FROM items WHERE v = ?1";
    check(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK, q);
    sqlite3_bind_int64(st, 1, v);
    check(sqlite3_step(st), SQLITE_ROW, q);
    int64_t same_v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    printf("%s rows with v=%lld: %lld\n", phase, (long long)v, (long long)same_v);
    if (same_v < 1) {
        fprintf(stderr, "sqlite_driver: %s: index lookup found no row\n", phase);
        exit(3);
    }

    /* the secondary index must be used for a range query */
    q = "EXPLAIN QUERY PLAN SELECT count(*) FROM items WHERE v BETWEEN 1000 AND 2000";
    check(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK, q);
    int uses_index = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *detail = (const char *)sqlite3_column_text(st, 3);
        if (detail && strstr(detail, "items_v")) uses_index = 1;
    }
    sqlite3_finalize(st);
    printf("%s range query uses index: %s\n", phase, uses_index ? "yes" : "no");
    if (!uses_index) {
        fprintf(stderr, "sqlite_driver: %s: range query does not use the index\n", phase);
        exit(3);
    }
    int64_t in_range = query_i64("SELECT count(*) FROM items WHERE v BETWEEN 1000 AND 2000");
    printf("%s rows with v in [1000,2000]: %lld\n", phase, (long long)in_range);
    if (e->lookup_count >= 0 && in_range != e->lookup_count) {
        fprintf(stderr, "sqlite_driver: %s: range count %lld, want %lld\n", phase, (long long)in_range,
                (long long)e->lookup_count);
        exit(3);
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [ROWS]\n", argv[0]);
        return 1;
    }
    int rows = argc > 2 ? atoi(argv[2]) : 50000;
    char path[512];
    snprintf(path, sizeof path, "%s/test.db", argv[1]);
    printf("sqlite version: %s\n", sqlite3_libversion());

    /* phase 1: create, fill, index, query */
    check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), SQLITE_OK, "open");
    exec("PRAGMA journal_mode=DELETE");
    exec("DROP TABLE IF EXISTS items");
    exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, v INTEGER NOT NULL)");

    struct expect e = {0, 0, 0, 0, 0};
    exec("BEGIN");
    sqlite3_stmt *ins;
    const char *q = "INSERT INTO items (id, name, v) VALUES (?1, ?2, ?3)";
    check(sqlite3_prepare_v2(db, q, -1, &ins, NULL), SQLITE_OK, q);
    for (int i = 1; i <= rows; i++) {
        char name[64];
        int len = snprintf(name, sizeof name, "item-%d", i);
        int64_t v = next_rand() % 100000;
        sqlite3_bind_int64(ins, 1, i);
        sqlite3_bind_text(ins, 2, name, len, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 3, v);
        check(sqlite3_step(ins), SQLITE_DONE, "insert");
        sqlite3_reset(ins);
        e.count++;
        e.sum_v += v;
        e.sum_len += len;
        if (v >= 1000 && v <= 2000) e.lookup_count++;
    }
    sqlite3_finalize(ins);
    exec("COMMIT");
    exec("CREATE INDEX items_v ON items(v)");
    e.lookup_id = rows / 2 + 7 <= rows ? rows / 2 + 7 : rows;
    verify(&e, "fresh");

    /* an update and a delete in a second transaction */
    exec("BEGIN");
    int64_t deleted_v = query_i64("SELECT coalesce(sum(v), 0) FROM items WHERE id % 10 = 0");
    int64_t deleted_n = query_i64("SELECT count(*) FROM items WHERE id % 10 = 0");
    int64_t deleted_len = query_i64("SELECT coalesce(sum(length(name)), 0) FROM items WHERE id % 10 = 0");
    int64_t deleted_range = query_i64("SELECT count(*) FROM items WHERE id % 10 = 0 AND v BETWEEN 1000 AND 2000");
    exec("DELETE FROM items WHERE id % 10 = 0");
    exec("COMMIT");
    e.count -= deleted_n;
    e.sum_v -= deleted_v;
    e.sum_len -= deleted_len;
    e.lookup_count -= deleted_range;
    if (e.lookup_id % 10 == 0) e.lookup_id += 1;
    verify(&e, "after delete");
    check(sqlite3_close(db), SQLITE_OK, "close");
    db = NULL;

    /* phase 2: reopen and check that everything survived */
    check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK, "reopen");
    int64_t ok = query_i64("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'");
    printf("integrity check: %s\n", ok == 1 ? "ok" : "FAILED");
    if (ok != 1) die("integrity_check");
    verify(&e, "reopened");
    check(sqlite3_close(db), SQLITE_OK, "close");
    db = NULL;
    printf("ok\n");
    return 0;
}
