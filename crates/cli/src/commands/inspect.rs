//! `tailor inspect`: sections, counts, imports, exports and features of a module.

use std::fmt::Write as _;
use std::ops::Range;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tailor_runtime::{Artifact, Engine, ExternType, Module, RelaxedSemantics};
use wasmparser::{Parser, Payload};

use super::describe;
use super::features::FeatureScan;
use crate::args::InspectOptions;
use crate::load;

/// One row of the section table.
struct Section {
    name: String,
    size: u64,
    entries: Option<u32>,
}

/// Runs `tailor inspect`.
pub fn run(opts: &InspectOptions) -> Result<ExitCode> {
    let bytes = load::read(&opts.file)?;
    // An artifact is described from its header and its embedded wasm, whatever CPU this host has.
    let (binary, artifact) = if tailor_runtime::is_artifact(&bytes) {
        let art = Artifact::from_bytes(&bytes)
            .with_context(|| format!("cannot read the artifact {}", opts.file.display()))?;
        (std::borrow::Cow::Owned(art.wasm.clone()), Some(art))
    } else {
        let binary = wat::parse_bytes(&bytes)
            .with_context(|| format!("cannot parse {}", opts.file.display()))?;
        (binary, None)
    };
    let module = Module::new(&Engine::default(), &binary)
        .with_context(|| format!("cannot load {}", opts.file.display()))?;

    let mut sections = Vec::new();
    let mut features = FeatureScan::default();
    let mut counts = Counts::default();
    for payload in Parser::new(0).parse_all(&binary) {
        let payload = payload.context("cannot decode the module")?;
        features.payload(&payload)?;
        counts.payload(&payload);
        if let Some(section) = section_of(&payload) {
            sections.push(section);
        }
    }

    let mut out = String::new();
    match &artifact {
        Some(art) => {
            writeln!(
                out,
                "{}: tailor artifact, {} bytes; embedded module {} bytes",
                opts.file.display(),
                bytes.len(),
                binary.len()
            )?;
            describe_artifact(&mut out, art)?;
        }
        None => writeln!(
            out,
            "{}: {} bytes (binary)",
            opts.file.display(),
            binary.len()
        )?,
    }
    writeln!(out, "sections:")?;
    for s in &sections {
        let entries = match s.entries {
            Some(1) => format!("{:>6} entry", 1),
            Some(n) => format!("{n:>6} entries"),
            None => String::new(),
        };
        let line = format!("  {:<24} {:>10} bytes {entries}", s.name, s.size);
        writeln!(out, "{}", line.trim_end())?;
    }

    let imports: Vec<_> = module.imports().collect();
    writeln!(out, "imports ({}):", imports.len())?;
    for import in &imports {
        let ty = import.ty();
        counts.imported(&ty);
        writeln!(
            out,
            "  {}::{}: {}",
            import.module(),
            import.name(),
            describe::extern_type(&ty)
        )?;
    }
    let exports: Vec<_> = module.exports().collect();
    writeln!(out, "exports ({}):", exports.len())?;
    for export in &exports {
        let ty = export.ty();
        if let ExternType::Global(g) = &ty {
            features.exported_global(g.mutable);
        }
        writeln!(out, "  {}: {}", export.name(), describe::extern_type(&ty))?;
    }
    writeln!(out, "counts:")?;
    for (what, n) in counts.rows() {
        writeln!(out, "  {what:<24} {n}")?;
    }
    let used = features.finish();
    if used.is_empty() {
        writeln!(out, "features used: none beyond WebAssembly 1.0")?;
    } else {
        writeln!(out, "features used: {}", used.join(", "))?;
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The artifact's header: who wrote it, for which CPU, how it was compiled, and its code.
fn describe_artifact(out: &mut String, art: &Artifact) -> Result<()> {
    writeln!(out, "artifact:")?;
    writeln!(out, "  {:<24} {}", "written by", art.tailor_version)?;
    writeln!(out, "  {:<24} {}", "target", art.profile.triple())?;
    let preset = art
        .profile
        .preset_name()
        .map_or_else(String::new, |name| format!(" (= --cpu {name})"));
    writeln!(
        out,
        "  {:<24} {}{preset}",
        "CPU features",
        art.profile.features()
    )?;
    writeln!(out, "  {:<24} {}", "optimisation", art.opt.name())?;
    writeln!(out, "  {:<24} {}", "passes", art.passes)?;
    writeln!(out, "  {:<24} {}", "relaxed SIMD", art.relaxed_simd)?;
    for (ops, what) in RelaxedSemantics::new(&art.profile, art.relaxed_simd).describe() {
        writeln!(out, "    {ops:<30} {what}")?;
    }
    let image = &art.image;
    writeln!(out, "  {:<24} {} bytes", "machine code", image.code.len())?;
    writeln!(
        out,
        "  {:<24} {} functions, {} trampolines, {} relocations",
        "code tables",
        image.funcs.len(),
        image.trampolines.len(),
        image.relocs.len()
    )?;
    if !art.interpreted.is_empty() {
        writeln!(
            out,
            "  {:<24} {} (left to the interpreter)",
            "interpreted functions",
            art.interpreted.len()
        )?;
    }
    Ok(())
}

fn section_of(payload: &Payload<'_>) -> Option<Section> {
    let (name, range, entries): (String, Range<u64>, Option<u32>) = match payload {
        Payload::TypeSection(r) => ("type".into(), r.range(), Some(r.count())),
        Payload::ImportSection(r) => ("import".into(), r.range(), Some(r.count())),
        Payload::FunctionSection(r) => ("function".into(), r.range(), Some(r.count())),
        Payload::TableSection(r) => ("table".into(), r.range(), Some(r.count())),
        Payload::MemorySection(r) => ("memory".into(), r.range(), Some(r.count())),
        Payload::TagSection(r) => ("tag".into(), r.range(), Some(r.count())),
        Payload::GlobalSection(r) => ("global".into(), r.range(), Some(r.count())),
        Payload::ExportSection(r) => ("export".into(), r.range(), Some(r.count())),
        Payload::StartSection { range, .. } => ("start".into(), range.clone(), None),
        Payload::ElementSection(r) => ("element".into(), r.range(), Some(r.count())),
        Payload::DataCountSection { range, .. } => ("data count".into(), range.clone(), None),
        Payload::DataSection(r) => ("data".into(), r.range(), Some(r.count())),
        Payload::CodeSectionStart { count, size, .. } => {
            ("code".into(), 0..u64::from(*size), Some(*count))
        }
        Payload::CustomSection(r) => (format!("custom {:?}", r.name()), r.range(), None),
        Payload::UnknownSection { id, range, .. } => {
            (format!("unknown (id {id})"), range.clone(), None)
        }
        _ => return None,
    };
    Some(Section {
        name,
        size: range.end - range.start,
        entries,
    })
}

/// Entity counts: defined from the sections, imported from the import list.
#[derive(Default)]
struct Counts {
    types: u32,
    funcs: [u32; 2],
    tables: [u32; 2],
    memories: [u32; 2],
    globals: [u32; 2],
    elements: u32,
    data: u32,
    code_bytes: u64,
    start: Option<u32>,
}

impl Counts {
    fn payload(&mut self, payload: &Payload<'_>) {
        match payload {
            Payload::TypeSection(r) => {
                self.types = r
                    .clone()
                    .into_iter()
                    .flatten()
                    .map(|g| g.types().len() as u32)
                    .sum()
            }
            Payload::FunctionSection(r) => self.funcs[0] = r.count(),
            Payload::TableSection(r) => self.tables[0] = r.count(),
            Payload::MemorySection(r) => self.memories[0] = r.count(),
            Payload::GlobalSection(r) => self.globals[0] = r.count(),
            Payload::ElementSection(r) => self.elements = r.count(),
            Payload::DataSection(r) => self.data = r.count(),
            Payload::CodeSectionStart { size, .. } => self.code_bytes = u64::from(*size),
            Payload::StartSection { func, .. } => self.start = Some(*func),
            _ => {}
        }
    }

    fn imported(&mut self, ty: &ExternType) {
        match ty {
            ExternType::Func(_) => self.funcs[1] += 1,
            ExternType::Table(_) => self.tables[1] += 1,
            ExternType::Memory(_) => self.memories[1] += 1,
            ExternType::Global(_) => self.globals[1] += 1,
        }
    }

    fn rows(&self) -> Vec<(&'static str, String)> {
        let pair = |[defined, imported]: [u32; 2]| {
            format!(
                "{} ({defined} defined, {imported} imported)",
                defined + imported
            )
        };
        vec![
            ("types", self.types.to_string()),
            ("functions", pair(self.funcs)),
            ("tables", pair(self.tables)),
            ("memories", pair(self.memories)),
            ("globals", pair(self.globals)),
            ("element segments", self.elements.to_string()),
            ("data segments", self.data.to_string()),
            ("code bytes", self.code_bytes.to_string()),
            (
                "start function",
                self.start
                    .map_or_else(|| "none".to_string(), |f| f.to_string()),
            ),
        ]
    }
}
