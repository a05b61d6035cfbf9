//! Loop dispatch: the portable backend that always builds (DESIGN rule 3). Each handler saves the
//! registers in the context and returns; this loop calls the next handler.

use super::state::{Ctx, Done, Handler, Regs};
use crate::ops::{Op, OP_COUNT};

/// Continues with the op at `ip`.
macro_rules! next {
    ($table:ident, $ip:expr, $fp:expr, $mb:expr, $ml:expr, $cx:expr, $r:expr, $f:expr) => {{
        (*$cx).regs = $crate::exec::state::Regs {
            ip: $ip,
            fp: $fp,
            mb: $mb,
            ml: $ml,
            r: $r,
            f: $f,
        };
        return $crate::exec::state::Done::Continue;
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
        (*cx).regs = Regs {
            ip,
            fp,
            mb,
            ml,
            r: 0,
            f: 0.0,
        };
        loop {
            let r = (*cx).regs;
            let h = *table.get_unchecked((*r.ip).discriminant() as usize);
            match h(r.ip, r.fp, r.mb, r.ml, cx, r.r, r.f) {
                Done::Continue => {}
                other => return other,
            }
        }
    }
}

/// The name of this backend.
pub const BACKEND: &str = "loop";
