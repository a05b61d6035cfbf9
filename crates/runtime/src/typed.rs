//! Statically typed calls and host functions.

use crate::func::{Caller, Func};
use crate::store::Store;
use crate::types::FuncType;
use crate::Error;
use std::marker::PhantomData;
use std::sync::Arc;
use tailor_vm::{HostCtx, HostFn, Trap, ValRaw};
use wasmparser::ValType;

/// A Rust type that maps to a WebAssembly number type.
pub trait WasmTy: Copy + Send + Sync + 'static {
    /// The wasm type.
    fn ty() -> ValType;
    /// To a raw cell.
    fn to_raw(self) -> ValRaw;
    /// From a raw cell.
    fn from_raw(raw: ValRaw) -> Self;
}

macro_rules! wasm_ty {
    ($t:ty, $vt:ident, $to:expr, $from:expr) => {
        impl WasmTy for $t {
            fn ty() -> ValType {
                ValType::$vt
            }
            fn to_raw(self) -> ValRaw {
                ($to)(self)
            }
            fn from_raw(raw: ValRaw) -> Self {
                ($from)(raw)
            }
        }
    };
}
wasm_ty!(i32, I32, ValRaw::i32, |r: ValRaw| r.get_i32());
wasm_ty!(
    u32,
    I32,
    |v: u32| ValRaw::i32(v as i32),
    |r: ValRaw| r.get_i32() as u32
);
wasm_ty!(i64, I64, ValRaw::i64, |r: ValRaw| r.get_i64());
wasm_ty!(
    u64,
    I64,
    |v: u64| ValRaw::i64(v as i64),
    |r: ValRaw| r.get_i64() as u64
);
wasm_ty!(f32, F32, |v: f32| ValRaw::f32(v.to_bits()), |r: ValRaw| {
    f32::from_bits(r.get_f32())
});
wasm_ty!(f64, F64, |v: f64| ValRaw::f64(v.to_bits()), |r: ValRaw| {
    f64::from_bits(r.get_f64())
});

/// A tuple of parameters.
pub trait WasmParams: Sized {
    /// Their types.
    fn types() -> Vec<ValType>;
    /// To raw cells.
    fn to_raw(self) -> Vec<ValRaw>;
    /// From raw cells.
    fn from_raw(raw: &[ValRaw]) -> Self;
}

/// A tuple of results (also a single value or `()`).
pub trait WasmResults: Sized {
    /// Their types.
    fn types() -> Vec<ValType>;
    /// To raw cells.
    fn to_raw(self, out: &mut [ValRaw]);
    /// From raw cells.
    fn from_raw(raw: &[ValRaw]) -> Self;
}

macro_rules! tuples {
    ($( ($($n:ident),*) ),*) => {$(
        #[allow(non_snake_case, unused_variables, unused_mut, clippy::unused_unit, reason = "generated for every tuple arity, including the empty one")]
        impl<$($n: WasmTy),*> WasmParams for ($($n,)*) {
            fn types() -> Vec<ValType> { vec![$($n::ty()),*] }
            fn to_raw(self) -> Vec<ValRaw> { let ($($n,)*) = self; vec![$($n.to_raw()),*] }
            fn from_raw(raw: &[ValRaw]) -> Self {
                let mut it = raw.iter();
                ($($n::from_raw(*it.next().expect("arity checked")),)*)
            }
        }
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, clippy::unused_unit, reason = "generated for every tuple arity, including the empty one")]
        impl<$($n: WasmTy),*> WasmResults for ($($n,)*) {
            fn types() -> Vec<ValType> { vec![$($n::ty()),*] }
            fn to_raw(self, out: &mut [ValRaw]) {
                let ($($n,)*) = self;
                let mut i = 0;
                $( out[i] = $n.to_raw(); i += 1; )*
            }
            fn from_raw(raw: &[ValRaw]) -> Self {
                let mut it = raw.iter();
                ($($n::from_raw(*it.next().expect("arity checked")),)*)
            }
        }
    )*};
}
tuples!(
    (),
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

macro_rules! single_results {
    ($($t:ty),*) => {$(
        impl WasmResults for $t {
            fn types() -> Vec<ValType> { vec![<$t as WasmTy>::ty()] }
            fn to_raw(self, out: &mut [ValRaw]) { out[0] = WasmTy::to_raw(self); }
            fn from_raw(raw: &[ValRaw]) -> Self { <$t as WasmTy>::from_raw(raw[0]) }
        }
    )*};
}
single_results!(i32, u32, i64, u64, f32, f64);

/// A closure that can become a host function.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The function type and the type-erased host function.
    fn into_func(self) -> (FuncType, Arc<HostFn>);
}

