//! Global cells.

use crate::ValRaw;
use wasmparser::GlobalType;

/// A global variable. The value is at offset 0 so compiled code can address it directly.
#[repr(C)]
#[derive(Debug)]
pub struct VMGlobal {
    /// The current value.
    pub value: ValRaw,
    /// The global's type (in the defining module's index space for concrete reference types).
    pub ty: GlobalType,
    /// The canonical type id of a concrete reference content type, if any.
    pub canon_ref: Option<u32>,
}
