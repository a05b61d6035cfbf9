/*
 * tailor_rt.c: a small reference C runtime for tailor's ahead-of-time objects (docs/c-abi.md).
 *
 * The libcalls work over the structures of tailor.h, finding memories, tables and segments through
 * the `tailor_rt_instance` the vmctx `instance` word points to. Bounds checks follow the wasm spec:
 * a bulk operation checks its whole range first and traps without writing anything.
 */
#define _GNU_SOURCE
#include "tailor.h"

#include <math.h>
#include <stdlib.h>
#include <sys/mman.h>

#define TAILOR_PAGE 65536ull

static tailor_rt_instance *instance_of(void *vmctx) {
    return *(tailor_rt_instance **)((char *)vmctx + TAILOR_VMCTX_INSTANCE);
}

static void trap(void *vmctx, uint32_t code) {
    tailor_store_ctx *store = *(tailor_store_ctx **)((char *)vmctx + TAILOR_VMCTX_STORE_CTX);
    store->trap_code = code;
}

/* Whether [start, start + len) lies inside [0, size), without overflow. */
static int in_bounds(uint64_t start, uint64_t len, uint64_t size) {
    return start <= size && len <= size - start;
}

/* ---------------------------------------------------------------------------------------------- */
/* Memories                                                                                        */
/* ---------------------------------------------------------------------------------------------- */

tailor_memory *tailor_rt_memory_new(uint64_t initial, uint64_t max_pages, uint64_t reserve_pages) {
    if (reserve_pages > max_pages) reserve_pages = max_pages;
    if (initial > reserve_pages) return NULL;
    tailor_memory *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    uint64_t bytes = reserve_pages * TAILOR_PAGE;
    if (bytes == 0) bytes = 4096; /* a valid base even for a memory that never grows */
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        free(m);
        return NULL;
    }
    m->base = p;
    m->len = initial * TAILOR_PAGE;
    m->max_pages = reserve_pages;
    m->reserved_bytes = bytes;
    return m;
}

uint64_t tailor_rt_memory_grow(void *vmctx, uint32_t mem, uint64_t delta) {
    tailor_memory *m = instance_of(vmctx)->memories[mem];
    uint64_t old = m->len / TAILOR_PAGE;
    if (delta > m->max_pages - old) return UINT64_MAX;
    /* The pages past len were never written (memories never shrink): still zero. */
    m->len += delta * TAILOR_PAGE;
    return old;
}

void tailor_rt_memory_fill(void *vmctx, uint32_t mem, uint64_t dst, uint32_t val, uint64_t len) {
    tailor_memory *m = instance_of(vmctx)->memories[mem];
    if (!in_bounds(dst, len, m->len)) {
        trap(vmctx, TAILOR_TRAP_MEMORY_OUT_OF_BOUNDS);
        return;
    }
    memset(m->base + dst, (int)(val & 0xff), (size_t)len);
}

void tailor_rt_memory_copy(void *vmctx, uint32_t dst_mem, uint32_t src_mem, uint64_t dst, uint64_t src,
                           uint64_t len) {
    tailor_rt_instance *inst = instance_of(vmctx);
    tailor_memory *d = inst->memories[dst_mem];
    tailor_memory *s = inst->memories[src_mem];
    if (!in_bounds(dst, len, d->len) || !in_bounds(src, len, s->len)) {
        trap(vmctx, TAILOR_TRAP_MEMORY_OUT_OF_BOUNDS);
        return;
    }
    memmove(d->base + dst, s->base + src, (size_t)len);
}

void tailor_rt_memory_init(void *vmctx, uint32_t mem, uint32_t data, uint64_t dst, uint32_t src, uint32_t len) {
    tailor_rt_instance *inst = instance_of(vmctx);
    tailor_memory *m = inst->memories[mem];
    tailor_rt_data *seg = &inst->datas[data];
    if (!in_bounds(src, len, seg->len) || !in_bounds(dst, len, m->len)) {
        trap(vmctx, TAILOR_TRAP_MEMORY_OUT_OF_BOUNDS);
        return;
    }
    if (len) memcpy(m->base + dst, seg->bytes + src, len);
}

