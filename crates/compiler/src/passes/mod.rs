//! The pass pipeline: named passes a user can switch on and off, and the order they run in.
//!
//! A pass runs in one of two places ([`Stage`]): **during translation**, where the translator asks
//! the pipeline whether to do something (reuse a bounds check, hoist a memory length), or **on the
//! CLIF** of a translated function before code generation (`passes::run`). Cranelift's own optimiser
//! (e-graph rewrites, GVN, LICM, alias analysis, dead-code elimination) runs inside code generation
//! at `-O speed|size` whatever the pipeline says.
//!
//! One module per pass: [`bce`], [`hoist`], [`inline`], [`verify`]. The default pipeline is chosen
//! per architecture by the lowering hooks ([`crate::lower::LoweringHooks::default_passes`]); users
//! replace or edit it with the syntax [`Pipeline::parse`] documents (`--passes` on the command
//! line).

pub mod bce;
pub mod hoist;
pub mod inline;
pub mod verify;

use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::Context;
use std::fmt;
use tailor_cpu::CpuProfile;

/// Where a pass runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The translator consults the pipeline while it builds a function's CLIF.
    Translation,
    /// On the finished CLIF of a function, before code generation, in pipeline order.
    Clif,
}

impl Stage {
    /// How `tailor passes` names the stage.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Translation => "translation",
            Stage::Clif => "clif",
        }
    }
}

/// A named pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// Bounds-check elimination ([`bce`]).
    Bce,
    /// Memory-length hoisting ([`hoist`]).
    Hoist,
    /// Inlining of small functions ([`inline`]).
    Inline,
    /// The CLIF verifier ([`verify`]).
    Verify,
}

/// What `tailor passes` shows of a pass.
#[derive(Debug, Clone, Copy)]
pub struct PassInfo {
    /// The pass.
    pub pass: Pass,
    /// Its name in `--passes` lists.
    pub name: &'static str,
    /// One line on what it does.
    pub description: &'static str,
    /// Where it runs.
    pub stage: Stage,
}

/// Every pass, in the order `tailor passes` lists them.
pub const PASSES: [PassInfo; 4] = [bce::INFO, hoist::INFO, inline::INFO, verify::INFO];

impl Pass {
    /// The pass's description.
    pub fn info(self) -> &'static PassInfo {
        match self {
            Pass::Bce => &PASSES[0],
            Pass::Hoist => &PASSES[1],
            Pass::Inline => &PASSES[2],
            Pass::Verify => &PASSES[3],
        }
    }

    /// The pass's name in `--passes` lists.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The pass called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Pass> {
        PASSES.iter().find(|p| p.name == name).map(|p| p.pass)
    }
}

impl fmt::Display for Pass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a `--passes` list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassError {
    /// A name that is no pass.
    #[error("unknown pass `{name}` (known passes: {known})")]
    Unknown {
        /// The name given.
        name: String,
        /// Every pass name, comma-separated.
        known: String,
    },
    /// An empty list or an empty item (`a,,b`).
    #[error("empty pass name in `{list}` (write `none` for no passes)")]
    Empty {
        /// The list given.
        list: String,
    },
    /// A pass named twice in one list.
    #[error("pass `{name}` is listed twice")]
    Duplicate {
        /// The pass.
        name: String,
    },
    /// A plain name after `+name`/`-name` edits, or `none` after the first item.
    #[error(
        "`{item}` cannot follow +/- edits: a list is either a pipeline (`bce,hoist`, or `none` \
         then edits) or edits of the default (`-inline,+verify`)"
    )]
    Mixed {
        /// The offending item.
        item: String,
    },
}

/// The names of every pass, comma-separated (for error messages).
fn known() -> String {
    PASSES.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
}

/// An ordered list of passes. CLIF passes run in this order; translation passes are on or off.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pipeline {
    passes: Vec<Pass>,
}

impl Pipeline {
    /// No passes at all (`--passes none`).
    pub fn none() -> Pipeline {
        Pipeline { passes: Vec::new() }
    }

    /// The passes given, in order (duplicates are dropped).
    pub fn from_passes(passes: &[Pass]) -> Pipeline {
        let mut p = Pipeline::none();
        for pass in passes {
            p.add(*pass);
        }
        p
    }

    /// Every pass, in [`PASSES`] order.
    pub fn all() -> Pipeline {
        Pipeline::from_passes(&PASSES.map(|p| p.pass))
    }

