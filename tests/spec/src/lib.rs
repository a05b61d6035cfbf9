//! The spec test crate: its test `spec` (`tests/spec.rs`) runs every `.wast` file of the suite
//! vendored in `testsuite/` with the `tailor-wast` runner, for every tier and CPU variant this host
//! can run. This library only lists the suite's files.

use std::path::Path;

/// Every `.wast` file under `root` (recursively), as sorted `/`-separated relative paths.
///
/// All are returned, including the folders the skip list skips, so that their directives are counted.
pub fn suite_files(root: &Path) -> std::io::Result<Vec<String>> {
    let mut files = Vec::new();
    collect(root, root, &mut files)?;
    files.sort();
    Ok(files)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "wast") {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let name: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            out.push(name.join("/"));
        }
    }
    Ok(())
}
