//! The portable handler set: the executor in plain Rust, compiled for the build's baseline CPU,
//! with the portable meaning of every op (`ops/scalar.rs`, `ops/simd.rs`). Runs everywhere.

#![expect(non_snake_case, reason = "handlers are named after their op variants")]

use crate::exec::handlers::define_handler_set;

define_handler_set!([crate::ops::simd]);

#[cfg(test)]
mod tests {
    #[test]
    fn table_follows_op_discriminants() {
        assert_eq!(super::TABLE_NAMES.as_slice(), crate::ops::NAMES);
    }
}
