//! wasm → CLIF: one [`FuncTranslator`] per function body.
//!
//! The translator keeps the wasm operand stack as a stack of Cranelift SSA values, the locals as
//! Cranelift variables, and one [`Frame`] per open `block`/`loop`/`if`. Traps are explicit: a failed
//! check branches to a per-code block that stores the trap code in the store context and returns
//! (every caller checks the code after every call), so compiled code never relies on signals.
//!
//! **Checks are deferred in big functions** so that the cost of compiling a function stays linear in
//! its size. A Cranelift branch ends its block, so a branch per check cuts straight-line code into
//! one block per memory access, and register allocation then works on every value live across every
//! one of those blocks (4,000 loads took 1 GB and 8,000 took 4 GB to compile). Ordinary functions
//! keep the branch per check (the fastest code); once checks × live values gets large for the
//! function's size ([`Deferral::Above`]), translation starts again with [`Deferral::Always`]. Then a
//! check that can
//! wait ([`FuncTranslator::trap_later`]: memory bounds, division, float-to-int conversion, null
//! references, a callee's trap) only ORs its condition into a pending flag, and the checked operation
//! is made harmless when the condition holds: a memory access goes to a scratch stack slot instead,
//! a divisor becomes 1, a conversion saturates. The pending flag is branched on once
//! ([`FuncTranslator::flush_traps`]) before anything that must not happen after a trap (a call, a
//! libcall, a branch, a return), so a straight stretch of code stays one block however many checks it
//! makes. Stores and `global.set` made after a failed check (pending or not) go to the scratch slot
//! too, so nothing a trapped function does after its trap is visible. When the pending checks have
//! different trap codes, the code of the first one that failed is kept in a register.
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
    self, condcodes::IntCC, types, AliasRegion, AliasRegionData, Block, BlockArg, InstBuilder,
    MemFlagsData, StackSlot, StackSlotData, StackSlotKind, Type, Value,
};
use cranelift_frontend::{FunctionBuilder, Variable};
use std::collections::HashMap;
use tailor_vm::TrapCode;
use wasmparser::{BinaryReader, OperatorsReader};

/// Whether trap checks are deferred (see the module documentation).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Deferral {
    /// Every check is deferred.
    Always,
    /// Checks branch at once, unless checks × (locals + operand stack) passes this.
    Above(u64),
}

/// The outcome of [`FuncTranslator::translate`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Translated {
    /// The function is translated.
    Done(FuncStats),
    /// Translation stopped: translate again with [`Deferral::Always`].
    Defer,
    /// A stand-in that calls the function in the interpreter
    /// ([`FuncTranslator::translate_interpreted`]).
    Interpreted,
}

/// What translation learnt about a function's size, for choosing how to compile it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FuncStats {
    /// The highest the operand stack got.
    pub max_stack: usize,
    /// Parameters and declared locals.
    pub locals: usize,
    /// The deepest nesting of control frames.
    pub max_depth: usize,
}

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
    /// [`Checked::mark`] when the frame was entered: the checks made before it dominate its `else`
    /// and `end`; checks made inside it do not.
    checked_at_entry: usize,
}

/// A raw trap code that is no trap code: "a callee recorded a trap" (the store context already holds
/// its code), in [`PendingCode::First`].
const CALLEE_TRAPPED: u32 = u32::MAX - 1;

/// The trap code a pending check raises.
#[derive(Debug, Clone, Copy)]
enum PendingCode {
    /// Every pending check has this raw code ([`CALLEE_TRAPPED`]: a callee trapped).
    Same(u32),
    /// The checks have different codes: an `i32` holding the raw code of the first that failed (`0`
    /// when none did).
    First(Value),
}

/// The checks made since the last [`FuncTranslator::flush_traps`].
#[derive(Debug, Clone, Copy)]
struct Pending {
    /// Non-zero (an `i8`) when some pending check failed.
    any: Value,
    /// Which trap to raise.
    code: PendingCode,
    /// The block the checks were made in (a flush must come before the block ends).
    block: Block,
}

