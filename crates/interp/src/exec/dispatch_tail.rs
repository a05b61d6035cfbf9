//! Tail-call dispatch: every handler ends by calling the next op's handler in tail position, so each
//! op has its own indirect jump and the hot registers stay in argument registers (the technique of
//! wasm3 and wasmi 2). Chosen by `build.rs` only for optimized builds on targets where LLVM performs
//! sibling calls; `tests/tail_dispatch.rs` checks that long loops run in bounded native stack.

use super::state::{Ctx, Done, Handler};
use crate::ops::{Op, OP_COUNT};

/// Continues with the op at `ip`.
macro_rules! next {
    ($table:ident, $ip:expr, $fp:expr, $mb:expr, $ml:expr, $cx:expr, $r:expr, $f:expr) => {{
        let ip: *const Op = $ip;
        let h: Handler = *$table.get_unchecked((*ip).discriminant() as usize);
        return h(ip, $fp, $mb, $ml, $cx, $r, $f);
    }};
}
pub(crate) use next;

/// Runs from `ip` until the entry function returns or traps.
///
/// # Safety
/// As for every handler: `ip`, `fp`, `mb`, `ml` and `cx` describe a live execution.
pub(crate) unsafe fn run(
    table: &[Handler; OP_COUNT],
    ip: *const Op,
    fp: *mut u64,
    mb: *mut u8,
    ml: usize,
    cx: *mut Ctx,
) -> Done {
    // SAFETY: forwarded from the caller; the discriminant indexes the table of all ops.
    unsafe {
        let h = *table.get_unchecked((*ip).discriminant() as usize);
        h(ip, fp, mb, ml, cx, 0, 0.0)
    }
}

/// The name of this backend.
pub const BACKEND: &str = "tail-call";
