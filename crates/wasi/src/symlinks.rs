//! Symlinks the guest makes or moves never point outside the directory it made them through.
//!
//! cap-std never follows a symlink out of a preopen, but a host tool walking the directory later
//! would. So `path_symlink` refuses (`EPERM`, the errno cap-std and Wasmtime give an absolute
//! target) a target that is absolute or climbs with `..` above the directory of the descriptor
//! the call names, counting from the directory the link is created in (its own symlinks resolved):
//! `sub/link -> ../x` is fine, `link -> ../x` is not. `..` is accepted only at the start of a
//! target: after a name (`a/../../x`) it could climb out through `a` if `a` is (or later becomes)
//! a symlink, so such a target is refused too.
//!
//! Moving a link can change where it leads, so `path_rename` and `path_link` check a symlink they
//! move at its new place, and `path_rename` checks every symlink inside a directory it moves
//! higher (or through another descriptor). Links the host made are its own business: an absolute
//! one may be moved (it leads where it led); one that would climb out from its new place may not.

use crate::errno::Errno;
use cap_fs_ext::DirExt;
use cap_std::fs::Dir;
use std::path::{Component, Path, PathBuf};

/// Where a symlink's contents lead, read as text.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// From the host's root directory.
    Absolute,
    /// Up this many directories from the link's own, then only down.
    Up(usize),
    /// `..` after a name: where it leads depends on whether that name is a symlink.
    Unsure,
}

fn target(contents: &[u8]) -> Target {
    if contents.first() == Some(&b'/') {
        return Target::Absolute;
    }
    let mut up = 0;
    let mut named = false;
    for part in contents.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." if named => return Target::Unsure,
            b".." => up += 1,
            _ => named = true,
        }
    }
    Target::Up(up)
}

/// How many directories below `dir` the entry `path` (relative to `dir`) sits, with the symlinks
/// on the way to its directory resolved: 0 for a name in `dir` itself.
fn depth(dir: &Dir, path: &str) -> Result<usize, Errno> {
    let parent = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let canonical = dir.canonicalize(parent)?;
    Ok(canonical
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count())
}

/// Whether a link with `contents` may sit `depth` directories below the descriptor's directory.
fn allowed(contents: &[u8], depth: impl FnOnce() -> Result<usize, Errno>) -> Result<(), Errno> {
    match target(contents) {
        Target::Up(0) => Ok(()),
        Target::Up(up) if up <= depth()? => Ok(()),
        _ => Err(Errno::PERM),
    }
}

/// `path_symlink(contents, dir, link)`: refuses a target that could lead outside `dir`.
pub(crate) fn check_new(dir: &Dir, link: &str, contents: &str) -> Result<(), Errno> {
    allowed(contents.as_bytes(), || depth(dir, link))
}

/// The contents of `path` in `dir` if it is a symlink (`None` for anything else, or if it cannot
/// be read: the operation itself then reports why).
fn link_contents(dir: &Dir, path: &str) -> Option<PathBuf> {
    let meta = dir.symlink_metadata(path).ok()?;
    if !meta.is_symlink() {
        return None;
    }
    dir.read_link_contents(path).ok()
}

/// `path_link(from_dir, from, to_dir, to)` without following: a symlink linked to a new place
/// must still lead inside `to_dir` from there.
pub(crate) fn check_link(from_dir: &Dir, from: &str, to_dir: &Dir, to: &str) -> Result<(), Errno> {
    match link_contents(from_dir, from) {
        Some(contents) => moved(&contents, || depth(to_dir, to)),
        None => Ok(()),
    }
}

/// A symlink moved to a place `depth` below the destination descriptor's directory.
fn moved(contents: &Path, depth: impl FnOnce() -> Result<usize, Errno>) -> Result<(), Errno> {
    let bytes = contents.as_os_str().as_encoded_bytes();
    if target(bytes) == Target::Absolute {
        return Ok(());
    }
    allowed(bytes, depth)
}

/// `path_rename(from_dir, from, to_dir, to)`: a symlink moved must lead inside `to_dir` from its
/// new place, and so must every symlink in a directory moved higher. `same_dir` says `from_dir`
/// and `to_dir` are one descriptor (then a directory moved as deep or deeper needs no look).
pub(crate) fn check_rename(
    from_dir: &Dir,
    from: &str,
    to_dir: &Dir,
    to: &str,
    same_dir: bool,
) -> Result<(), Errno> {
    let Ok(meta) = from_dir.symlink_metadata(from) else {
        return Ok(());
    };
    if meta.is_symlink() {
        return check_link(from_dir, from, to_dir, to);
    }
    if !meta.is_dir() {
        return Ok(());
    }
    // The depth of the moved directory itself: one more than that of the names beside it.
    let new_depth = depth(to_dir, to)? + 1;
    if same_dir && new_depth > depth(from_dir, from)? {
        return Ok(());
    }
    let top = from_dir.open_dir_nofollow(from)?;
    if climb_needed(&top)? > new_depth {
        return Err(Errno::PERM);
    }
    Ok(())
}

/// How deep below the descriptor's directory `top` must sit for every symlink inside it to lead
/// inside (`EPERM` if one is [`Target::Unsure`]). Walks the tree without following symlinks.
fn climb_needed(top: &Dir) -> Result<usize, Errno> {
    let mut need = 0usize;
    // Directories to look at: their path below `top` and how deep below it they are.
    let mut todo: Vec<(PathBuf, usize)> = vec![(PathBuf::new(), 0)];
    while let Some((rel, below)) = todo.pop() {
        let opened;
        let dir = if rel.as_os_str().is_empty() {
            top
        } else {
            opened = top.open_dir_nofollow(&rel)?;
            &opened
        };
        for entry in dir.entries()? {
            let entry = entry?;
            let ft = entry.file_type()?;
            let name = entry.file_name();
            if ft.is_symlink() {
                let contents = dir.read_link_contents(&name)?;
                match target(contents.as_os_str().as_encoded_bytes()) {
                    Target::Absolute => {}
                    Target::Unsure => return Err(Errno::PERM),
                    // With `top` at depth `d`, this link's directory is at `d + below`: `top`
                    // must sit at least `up - below` deep.
                    Target::Up(up) => need = need.max(up.saturating_sub(below)),
                }
            } else if ft.is_dir() {
                todo.push((rel.join(&name), below + 1));
            }
        }
    }
    Ok(need)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_read_as_text() {
        assert_eq!(target(b"/etc"), Target::Absolute);
        assert_eq!(target(b"x"), Target::Up(0));
        assert_eq!(target(b"./a/./b/"), Target::Up(0));
        assert_eq!(target(b"../x"), Target::Up(1));
        assert_eq!(target(b"../../outside/secret"), Target::Up(2));
        assert_eq!(target(b".././..//x"), Target::Up(2));
        assert_eq!(target(b"a/../x"), Target::Unsure);
        assert_eq!(target(b"../a/../../x"), Target::Unsure);
        assert_eq!(target(b""), Target::Up(0));
    }
}
