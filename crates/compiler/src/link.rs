//! Applying a [`CodeImage`]'s relocations once its load address is known.

use crate::code_image::{CodeImage, RelocKind, RelocTarget};

/// Patches `buf` (a copy of `image.code` that will live at address `base`); `helper` resolves runtime
/// helpers by name. Every offset is checked, so a hand-edited image cannot write outside `buf`.
pub fn apply_relocations(
    image: &CodeImage,
    buf: &mut [u8],
    base: usize,
    num_imported_funcs: u32,
    helper: &dyn Fn(&str) -> Option<usize>,
) -> Result<(), String> {
    for r in &image.relocs {
        let target = match &r.target {
            RelocTarget::Func(i) => {
                let d = i
                    .checked_sub(num_imported_funcs)
                    .and_then(|d| image.funcs.get(d as usize))
                    .ok_or_else(|| format!("relocation to function {i}, which has no code"))?;
                base + d.0 as usize
            }
            RelocTarget::Image(off) => {
                if *off as usize > buf.len() {
                    return Err(format!("relocation to image offset {off} past the code"));
                }
                base + *off as usize
            }
            RelocTarget::Helper(name) => helper(name)
                .ok_or_else(|| format!("code needs helper `{name}`, which this host lacks"))?,
        };
        let at = r.offset as usize;
        let value = (target as i64).wrapping_add(r.addend);
        let pc = (base + at) as i64;
        match r.kind {
            RelocKind::Abs8 => write(buf, at, &value.to_le_bytes())?,
            RelocKind::X86PcRel4 => {
                let rel = i32::try_from(value - pc)
                    .map_err(|_| "PC-relative relocation out of range".to_string())?;
                write(buf, at, &rel.to_le_bytes())?;
            }
            RelocKind::Arm64Call => {
                let delta = value - pc;
                if delta % 4 != 0 || !(-(1 << 27)..(1 << 27)).contains(&delta) {
                    return Err("AArch64 call relocation out of range".into());
                }
                let mut word = [0u8; 4];
                word.copy_from_slice(buf.get(at..at + 4).ok_or("relocation past the code")?);
                let insn = u32::from_le_bytes(word);
                let insn = (insn & 0xfc00_0000) | (((delta >> 2) as u32) & 0x03ff_ffff);
                write(buf, at, &insn.to_le_bytes())?;
            }
            RelocKind::Other(k) => {
                return Err(format!(
                    "relocation kind {k} cannot be applied on this host"
                ));
            }
        }
    }
    Ok(())
}

fn write(buf: &mut [u8], at: usize, bytes: &[u8]) -> Result<(), String> {
    let end = at
        .checked_add(bytes.len())
        .ok_or("relocation offset overflows")?;
    buf.get_mut(at..end)
        .ok_or_else(|| "relocation past the end of the code".to_string())?
        .copy_from_slice(bytes);
    Ok(())
}