/// Bounds checks made on every path to the current position: (wasm index value, memory) → the largest
/// `offset + size` checked, with the check's condition while it is still pending.
///
/// Frames restore the state they were entered with through an undo log, so entering and leaving a
/// construct costs what changed inside it, not the size of the map.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    map: HashMap<(Value, u32), CheckedAccess>,
    /// (key, previous entry) per change, for [`Checked::rollback`].
    log: Vec<((Value, u32), Option<CheckedAccess>)>,
}

/// One entry of [`Checked`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckedAccess {
    /// The largest `offset + size` checked.
    pub end: u64,
    /// The `i8` condition of the widest check, non-zero when it failed (`None` when it branched at
    /// once: it passed).
    pub cond: Option<Value>,
    /// [`FuncTranslator::flushes`] when the check was made: if a flush came since, the check passed
    /// on every path here and `cond` is known to be zero.
    pub epoch: u64,
}

impl Checked {
    /// The widest check of `key`.
    pub fn get(&self, key: (Value, u32)) -> Option<CheckedAccess> {
        self.map.get(&key).copied()
    }

    /// Records a check of `key`.
    pub fn insert(&mut self, key: (Value, u32), access: CheckedAccess) {
        let old = self.map.insert(key, access);
        self.log.push((key, old));
    }

    /// A position in the undo log.
    pub fn mark(&self) -> usize {
        self.log.len()
    }

    /// Undoes every change made since `mark`.
    pub fn rollback(&mut self, mark: usize) {
        while self.log.len() > mark {
            let (key, old) = self.log.pop().expect("log longer than mark");
            match old {
                Some(a) => self.map.insert(key, a),
                None => self.map.remove(&key),
            };
        }
    }
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
    /// The block that raises the trap whose raw code is its `i32` parameter (for mixed pending
    /// codes).
    dyn_trap_block: Option<Block>,
    /// Checks not branched on yet.
    pending: Option<Pending>,
    /// Number of flushes so far (see [`CheckedAccess::epoch`]).
    flushes: u64,
    /// A 16-byte stack slot that accesses go to when their check (or an earlier one) failed.
    scratch: Option<StackSlot>,
    /// Whether checks are deferred (see the module documentation); otherwise each branches at once,
    /// which makes faster code but a block per check.
    pub defer_checks: bool,
    /// Checks made (deferred or not).
    checks: usize,
    /// The highest operand stack seen (with the number of locals: the register pressure the
    /// function may create).
    pub max_stack: usize,
    /// The deepest nesting of control frames seen.
    max_depth: usize,
    /// Values passed to blocks by the branches this translator made.
    pub branch_args: usize,
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
    /// Bounds checks made on every path to the current position. Reset where control flow merges.
    pub checked: Checked,
    /// The function index being translated.
    pub func_index: u32,
    /// Byte offset of the current operator.
    pub offset: usize,
}

impl<'a, 'b> FuncTranslator<'a, 'b> {
    /// Translates defined function `func_index` into `b`'s function.
    ///
    /// Stops with [`CompileError::TranslationTooLarge`] once the function has more than
    /// `ir_budget` Cranelift values, instructions and branch arguments together. With
    /// [`Deferral::Above`], checks branch at once until checks × (locals + operand stack) passes
    /// the limit; then translation stops with [`Translated::Defer`] (the caller starts again with
    /// [`Deferral::Always`]), before a block per check with that many live values costs much.
    pub fn translate(
        b: FunctionBuilder<'b>,
        env: &'a ModuleEnv<'a>,
        func_index: u32,
        ir_budget: usize,
        deferral: Deferral,
    ) -> Result<Translated, CompileError> {
        let body = &env.module.bodies[(func_index - env.module.num_imported_funcs) as usize];
        let mut t = FuncTranslator::new(b, env, func_index, true);
        t.defer_checks = matches!(deferral, Deferral::Always);
        // A copy to be inlined runs in its caller's frame, whose entry already checked the stack.
        if !env.inline_copy {
            t.stack_check();
        }
        let mut reader = env.module.operators(body);
        while !t.frames.is_empty() {
            t.offset = reader.original_position() as usize;
            let op = reader.read().map_err(|e| t.error(e.message()))?;
            t.operator(op)?;
            t.max_stack = t.max_stack.max(t.stack.len());
            t.max_depth = t.max_depth.max(t.frames.len());
            if let Deferral::Above(limit) = deferral {
                let live = (t.locals.len() + t.max_stack) as u64;
                if (t.checks as u64).saturating_mul(live) > limit {
                    return Ok(Translated::Defer);
                }
            }
            let dfg = &t.b.func.dfg;
            if dfg.num_values() + dfg.num_insts() + t.branch_args > ir_budget {
                return Err(CompileError::TranslationTooLarge {
                    func: func_index,
                    name: env.module.display_func_name(func_index),
                    size: body.operators.len(),
                    limit: ir_budget,
                });
            }
        }
        let stats = FuncStats {
            max_stack: t.max_stack,
            locals: t.locals.len(),
            max_depth: t.max_depth,
        };
        t.finish();
        Ok(Translated::Done(stats))
    }

