//! `bce`: bounds-check elimination, during translation.
//!
//! The translator remembers, per (wasm index value, memory), the widest bounds check made on every
//! path to the current position (`translate::Checked`); a later access with the same index that
//! reaches no further needs no check of its own (memories never shrink). Without this pass every
//! access is checked. The implementation is `FuncTranslator::heap_addr` in `translate/memory.rs`;
//! it asks `ModuleEnv::bce` (`translate/env.rs`).

use super::{Pass, PassInfo, Stage};

/// The pass's registry entry.
pub const INFO: PassInfo = PassInfo {
    pass: Pass::Bce,
    name: "bce",
    description: "bounds-check elimination: reuse a dominating check of the same index",
    stage: Stage::Translation,
};
