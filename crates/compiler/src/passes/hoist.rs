//! `hoist`: memory-length hoisting, during translation.
//!
//! Two things: in a function that makes no call and no `memory.grow`, loads of a memory's length
//! are marked read-only and movable, so Cranelift may hoist them out of loops and merge them; and
//! before a loop whose body makes no call and no `memory.grow`, the lengths are loaded once and
//! reused inside it (`translate/control.rs`, `Operator::Loop`). Without this pass every access loads
//! the length where it is. The translator asks `ModuleEnv::hoist` (`translate/env.rs`).
//!
//! Functions translated for inlining into a caller never mark their length loads read-only: the
//! caller may grow memory between two inlined copies ([`super::inline`]).

use super::{Pass, PassInfo, Stage};

/// The pass's registry entry.
pub const INFO: PassInfo = PassInfo {
    pass: Pass::Hoist,
    name: "hoist",
    description:
        "memory-length hoisting: load memory lengths once for call-free loops and functions",
    stage: Stage::Translation,
};
