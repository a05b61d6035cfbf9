//! The runtime functions compiled code may call, defined once (DESIGN.md rule 2).
//!
//! Compiled code calls libcall `L` through the table whose address is in the `VMContext` header
//! (`libcalls`), at index `L as usize`, with the `VMContext` as first argument and the system's C calling
//! convention. A libcall that traps records the trap in the store context and returns; the caller checks.
//! The compiler derives each Cranelift signature from this list; the runtime implements each function and
//! builds the table from the same list, so the two can never disagree.

/// Invokes `$m` with every libcall: `name(param: type, ...) -> result;` where types are `u32`/`u64`.
#[macro_export]
macro_rules! for_each_libcall {
    ($m:ident) => {
        $m! {
            /// `memory.grow`: old size in pages, or `u64::MAX` when the memory cannot grow.
            memory_grow(mem: u32, delta: u64) -> u64;
            /// `memory.fill`.
            memory_fill(mem: u32, dst: u64, val: u32, len: u64);
            /// `memory.copy`.
            memory_copy(dst_mem: u32, src_mem: u32, dst: u64, src: u64, len: u64);
            /// `memory.init`.
            memory_init(mem: u32, data: u32, dst: u64, src: u32, len: u32);
            /// `data.drop`.
            data_drop(data: u32);
            /// `table.get`.
            table_get(table: u32, index: u64) -> u64;
            /// `table.set`.
            table_set(table: u32, index: u64, value: u64);
            /// `table.grow`: old size, or `u64::MAX` when the table cannot grow.
            table_grow(table: u32, init: u64, delta: u64) -> u64;
            /// `table.fill`.
            table_fill(table: u32, dst: u64, value: u64, len: u64);
            /// `table.copy`.
            table_copy(dst_table: u32, src_table: u32, dst: u64, src: u64, len: u64);
            /// `table.init`.
            table_init(table: u32, elem: u32, dst: u64, src: u32, len: u32);
            /// `elem.drop`.
            elem_drop(elem: u32);
            /// Calls a function that has no compiled code (a host function or an interpreted one):
            /// `funcref` is its `*const VMFunc`, `values` points to its arguments as 16-byte cells, which
            /// the results overwrite.
            call_slow(funcref: u64, values: u64);
        }
    };
}

macro_rules! define_libcall_enum {
    ($( $(#[$doc:meta])* $name:ident ( $( $p:ident : $pt:ident ),* ) $( -> $r:ident )?; )*) => {
        /// A runtime function compiled code may call; the discriminant is its index in the table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(non_camel_case_types, reason = "variants are named after the functions")]
        pub enum Libcall {
            $( $(#[$doc])* $name, )*
        }

        impl Libcall {
            /// Every libcall, in table order.
            pub const ALL: &'static [Libcall] = &[ $( Libcall::$name, )* ];

            /// The libcall's name.
            pub fn name(self) -> &'static str {
                match self {
                    $( Libcall::$name => stringify!($name), )*
                }
            }

            /// Parameter types after the `VMContext` (`"u32"` or `"u64"`).
            pub fn params(self) -> &'static [&'static str] {
                match self {
                    $( Libcall::$name => &[ $( stringify!($pt), )* ], )*
                }
            }

            /// The result type, if any.
            pub fn result(self) -> Option<&'static str> {
                match self {
                    $( Libcall::$name => define_libcall_enum!(@ret $( $r )?), )*
                }
            }
        }
    };
    (@ret $r:ident) => { Some(stringify!($r)) };
    (@ret) => { None };
}
for_each_libcall!(define_libcall_enum);

#[cfg(test)]
mod tests {
    use super::Libcall;

    #[test]
    fn table_order_is_declaration_order() {
        for (i, l) in Libcall::ALL.iter().enumerate() {
            assert_eq!(*l as usize, i);
        }
        assert_eq!(Libcall::memory_grow.params(), &["u32", "u64"]);
        assert_eq!(Libcall::memory_grow.result(), Some("u64"));
        assert_eq!(Libcall::data_drop.result(), None);
    }
}
