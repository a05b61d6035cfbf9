//! Which trap codes satisfy an expected spec trap message.
//!
//! The spec scripts name traps by text ("undefined element", "integer overflow", ...). This is the one
//! table that maps those texts to the runtime's [`TrapCode`]s; a trap whose code is listed for the
//! expected message passes.

use tailor_runtime::TrapCode;

/// Expected-message prefixes and the trap codes accepted for them. The first entry whose prefix starts
/// the expected message decides, so the specific texts come before the general ones.
const TRAP_MESSAGES: &[(&str, &[TrapCode])] = &[
    ("unreachable", &[TrapCode::Unreachable]),
    ("integer divide by zero", &[TrapCode::IntegerDivideByZero]),
    ("integer overflow", &[TrapCode::IntegerOverflow]),
    (
        "invalid conversion to integer",
        &[TrapCode::InvalidConversionToInteger],
    ),
    (
        "out of bounds memory access",
        &[TrapCode::MemoryOutOfBounds],
    ),
    (
        "out of bounds table access",
        &[TrapCode::TableOutOfBounds, TrapCode::ElementOutOfBounds],
    ),
    // `call_indirect` past the end of the table.
    (
        "undefined element",
        &[TrapCode::TableOutOfBounds, TrapCode::IndirectCallToNull],
    ),
    // `call_indirect` to a null entry.
    ("uninitialized element", &[TrapCode::IndirectCallToNull]),
    ("indirect call type mismatch", &[TrapCode::BadSignature]),
    ("call stack exhausted", &[TrapCode::StackOverflow]),
    (
        "null function reference",
        &[TrapCode::NullReference, TrapCode::IndirectCallToNull],
    ),
    ("null reference", &[TrapCode::NullReference]),
    ("null structure reference", &[TrapCode::NullReference]),
    ("null array reference", &[TrapCode::NullReference]),
    ("null i31 reference", &[TrapCode::NullReference]),
    ("null descriptor reference", &[TrapCode::NullReference]),
    (
        "out of bounds",
        &[
            TrapCode::MemoryOutOfBounds,
            TrapCode::TableOutOfBounds,
            TrapCode::ElementOutOfBounds,
        ],
    ),
];

/// The trap codes accepted for the spec message `expected`; `None` if the message is not in the table.
pub fn accepted_codes(expected: &str) -> Option<&'static [TrapCode]> {
    TRAP_MESSAGES
        .iter()
        .find(|(prefix, _)| expected.starts_with(prefix))
        .map(|(_, codes)| *codes)
}

/// Checks that a trap with `code` (`None` for a host error) satisfies the spec message `expected`.
pub fn check_trap(expected: &str, code: Option<TrapCode>) -> Result<(), String> {
    let Some(accepted) = accepted_codes(expected) else {
        return Err(format!(
            "no trap code is known for the expected message {expected:?} (got {})",
            describe(code)
        ));
    };
    match code {
        Some(code) if accepted.contains(&code) => Ok(()),
        _ => Err(format!(
            "expected trap {expected:?}, got trap {}",
            describe(code)
        )),
    }
}

fn describe(code: Option<TrapCode>) -> String {
    match code {
        Some(code) => format!("{:?} ({code})", code),
        None => "from a host function (no trap code)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specific_before_general() {
        assert_eq!(
            accepted_codes("out of bounds memory access"),
            Some(&[TrapCode::MemoryOutOfBounds][..])
        );
        assert!(accepted_codes("out of bounds array access")
            .unwrap()
            .contains(&TrapCode::TableOutOfBounds));
        assert!(check_trap(
            "uninitialized element 2",
            Some(TrapCode::IndirectCallToNull)
        )
        .is_ok());
        assert!(check_trap("unreachable", Some(TrapCode::IntegerOverflow)).is_err());
        assert!(check_trap("cast failure", Some(TrapCode::Unreachable)).is_err());
    }
}
