/*
 * tailor.h: the fixed part of the C ABI of tailor's ahead-of-time object files (docs/c-abi.md).
 *
 * `tailor compile --emit obj` writes OUT.o and the module-specific OUT.h; a C program includes this
 * header and OUT.h, builds a vmctx and calls `tailor_export_<name>(vmctx, values)`.
 *
 * The second half declares the small reference C runtime in `tailor_rt.c` (libcalls over the structs
 * below, float helpers, an instance record for the vmctx `instance` word). It is optional: an embedder
 * may provide its own libcall table.
 *
 * 64-bit targets only (x86-64, AArch64, RISC-V 64, s390x).
 */
#ifndef TAILOR_H
#define TAILOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define TAILOR_BIG_ENDIAN 1
#else
#define TAILOR_BIG_ENDIAN 0
#endif

/* ---------------------------------------------------------------------------------------------- */
/* Values                                                                                          */
/* ---------------------------------------------------------------------------------------------- */

/* A 16-byte, 16-aligned value cell. A scalar sits in the cell's low-order bytes as the target's
 * integer representation of a u128 (byte offset 0 on little-endian targets, 16 - size on big-endian
 * s390x); a v128 uses all 16 bytes in wasm lane order (lane 0 first, each lane little-endian, as in
 * linear memory); a reference is a 64-bit word (0 = null; a funcref is a `tailor_func *`). */
typedef struct {
    _Alignas(16) unsigned char bytes[16];
} tailor_val;

/* Byte offset of a `size`-byte scalar inside a cell. */
#define TAILOR_VAL_OFFSET(size) (TAILOR_BIG_ENDIAN ? 16 - (size) : 0)

static inline void tailor_val_clear(tailor_val *v) { memset(v->bytes, 0, 16); }

static inline uint32_t tailor_val_u32(const tailor_val *v) {
    uint32_t x;
    memcpy(&x, v->bytes + TAILOR_VAL_OFFSET(4), 4);
    return x;
}
static inline uint64_t tailor_val_u64(const tailor_val *v) {
    uint64_t x;
    memcpy(&x, v->bytes + TAILOR_VAL_OFFSET(8), 8);
    return x;
}
static inline int32_t tailor_val_i32(const tailor_val *v) { return (int32_t)tailor_val_u32(v); }
static inline int64_t tailor_val_i64(const tailor_val *v) { return (int64_t)tailor_val_u64(v); }
static inline uint32_t tailor_val_f32_bits(const tailor_val *v) { return tailor_val_u32(v); }
static inline uint64_t tailor_val_f64_bits(const tailor_val *v) { return tailor_val_u64(v); }
static inline float tailor_val_f32(const tailor_val *v) {
    float f;
    uint32_t b = tailor_val_u32(v);
    memcpy(&f, &b, 4);
    return f;
}
static inline double tailor_val_f64(const tailor_val *v) {
    double d;
    uint64_t b = tailor_val_u64(v);
    memcpy(&d, &b, 8);
    return d;
}
static inline uint64_t tailor_val_ref(const tailor_val *v) { return tailor_val_u64(v); }

/* The setters clear the whole cell first (the scalar is zero-extended to a u128). */
static inline void tailor_val_set_u32(tailor_val *v, uint32_t x) {
    tailor_val_clear(v);
    memcpy(v->bytes + TAILOR_VAL_OFFSET(4), &x, 4);
}
static inline void tailor_val_set_u64(tailor_val *v, uint64_t x) {
    tailor_val_clear(v);
    memcpy(v->bytes + TAILOR_VAL_OFFSET(8), &x, 8);
}
static inline void tailor_val_set_i32(tailor_val *v, int32_t x) { tailor_val_set_u32(v, (uint32_t)x); }
static inline void tailor_val_set_i64(tailor_val *v, int64_t x) { tailor_val_set_u64(v, (uint64_t)x); }
static inline void tailor_val_set_f32_bits(tailor_val *v, uint32_t b) { tailor_val_set_u32(v, b); }
static inline void tailor_val_set_f64_bits(tailor_val *v, uint64_t b) { tailor_val_set_u64(v, b); }
static inline void tailor_val_set_f32(tailor_val *v, float f) {
    uint32_t b;
    memcpy(&b, &f, 4);
    tailor_val_set_u32(v, b);
}
static inline void tailor_val_set_f64(tailor_val *v, double d) {
    uint64_t b;
    memcpy(&b, &d, 8);
    tailor_val_set_u64(v, b);
}
static inline void tailor_val_set_ref(tailor_val *v, uint64_t r) { tailor_val_set_u64(v, r); }

