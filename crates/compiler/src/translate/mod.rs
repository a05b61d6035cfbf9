//! wasm → CLIF: one [`FuncTranslator`] per function body.
//!
//! The translator keeps the wasm operand stack as a stack of Cranelift SSA values, the locals as
//! Cranelift variables, and one [`Frame`] per open `block`/`loop`/`if`. Traps are explicit: a failed
//! check branches to a per-code block that stores the trap code in the store context and returns
//! (every caller checks the code after every call), so compiled code never relies on signals.
//!
//! The operator `match` is split by family: [`control`], [`numeric`], [`memory`], [`calls`], [`simd`].

mod calls;
mod control;
mod env;
mod memory;
mod numeric;
mod simd;
mod simd_mem;

pub(crate) use env::{ir_type, wasm_signature, ModuleEnv};

use crate::CompileError;
use cranelift_codegen::ir::{
    self, types, AliasRegion, AliasRegionData, Block, BlockArg, InstBuilder, MemFlagsData, Type,
    Value,
};
use cranelift_frontend::{FunctionBuilder, Variable};
use std::collections::HashMap;
use tailor_vm::TrapCode;
use wasmparser::{BinaryReader, OperatorsReader};

/// What kind of construct a control frame is.
#[derive(Debug, Clone)]
enum FrameKind {
    /// The function body.
    Func,
    /// `block`.
    Block,
    /// `loop`: branches go back to the header.
    Loop,
    /// `if`: `else_block` starts the else arm; `else_args` are the params it starts with.
    If {
        else_block: Block,
        else_args: Vec<Value>,
        has_else: bool,
    },
}

/// One open control construct.
#[derive(Debug, Clone)]
struct Frame {
    kind: FrameKind,
    /// Where control continues after `end` (its params are the results).
    end: Block,
    /// Where a branch to this frame goes: `end`, or the loop header.
    target: Block,
    /// Value types a branch to this frame carries.
    branch_types: Vec<Type>,
    /// Result types.
    result_types: Vec<Type>,
    /// Stack height below the frame's params.
    height: usize,
    /// Whether some branch (or the fallthrough) reaches `end`.
    end_reached: bool,
    /// For a call-free loop: the memory-length cache to restore at its `end`.
    saved_lens: Option<Vec<Option<Value>>>,
    /// The bounds checks that had passed when the frame was entered (they dominate its `else` and
    /// `end`; checks made inside it do not).
    checked_at_entry: HashMap<(Value, u32), u64>,
}

/// Translates one function body into a Cranelift function.
pub(crate) struct FuncTranslator<'a, 'b> {
    /// The function being built.
    pub b: FunctionBuilder<'b>,
    /// Module-level facts: offsets, signatures, types.
    pub env: &'a ModuleEnv<'a>,
    /// The wasm operand stack.
    pub stack: Vec<Value>,
    frames: Vec<Frame>,
    locals: Vec<(Variable, Type)>,
    /// The `VMContext` parameter.
    pub vmctx: Value,
    /// Whether the current position is reachable.
    reachable: bool,
    /// Nesting depth of constructs opened while unreachable (skipped entirely).
    dead_depth: u32,
    trap_blocks: HashMap<TrapCode, Block>,
    unwind_block: Option<Block>,
    result_types: Vec<Type>,
    /// Alias regions: the runtime's own structures, linear memory, table elements.
    pub region_vm: AliasRegion,
    /// See `region_vm`.
    pub region_heap: AliasRegion,
    /// See `region_vm`.
    pub region_table: AliasRegion,
    /// Callee references imported into this function, by function index.
    pub callee_refs: HashMap<u32, ir::FuncRef>,
    /// Signatures imported into this function, by type index.
    pub sig_refs: HashMap<u32, ir::SigRef>,
    /// Libcall signatures imported into this function.
    pub libcall_sigs: HashMap<tailor_vm::Libcall, ir::SigRef>,
    /// Whether memory lengths cannot change during this function (no calls, no `memory.grow`).
    pub len_invariant: bool,
    /// Per loop of the body, in order: whether it contains no call and no `memory.grow`.
    clean_loops: Vec<bool>,
    /// Loops seen so far (index into `clean_loops`).
    loops_seen: usize,
    /// Memory lengths loaded before the innermost enclosing call-free loop, by memory index.
    pub len_cache: Vec<Option<Value>>,
    /// Bounds checks that passed on every path to the current position: (wasm index value,
    /// memory) → the largest `offset + size` checked. Cleared where control flow merges.
    pub checked: HashMap<(Value, u32), u64>,
    /// The function index being translated.
    pub func_index: u32,
    /// Byte offset of the current operator.
    pub offset: usize,
}

