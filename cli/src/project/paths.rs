//! Paths inside the project: relative to the directory holding `accord.toml` (the root), with `/`
//! separators as git and CI annotations spell them, and the PATHS filter of `accord check`.

use std::path::{Path, PathBuf};

use crate::exit::Exit;
use crate::failure::Failure;

/// `path` relative to `root`, with `/` separators.
pub(crate) fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The PATHS given on the command line, as prefixes relative to the root.
pub(crate) struct PathFilter {
    prefixes: Option<Vec<String>>,
}

impl PathFilter {
    pub(crate) fn all() -> PathFilter {
        PathFilter { prefixes: None }
    }

    pub(crate) fn new(root: &Path, paths: &[PathBuf]) -> Result<PathFilter, Failure> {
        if paths.is_empty() {
            return Ok(PathFilter::all());
        }
        let root = absolute(root)?;
        let mut prefixes = Vec::new();
        for path in paths {
            let full = absolute(path)?;
            let rel = relative(&root, &full).ok_or_else(|| {
                Failure::usage(format!(
                    "{} is outside the project at {}",
                    path.display(),
                    root.display()
                ))
            })?;
            prefixes.push(rel);
        }
        Ok(PathFilter {
            prefixes: Some(prefixes),
        })
    }

    pub(crate) fn accepts(&self, path: &str) -> bool {
        match &self.prefixes {
            None => true,
            Some(prefixes) => prefixes.iter().any(|p| {
                p.is_empty()
                    || path == p
                    || path
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            }),
        }
    }
}

/// `path` made absolute and free of `.`/`..` and symlinks as far as it exists.
fn absolute(path: &Path) -> Result<PathBuf, Failure> {
    let cwd = std::env::current_dir().map_err(|e| Failure::new(Exit::Infrastructure, e))?;
    let full = cwd.join(path);
    if let Ok(canonical) = full.canonicalize() {
        return Ok(canonical);
    }
    // A path that no longer exists (a deleted file): canonicalise what does.
    let mut existing = full.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        rest.push(existing.file_name().unwrap_or_default().to_os_string());
        existing = parent;
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            out.extend(rest.iter().rev());
            return Ok(out);
        }
    }
    Ok(full)
}
