//! Functions as every tier sees them: a canonical signature plus either wasm code or a host closure.

use crate::{Trap, VMInstance, ValRaw};
use std::sync::Arc;

/// What a host function is given besides its arguments.
#[derive(Debug, Clone, Copy)]
pub struct HostCtx {
    /// The embedder's store, type-erased; only the runtime that created the host function casts it back.
    pub store: *mut (),
    /// The instance whose code made the call (null when the host itself called).
    pub caller: *const VMInstance,
}

/// A host function: reads its arguments from cells and writes its results to cells.
pub type HostFn = dyn Fn(HostCtx, &[ValRaw], &mut [ValRaw]) -> Result<(), Trap> + Send + Sync;

/// How a function is implemented.
#[derive(Clone)]
pub enum VMFuncKind {
    /// Function `index` (module index space) of a wasm instance.
    Wasm {
        /// The instance; lives as long as the store.
        instance: *const VMInstance,
        /// The function index in the instance's module.
        index: u32,
    },
    /// A host closure.
    Host(Arc<HostFn>),
}

impl std::fmt::Debug for VMFuncKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VMFuncKind::Wasm { index, .. } => write!(f, "Wasm(#{index})"),
            VMFuncKind::Host(_) => f.write_str("Host"),
        }
    }
}

/// A function. Its address is the raw `funcref` word, so it never moves while the store lives.
#[derive(Debug)]
pub struct VMFunc {
    /// The canonical type id of its signature (see [`crate::TypeRegistry`]).
    pub type_id: u32,
    /// How it is implemented.
    pub kind: VMFuncKind,
    /// Its index in the owning store (to turn a raw reference back into a handle).
    pub store_index: u32,
    /// Number of parameters.
    pub num_params: u32,
    /// Number of results.
    pub num_results: u32,
}