impl<'a, 'b> FuncTranslator<'a, 'b> {
    /// Translates defined function `func_index` into `b`'s function.
    pub fn translate(
        mut b: FunctionBuilder<'b>,
        env: &'a ModuleEnv<'a>,
        func_index: u32,
    ) -> Result<(), CompileError> {
        let module = env.module;
        let defined = func_index - module.num_imported_funcs;
        let body = &module.bodies[defined as usize];
        let ty = module.func_type(func_index);
        let region = |b: &mut FunctionBuilder, id, d: &'static str| {
            b.func.dfg.alias_regions.insert(AliasRegionData {
                user_id: id,
                description: d.into(),
            })
        };
        let region_vm = region(&mut b, 1, "vm");
        let region_heap = region(&mut b, 2, "heap");
        let region_table = region(&mut b, 3, "table");

        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        b.seal_block(entry);
        let params = b.block_params(entry).to_vec();
        let vmctx = params[0];
        let mut locals = Vec::new();
        for (p, v) in ty.params().iter().zip(&params[1..]) {
            let t = ir_type(*p);
            let var = b.declare_var(t);
            b.def_var(var, *v);
            locals.push((var, t));
        }
        for (n, vt) in &body.locals {
            let t = ir_type(*vt);
            for _ in 0..*n {
                let var = b.declare_var(t);
                let zero = zero_value(&mut b, t);
                b.def_var(var, zero);
                locals.push((var, t));
            }
        }
        let result_types: Vec<Type> = ty.results().iter().map(|t| ir_type(*t)).collect();
        let end = b.create_block();
        for t in &result_types {
            b.append_block_param(end, *t);
        }
        let growth = scan_growth(&module.bytes[body.operators.clone()], body.operators.start);
        let mut t = FuncTranslator {
            b,
            env,
            stack: Vec::new(),
            frames: vec![Frame {
                kind: FrameKind::Func,
                end,
                target: end,
                branch_types: result_types.clone(),
                result_types: result_types.clone(),
                height: 0,
                end_reached: false,
                saved_lens: None,
                checked_at_entry: HashMap::new(),
            }],
            locals,
            vmctx,
            reachable: true,
            dead_depth: 0,
            trap_blocks: HashMap::new(),
            unwind_block: None,
            result_types,
            region_vm,
            region_heap,
            region_table,
            callee_refs: HashMap::new(),
            sig_refs: HashMap::new(),
            libcall_sigs: HashMap::new(),
            clean_loops: growth.clean_loops,
            loops_seen: 0,
            len_cache: vec![None; module.memories.len()],
            checked: HashMap::new(),
            len_invariant: growth.no_calls,
            func_index,
            offset: body.operators.start,
        };
        t.stack_check();
        let bytes = &module.bytes[body.operators.clone()];
        let mut reader =
            OperatorsReader::new(BinaryReader::new(bytes, body.operators.start as u64));
        while !t.frames.is_empty() {
            t.offset = reader.original_position() as usize;
            let op = reader.read().map_err(|e| t.error(e.message()))?;
            t.operator(op)?;
        }
        t.finish_trap_blocks();
        t.b.seal_all_blocks();
        t.b.finalize(env.isa.frontend_config());
        Ok(())
    }

    /// An error at the current operator.
    pub fn error(&self, reason: impl Into<String>) -> CompileError {
        CompileError::Translate {
            func: self.func_index,
            reason: reason.into(),
            offset: self.offset,
        }
    }

    fn operator(&mut self, op: wasmparser::Operator) -> Result<(), CompileError> {
        if !self.reachable {
            return self.dead_operator(&op);
        }
        if self.control(&op)? {
            return Ok(());
        }
        if self.numeric(&op)? {
            return Ok(());
        }
        if self.memory(&op)? {
            return Ok(());
        }
        if self.calls(&op)? {
            return Ok(());
        }
        if self.simd(&op)? {
            return Ok(());
        }
        Err(self.error(format!("operator not supported by the compiler: {op:?}")))
    }

    // ---- operand stack ----

    /// Pushes a value.
    pub fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    /// Pops a value (validation guarantees there is one).
    pub fn pop(&mut self) -> Value {
        self.stack.pop().expect("validated stack")
    }

    /// Pops two values (`(a, b)` with `b` the top).
    pub fn pop2(&mut self) -> (Value, Value) {
        let b = self.pop();
        let a = self.pop();
        (a, b)
    }

    /// Pops three values (`c` is the top).
    pub fn pop3(&mut self) -> (Value, Value, Value) {
        let c = self.pop();
        let (a, b) = self.pop2();
        (a, b, c)
    }

    /// Pops `n` values in stack order.
    pub fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }

    // ---- flags ----

    /// Flags for the runtime's own structures (`VMContext`, tables, memories): aligned, never trapping.
    pub fn vm_flags(&self) -> MemFlagsData {
        MemFlagsData::trusted().with_alias_region(Some(self.region_vm))
    }

    /// Flags for `VMContext` words that never change after instantiation.
    pub fn vm_readonly(&self) -> MemFlagsData {
        self.vm_flags().with_readonly().with_can_move()
    }

    /// Flags for linear-memory accesses (bounds checked before; little-endian on every target).
    pub fn heap_flags(&self) -> MemFlagsData {
        MemFlagsData::new()
            .with_notrap()
            .with_endianness(ir::Endianness::Little)
            .with_alias_region(Some(self.region_heap))
    }

    /// Loads a pointer-sized word of the `VMContext` that never changes.
    pub fn vmctx_load(&mut self, offset: u32) -> Value {
        let f = self.vm_readonly();
        self.b.ins().load(types::I64, f, self.vmctx, offset as i32)
    }

    // ---- traps ----

    /// Branches to the trap block for `code` when `cond` (an integer) is non-zero.
    pub fn trap_if(&mut self, cond: Value, code: TrapCode) {
        let trap = self.trap_block(code);
        let cont = self.b.create_block();
        self.b.ins().brif(cond, trap, &[], cont, &[]);
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }

    /// Branches to the trap block for `code` unconditionally; what follows is unreachable.
    pub fn trap(&mut self, code: TrapCode) {
        let trap = self.trap_block(code);
        self.b.ins().jump(trap, &[]);
        self.reachable = false;
    }

    fn trap_block(&mut self, code: TrapCode) -> Block {
        if let Some(b) = self.trap_blocks.get(&code) {
            return *b;
        }
        let b = self.b.create_block();
        self.b.set_cold_block(b);
        self.trap_blocks.insert(code, b);
        b
    }

    /// The block that returns (with zero results) after a trap has been recorded.
    pub fn unwind_block(&mut self) -> Block {
        if let Some(b) = self.unwind_block {
            return b;
        }
        let b = self.b.create_block();
        self.b.set_cold_block(b);
        self.unwind_block = Some(b);
        b
    }

    /// The store context pointer.
    pub fn store_ctx(&mut self) -> Value {
        self.vmctx_load(tailor_vm::vmctx::header::store_ctx)
    }

    /// After a call: if the callee recorded a trap, return at once (the trap propagates).
    pub fn check_trap(&mut self) {
        let sc = self.store_ctx();
        let f = self.vm_flags();
        let code = self.b.ins().load(
            types::I32,
            f,
            sc,
            tailor_vm::vmctx::store_ctx::TRAP_CODE as i32,
        );
        let unwind = self.unwind_block();
        let cont = self.b.create_block();
        self.b.ins().brif(code, unwind, &[], cont, &[]);
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }

    fn finish_trap_blocks(&mut self) {
        let mut codes: Vec<(TrapCode, Block)> =
            self.trap_blocks.iter().map(|(c, b)| (*c, *b)).collect();
        codes.sort_by_key(|(c, _)| c.to_raw());
        for (code, block) in codes {
            self.b.switch_to_block(block);
            let sc = self.store_ctx();
            let raw = self.b.ins().iconst(types::I32, code.to_raw() as i64);
            let f = self.vm_flags();
            self.b
                .ins()
                .store(f, raw, sc, tailor_vm::vmctx::store_ctx::TRAP_CODE as i32);
            // Which function trapped, for the error message.
            let func = self.b.ins().iconst(types::I32, self.func_index as i64);
            self.b
                .ins()
                .store(f, func, sc, tailor_vm::vmctx::store_ctx::TRAP_FUNC as i32);
            self.b.ins().store(
                f,
                self.vmctx,
                sc,
                tailor_vm::vmctx::store_ctx::TRAP_VMCTX as i32,
            );
            let unwind = self.unwind_block();
            self.b.ins().jump(unwind, &[]);
        }
        if let Some(block) = self.unwind_block {
            self.b.switch_to_block(block);
            let zeros: Vec<Value> = self
                .result_types
                .clone()
                .into_iter()
                .map(|t| zero_value(&mut self.b, t))
                .collect();
            self.b.ins().return_(&zeros);
        }
    }

    /// Entry check: the native stack must not go below the store's limit.
    fn stack_check(&mut self) {
        let sp = self.b.ins().get_stack_pointer(types::I64);
        let sc = self.store_ctx();
        let f = self.vm_flags();
        let limit = self.b.ins().load(
            types::I64,
            f,
            sc,
            tailor_vm::vmctx::store_ctx::STACK_LIMIT as i32,
        );
        let low = self
            .b
            .ins()
            .icmp(ir::condcodes::IntCC::UnsignedLessThan, sp, limit);
        self.trap_if(low, TrapCode::StackOverflow);
    }

    // ---- locals ----

    fn local(&self, index: u32) -> Result<(Variable, Type), CompileError> {
        self.locals
            .get(index as usize)
            .copied()
            .ok_or_else(|| self.error(format!("local {index} out of range")))
    }

    /// Marks the current position unreachable (after a branch, return or trap).
    pub fn set_unreachable(&mut self) {
        self.reachable = false;
    }
}

