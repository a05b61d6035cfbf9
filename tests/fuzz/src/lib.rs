//! Differential fuzzing of tailor.
//!
//! Random valid modules from `wasm-smith` ([`gen`]) run on the interpreter at every handler set the
//! host can run, the JIT at every CPU level of the host's architecture the host can run, and AOT
//! artifacts ([`tiers`]), and on wasmi 2 ([`oracle`]); results, traps and the final contents of
//! exported memories, globals and tables are compared ([`outcome`], [`diff`]). A second target
//! ([`mutate`]) feeds mutated modules and artifacts to every loader, which must return errors and
//! never panic. [`campaign`] runs either for a time budget and reports what it found.

pub mod campaign;
pub mod diff;
pub mod gen;
pub mod mutate;
pub mod oracle;
pub mod outcome;
pub mod rng;
pub mod shape;
pub mod tiers;
