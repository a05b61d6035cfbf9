//! The executor: runs translated code on a value stack of 64-bit slots.
//!
//! Frames overlap: a callee's frame starts at the caller's argument slots, so arguments are never
//! copied and results land where the caller expects them. Calls between wasm functions do not recurse
//! on the native stack; depth and slot limits turn runaway recursion into "call stack exhausted".

#[cfg_attr(tailor_tail_dispatch, path = "dispatch_tail.rs")]
#[cfg_attr(not(tailor_tail_dispatch), path = "dispatch_loop.rs")]
pub(crate) mod dispatch;
pub(crate) mod handlers;
pub(crate) mod slots;
pub(crate) mod state;

pub use dispatch::BACKEND as DISPATCH_BACKEND;
pub use state::invoke;

use crate::code::FuncCode;
use tailor_vm::{VMInstance, ValRaw};

/// Limits of one execution stack.
#[derive(Debug, Clone, Copy)]
pub struct StackLimits {
    /// Slots of the value stack (8 bytes each).
    pub max_slots: usize,
    /// Nested wasm calls.
    pub max_depth: usize,
}

impl Default for StackLimits {
    fn default() -> StackLimits {
        StackLimits {
            max_slots: 1 << 20,
            max_depth: 100_000,
        }
    }
}

/// A return address: where the caller continues.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub code: *const FuncCode,
    pub pc: *const crate::ops::Op,
    pub fp: *mut u64,
    pub inst: *mut VMInstance,
}

/// An execution stack: value slots and return addresses.
#[derive(Debug)]
pub struct Stack {
    pub(crate) slots: Vec<u64>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) limits: StackLimits,
    pub(crate) host_args: Vec<ValRaw>,
    pub(crate) host_results: Vec<ValRaw>,
    pub(crate) handlers: crate::HandlerSet,
}

impl Stack {
    /// A stack with the given limits (the slots are reserved now, touched lazily by the OS).
    pub fn new(limits: StackLimits) -> Stack {
        Stack {
            slots: vec![0; limits.max_slots.max(16)],
            frames: Vec::new(),
            limits,
            host_args: Vec::new(),
            host_results: Vec::new(),
            handlers: crate::HandlerSet::portable(),
        }
    }

    /// Executes with `handlers` (see [`crate::HandlerSet::for_profile`]).
    pub fn set_handlers(&mut self, handlers: crate::HandlerSet) {
        self.handlers = handlers;
    }

    /// The handler set this stack executes with.
    pub fn handlers(&self) -> crate::HandlerSet {
        self.handlers
    }

    /// The limits of this stack.
    pub fn limits(&self) -> StackLimits {
        self.limits
    }
}
