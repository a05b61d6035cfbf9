//! Traps: the one enum of trap codes every tier raises, and the error that carries a trap to the embedder.

use std::fmt;

/// Defines [`TrapCode`] once, with the message of each code (DESIGN.md rule 2).
macro_rules! for_each_trap_code {
    ($m:ident) => {
        $m! {
            /// `unreachable` was executed.
            Unreachable => "unreachable",
            /// Integer division or remainder by zero.
            IntegerDivideByZero => "integer divide by zero",
            /// Signed integer division overflowed (`INT_MIN / -1`).
            IntegerOverflow => "integer overflow",
            /// A float-to-integer conversion got NaN or an out-of-range value.
            InvalidConversionToInteger => "invalid conversion to integer",
            /// A load, store or bulk memory operation went outside linear memory.
            MemoryOutOfBounds => "out of bounds memory access",
            /// A table access or bulk table operation went outside the table.
            TableOutOfBounds => "out of bounds table access",
            /// `call_indirect` found a null entry in the table.
            IndirectCallToNull => "uninitialized element",
            /// `call_indirect` found a function of another type.
            BadSignature => "indirect call type mismatch",
            /// A null reference was dereferenced (`call_ref`, `ref.as_non_null`).
            NullReference => "null reference",
            /// The call stack (depth or value stack) is exhausted.
            StackOverflow => "call stack exhausted",
            /// The execution ran out of fuel or was interrupted.
            Interrupted => "interrupted",
            /// An element or data segment index was out of range for a bulk operation.
            ElementOutOfBounds => "out of bounds table access",
        }
    };
}

macro_rules! define_trap_code {
    ($( $(#[$doc:meta])* $name:ident => $msg:literal, )*) => {
        /// Why guest execution stopped abnormally.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum TrapCode {
            $( $(#[$doc])* $name, )*
        }

        impl TrapCode {
            /// The message of this trap, as the spec tests spell it.
            pub fn message(self) -> &'static str {
                match self {
                    $( TrapCode::$name => $msg, )*
                }
            }

            /// Every trap code.
            pub const ALL: &'static [TrapCode] = &[ $( TrapCode::$name, )* ];
        }
    };
}
for_each_trap_code!(define_trap_code);

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// What caused a [`Trap`].
#[derive(Debug)]
pub enum TrapReason {
    /// A WebAssembly trap.
    Code(TrapCode),
    /// An error raised by a host function (for example WASI's `proc_exit`).
    Host(Box<dyn std::error::Error + Send + Sync>),
}

/// An abnormal end of guest execution, with the function it happened in when that is known.
#[derive(Debug)]
pub struct Trap {
    reason: TrapReason,
    func: Option<String>,
}

impl Trap {
    /// A trap with the given code.
    pub fn new(code: TrapCode) -> Trap {
        Trap {
            reason: TrapReason::Code(code),
            func: None,
        }
    }

    /// A trap raised by a host function.
    pub fn host(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Trap {
        Trap {
            reason: TrapReason::Host(error.into()),
            func: None,
        }
    }

    /// The trap code, if this is a WebAssembly trap rather than a host error.
    pub fn code(&self) -> Option<TrapCode> {
        match &self.reason {
            TrapReason::Code(c) => Some(*c),
            TrapReason::Host(_) => None,
        }
    }

    /// What caused the trap.
    pub fn reason(&self) -> &TrapReason {
        &self.reason
    }

    /// Consumes the trap, returning its reason.
    pub fn into_reason(self) -> TrapReason {
        self.reason
    }

    /// The function the trap happened in, when known.
    pub fn func(&self) -> Option<&str> {
        self.func.as_deref()
    }

    /// Records the function the trap happened in (only the first, innermost call sticks).
    pub fn with_func(mut self, name: impl FnOnce() -> String) -> Trap {
        if self.func.is_none() {
            self.func = Some(name());
        }
        self
    }
}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Trap {
        Trap::new(code)
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            TrapReason::Code(c) => write!(f, "wasm trap: {c}")?,
            TrapReason::Host(e) => write!(f, "{e}")?,
        }
        if let Some(func) = &self.func {
            write!(f, " (in function {func})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Trap {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.reason {
            TrapReason::Code(_) => None,
            TrapReason::Host(e) => Some(&**e),
        }
    }
}

impl TrapCode {
    /// The code as compiled code stores it in [`crate::VMStoreContext::trap_code`]: its position in
    /// [`TrapCode::ALL`] plus one (`0` means "no trap").
    pub fn to_raw(self) -> u32 {
        TrapCode::ALL
            .iter()
            .position(|c| *c == self)
            .map_or(0, |i| i as u32 + 1)
    }

    /// The code stored as `raw` by [`TrapCode::to_raw`]; `None` for `0` or an unknown value.
    pub fn from_raw(raw: u32) -> Option<TrapCode> {
        TrapCode::ALL.get((raw as usize).checked_sub(1)?).copied()
    }
}

#[cfg(test)]
mod raw_tests {
    use super::TrapCode;

    #[test]
    fn raw_codes_round_trip() {
        for c in TrapCode::ALL {
            assert_ne!(c.to_raw(), 0);
            assert_eq!(TrapCode::from_raw(c.to_raw()), Some(*c));
        }
        assert_eq!(TrapCode::from_raw(0), None);
        assert_eq!(TrapCode::from_raw(10_000), None);
    }
}
