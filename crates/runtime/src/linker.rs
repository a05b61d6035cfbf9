//! The linker: imports by name.

use crate::externals::Extern;
use crate::func::{Caller, Func};
use crate::instance::Instance;
use crate::module::Module;
use crate::store::Store;
use crate::typed::IntoFunc;
use crate::types::FuncType;
use crate::values::Val;
use crate::{Engine, Error};
use std::collections::HashMap;
use tailor_vm::Trap;

/// A host closure waiting for a store.
type PendingFunc<T> = Box<dyn Fn(&mut Store<T>) -> Func + Send + Sync>;

/// Resolves imports by `(module, name)`.
pub struct Linker<T> {
    engine: Engine,
    defs: HashMap<(String, String), Extern>,
    pending: HashMap<(String, String), std::sync::Arc<PendingFunc<T>>>,
}

impl<T> std::fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linker")
            .field("definitions", &(self.defs.len() + self.pending.len()))
            .finish()
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Linker<T> {
        Linker {
            engine: engine.clone(),
            defs: HashMap::new(),
            pending: HashMap::new(),
        }
    }

    /// Defines `module`.`name`.
    pub fn define(
        &mut self,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self, Error> {
        let key = (module.to_string(), name.to_string());
        self.pending.remove(&key);
        self.defs.insert(key, item.into());
        Ok(self)
    }

    /// Defines a host function with a dynamic signature (created in each store on instantiation).
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap>
            + Send
            + Sync
            + Clone
            + 'static,
    ) -> Result<&mut Self, Error> {
        let key = (module.to_string(), name.to_string());
        let make: PendingFunc<T> = Box::new(move |store| Func::new(store, ty.clone(), f.clone()));
        self.defs.remove(&key);
        self.pending.insert(key, std::sync::Arc::new(make));
        Ok(self)
    }

    /// Defines a host function from a typed closure.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results> + Clone,
    ) -> Result<&mut Self, Error> {
        let key = (module.to_string(), name.to_string());
        let make: PendingFunc<T> = Box::new(move |store| Func::wrap(store, f.clone()));
        self.defs.remove(&key);
        self.pending.insert(key, std::sync::Arc::new(make));
        Ok(self)
    }

    /// Defines every export of `instance` under `module_name`.
    pub fn instance(
        &mut self,
        store: &mut Store<T>,
        module_name: &str,
        instance: Instance,
    ) -> Result<&mut Self, Error> {
        for (name, ext) in instance.exports(store) {
            self.define(module_name, &name, ext)?;
        }
        Ok(self)
    }

    /// The definition of `module`.`name`, if any (host functions are created in `store`).
    pub fn get(&self, store: &mut Store<T>, module: &str, name: &str) -> Option<Extern> {
        let key = (module.to_string(), name.to_string());
        if let Some(e) = self.defs.get(&key) {
            return Some(*e);
        }
        self.pending.get(&key).map(|make| Extern::Func(make(store)))
    }

    /// Instantiates `module`, resolving its imports from this linker.
    pub fn instantiate(&self, store: &mut Store<T>, module: &Module) -> Result<Instance, Error> {
        if !Engine::same(&self.engine, module.engine()) {
            return Err(Error::Type(
                "module and linker belong to different engines".into(),
            ));
        }
        let mut imports = Vec::new();
        for imp in module.imports() {
            match self.get(store, imp.module(), imp.name()) {
                Some(e) => imports.push(e),
                None => {
                    return Err(Error::Link(format!(
                        "unknown import: `{}`.`{}` ({}) is not defined",
                        imp.module(),
                        imp.name(),
                        imp.ty()
                    )))
                }
            }
        }
        Instance::new(store, module, &imports)
    }
}
