//! The WebAssembly feature set tailor accepts.

use wasmparser::WasmFeatures;

/// Wasm 2.0 in full (SIMD is validated; execution comes with the SIMD tier) plus, from Wasm 3.0, tail
/// calls, extended constant expressions, multi-memory, memory64 and typed function references.
/// Relaxed SIMD (Wasm 3.0) is on, executed deterministically. GC, exception handling and threads are
/// off.
pub fn enabled_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::REFERENCE_TYPES
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::SIMD
        | WasmFeatures::RELAXED_SIMD
        | WasmFeatures::FLOATS
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::MEMORY64
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::GC_TYPES
}
