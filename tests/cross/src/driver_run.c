
/* ---- running the assertions ---- */
static int passed, failed;

static const char *const trap_names[] = {
    "none", "unreachable", "integer divide by zero", "integer overflow", "invalid conversion to integer",
    "out of bounds memory access", "out of bounds table access", "uninitialized element",
    "indirect call type mismatch", "null reference", "call stack exhausted", "interrupted",
    "element out of bounds"};

static const char *trap_name(uint32_t t) { return t < 13 ? trap_names[t] : "?"; }

static void driver_init(void) {
    static char altstack[1 << 16];
    stack_t ss;
    ss.ss_sp = altstack;
    ss.ss_size = sizeof altstack;
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);
    store.stack_limit = (uint64_t)(tailor_rt_stack_pointer() - STACK_BUDGET);
}

/* Instantiates module m; with a nonzero trapmask, instantiation must trap with one of those codes
 * (assert_trap on a module), which counts as an assertion. */
static void instantiate(int m, uint32_t line, uint32_t (*fn)(void), uint32_t trapmask) {
    cur_line = line;
    store.trap_code = 0;
    uint32_t st = fn();
    MODS[m].status = (int)st;
    if (trapmask) {
        if (st && st < 32 && (trapmask & (1u << st))) {
            passed++;
        } else {
            failed++;
            printf("FAIL %u module instantiation: expected a trap (codes mask 0x%x), got %s%s\n", (unsigned)line,
                   (unsigned)trapmask, st ? "status " : "success", st ? trap_name(st) : "");
        }
        return;
    }
    if (st) {
        failed++;
        if (st < 1000)
            printf("FAIL %u module instantiation trapped: %s\n", (unsigned)line, trap_name(st));
        else
            printf("FAIL %u module instantiation failed (%s)\n", (unsigned)line,
                   st == 2000 ? "start function crashed" : st == 1002 ? "an imported module failed" : "allocation");
    }
}

static void set_arg(tailor_val *c, const tv *e) {
    switch (e->k) {
    case K_I32:
    case K_F32: tailor_val_set_u32(c, (uint32_t)e->a); break;
    case K_I64:
    case K_F64: tailor_val_set_u64(c, e->a); break;
    case K_V128: tailor_val_set_v128(c, e->a, e->b); break;
    case K_NULL: tailor_val_set_ref(c, 0); break;
    case K_EXTERN: tailor_val_set_ref(c, e->a + 1); break; /* host externref N is the word N + 1 */
    default: tailor_val_clear(c); break;
    }
}

static int nan_ok32(uint32_t got, int pat, uint32_t want) {
    if (pat == 0) return got == want;
    if (pat == 1) return (got & 0x7fffffffu) == 0x7fc00000u;
    return (got & 0x7fc00000u) == 0x7fc00000u;
}

