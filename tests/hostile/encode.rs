//! A tiny WebAssembly binary encoder: just what the hostile corpus needs to build very large modules
//! quickly and without dependencies.

/// Appends `n` as unsigned LEB128.
pub fn uleb(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends `n` as signed LEB128.
pub fn sleb(out: &mut Vec<u8>, mut n: i64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        let done = (n == 0 && byte & 0x40 == 0) || (n == -1 && byte & 0x40 != 0);
        if done {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Value type bytes.
pub const I32: u8 = 0x7f;
/// `i64`
pub const I64: u8 = 0x7e;
/// `funcref`
pub const FUNCREF: u8 = 0x70;

/// Opcodes used by the corpus.
pub mod op {
    pub const BLOCK: u8 = 0x02;
    pub const LOOP: u8 = 0x03;
    pub const IF: u8 = 0x04;
    pub const END: u8 = 0x0b;
    pub const BR: u8 = 0x0c;
    pub const BR_IF: u8 = 0x0d;
    pub const BR_TABLE: u8 = 0x0e;
    pub const RETURN: u8 = 0x0f;
    pub const CALL: u8 = 0x10;
    pub const CALL_INDIRECT: u8 = 0x11;
    pub const DROP: u8 = 0x1a;
    pub const LOCAL_GET: u8 = 0x20;
    pub const LOCAL_SET: u8 = 0x21;
    pub const GLOBAL_GET: u8 = 0x23;
    pub const I32_LOAD8_U: u8 = 0x2d;
    pub const I64_LOAD: u8 = 0x29;
    pub const MEMORY_SIZE: u8 = 0x3f;
    pub const MEMORY_GROW: u8 = 0x40;
    pub const I32_CONST: u8 = 0x41;
    pub const I64_CONST: u8 = 0x42;
    pub const I32_EQ: u8 = 0x46;
    pub const I32_ADD: u8 = 0x6a;
    pub const I64_ADD: u8 = 0x7c;
    pub const I32_WRAP_I64: u8 = 0xa7;
    pub const REF_FUNC: u8 = 0xd2;
    pub const PREFIX_FC: u8 = 0xfc;
    /// `0xfc` sub-opcodes.
    pub const MEMORY_FILL: u32 = 11;
    pub const TABLE_GROW: u32 = 15;
    pub const TABLE_SIZE: u32 = 16;
}

/// A module under construction; every field holds encoded entries of its section.
#[derive(Default)]
pub struct ModuleBuilder {
    pub types: Vec<Vec<u8>>,
    pub funcs: Vec<u32>,
    pub tables: Vec<Vec<u8>>,
    pub memories: Vec<Vec<u8>>,
    pub globals: Vec<Vec<u8>>,
    pub exports: Vec<(String, u8, u32)>,
    pub elems: Vec<Vec<u8>>,
    pub bodies: Vec<Vec<u8>>,
    pub datas: Vec<Vec<u8>>,
}

fn vec_section(out: &mut Vec<u8>, id: u8, items: &[Vec<u8>]) {
    if items.is_empty() {
        return;
    }
    let mut body = Vec::new();
    uleb(&mut body, items.len() as u64);
    for item in items {
        body.extend_from_slice(item);
    }
    section(out, id, &body);
}

/// Appends section `id` with `body`.
pub fn section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    uleb(out, body.len() as u64);
    out.extend_from_slice(body);
}

impl ModuleBuilder {
    /// Adds a function type; returns its index.
    pub fn func_type(&mut self, params: &[u8], results: &[u8]) -> u32 {
        let mut t = vec![0x60];
        uleb(&mut t, params.len() as u64);
        t.extend_from_slice(params);
        uleb(&mut t, results.len() as u64);
        t.extend_from_slice(results);
        self.types.push(t);
        self.types.len() as u32 - 1
    }

    /// Adds a function of type `ty` whose body is `locals` (already encoded, with their count) plus
    /// `code` (ending in `end`); returns its index.
    pub fn func(&mut self, ty: u32, locals: &[(u32, u8)], code: &[u8]) -> u32 {
        let mut body = Vec::with_capacity(code.len() + 8);
        uleb(&mut body, locals.len() as u64);
        for &(n, t) in locals {
            uleb(&mut body, n as u64);
            body.push(t);
        }
        body.extend_from_slice(code);
        let mut sized = Vec::with_capacity(body.len() + 5);
        uleb(&mut sized, body.len() as u64);
        sized.extend_from_slice(&body);
        self.funcs.push(ty);
        self.bodies.push(sized);
        self.funcs.len() as u32 - 1
    }

    /// Adds a memory of `min` pages (and `max`, if any).
    pub fn memory(&mut self, min: u64, max: Option<u64>) {
        let mut m = Vec::new();
        match max {
            None => {
                m.push(0);
                uleb(&mut m, min);
            }
            Some(max) => {
                m.push(1);
                uleb(&mut m, min);
                uleb(&mut m, max);
            }
        }
        self.memories.push(m);
    }

    /// Adds a funcref table of `min` elements, initialised with `ref.func init` when given.
    pub fn table(&mut self, min: u64, max: Option<u64>, init: Option<u32>) {
        let mut t = Vec::new();
        if init.is_some() {
            t.extend_from_slice(&[0x40, 0x00]);
        }
        t.push(FUNCREF);
        match max {
            None => {
                t.push(0);
                uleb(&mut t, min);
            }
            Some(max) => {
                t.push(1);
                uleb(&mut t, min);
                uleb(&mut t, max);
            }
        }
        if let Some(f) = init {
            t.push(op::REF_FUNC);
            uleb(&mut t, f as u64);
            t.push(op::END);
        }
        self.tables.push(t);
    }

    /// Exports function `index` as `name`.
    pub fn export_func(&mut self, name: &str, index: u32) {
        self.exports.push((name.to_string(), 0, index));
    }

    /// Adds an active data segment of memory 0 at `offset`.
    pub fn data(&mut self, offset: i32, bytes: &[u8]) {
        let mut d = vec![0];
        d.push(op::I32_CONST);
        sleb(&mut d, offset as i64);
        d.push(op::END);
        uleb(&mut d, bytes.len() as u64);
        d.extend_from_slice(bytes);
        self.datas.push(d);
    }

    /// Adds an active element segment of table 0 at `offset` holding `funcs`.
    pub fn elem(&mut self, offset: i32, funcs: impl ExactSizeIterator<Item = u32>) {
        let mut e = vec![0, op::I32_CONST];
        sleb(&mut e, offset as i64);
        e.push(op::END);
        uleb(&mut e, funcs.len() as u64);
        for f in funcs {
            uleb(&mut e, f as u64);
        }
        self.elems.push(e);
    }

    /// The binary module.
    pub fn finish(&self) -> Vec<u8> {
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        vec_section(&mut out, 1, &self.types);
        if !self.funcs.is_empty() {
            let mut body = Vec::new();
            uleb(&mut body, self.funcs.len() as u64);
            for &t in &self.funcs {
                uleb(&mut body, t as u64);
            }
            section(&mut out, 3, &body);
        }
        vec_section(&mut out, 4, &self.tables);
        vec_section(&mut out, 5, &self.memories);
        vec_section(&mut out, 6, &self.globals);
        if !self.exports.is_empty() {
            let mut body = Vec::new();
            uleb(&mut body, self.exports.len() as u64);
            for (name, kind, index) in &self.exports {
                uleb(&mut body, name.len() as u64);
                body.extend_from_slice(name.as_bytes());
                body.push(*kind);
                uleb(&mut body, *index as u64);
            }
            section(&mut out, 7, &body);
        }
        vec_section(&mut out, 9, &self.elems);
        vec_section(&mut out, 10, &self.bodies);
        vec_section(&mut out, 11, &self.datas);
        out
    }
}
