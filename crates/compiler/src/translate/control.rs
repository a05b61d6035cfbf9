//! Control flow, locals, `drop`/`select` and reference operators.

use super::{args, ir_type, zero_value, Frame, FrameKind, FuncTranslator};
use crate::CompileError;
use cranelift_codegen::ir::{
    condcodes::IntCC, types, Block, InstBuilder, JumpTableData, Type, Value,
};
use std::collections::HashMap;
use tailor_vm::TrapCode;
use wasmparser::{BlockType, Operator};

impl FuncTranslator<'_, '_> {
    /// Param and result types of a block type.
    fn block_sig(&self, bt: BlockType) -> (Vec<Type>, Vec<Type>) {
        match bt {
            BlockType::Empty => (vec![], vec![]),
            BlockType::Type(t) => (vec![], vec![ir_type(t)]),
            BlockType::FuncType(i) => {
                let ft = self.env.module.type_at(i);
                (
                    ft.params().iter().map(|t| ir_type(*t)).collect(),
                    ft.results().iter().map(|t| ir_type(*t)).collect(),
                )
            }
        }
    }

    /// While unreachable: only track nesting, and resume at the `else`/`end` of the open frame.
    pub(super) fn dead_operator(&mut self, op: &Operator) -> Result<(), CompileError> {
        match op {
            Operator::Loop { .. } => {
                self.loops_seen += 1;
                self.dead_depth += 1;
                Ok(())
            }
            Operator::Block { .. } | Operator::If { .. } => {
                self.dead_depth += 1;
                Ok(())
            }
            Operator::Else if self.dead_depth == 0 => {
                self.control(op)?;
                Ok(())
            }
            Operator::End if self.dead_depth > 0 => {
                self.dead_depth -= 1;
                Ok(())
            }
            Operator::End => {
                self.control(op)?;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn new_block_with(&mut self, tys: &[Type]) -> cranelift_codegen::ir::Block {
        let blk = self.b.create_block();
        for t in tys {
            self.b.append_block_param(blk, *t);
        }
        blk
    }

    /// Jumps to frame `depth`'s target with the top values it needs.
    fn branch(&mut self, depth: u32) {
        let (target, vals) = self.branch_target(depth);
        self.b.ins().jump(target, &args(&vals));
    }

    /// Where a branch to frame `depth` goes and the top values it carries; records that the
    /// frame's end is reached (unless it is a loop, whose branches go to its header).
    fn branch_target(&mut self, depth: u32) -> (Block, Vec<Value>) {
        let i = self.frames.len() - 1 - depth as usize;
        let n = self.frames[i].branch_types.len();
        let vals = self.stack[self.stack.len() - n..].to_vec();
        self.branch_args += n;
        if !matches!(self.frames[i].kind, FrameKind::Loop) {
            self.frames[i].end_reached = true;
        }
        (self.frames[i].target, vals)
    }

    /// A conditional branch to frame `depth`: taken when `cond` is non-zero, or when it is zero
    /// if `on_zero`; code continues in a fresh block otherwise.
    fn branch_if(&mut self, depth: u32, cond: Value, on_zero: bool) {
        let (target, vals) = self.branch_target(depth);
        let cont = self.b.create_block();
        if on_zero {
            self.b.ins().brif(cond, cont, &[], target, &args(&vals));
        } else {
            self.b.ins().brif(cond, target, &args(&vals), cont, &[]);
        }
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }

    /// Handles control and stack operators; `false` if `op` is not one.
    pub(super) fn control(&mut self, op: &Operator) -> Result<bool, CompileError> {
        match *op {
            Operator::Nop => {}
            Operator::Unreachable => self.trap(TrapCode::Unreachable),
            Operator::Block { blockty } => {
                let (params, results) = self.block_sig(blockty);
                let end = self.new_block_with(&results);
                self.frames.push(Frame {
                    kind: FrameKind::Block,
                    end,
                    target: end,
                    branch_types: results.clone(),
                    result_types: results,
                    height: self.stack.len() - params.len(),
                    end_reached: false,
                    saved_lens: None,
                    checked_at_entry: self.checked.mark(),
                });
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_sig(blockty);
                let header = self.new_block_with(&params);
                let end = self.new_block_with(&results);
                let vals = self.pop_n(params.len());
                // A loop without calls or `memory.grow` cannot change any memory's length: load
                // the lengths once before it (a plain load: it stays below the loop).
                let clean = self
                    .clean_loops
                    .get(self.loops_seen)
                    .copied()
                    .unwrap_or(false);
                self.loops_seen += 1;
                let saved_lens = if clean && self.env.hoist && !self.len_invariant {
                    let saved = self.len_cache.clone();
                    for m in 0..self.len_cache.len().min(4) {
                        if self.len_cache[m].is_none() {
                            let v = self.memory_len(m as u32);
                            self.len_cache[m] = Some(v);
                        }
                    }
                    Some(saved)
                } else {
                    None
                };
                self.b.ins().jump(header, &args(&vals));
                self.b.switch_to_block(header);
                let hp = self.b.block_params(header).to_vec();
                self.stack.extend(hp);
                self.frames.push(Frame {
                    kind: FrameKind::Loop,
                    end,
                    target: header,
                    branch_types: params.clone(),
                    result_types: results,
                    height: self.stack.len() - params.len(),
                    end_reached: false,
                    saved_lens,
                    checked_at_entry: self.checked.mark(),
                });
            }
            Operator::If { blockty } => {
                let (params, results) = self.block_sig(blockty);
                let cond = self.pop();
                let then = self.b.create_block();
                let else_block = self.b.create_block();
                let end = self.new_block_with(&results);
                self.b.ins().brif(cond, then, &[], else_block, &[]);
                self.b.seal_block(then);
                self.b.seal_block(else_block);
                self.b.switch_to_block(then);
                let else_args = self.stack[self.stack.len() - params.len()..].to_vec();
                self.frames.push(Frame {
                    kind: FrameKind::If {
                        else_block,
                        else_args,
                        has_else: false,
                    },
                    end,
                    target: end,
                    branch_types: results.clone(),
                    result_types: results,
                    height: self.stack.len() - params.len(),
                    end_reached: false,
                    saved_lens: None,
                    checked_at_entry: self.checked.mark(),
                });
            }
            Operator::Else => {
                let frame = self.frames.last().expect("validated").clone();
                let FrameKind::If {
                    else_block,
                    else_args,
                    ..
                } = frame.kind
                else {
                    return Err(self.error("else without if"));
                };
                if self.reachable {
                    let n = frame.result_types.len();
                    let vals = self.pop_n(n);
                    self.b.ins().jump(frame.end, &args(&vals));
                    self.frames.last_mut().expect("validated").end_reached = true;
                }
                self.stack.truncate(frame.height);
                self.stack.extend(else_args.iter().copied());
                self.b.switch_to_block(else_block);
                self.checked.rollback(frame.checked_at_entry);
                self.reachable = true;
                self.dead_depth = 0;
                if let FrameKind::If { has_else, .. } =
                    &mut self.frames.last_mut().expect("validated").kind
                {
                    *has_else = true;
                }
            }
            Operator::End => self.end_frame(),
            Operator::Br { relative_depth } => {
                self.branch(relative_depth);
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop();
                self.branch_if(relative_depth, cond, false);
            }
            Operator::BrTable { ref targets } => {
                let idx = self.pop();
                let mut depths = Vec::with_capacity(targets.len() as usize);
                for t in targets.targets() {
                    depths.push(t.map_err(|e| self.error(e.message()))?);
                }
                depths.push(targets.default());
                // Each distinct target that takes values is reached through one edge block that
                // passes them on: a table of a million entries carrying 100 values costs a million
                // entries, not a hundred million block arguments.
                let mut edges: HashMap<u32, Block> = HashMap::new();
                let mut calls = Vec::with_capacity(depths.len());
                for &depth in &depths {
                    let i = self.frames.len() - 1 - depth as usize;
                    let block = if self.frames[i].branch_types.is_empty() {
                        self.branch_target(depth).0
                    } else {
                        *edges.entry(depth).or_insert_with(|| self.b.create_block())
                    };
                    calls.push(self.b.func.dfg.block_call(block, &[]));
                }
                let def = calls.pop().expect("the default target");
                let jt = self.b.create_jump_table(JumpTableData::new(def, &calls));
                self.b.ins().br_table(idx, jt);
                let mut edges: Vec<(u32, Block)> = edges.into_iter().collect();
                edges.sort_unstable_by_key(|(depth, _)| *depth);
                for (depth, edge) in edges {
                    self.b.switch_to_block(edge);
                    self.b.seal_block(edge);
                    self.branch(depth);
                }
                self.reachable = false;
            }
            Operator::Return => {
                let n = self.result_types.len();
                let vals = self.pop_n(n);
                self.b.ins().return_(&vals);
                self.reachable = false;
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } | Operator::TypedSelectMulti { .. } => {
                let (a, b, c) = self.pop3();
                let v = self.b.ins().select(c, a, b);
                self.push(v);
            }
            Operator::LocalGet { local_index } => {
                let (var, _) = self.local(local_index)?;
                let v = self.b.use_var(var);
                self.push(v);
            }
            Operator::LocalSet { local_index } => {
                let (var, _) = self.local(local_index)?;
                let v = self.pop();
                self.b.def_var(var, v);
            }
            Operator::LocalTee { local_index } => {
                let (var, _) = self.local(local_index)?;
                let v = *self.stack.last().expect("validated");
                self.b.def_var(var, v);
            }
            Operator::RefNull { .. } => {
                let v = self.b.ins().iconst(types::I64, 0);
                self.push(v);
            }
            Operator::RefIsNull => {
                let r = self.pop();
                let z = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
                let v = self.b.ins().uextend(types::I32, z);
                self.push(v);
            }
            Operator::RefFunc { function_index } => {
                let off = self.env.offsets.func(function_index);
                let v = self.vmctx_load(off);
                self.push(v);
            }
            Operator::RefAsNonNull => {
                // Whatever uses the reference next (a call) flushes first.
                let r = *self.stack.last().expect("validated");
                let z = self.b.ins().icmp_imm_s(IntCC::Equal, r, 0);
                self.trap_later(z, TrapCode::NullReference);
            }
            Operator::BrOnNull { relative_depth } => {
                let r = self.pop();
                self.branch_if(relative_depth, r, true);
                self.push(r);
            }
            Operator::BrOnNonNull { relative_depth } => {
                let r = *self.stack.last().expect("validated");
                self.branch_if(relative_depth, r, false);
                self.pop();
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `end`: closes the innermost frame.
    fn end_frame(&mut self) {
        let frame = self.frames.pop().expect("validated");
        if let FrameKind::Loop = frame.kind {
            // Every back edge is inside the loop: the header has all its predecessors now.
            self.b.seal_block(frame.target);
        }
        if let Some(saved) = &frame.saved_lens {
            self.len_cache = saved.clone();
        }
        self.checked.rollback(frame.checked_at_entry);
        let mut reached = frame.end_reached;
        if self.reachable {
            let n = frame.result_types.len();
            let vals = self.pop_n(n);
            self.b.ins().jump(frame.end, &args(&vals));
            reached = true;
        }
        if let FrameKind::If {
            else_block,
            else_args,
            has_else: false,
        } = &frame.kind
        {
            // An `if` without `else`: the false arm passes its params through as results.
            self.b.switch_to_block(*else_block);
            self.b.ins().jump(frame.end, &args(else_args));
            reached = true;
        }
        self.stack.truncate(frame.height);
        self.dead_depth = 0;
        // No branch to `end` can follow the frame's end.
        self.b.seal_block(frame.end);
        if matches!(frame.kind, FrameKind::Func) {
            self.b.switch_to_block(frame.end);
            if reached {
                let vals = self.b.block_params(frame.end).to_vec();
                self.b.ins().return_(&vals);
            } else {
                // No path returns normally; the block still needs a terminator.
                let zeros: Vec<_> = frame
                    .result_types
                    .iter()
                    .map(|t| zero_value(&mut self.b, *t))
                    .collect();
                self.b.ins().return_(&zeros);
            }
            self.reachable = false;
            return;
        }
        if reached {
            self.b.switch_to_block(frame.end);
            let vals = self.b.block_params(frame.end).to_vec();
            self.stack.extend(vals);
            self.reachable = true;
        } else {
            self.reachable = false;
        }
    }
}