macro_rules! into_func {
    ($( ($($n:ident),*) ),*) => {$(
        #[allow(non_snake_case, unused_mut, unused_variables, reason = "generated for every arity, including zero arguments")]
        impl<T: 'static, F, R, $($n: WasmTy),*> IntoFunc<T, ($($n,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($n),*) -> R + Send + Sync + 'static,
            R: IntoHostResult,
        {
            fn into_func(self) -> (FuncType, Arc<HostFn>) {
                let ty = FuncType::new(vec![$($n::ty()),*], R::types());
                let host: Arc<HostFn> = Arc::new(move |ctx: HostCtx, args: &[ValRaw], out: &mut [ValRaw]| {
                    // SAFETY: as in `Func::new`: `ctx.store` is the `Store<T>` this function was
                    // created in, handed back by the executor for the duration of the call.
                    let store = unsafe { &mut *(ctx.store as *mut Store<T>) };
                    let mut it = args.iter();
                    $( let $n = $n::from_raw(*it.next().expect("arity checked")); )*
                    let r = (self)(Caller { store, caller: ctx.caller }, $($n),*);
                    r.write(out)
                });
                (ty, host)
            }
        }
    )*};
}

/// What a typed host closure may return.
pub trait IntoHostResult: Send + 'static {
    /// Result types.
    fn types() -> Vec<ValType>;
    /// Writes the results or returns the trap.
    fn write(self, out: &mut [ValRaw]) -> Result<(), Trap>;
}

impl<R: WasmResults + Send + 'static> IntoHostResult for R
where
    R: NotResult,
{
    fn types() -> Vec<ValType> {
        R::types()
    }
    fn write(self, out: &mut [ValRaw]) -> Result<(), Trap> {
        self.to_raw(out);
        Ok(())
    }
}

impl<R: WasmResults + NotResult + Send + 'static> IntoHostResult for Result<R, Trap> {
    fn types() -> Vec<ValType> {
        R::types()
    }
    fn write(self, out: &mut [ValRaw]) -> Result<(), Trap> {
        self?.to_raw(out);
        Ok(())
    }
}

/// Result tuples that are not themselves a `Result` (keeps the two impls above apart).
pub trait NotResult {}
macro_rules! not_result {
    ($($t:ty),*) => { $( impl NotResult for $t {} )* };
}
not_result!(i32, u32, i64, u64, f32, f64);
macro_rules! not_result_tuples {
    ($( ($($n:ident),*) ),*) => { $( impl<$($n: WasmTy),*> NotResult for ($($n,)*) {} )* };
}
not_result_tuples!(
    (),
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

into_func!(
    (),
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, G),
    (A, B, C, D, E, G, H),
    (A, B, C, D, E, G, H, I),
    (A, B, C, D, E, G, H, I, J),
    (A, B, C, D, E, G, H, I, J, K)
);

/// A function with a static signature.
#[derive(Debug, Clone, Copy)]
pub struct TypedFunc<P, R> {
    func: Func,
    _marker: PhantomData<fn(P) -> R>,
}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    pub(crate) fn new(func: Func) -> TypedFunc<P, R> {
        TypedFunc {
            func,
            _marker: PhantomData,
        }
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }

    /// Calls the function.
    pub fn call<T>(&self, store: &mut Store<T>, params: P) -> Result<R, Error> {
        self.func.check_store(store)?;
        let args = params.to_raw();
        let mut out = vec![ValRaw::default(); R::types().len()];
        self.func.call_raw(store, &args, &mut out)?;
        Ok(R::from_raw(&out))
    }
}