/* v128: the 16 bytes in wasm order (byte i = byte i of the vector as stored in linear memory). */
static inline void tailor_val_v128_bytes(const tailor_val *v, uint8_t out[16]) { memcpy(out, v->bytes, 16); }
static inline void tailor_val_set_v128_bytes(tailor_val *v, const uint8_t in[16]) { memcpy(v->bytes, in, 16); }
/* The low (lanes 0..7 of i8x16, bytes 0..7) and high halves as little-endian u64 numbers. */
static inline uint64_t tailor_le64(const unsigned char *p) {
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--) x = (x << 8) | p[i];
    return x;
}
static inline void tailor_put_le64(unsigned char *p, uint64_t x) {
    for (int i = 0; i < 8; i++) { p[i] = (unsigned char)x; x >>= 8; }
}
static inline uint64_t tailor_val_v128_lo(const tailor_val *v) { return tailor_le64(v->bytes); }
static inline uint64_t tailor_val_v128_hi(const tailor_val *v) { return tailor_le64(v->bytes + 8); }
static inline void tailor_val_set_v128(tailor_val *v, uint64_t lo, uint64_t hi) {
    tailor_put_le64(v->bytes, lo);
    tailor_put_le64(v->bytes + 8, hi);
}
/* Lane `i` of a v128 read as an unsigned `size`-byte lane (size 1, 2, 4 or 8). */
static inline uint64_t tailor_val_v128_lane(const tailor_val *v, unsigned size, unsigned i) {
    uint64_t x = 0;
    for (int b = (int)size - 1; b >= 0; b--) x = (x << 8) | v->bytes[i * size + (unsigned)b];
    return x;
}

/* ---------------------------------------------------------------------------------------------- */
/* Structures compiled code reads (fields at these offsets; the ones after them are the C runtime's) */
/* ---------------------------------------------------------------------------------------------- */

typedef struct {
    uint32_t trap_code;   /* 0, or a tailor_trap_code; check and reset after every call */
    uint32_t trap_func;   /* index of the function whose own check trapped */
    uint64_t stack_limit; /* lowest native stack address compiled code may use */
    void *trap_vmctx;     /* the vmctx of that function (compiled code writes it with trap_func) */
} tailor_store_ctx;

typedef struct {
    uint8_t *base; /* never changes */
    uint64_t len;  /* in bytes */
    /* C runtime: */
    uint64_t max_pages;      /* memory.grow fails past this (min of the declared max and the reservation) */
    uint64_t reserved_bytes; /* bytes mapped at base */
} tailor_memory;

typedef struct {
    tailor_val value; /* at offset 0 */
} tailor_global;

typedef struct {
    uint64_t *data; /* elements: funcrefs (tailor_func *) or externrefs; reloaded by compiled code */
    uint64_t len;
    /* C runtime: */
    uint64_t max; /* table.grow fails past this */
    uint64_t capacity;
} tailor_table;

struct tailor_func;
/* A host function reached through call_slow: arguments in values[0..], results written over them;
 * set trap_code in the store to trap. */
typedef void (*tailor_host_fn)(void *vmctx, const struct tailor_func *func, tailor_val *values);

typedef struct tailor_func {
    const void *native_code; /* tailor_func_<i>, or NULL for host functions (called via call_slow) */
    void *native_vmctx;      /* the vmctx to pass to native_code */
    uint32_t type_id;        /* canonical type id: tailor_type_ids[tailor_func_type_index[i]] */
    uint32_t pad;
    /* C runtime: */
    tailor_host_fn host;     /* for native_code == NULL */
    void *host_data;
} tailor_func;

/* The vmctx header words (byte offsets); the per-module arrays follow (OUT.h's TAILOR_OFF_*). */
#define TAILOR_VMCTX_STORE_CTX 0
#define TAILOR_VMCTX_INSTANCE 8
#define TAILOR_VMCTX_LIBCALLS 16
#define TAILOR_VMCTX_TYPE_IDS 24

