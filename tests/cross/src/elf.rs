//! Renaming the defined `tailor_*` symbols of an ELF64 relocatable object in place, so that the
//! objects of several modules link into one driver: `tailor_export_f` becomes `m00003_export_f`
//! (same length, so only the string table bytes change). Both byte orders (s390x is big-endian).

/// Reads the ELF's integers in its byte order.
struct Elf<'a> {
    b: &'a [u8],
    big: bool,
}

impl Elf<'_> {
    fn u16(&self, at: usize) -> Result<u16, String> {
        let s: [u8; 2] = self
            .b
            .get(at..at + 2)
            .ok_or("truncated")?
            .try_into()
            .unwrap();
        Ok(if self.big {
            u16::from_be_bytes(s)
        } else {
            u16::from_le_bytes(s)
        })
    }
    fn u32(&self, at: usize) -> Result<u32, String> {
        let s: [u8; 4] = self
            .b
            .get(at..at + 4)
            .ok_or("truncated")?
            .try_into()
            .unwrap();
        Ok(if self.big {
            u32::from_be_bytes(s)
        } else {
            u32::from_le_bytes(s)
        })
    }
    fn u64(&self, at: usize) -> Result<usize, String> {
        let s: [u8; 8] = self
            .b
            .get(at..at + 8)
            .ok_or("truncated")?
            .try_into()
            .unwrap();
        let v = if self.big {
            u64::from_be_bytes(s)
        } else {
            u64::from_le_bytes(s)
        };
        usize::try_from(v).map_err(|e| e.to_string())
    }
}

/// One symbol: name offset in the string table, whether it is a defined global/weak symbol.
struct Sym {
    name: usize,
    defined_global: bool,
}

/// The symbol table's entries and the string table's file range.
fn symbols(obj: &[u8]) -> Result<(Vec<Sym>, usize, usize), String> {
    if obj.len() < 64 || &obj[..4] != b"\x7fELF" || obj[4] != 2 {
        return Err("not an ELF64 object".into());
    }
    let e = Elf {
        b: obj,
        big: obj[5] == 2,
    };
    let shoff = e.u64(0x28)?;
    let shentsize = e.u16(0x3a)? as usize;
    let shnum = e.u16(0x3c)? as usize;
    let sh = |i: usize| shoff + i * shentsize;
    for i in 0..shnum {
        if e.u32(sh(i) + 4)? != 2 {
            continue; // not SHT_SYMTAB
        }
        let off = e.u64(sh(i) + 0x18)?;
        let size = e.u64(sh(i) + 0x20)?;
        let link = e.u32(sh(i) + 0x28)? as usize;
        let str_off = e.u64(sh(link) + 0x18)?;
        let str_size = e.u64(sh(link) + 0x20)?;
        let mut syms = Vec::new();
        for s in (off..off + size).step_by(24) {
            let name = e.u32(s)? as usize;
            let bind = obj[s + 4] >> 4;
            let shndx = e.u16(s + 6)?;
            syms.push(Sym {
                name,
                defined_global: shndx != 0 && (bind == 1 || bind == 2),
            });
        }
        return Ok((syms, str_off, str_size));
    }
    Err("no symbol table".into())
}

fn name_at(obj: &[u8], strtab: usize, size: usize, off: usize) -> Result<String, String> {
    let bytes = obj
        .get(strtab + off..strtab + size)
        .ok_or("symbol name outside the string table")?;
    let end = bytes
        .iter()
        .position(|&b| b == 0)
        .ok_or("unterminated name")?;
    Ok(String::from_utf8_lossy(&bytes[..end]).into_owned())
}

/// Replaces the `tailor` prefix of every defined global symbol named `tailor_*` with `tag` (six
/// bytes, e.g. `m00003`). Returns the renamed symbols' new names. Fails rather than corrupt another
/// symbol's name (names sharing string-table bytes).
pub fn rename_defined(obj: &mut [u8], tag: &str) -> Result<Vec<String>, String> {
    assert_eq!(tag.len(), 6, "the tag must be as long as `tailor`");
    let (syms, strtab, size) = symbols(obj)?;
    let before: Vec<String> = syms
        .iter()
        .map(|s| name_at(obj, strtab, size, s.name))
        .collect::<Result<_, _>>()?;
    let mut renamed = Vec::new();
    let mut patched = Vec::new();
    for (s, name) in syms.iter().zip(&before) {
        if s.defined_global && name.starts_with("tailor_") {
            let at = strtab + s.name;
            if !patched.contains(&at) {
                obj[at..at + 6].copy_from_slice(tag.as_bytes());
                patched.push(at);
            }
            renamed.push(format!("{tag}{}", &name[6..]));
        }
    }
    // Every other name must be unchanged, every renamed one must read back as intended.
    for (s, old) in syms.iter().zip(&before) {
        let now = name_at(obj, strtab, size, s.name)?;
        let want = if s.defined_global && old.starts_with("tailor_") {
            format!("{tag}{}", &old[6..])
        } else {
            old.clone()
        };
        if now != want {
            return Err(format!(
                "renaming {old} changed a shared name: now {now}, want {want}"
            ));
        }
    }
    Ok(renamed)
}
