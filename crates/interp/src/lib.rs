//! tailor's portable interpreter.
//!
//! Function bodies are translated once (lazily, on first call) from validated wasm into a slot-based
//! bytecode ([`op::Op`]) and executed from that by [`exec`]; the executor never decodes wasm.

pub mod code;
pub mod exec;
mod handler_set;
mod handlers;
pub mod op;
pub mod translate;

pub use code::{FuncCode, ModuleCode};
pub use exec::{invoke, Stack, StackLimits, DISPATCH_BACKEND};
pub use handler_set::HandlerSet;
pub use translate::TranslateError;