static int nan_ok64(uint64_t got, int pat, uint64_t want) {
    if (pat == 0) return got == want;
    if (pat == 1) return (got & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
    return (got & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

static int match(const tv *e, const tailor_val *v, int mod) {
    switch (e->k) {
    case K_I32: return tailor_val_u32(v) == (uint32_t)e->a;
    case K_I64: return tailor_val_u64(v) == e->a;
    case K_F32: return nan_ok32(tailor_val_u32(v), e->nan, (uint32_t)e->a);
    case K_F64: return nan_ok64(tailor_val_u64(v), e->nan, e->a);
    case K_V128: return tailor_val_v128_lo(v) == e->a && tailor_val_v128_hi(v) == e->b;
    case K_F32X4:
        for (unsigned i = 0; i < 4; i++) {
            uint64_t half = i < 2 ? e->a : e->b;
            uint32_t want = (uint32_t)(half >> (32 * (i & 1)));
            if (!nan_ok32((uint32_t)tailor_val_v128_lane(v, 4, i), (e->nan >> (2 * i)) & 3, want)) return 0;
        }
        return 1;
    case K_F64X2:
        return nan_ok64(tailor_val_v128_lane(v, 8, 0), e->nan & 3, e->a) &&
               nan_ok64(tailor_val_v128_lane(v, 8, 1), (e->nan >> 2) & 3, e->b);
    case K_NULL: return tailor_val_ref(v) == 0;
    case K_EXTERN: return tailor_val_ref(v) == e->a + 1;
    case K_EXTERN_ANY:
    case K_FUNC_ANY: return tailor_val_ref(v) != 0;
    case K_FUNC: return tailor_val_ref(v) == MODS[mod].vmctx[MODS[mod].func_off / 8 + e->a];
    case K_EITHER:
        for (unsigned i = 0; i < e->n; i++)
            if (match(&V[e->aux + i], v, mod)) return 1;
        return 0;
    }
    return 0;
}

static const char *nan_text(int pat) { return pat == 1 ? "nan:canonical" : "nan:arithmetic"; }

/* Appends a description of the expectation `e`. */
static void describe_expected(char *buf, size_t n, const tv *e) {
    size_t l = strlen(buf);
    char *p = buf + l;
    n -= l;
    switch (e->k) {
    case K_I32: snprintf(p, n, "i32 0x%08x", (unsigned)e->a); break;
    case K_I64: snprintf(p, n, "i64 0x%016llx", (unsigned long long)e->a); break;
    case K_F32:
        if (e->nan) snprintf(p, n, "f32 %s", nan_text(e->nan));
        else snprintf(p, n, "f32 0x%08x", (unsigned)e->a);
        break;
    case K_F64:
        if (e->nan) snprintf(p, n, "f64 %s", nan_text(e->nan));
        else snprintf(p, n, "f64 0x%016llx", (unsigned long long)e->a);
        break;
    case K_V128: snprintf(p, n, "v128 0x%016llx%016llx", (unsigned long long)e->b, (unsigned long long)e->a); break;
    case K_F32X4:
        snprintf(p, n, "f32x4 0x%016llx%016llx nan-lanes 0x%x", (unsigned long long)e->b, (unsigned long long)e->a,
                 e->nan);
        break;
    case K_F64X2:
        snprintf(p, n, "f64x2 0x%016llx%016llx nan-lanes 0x%x", (unsigned long long)e->b, (unsigned long long)e->a,
                 e->nan);
        break;
    case K_NULL: snprintf(p, n, "ref.null"); break;
    case K_EXTERN: snprintf(p, n, "ref.extern %llu", (unsigned long long)e->a); break;
    case K_EXTERN_ANY: snprintf(p, n, "ref.extern"); break;
    case K_FUNC: snprintf(p, n, "ref.func %llu", (unsigned long long)e->a); break;
    case K_FUNC_ANY: snprintf(p, n, "ref.func"); break;
    case K_EITHER:
        snprintf(p, n, "either(");
        for (unsigned i = 0; i < e->n; i++) {
            if (i) snprintf(buf + strlen(buf), n + l - strlen(buf), " | ");
            describe_expected(buf, n + l, &V[e->aux + i]);
        }
        snprintf(buf + strlen(buf), n + l - strlen(buf), ")");
        break;
    }
}

static void describe_got(char *buf, size_t n, const tv *e, const tailor_val *v) {
    size_t l = strlen(buf);
    char *p = buf + l;
    n -= l;
    int k = e->k == K_EITHER ? V[e->aux].k : e->k;
    switch (k) {
    case K_I32:
    case K_F32: snprintf(p, n, "0x%08x", (unsigned)tailor_val_u32(v)); break;
    case K_V128:
    case K_F32X4:
    case K_F64X2:
        snprintf(p, n, "0x%016llx%016llx", (unsigned long long)tailor_val_v128_hi(v),
                 (unsigned long long)tailor_val_v128_lo(v));
        break;
    default: snprintf(p, n, "0x%016llx", (unsigned long long)tailor_val_u64(v)); break;
    }
}

static void fail_line(const asrt *a, const char *what) {
    failed++;
    printf("FAIL %u %s \"%s\": %s\n", (unsigned)a->line, a->kind == 3 ? "get" : "invoke", a->name, what);
}

static void run_one(const asrt *a) {
    static tailor_val cells[MAX_CELLS];
    char msg[600];
    cur_line = a->line;
    struct mod_info *M = &MODS[a->mod];
    if (M->status != 0) {
        fail_line(a, "module not instantiated");
        return;
    }
    memset(cells, 0, sizeof cells);
    for (unsigned i = 0; i < a->nargs; i++) set_arg(&cells[i], &V[a->args + i]);
    uint32_t trap = 0;
    if (a->kind == 3) {
        tailor_global *g = *(tailor_global **)((char *)M->vmctx + a->global_off);
        cells[0] = g->value;
    } else {
        store.trap_code = 0;
        int sig = sigsetjmp(jb, 1);
        if (sig == 0) {
            in_call = 1;
            a->fn(M->vmctx, cells);
            in_call = 0;
        } else {
            store.trap_code = 0;
            snprintf(msg, sizeof msg, "crashed with signal %d", sig);
            fail_line(a, msg);
            return;
        }
        trap = take_trap();
    }
    if (a->kind == 1) {
        if (!trap) {
            snprintf(msg, sizeof msg, "expected a trap (codes mask 0x%x), got a return", (unsigned)a->trapmask);
            fail_line(a, msg);
        } else if (trap >= 32 || !(a->trapmask & (1u << trap))) {
            snprintf(msg, sizeof msg, "expected a trap (codes mask 0x%x), got trap %u (%s)", (unsigned)a->trapmask,
                     (unsigned)trap, trap_name(trap));
            fail_line(a, msg);
        } else {
            passed++;
        }
        return;
    }
    if (trap) {
        snprintf(msg, sizeof msg, "expected a return, got trap %u (%s)", (unsigned)trap, trap_name(trap));
        fail_line(a, msg);
        return;
    }
    for (unsigned i = 0; i < a->nres; i++) {
        const tv *e = &V[a->res + i];
        if (!match(e, &cells[i], a->mod)) {
            snprintf(msg, sizeof msg, "result %u: expected ", i);
            describe_expected(msg, sizeof msg, e);
            strncat(msg, ", got ", sizeof msg - strlen(msg) - 1);
            describe_got(msg, sizeof msg, e, &cells[i]);
            fail_line(a, msg);
            return;
        }
    }
    passed++;
}

static void run_asserts(unsigned first, unsigned n) {
    for (unsigned i = first; i < first + n; i++) run_one(&A[i]);
}

static int driver_finish(void) {
    printf("%d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return 0;
}

