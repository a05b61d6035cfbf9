//! Functions: calling into wasm and defining host functions.

use crate::externals::Extern;
use crate::instance::Instance;
use crate::store::Store;
use crate::typed::{IntoFunc, TypedFunc, WasmParams, WasmResults};
use crate::types::FuncType;
use crate::values::Val;
use crate::Error;
use std::sync::Arc;
use tailor_vm::{HostCtx, HostFn, Trap, VMFunc, VMFuncKind, VMInstance, ValRaw};

/// A function of a store: wasm or host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

/// What a host function can reach: the store and the instance that called it.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) caller: *const VMInstance,
}

impl<T> Caller<'_, T> {
    /// The embedder's data.
    pub fn data(&self) -> &T {
        self.store.data()
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }

    /// The store.
    pub fn store(&self) -> &Store<T> {
        self.store
    }

    /// The store, mutably.
    pub fn store_mut(&mut self) -> &mut Store<T> {
        self.store
    }

    /// The calling instance, if a wasm function made the call.
    pub fn instance(&self) -> Option<Instance> {
        if self.caller.is_null() {
            return None;
        }
        // SAFETY: a non-null caller is a live instance of this store.
        let index = unsafe { (*self.caller).store_index };
        Some(Instance {
            store: self.store.inner.id,
            index,
        })
    }

    /// An export of the calling instance (for example its `memory`).
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        self.instance()?.get_export(self.store, name)
    }
}

impl Func {
    /// A host function with a dynamic signature.
    pub fn new<T: 'static>(
        store: &mut Store<T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync + 'static,
    ) -> Func {
        let sig = ty.clone();
        let host: Arc<HostFn> =
            Arc::new(move |ctx: HostCtx, args: &[ValRaw], out: &mut [ValRaw]| {
                // SAFETY: host functions of a `Store<T>` are only ever called by executions started from
                // `Func::call` on that same store, which passes itself (as `*mut Store<T>`) in `ctx.store`
                // and does not touch it during the call.
                let store = unsafe { &mut *(ctx.store as *mut Store<T>) };
                let params: Vec<Val> = args
                    .iter()
                    .zip(sig.params())
                    .map(|(r, t)| Val::from_raw(*r, *t, &store.inner))
                    .collect();
                let mut results: Vec<Val> =
                    sig.results().iter().map(|t| Val::default_for(*t)).collect();
                f(
                    Caller {
                        store: &mut *store,
                        caller: ctx.caller,
                    },
                    &params,
                    &mut results,
                )?;
                for (slot, (v, t)) in out.iter_mut().zip(results.iter().zip(sig.results())) {
                    if !v.matches(*t) {
                        return Err(Trap::host(format!(
                            "host function returned {v:?} where {t} was expected"
                        )));
                    }
                    *slot = v
                        .to_raw(&store.inner)
                        .map_err(|e| Trap::host(e.to_string()))?;
                }
                Ok(())
            });
        Func::from_host(store, ty, host)
    }

    /// A host function from a typed closure: `Fn(Caller<T>, A1, A2, ...) -> R` where the arguments are
    /// `i32`/`i64`/`f32`/`f64` and `R` is `()`, such a value, a tuple of them, or a `Result` of those
    /// with a [`Trap`].
    pub fn wrap<T: 'static, Params, Results>(
        store: &mut Store<T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, host) = f.into_func();
        Func::from_host(store, ty, host)
    }

    pub(crate) fn from_host<T>(store: &mut Store<T>, ty: FuncType, host: Arc<HostFn>) -> Func {
        let type_id = store
            .inner
            .engine
            .registry()
            .register_host(ty.params(), ty.results());
        let vm = VMFunc {
            native_code: std::ptr::null(),
            native_vmctx: std::ptr::null_mut(),
            type_id,
            kind: VMFuncKind::Host(host),
            store_index: 0,
            shape: std::sync::Arc::new(tailor_vm::SigShape::of(ty.params(), ty.results())),
        };
        let index = store.inner.push_func(vm, ty);
        Func {
            store: store.inner.id,
            index,
        }
    }

    pub(crate) fn check_store<T>(&self, store: &Store<T>) -> Result<(), Error> {
        if self.store != store.inner.id {
            return Err(Error::Type("function belongs to another store".into()));
        }
        Ok(())
    }

    /// The function's type.
    pub fn ty<T>(&self, store: &Store<T>) -> FuncType {
        store.inner.funcs[self.index as usize].ty.clone()
    }

    /// Calls the function with dynamically typed arguments.
    pub fn call<T>(
        &self,
        store: &mut Store<T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        self.check_store(store)?;
        let ty = store.inner.funcs[self.index as usize].ty.clone();
        if params.len() != ty.params().len() {
            return Err(Error::Type(format!(
                "expected {} arguments, got {}",
                ty.params().len(),
                params.len()
            )));
        }
        if results.len() != ty.results().len() {
            return Err(Error::Type(format!(
                "expected room for {} results, got {}",
                ty.results().len(),
                results.len()
            )));
        }
        let mut args = Vec::with_capacity(params.len());
        for (i, (p, t)) in params.iter().zip(ty.params()).enumerate() {
            if !p.matches(*t) {
                return Err(Error::Type(format!(
                    "argument {i} is {p:?}, but the function expects {t}"
                )));
            }
            args.push(p.to_raw(&store.inner)?);
        }
        let mut raw = vec![ValRaw::default(); ty.results().len()];
        self.call_raw(store, &args, &mut raw)?;
        for (r, (v, t)) in results.iter_mut().zip(raw.iter().zip(ty.results())) {
            *r = Val::from_raw(*v, *t, &store.inner);
        }
        Ok(())
    }

    /// Calls with raw cells whose types the caller has checked.
    pub(crate) fn call_raw<T>(
        &self,
        store: &mut Store<T>,
        args: &[ValRaw],
        results: &mut [ValRaw],
    ) -> Result<(), Error> {
        let ptr = store.inner.funcs[self.index as usize].ptr;
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        if store.inner.nesting == 0 {
            store.inner.native_base = here;
        } else if store.inner.nesting >= crate::store::MAX_NESTING
            || store.inner.native_base.saturating_sub(here) > crate::store::NATIVE_STACK_BUDGET
        {
            return Err(Error::Trap(Trap::new(tailor_vm::TrapCode::StackOverflow)));
        }
        store.inner.nesting += 1;
        let mut stack = store.inner.take_stack();
        let store_ptr = store as *mut Store<T> as *mut ();
        // SAFETY: `ptr` is a live function of this store; arguments were type-checked by the caller;
        // the store is only reached through `store_ptr` until `invoke` returns.
        let r = unsafe { tailor_interp::invoke(&mut stack, ptr, args, results, store_ptr) };
        store.inner.stack = Some(stack);
        store.inner.nesting -= 1;
        r.map_err(Error::Trap)
    }

    /// A statically typed view of this function.
    pub fn typed<P: WasmParams, R: WasmResults, T>(
        &self,
        store: &Store<T>,
    ) -> Result<TypedFunc<P, R>, Error> {
        self.check_store(store)?;
        let ty = self.ty(store);
        if ty.params() != P::types().as_slice() || ty.results() != R::types().as_slice() {
            return Err(Error::Type(format!(
                "function type is {ty}, not the requested one"
            )));
        }
        Ok(TypedFunc::new(*self))
    }
}