/* Trap codes (tailor_vm::TrapCode::to_raw). */
enum tailor_trap_code {
    TAILOR_TRAP_NONE = 0,
    TAILOR_TRAP_UNREACHABLE = 1,
    TAILOR_TRAP_INTEGER_DIVIDE_BY_ZERO = 2,
    TAILOR_TRAP_INTEGER_OVERFLOW = 3,
    TAILOR_TRAP_INVALID_CONVERSION_TO_INTEGER = 4,
    TAILOR_TRAP_MEMORY_OUT_OF_BOUNDS = 5,
    TAILOR_TRAP_TABLE_OUT_OF_BOUNDS = 6,
    TAILOR_TRAP_INDIRECT_CALL_TO_NULL = 7,
    TAILOR_TRAP_BAD_SIGNATURE = 8,
    TAILOR_TRAP_NULL_REFERENCE = 9,
    TAILOR_TRAP_STACK_OVERFLOW = 10,
    TAILOR_TRAP_INTERRUPTED = 11,
    TAILOR_TRAP_ELEMENT_OUT_OF_BOUNDS = 12
};

/* Libcall table order (tailor_vm::for_each_libcall!; never changes within a format version). */
enum tailor_libcall {
    TAILOR_LIBCALL_MEMORY_GROW = 0,
    TAILOR_LIBCALL_MEMORY_FILL = 1,
    TAILOR_LIBCALL_MEMORY_COPY = 2,
    TAILOR_LIBCALL_MEMORY_INIT = 3,
    TAILOR_LIBCALL_DATA_DROP = 4,
    TAILOR_LIBCALL_TABLE_GET = 5,
    TAILOR_LIBCALL_TABLE_SET = 6,
    TAILOR_LIBCALL_TABLE_GROW = 7,
    TAILOR_LIBCALL_TABLE_FILL = 8,
    TAILOR_LIBCALL_TABLE_COPY = 9,
    TAILOR_LIBCALL_TABLE_INIT = 10,
    TAILOR_LIBCALL_ELEM_DROP = 11,
    TAILOR_LIBCALL_CALL_SLOW = 12,
    TAILOR_LIBCALL_COUNT = 13
};

/* Signatures of the libcalls (vmctx first; a libcall that traps sets trap_code and returns). */
typedef uint64_t (*tailor_memory_grow_fn)(void *vmctx, uint32_t mem, uint64_t delta);
typedef void (*tailor_memory_fill_fn)(void *vmctx, uint32_t mem, uint64_t dst, uint32_t val, uint64_t len);
typedef void (*tailor_memory_copy_fn)(void *vmctx, uint32_t dst_mem, uint32_t src_mem, uint64_t dst,
                                      uint64_t src, uint64_t len);
typedef void (*tailor_memory_init_fn)(void *vmctx, uint32_t mem, uint32_t data, uint64_t dst, uint32_t src,
                                      uint32_t len);
typedef void (*tailor_data_drop_fn)(void *vmctx, uint32_t data);
typedef uint64_t (*tailor_table_get_fn)(void *vmctx, uint32_t table, uint64_t index);
typedef void (*tailor_table_set_fn)(void *vmctx, uint32_t table, uint64_t index, uint64_t value);
typedef uint64_t (*tailor_table_grow_fn)(void *vmctx, uint32_t table, uint64_t init, uint64_t delta);
typedef void (*tailor_table_fill_fn)(void *vmctx, uint32_t table, uint64_t dst, uint64_t value, uint64_t len);
typedef void (*tailor_table_copy_fn)(void *vmctx, uint32_t dst_table, uint32_t src_table, uint64_t dst,
                                     uint64_t src, uint64_t len);
typedef void (*tailor_table_init_fn)(void *vmctx, uint32_t table, uint32_t elem, uint64_t dst, uint32_t src,
                                     uint32_t len);
typedef void (*tailor_elem_drop_fn)(void *vmctx, uint32_t elem);
typedef void (*tailor_call_slow_fn)(void *vmctx, uint64_t funcref, uint64_t values);

/* An exported function (`tailor_export_<name>`) and a trampoline (`tailor_trampoline_<t>`). */
typedef void (*tailor_export_fn)(void *vmctx, tailor_val *values);
typedef void (*tailor_trampoline_fn)(void *vmctx, const void *code, tailor_val *values);