void tailor_rt_data_drop(void *vmctx, uint32_t data) {
    tailor_rt_data *seg = &instance_of(vmctx)->datas[data];
    seg->bytes = NULL;
    seg->len = 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Tables                                                                                          */
/* ---------------------------------------------------------------------------------------------- */

tailor_table *tailor_rt_table_new(uint64_t initial, uint64_t max, uint64_t init) {
    if (initial > max) return NULL;
    tailor_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    uint64_t cap = initial ? initial : 1;
    t->data = malloc((size_t)cap * sizeof(uint64_t));
    if (!t->data) {
        free(t);
        return NULL;
    }
    for (uint64_t i = 0; i < initial; i++) t->data[i] = init;
    t->len = initial;
    t->max = max;
    t->capacity = cap;
    return t;
}

uint64_t tailor_rt_table_get(void *vmctx, uint32_t table, uint64_t index) {
    tailor_table *t = instance_of(vmctx)->tables[table];
    if (index >= t->len) {
        trap(vmctx, TAILOR_TRAP_TABLE_OUT_OF_BOUNDS);
        return 0;
    }
    return t->data[index];
}

void tailor_rt_table_set(void *vmctx, uint32_t table, uint64_t index, uint64_t value) {
    tailor_table *t = instance_of(vmctx)->tables[table];
    if (index >= t->len) {
        trap(vmctx, TAILOR_TRAP_TABLE_OUT_OF_BOUNDS);
        return;
    }
    t->data[index] = value;
}

/* Largest table the C runtime will allocate (elements), whatever the declared maximum. */
#define TAILOR_RT_TABLE_CAP (1ull << 24)

uint64_t tailor_rt_table_grow(void *vmctx, uint32_t table, uint64_t init, uint64_t delta) {
    tailor_table *t = instance_of(vmctx)->tables[table];
    uint64_t old = t->len;
    uint64_t max = t->max < TAILOR_RT_TABLE_CAP ? t->max : TAILOR_RT_TABLE_CAP;
    if (old > max || delta > max - old) return UINT64_MAX;
    uint64_t len = old + delta;
    if (len > t->capacity) {
        uint64_t cap = t->capacity * 2 > len ? t->capacity * 2 : len;
        if (cap > max) cap = max;
        uint64_t *data = realloc(t->data, (size_t)cap * sizeof(uint64_t));
        if (!data) return UINT64_MAX;
        t->data = data;
        t->capacity = cap;
    }
    for (uint64_t i = old; i < len; i++) t->data[i] = init;
    t->len = len;
    return old;
}

void tailor_rt_table_fill(void *vmctx, uint32_t table, uint64_t dst, uint64_t value, uint64_t len) {
    tailor_table *t = instance_of(vmctx)->tables[table];
    if (!in_bounds(dst, len, t->len)) {
        trap(vmctx, TAILOR_TRAP_TABLE_OUT_OF_BOUNDS);
        return;
    }
    for (uint64_t i = 0; i < len; i++) t->data[dst + i] = value;
}

void tailor_rt_table_copy(void *vmctx, uint32_t dst_table, uint32_t src_table, uint64_t dst, uint64_t src,
                          uint64_t len) {
    tailor_rt_instance *inst = instance_of(vmctx);
    tailor_table *d = inst->tables[dst_table];
    tailor_table *s = inst->tables[src_table];
    if (!in_bounds(dst, len, d->len) || !in_bounds(src, len, s->len)) {
        trap(vmctx, TAILOR_TRAP_TABLE_OUT_OF_BOUNDS);
        return;
    }
    memmove(d->data + dst, s->data + src, (size_t)len * sizeof(uint64_t));
}

void tailor_rt_table_init(void *vmctx, uint32_t table, uint32_t elem, uint64_t dst, uint32_t src, uint32_t len) {
    tailor_rt_instance *inst = instance_of(vmctx);
    tailor_table *t = inst->tables[table];
    tailor_rt_elem *seg = &inst->elems[elem];
    if (!in_bounds(src, len, seg->len) || !in_bounds(dst, len, t->len)) {
        trap(vmctx, TAILOR_TRAP_TABLE_OUT_OF_BOUNDS);
        return;
    }
    if (len) memcpy(t->data + dst, seg->items + src, (size_t)len * sizeof(uint64_t));
}

void tailor_rt_elem_drop(void *vmctx, uint32_t elem) {
    tailor_rt_elem *seg = &instance_of(vmctx)->elems[elem];
    seg->items = NULL;
    seg->len = 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* Calls                                                                                           */
/* ---------------------------------------------------------------------------------------------- */

void tailor_rt_call_slow(void *vmctx, uint64_t funcref, uint64_t values) {
    const tailor_func *f = (const tailor_func *)(uintptr_t)funcref;
    if (f == NULL) {
        trap(vmctx, TAILOR_TRAP_NULL_REFERENCE);
        return;
    }
    if (f->host == NULL) {
        /* No host function and no code: nothing this runtime can run. */
        trap(vmctx, TAILOR_TRAP_UNREACHABLE);
        return;
    }
    f->host(vmctx, f, (tailor_val *)(uintptr_t)values);
}

const void *const tailor_rt_libcalls[TAILOR_LIBCALL_COUNT] = {
    [TAILOR_LIBCALL_MEMORY_GROW] = (const void *)tailor_rt_memory_grow,
    [TAILOR_LIBCALL_MEMORY_FILL] = (const void *)tailor_rt_memory_fill,
    [TAILOR_LIBCALL_MEMORY_COPY] = (const void *)tailor_rt_memory_copy,
    [TAILOR_LIBCALL_MEMORY_INIT] = (const void *)tailor_rt_memory_init,
    [TAILOR_LIBCALL_DATA_DROP] = (const void *)tailor_rt_data_drop,
    [TAILOR_LIBCALL_TABLE_GET] = (const void *)tailor_rt_table_get,
    [TAILOR_LIBCALL_TABLE_SET] = (const void *)tailor_rt_table_set,
    [TAILOR_LIBCALL_TABLE_GROW] = (const void *)tailor_rt_table_grow,
    [TAILOR_LIBCALL_TABLE_FILL] = (const void *)tailor_rt_table_fill,
    [TAILOR_LIBCALL_TABLE_COPY] = (const void *)tailor_rt_table_copy,
    [TAILOR_LIBCALL_TABLE_INIT] = (const void *)tailor_rt_table_init,
    [TAILOR_LIBCALL_ELEM_DROP] = (const void *)tailor_rt_elem_drop,
    [TAILOR_LIBCALL_CALL_SLOW] = (const void *)tailor_rt_call_slow,
};

uintptr_t tailor_rt_stack_pointer(void) {
    volatile char here = 0;
    return (uintptr_t)&here;
}

/* ---------------------------------------------------------------------------------------------- */
/* Float helpers                                                                                   */
/* ---------------------------------------------------------------------------------------------- */

static float quiet_f32(float x) {
    if (x != x) {
        uint32_t b;
        memcpy(&b, &x, 4);
        b |= 0x00400000u;
        memcpy(&x, &b, 4);
    }
    return x;
}

static double quiet_f64(double x) {
    if (x != x) {
        uint64_t b;
        memcpy(&b, &x, 8);
        b |= 0x0008000000000000ull;
        memcpy(&x, &b, 8);
    }
    return x;
}

float tailor_ceil_f32(float x) { return x != x ? quiet_f32(x) : ceilf(x); }
double tailor_ceil_f64(double x) { return x != x ? quiet_f64(x) : ceil(x); }
float tailor_floor_f32(float x) { return x != x ? quiet_f32(x) : floorf(x); }
double tailor_floor_f64(double x) { return x != x ? quiet_f64(x) : floor(x); }
float tailor_trunc_f32(float x) { return x != x ? quiet_f32(x) : truncf(x); }
double tailor_trunc_f64(double x) { return x != x ? quiet_f64(x) : trunc(x); }
/* Round to nearest, ties to even (the default rounding mode; never changed by this runtime). */
float tailor_nearest_f32(float x) { return x != x ? quiet_f32(x) : nearbyintf(x); }
double tailor_nearest_f64(double x) { return x != x ? quiet_f64(x) : nearbyint(x); }
float tailor_fma_f32(float a, float b, float c) { return quiet_f32(fmaf(a, b, c)); }
double tailor_fma_f64(double a, double b, double c) { return quiet_f64(fma(a, b, c)); }

#if defined(__x86_64__)
__m128i tailor_x86_pshufb(__m128i a, __m128i b) {
    uint8_t sa[16], sb[16], r[16];
    memcpy(sa, &a, 16);
    memcpy(sb, &b, 16);
    for (int i = 0; i < 16; i++) r[i] = (sb[i] & 0x80) ? 0 : sa[sb[i] & 15];
    __m128i out;
    memcpy(&out, r, 16);
    return out;
}
#endif