    /// Translates a stand-in for defined function `func_index` that the interpreter runs: it calls
    /// the function's own `VMFunc` (which has no native code) through the `call_slow` libcall, so
    /// compiled callers reach the interpreter through their ordinary direct call.
    pub fn translate_interpreted(
        b: FunctionBuilder<'b>,
        env: &'a ModuleEnv<'a>,
        func_index: u32,
    ) -> Result<(), CompileError> {
        let mut t = FuncTranslator::new(b, env, func_index, false);
        t.stack_check();
        let args: Vec<Value> = t
            .locals
            .clone()
            .into_iter()
            .map(|(var, _)| t.b.use_var(var))
            .collect();
        let ty = env.module.funcs[func_index as usize];
        let me = t.vmctx_load(env.offsets.func(func_index));
        t.call_funcref(ty, me, &args, false);
        t.flush_traps();
        let results = t.pop_n(t.result_types.len());
        t.b.ins().return_(&results);
        t.finish();
        Ok(())
    }

    /// The translator for `func_index` at its entry block, with its parameters (and, when
    /// `body_locals`, its declared locals) as variables.
    fn new(
        mut b: FunctionBuilder<'b>,
        env: &'a ModuleEnv<'a>,
        func_index: u32,
        body_locals: bool,
    ) -> FuncTranslator<'a, 'b> {
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
        let declared: &[(u32, wasmparser::ValType)] = if body_locals { &body.locals } else { &[] };
        for (n, vt) in declared {
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
        FuncTranslator {
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
                checked_at_entry: 0,
            }],
            locals,
            vmctx,
            reachable: true,
            dead_depth: 0,
            trap_blocks: HashMap::new(),
            unwind_block: None,
            dyn_trap_block: None,
            pending: None,
            flushes: 0,
            scratch: None,
            defer_checks: false,
            checks: 0,
            max_stack: 0,
            max_depth: 0,
            branch_args: 0,
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
            checked: Checked::default(),
            // Read-only length loads (`hoist`), unless the function is to be inlined into a
            // caller that may grow memory.
            len_invariant: growth.no_calls && env.hoist && !env.inline_copy,
            func_index,
            offset: body.operators.start,
        }
    }

    /// Emits the trap blocks and hands the function to Cranelift.
    fn finish(mut self) {
        self.finish_trap_blocks();
        self.b.seal_all_blocks();
        self.b.finalize(self.env.isa.frontend_config());
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
        if let Some(block) = self.pending.map(|p| p.block) {
            // Every operator that ends a block flushes first (`defers_traps`).
            assert_eq!(
                Some(block),
                self.b.current_block(),
                "internal error: pending trap checks crossed a block boundary"
            );
            if !defers_traps(&op) {
                self.flush_traps();
            }
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

    /// Traps with `code` when `cond` (an `i8`) is non-zero, at the next flush: the caller must make
    /// the operation it guards harmless when `cond` holds (see the module documentation).
    ///
    /// Returns whether the check was deferred: in a function translated without deferral
    /// ([`FuncTranslator::defer_checks`] off) it branches at once, and the operation needs no
    /// protection.
    pub fn trap_later(&mut self, cond: Value, code: TrapCode) -> bool {
        self.defer(cond, code.to_raw())
    }

    fn defer(&mut self, cond: Value, raw: u32) -> bool {
        self.checks += 1;
        if !self.defer_checks {
            let target = if raw == CALLEE_TRAPPED {
                self.unwind_block()
            } else {
                self.trap_block(TrapCode::from_raw(raw).expect("a trap code"))
            };
            let cont = self.b.create_block();
            self.b.ins().brif(cond, target, &[], cont, &[]);
            self.b.switch_to_block(cont);
            self.b.seal_block(cont);
            return false;
        }
        let block = self.b.current_block().expect("translating inside a block");
        let Some(p) = self.pending else {
            self.pending = Some(Pending {
                any: cond,
                code: PendingCode::Same(raw),
                block,
            });
            return true;
        };
        debug_assert_eq!(p.block, block, "pending checks crossed a block boundary");
        let any = self.b.ins().bor(p.any, cond);
        let code = match p.code {
            PendingCode::Same(r) if r == raw => PendingCode::Same(r),
            PendingCode::Same(r) => {
                // Codes differ from here on: keep the first failed one in a register.
                let zero = self.b.ins().iconst(types::I32, 0);
                let first = self.b.ins().iconst(types::I32, r as i64);
                let first = self.b.ins().select(p.any, first, zero);
                PendingCode::First(self.first_failed(first, cond, raw))
            }
            PendingCode::First(v) => PendingCode::First(self.first_failed(v, cond, raw)),
        };
        self.pending = Some(Pending { any, code, block });
        true
    }

    /// `first` if non-zero, else `raw` if `cond` holds, else 0.
    fn first_failed(&mut self, first: Value, cond: Value, raw: u32) -> Value {
        let zero = self.b.ins().iconst(types::I32, 0);
        let k = self.b.ins().iconst(types::I32, raw as i64);
        let this = self.b.ins().select(cond, k, zero);
        self.b.ins().select(first, first, this)
    }

    /// Non-zero (an `i8`) when a pending check failed; `None` when nothing is pending.
    pub fn pending_failed(&self) -> Option<Value> {
        self.pending.map(|p| p.any)
    }

    /// Branches on the pending checks: to the trap of the first that failed, else on in a new
    /// block. Nothing to do when nothing is pending.
    pub fn flush_traps(&mut self) {
        let Some(p) = self.pending.take() else {
            return;
        };
        self.flushes += 1;
        let cont = self.b.create_block();
        match p.code {
            PendingCode::Same(CALLEE_TRAPPED) => {
                let unwind = self.unwind_block();
                self.b.ins().brif(p.any, unwind, &[], cont, &[]);
            }
            PendingCode::Same(raw) => {
                let code = TrapCode::from_raw(raw).expect("a trap code");
                let trap = self.trap_block(code);
                self.b.ins().brif(p.any, trap, &[], cont, &[]);
            }
            PendingCode::First(first) => {
                let trap = self.dyn_trap_block();
                self.b
                    .ins()
                    .brif(first, trap, &[BlockArg::Value(first)], cont, &[]);
            }
        }
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }

    /// Branches to the trap block for `code` when `cond` (an integer) is non-zero, now (after the
    /// pending checks, which come first). For checks whose operation cannot be made harmless.
    pub fn trap_if(&mut self, cond: Value, code: TrapCode) {
        self.flush_traps();
        let trap = self.trap_block(code);
        let cont = self.b.create_block();
        self.b.ins().brif(cond, trap, &[], cont, &[]);
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }

    /// Branches to the trap block for `code` unconditionally (after the pending checks); what follows
    /// is unreachable.
    pub fn trap(&mut self, code: TrapCode) {
        self.flush_traps();
        let trap = self.trap_block(code);
        self.b.ins().jump(trap, &[]);
        self.reachable = false;
    }

    /// The address of the 16-byte scratch slot that failed accesses use.
    pub fn scratch_addr(&mut self) -> Value {
        let slot = match self.scratch {
            Some(s) => s,
            None => {
                let s = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    16,
                    4,
                ));
                self.scratch = Some(s);
                s
            }
        };
        self.b.ins().stack_addr(types::I64, slot, 0)
    }

    /// `addr`, or the scratch slot when `bad` (an `i8`) is non-zero.
    pub fn redirect(&mut self, bad: Value, addr: Value) -> Value {
        let scratch = self.scratch_addr();
        self.b.ins().select(bad, scratch, addr)
    }

    /// Whether a check recorded at `epoch` has been flushed (it passed on every path here).
    pub fn flushed_since(&self, epoch: u64) -> bool {
        epoch < self.flushes
    }

    /// The current flush epoch (see [`CheckedAccess::epoch`]).
    pub fn epoch(&self) -> u64 {
        self.flushes
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

    fn dyn_trap_block(&mut self) -> Block {
        if let Some(b) = self.dyn_trap_block {
            return b;
        }
        let b = self.b.create_block();
        self.b.append_block_param(b, types::I32);
        self.b.set_cold_block(b);
        self.dyn_trap_block = Some(b);
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

    /// The store context's trap code (an `i32`, non-zero after a callee recorded a trap).
    pub fn load_trap_code(&mut self) -> Value {
        let sc = self.store_ctx();
        let f = self.vm_flags();
        self.b.ins().load(
            types::I32,
            f,
            sc,
            tailor_vm::vmctx::store_ctx::TRAP_CODE as i32,
        )
    }

    /// After a call: if the callee recorded a trap (`code`, the store context's trap code loaded
    /// after the call, is non-zero), return at the next flush (the trap propagates). Results of a
    /// trapped call are zeros; nothing done with them is visible (see the module documentation).
    pub fn callee_trapped(&mut self, code: Value) {
        let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, code, 0);
        self.defer(c, CALLEE_TRAPPED);
    }

    /// After a call: [`Self::callee_trapped`] with the store context's trap code.
    pub fn check_trap(&mut self) {
        let code = self.load_trap_code();
        self.callee_trapped(code);
    }

    /// Stores trap `code` (an `i32` value) and the function's identity in the store context.
    fn record_trap(&mut self, code: Value) {
        let sc = self.store_ctx();
        let f = self.vm_flags();
        self.b
            .ins()
            .store(f, code, sc, tailor_vm::vmctx::store_ctx::TRAP_CODE as i32);
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
    }

    fn finish_trap_blocks(&mut self) {
        let mut codes: Vec<(TrapCode, Block)> =
            self.trap_blocks.iter().map(|(c, b)| (*c, *b)).collect();
        codes.sort_by_key(|(c, _)| c.to_raw());
        for (code, block) in codes {
            self.b.switch_to_block(block);
            let raw = self.b.ins().iconst(types::I32, code.to_raw() as i64);
            self.record_trap(raw);
            let unwind = self.unwind_block();
            self.b.ins().jump(unwind, &[]);
        }
        if let Some(block) = self.dyn_trap_block {
            // The first failed check's code; a callee's trap is already recorded (a callee's trap
            // is always the first pending check: calls flush before they call).
            self.b.switch_to_block(block);
            let raw = self.b.block_params(block)[0];
            let record = self.b.create_block();
            self.b.set_cold_block(record);
            let unwind = self.unwind_block();
            let callee = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, raw, CALLEE_TRAPPED as i64);
            self.b.ins().brif(callee, unwind, &[], record, &[]);
            self.b.switch_to_block(record);
            self.record_trap(raw);
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

/// Whether `op` may run with trap checks pending: it neither ends the current block nor has an effect
/// that must not happen after a trap, other than stores and `global.set`, which go to the scratch slot
/// while a check is pending. Every other operator flushes the pending checks first.
fn defers_traps(op: &wasmparser::Operator) -> bool {
    use wasmparser::Operator as O;
    !matches!(
        op,
        O::Unreachable
            | O::Loop { .. }
            | O::If { .. }
            | O::Else
            | O::End
            | O::Br { .. }
            | O::BrIf { .. }
            | O::BrTable { .. }
            | O::BrOnNull { .. }
            | O::BrOnNonNull { .. }
            | O::Return
            | O::Call { .. }
            | O::CallIndirect { .. }
            | O::CallRef { .. }
            | O::ReturnCall { .. }
            | O::ReturnCallIndirect { .. }
            | O::ReturnCallRef { .. }
            | O::MemoryGrow { .. }
            | O::MemoryFill { .. }
            | O::MemoryCopy { .. }
            | O::MemoryInit { .. }
            | O::DataDrop { .. }
            | O::TableGet { .. }
            | O::TableSet { .. }
            | O::TableGrow { .. }
            | O::TableFill { .. }
            | O::TableCopy { .. }
            | O::TableInit { .. }
            | O::ElemDrop { .. }
    )
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
