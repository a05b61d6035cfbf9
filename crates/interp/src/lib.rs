//! tailor's portable interpreter.
//!
//! Function bodies are translated once (lazily, on first call) from validated wasm into a slot-based
//! bytecode ([`ops::Op`]) and executed from that by [`exec`]; the executor never decodes wasm.
//!
//! The folders show the idea: [`ops`] is the op set and what each op means, [`translate`] turns wasm
//! into ops, [`exec`] runs them (dispatch backends, frames, the raw-pointer code), and `sets` holds
//! the handler sets, one file per CPU family, each overriding only what it does better.

pub mod code;
pub mod exec;
#[macro_use]
pub mod ops;
mod sets;
pub mod translate;

pub use code::{FuncCode, ModuleCode};
pub use exec::{invoke, Stack, StackLimits, DISPATCH_BACKEND};
pub use sets::HandlerSet;
pub use translate::TranslateError;