    /// The default pipeline for `profile`: the list its architecture's lowering hooks choose.
    pub fn default_for(profile: &CpuProfile) -> Pipeline {
        let names = crate::lower::hooks_for(profile).default_passes(profile);
        let passes: Vec<Pass> = names.iter().filter_map(|n| Pass::from_name(n)).collect();
        debug_assert_eq!(passes.len(), names.len(), "unknown pass in {names:?}");
        Pipeline::from_passes(&passes)
    }

    /// Parses a `--passes` list against `default` (the profile's default pipeline):
    ///
    /// - `bce,hoist,inline`: exactly these passes, in this order (replaces the default);
    /// - `-inline,+verify`: edits of the default: `-name` removes a pass, `+name` appends one;
    /// - `none`: no passes; `none,+verify`: edits of the empty pipeline.
    ///
    /// Names are case-sensitive; spaces around items are ignored. A name that is no pass is a
    /// [`PassError::Unknown`] listing the known passes.
    pub fn parse(list: &str, default: &Pipeline) -> Result<Pipeline, PassError> {
        let items: Vec<&str> = list.split(',').map(str::trim).collect();
        if items.iter().any(|i| i.is_empty()) {
            return Err(PassError::Empty {
                list: list.to_string(),
            });
        }
        let lookup = |name: &str| {
            Pass::from_name(name).ok_or_else(|| PassError::Unknown {
                name: name.to_string(),
                known: known(),
            })
        };
        let first = items[0];
        let replaces = !(first.starts_with('+') || first.starts_with('-'));
        let mut out = if replaces {
            Pipeline::none()
        } else {
            default.clone()
        };
        let mut edited = false;
        for (i, item) in items.iter().enumerate() {
            if let Some(name) = item.strip_prefix('+') {
                out.add(lookup(name)?);
                edited = true;
            } else if let Some(name) = item.strip_prefix('-') {
                let pass = lookup(name)?;
                out.passes.retain(|p| *p != pass);
                edited = true;
            } else if *item == "none" {
                if i != 0 {
                    return Err(PassError::Mixed {
                        item: item.to_string(),
                    });
                }
            } else {
                if edited || (i > 0 && items[0] == "none") {
                    return Err(PassError::Mixed {
                        item: item.to_string(),
                    });
                }
                let pass = lookup(item)?;
                if out.contains(pass) {
                    return Err(PassError::Duplicate {
                        name: item.to_string(),
                    });
                }
                out.passes.push(pass);
            }
        }
        Ok(out)
    }

    /// [`Pipeline::parse`] against [`Pipeline::default_for`] `profile`.
    pub fn parse_for(list: &str, profile: &CpuProfile) -> Result<Pipeline, PassError> {
        Pipeline::parse(list, &Pipeline::default_for(profile))
    }

    /// Appends `pass` unless the pipeline has it.
    pub fn add(&mut self, pass: Pass) {
        if !self.contains(pass) {
            self.passes.push(pass);
        }
    }

    /// Whether the pipeline has `pass`.
    pub fn contains(&self, pass: Pass) -> bool {
        self.passes.contains(&pass)
    }

    /// The passes, in order.
    pub fn passes(&self) -> &[Pass] {
        &self.passes
    }

    /// Whether the pipeline has no pass.
    pub fn is_empty(&self) -> bool {
        self.passes.is_empty()
    }
}

impl fmt::Display for Pipeline {
    /// `bce,hoist,inline`, or `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.passes.is_empty() {
            return f.write_str("none");
        }
        let names: Vec<&str> = self.passes.iter().map(|p| p.name()).collect();
        f.write_str(&names.join(","))
    }
}

/// Runs the pipeline's CLIF passes on `ctx.func` (function `func_index`), in order; `Err` with a
/// message when a pass rejects the function. Debug builds always run the verifier last.
pub(crate) fn run(
    ctx: &mut Context,
    isa: &dyn TargetIsa,
    pipeline: &Pipeline,
    inliner: Option<&inline::InlineCache<'_>>,
    func_index: u32,
) -> Result<(), String> {
    for pass in pipeline.passes() {
        match pass {
            Pass::Bce | Pass::Hoist => {}
            Pass::Inline => {
                if let Some(cache) = inliner {
                    inline::run(ctx, cache, func_index)?;
                }
            }
            Pass::Verify => verify::run(ctx, isa)?,
        }
    }
    if cfg!(debug_assertions) && pipeline.passes().last() != Some(&Pass::Verify) {
        verify::run(ctx, isa)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