/* ---------------------------------------------------------------------------------------------- */
/* The reference C runtime (tailor_rt.c)                                                           */
/* ---------------------------------------------------------------------------------------------- */

/* A data segment (len 0 once dropped). */
typedef struct {
    const uint8_t *bytes;
    uint32_t len;
} tailor_rt_data;

/* An element segment: funcrefs/externrefs as words (len 0 once dropped). */
typedef struct {
    const uint64_t *items;
    uint32_t len;
} tailor_rt_elem;

/* What the vmctx `instance` word points to. */
typedef struct {
    uint64_t *vmctx;
    tailor_store_ctx *store;
    uint32_t num_memories, num_tables, num_datas, num_elems;
    tailor_memory **memories; /* imports first, as in the module */
    tailor_table **tables;
    tailor_rt_data *datas;
    tailor_rt_elem *elems;
} tailor_rt_instance;

/* The libcall table, in enum tailor_libcall order (store its address in the vmctx word at 16). */
extern const void *const tailor_rt_libcalls[TAILOR_LIBCALL_COUNT];

uint64_t tailor_rt_memory_grow(void *vmctx, uint32_t mem, uint64_t delta);
void tailor_rt_memory_fill(void *vmctx, uint32_t mem, uint64_t dst, uint32_t val, uint64_t len);
void tailor_rt_memory_copy(void *vmctx, uint32_t dst_mem, uint32_t src_mem, uint64_t dst, uint64_t src,
                           uint64_t len);
void tailor_rt_memory_init(void *vmctx, uint32_t mem, uint32_t data, uint64_t dst, uint32_t src, uint32_t len);
void tailor_rt_data_drop(void *vmctx, uint32_t data);
uint64_t tailor_rt_table_get(void *vmctx, uint32_t table, uint64_t index);
void tailor_rt_table_set(void *vmctx, uint32_t table, uint64_t index, uint64_t value);
uint64_t tailor_rt_table_grow(void *vmctx, uint32_t table, uint64_t init, uint64_t delta);
void tailor_rt_table_fill(void *vmctx, uint32_t table, uint64_t dst, uint64_t value, uint64_t len);
void tailor_rt_table_copy(void *vmctx, uint32_t dst_table, uint32_t src_table, uint64_t dst, uint64_t src,
                          uint64_t len);
void tailor_rt_table_init(void *vmctx, uint32_t table, uint32_t elem, uint64_t dst, uint32_t src, uint32_t len);
void tailor_rt_elem_drop(void *vmctx, uint32_t elem);
void tailor_rt_call_slow(void *vmctx, uint64_t funcref, uint64_t values);

/* A memory of `initial` pages that may grow to `max_pages` (64 KiB pages), reserving at most
 * `reserve_pages` so the base never moves; NULL when the reservation fails. */
tailor_memory *tailor_rt_memory_new(uint64_t initial, uint64_t max_pages, uint64_t reserve_pages);
/* A table of `initial` elements set to `init`, growable to `max`; NULL on allocation failure. */
tailor_table *tailor_rt_table_new(uint64_t initial, uint64_t max, uint64_t init);

/* The current stack pointer (approximately), for stack_limit = tailor_rt_stack_pointer() - budget. */
uintptr_t tailor_rt_stack_pointer(void);

/* Float helpers the object may need (x86-64 without SSE4.1/FMA); NaN results are quiet. */
float tailor_ceil_f32(float x);
double tailor_ceil_f64(double x);
float tailor_floor_f32(float x);
double tailor_floor_f64(double x);
float tailor_trunc_f32(float x);
double tailor_trunc_f64(double x);
float tailor_nearest_f32(float x);
double tailor_nearest_f64(double x);
float tailor_fma_f32(float a, float b, float c);
double tailor_fma_f64(double a, double b, double c);
#if defined(__x86_64__)
#include <emmintrin.h>
/* pshufb for x86-64 without SSSE3: byte i of the result is a[b[i] & 15], or 0 when bit 7 of b[i] is set. */
__m128i tailor_x86_pshufb(__m128i a, __m128i b);
#endif

#ifdef __cplusplus
}
#endif

#endif /* TAILOR_H */