/// Where memories cannot grow, from one scan of a body: whether the whole body makes no call and no
/// `memory.grow`, and the same for each `loop` in order.
struct GrowthScan {
    /// No call of any kind and no `memory.grow` anywhere in the body.
    no_calls: bool,
    /// Per loop, in order: its body makes no call and no `memory.grow`.
    clean_loops: Vec<bool>,
}

fn scan_growth(bytes: &[u8], offset: usize) -> GrowthScan {
    use wasmparser::Operator as O;
    let mut scan = GrowthScan {
        no_calls: true,
        clean_loops: Vec::new(),
    };
    // Open constructs: Some(index into `clean_loops`) for loops, None for other blocks.
    let mut open: Vec<Option<usize>> = Vec::new();
    let mut ops = OperatorsReader::new(BinaryReader::new(bytes, offset as u64));
    while !ops.eof() {
        let Ok(op) = ops.read() else {
            // Unreachable for validated bodies; claim nothing.
            scan.no_calls = false;
            scan.clean_loops.iter_mut().for_each(|c| *c = false);
            break;
        };
        match op {
            O::Loop { .. } => {
                open.push(Some(scan.clean_loops.len()));
                scan.clean_loops.push(true);
            }
            O::Block { .. } | O::If { .. } => open.push(None),
            O::End => {
                open.pop();
            }
            O::Call { .. }
            | O::CallIndirect { .. }
            | O::CallRef { .. }
            | O::ReturnCall { .. }
            | O::ReturnCallIndirect { .. }
            | O::ReturnCallRef { .. }
            | O::MemoryGrow { .. } => {
                scan.no_calls = false;
                for l in open.iter().flatten() {
                    scan.clean_loops[*l] = false;
                }
            }
            _ => {}
        }
    }
    scan
}

/// A zero of type `t` (also the null reference).
pub(crate) fn zero_value(b: &mut FunctionBuilder, t: Type) -> Value {
    match t {
        types::F32 => b.ins().f32const(0.0),
        types::F64 => b.ins().f64const(0.0),
        t if t.is_vector() => {
            let c = b.func.dfg.constants.insert(vec![0u8; 16].into());
            let v = b.ins().vconst(types::I8X16, c);
            if t == types::I8X16 {
                v
            } else {
                b.ins().bitcast(
                    t,
                    MemFlagsData::new().with_endianness(ir::Endianness::Little),
                    v,
                )
            }
        }
        t => b.ins().iconst(t, 0),
    }
}

/// Block arguments from values.
pub(crate) fn args(values: &[Value]) -> Vec<BlockArg> {
    values.iter().map(|v| BlockArg::Value(*v)).collect()
}
