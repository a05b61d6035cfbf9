//! The generator: a seed becomes a valid, terminating module from `wasm-smith`, with the features
//! tailor implements switched on and off per module (swarm testing), no imports, every function
//! exported, and bounded sizes.

use arbitrary::Unstructured;

use crate::rng::Rng;

/// The most bytes any linear memory may reach (both tailor and wasmi are given this limit, so
/// `memory.grow` fails at the same point in both).
pub const MAX_MEMORY_BYTES: u64 = 2 << 20;
/// The most elements any table may reach (both runtimes are given this limit).
pub const MAX_TABLE_ELEMENTS: u64 = 10_000;

/// The per-module choices taken from the seed (swarm testing: each module gets a different mix).
#[derive(Debug, Clone, Copy)]
pub struct Knobs {
    /// Fixed-width SIMD instructions may be generated.
    pub simd: bool,
    /// Relaxed SIMD instructions may be generated (needs `simd`).
    pub relaxed_simd: bool,
    /// Every float arithmetic result is NaN-canonicalised by the generated code (wasm-smith's
    /// `canonicalize_nans`), which makes most float code deterministic across runtimes.
    pub canonicalize_nans: bool,
    /// 64-bit memories may be generated.
    pub memory64: bool,
    /// Up to this many memories (more than one is multi-memory).
    pub max_memories: usize,
    /// Up to this many tables.
    pub max_tables: usize,
    /// wasm-smith avoids most traps (loads that would be out of bounds yield 0, ...).
    pub disallow_traps: bool,
    /// Float types and instructions may be generated.
    pub floats: bool,
    /// The fuel given to `ensure_termination`: how many loop iterations and calls all calls of the
    /// module together may make before trapping with `unreachable`.
    pub fuel: u32,
}

impl Knobs {
    /// The knobs of module `seed`.
    pub fn from_rng(rng: &mut Rng) -> Knobs {
        let simd = rng.chance(4, 5);
        Knobs {
            simd,
            relaxed_simd: simd && rng.chance(1, 2),
            canonicalize_nans: rng.chance(7, 8),
            memory64: rng.chance(1, 4),
            max_memories: *rng.pick(&[1, 1, 2, 3, 4]),
            max_tables: *rng.pick(&[1, 1, 2, 3]),
            disallow_traps: rng.chance(1, 4),
            floats: rng.chance(9, 10),
            fuel: *rng.pick(&[300, 1_000, 3_000, 10_000]),
        }
    }

    /// The wasm-smith configuration for these knobs.
    pub fn smith_config(&self, rng: &mut Rng) -> wasm_smith::Config {
        // One module in eight is big: long bodies stress register allocation in the compiler and
        // slot assignment in the interpreter.
        let big = rng.chance(1, 8);
        wasm_smith::Config {
            // What tailor implements (crates/module/src/features.rs), each switchable per module.
            simd_enabled: self.simd,
            relaxed_simd_enabled: self.relaxed_simd,
            memory64_enabled: self.memory64,
            max_memories: self.max_memories,
            max_tables: self.max_tables,
            tail_call_enabled: true,
            bulk_memory_enabled: true,
            reference_types_enabled: true,
            multi_value_enabled: true,
            saturating_float_to_int_enabled: true,
            sign_extension_ops_enabled: true,
            extended_const_enabled: true,
            allow_floats: self.floats,
            canonicalize_nans: self.canonicalize_nans,
            disallow_traps: self.disallow_traps,
            // What tailor does not implement (GC, exceptions, threads, ...): off.
            gc_enabled: false,
            exceptions_enabled: false,
            threads_enabled: false,
            shared_everything_threads_enabled: false,
            wide_arithmetic_enabled: false,
            custom_page_sizes_enabled: false,
            custom_descriptors_enabled: false,
            // No imports: every module stands alone, and every function is reachable from outside.
            max_imports: 0,
            export_everything: true,
            allow_start_export: true,
            // Bounded sizes.
            min_types: 1,
            min_funcs: 2,
            max_funcs: rng.range(2, if big { 32 } else { 16 }) as usize,
            max_instructions: rng.range(10, if big { 1_500 } else { 250 }) as usize,
            max_types: 24,
            max_globals: 12,
            max_data_segments: 8,
            max_element_segments: 8,
            max_elements: 24,
            max_table_elements: 1_000,
            max_memory32_bytes: 1 << 20,
            max_memory64_bytes: 1 << 20,
            memory_max_size_required: rng.chance(1, 2),
            max_type_size: 200,
            max_nesting_depth: 8,
            generate_custom_sections: false,
            ..wasm_smith::Config::default()
        }
    }
}

/// A generated module.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The seed it was made from.
    pub seed: u64,
    /// The knobs the seed chose.
    pub knobs: Knobs,
    /// The module's bytes.
    pub wasm: Vec<u8>,
}

/// The export name under which the generator exports the fuel global of `ensure_termination`, so
/// the harness can refill it before every call (else one call that loops until the fuel is gone
/// leaves every later call trapping at once).
pub const FUEL_EXPORT: &str = "__fuel";

/// Makes module `seed`. Retries with derived input when wasm-smith rejects its input (rare).
pub fn generate(seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let knobs = Knobs::from_rng(&mut rng);
    loop {
        let config = knobs.smith_config(&mut rng);
        let len = rng.range(1 << 10, 64 << 10) as usize;
        let input = rng.bytes(len);
        let mut u = Unstructured::new(&input);
        let Ok(mut module) = wasm_smith::Module::new(config, &mut u) else {
            continue;
        };
        let Ok(fuel_global) = module.ensure_termination(knobs.fuel) else {
            continue;
        };
        let wasm = module.to_bytes();
        let wasm = export_global(&wasm, FUEL_EXPORT, fuel_global).unwrap_or(wasm);
        return Generated { seed, knobs, wasm };
    }
}

/// `wasm` with one more export: global `index` as `name`. `None` if the module has no export
/// section to extend or does not parse as expected.
fn export_global(wasm: &[u8], name: &str, index: u32) -> Option<Vec<u8>> {
    let mut out = wasm.get(..8)?.to_vec();
    let mut pos = 8;
    let mut done = false;
    while pos < wasm.len() {
        let id = wasm[pos];
        let (size, n) = read_leb(&wasm[pos + 1..])?;
        let start = pos + 1 + n;
        let end = start.checked_add(size as usize)?;
        let payload = wasm.get(start..end)?;
        if id == 7 {
            let (count, m) = read_leb(payload)?;
            let mut section = Vec::new();
            write_leb(&mut section, count + 1);
            section.extend_from_slice(&payload[m..]);
            write_leb(&mut section, name.len() as u32);
            section.extend_from_slice(name.as_bytes());
            section.push(0x03);
            write_leb(&mut section, index);
            out.push(7);
            write_leb(&mut out, section.len() as u32);
            out.extend_from_slice(&section);
            done = true;
        } else {
            out.extend_from_slice(&wasm[pos..end]);
        }
        pos = end;
    }
    done.then_some(out)
}

fn read_leb(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (i, b) in bytes.iter().take(5).enumerate() {
        value |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn write_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}
