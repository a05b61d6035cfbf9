//! Instances: the resolved index spaces of one instantiated module.

use crate::{LinearMemory, VMFunc, VMGlobal, VMTable};
use std::sync::Arc;
use tailor_module::Module;

/// An instance. Owned by the store at a stable address; every pointer in it refers to an object of the
/// same store, which outlives the instance.
#[derive(Debug)]
pub struct VMInstance {
    /// The module it instantiates.
    pub module: Arc<Module>,
    /// Canonical type id of every type index of the module.
    pub type_ids: Arc<[u32]>,
    /// Every function (imports first).
    pub funcs: Vec<*const VMFunc>,
    /// Every table (imports first).
    pub tables: Vec<*mut VMTable>,
    /// Every memory (imports first).
    pub memories: Vec<*mut LinearMemory>,
    /// Every global (imports first).
    pub globals: Vec<*mut VMGlobal>,
    /// Element segments as evaluated at instantiation; a dropped segment is empty.
    pub elems: Vec<Vec<u64>>,
    /// Whether each data segment was dropped.
    pub data_dropped: Vec<bool>,
    /// The instance's index in its owning store (lets host functions find their caller in O(1)).
    pub store_index: u32,
    /// Tier-specific code for the module (the interpreter's translated functions), type-erased; kept
    /// alive by the runtime for the instance's lifetime.
    pub code: *const (),
}
