//! `accord init`: write a starter `accord.toml` in the current directory from the JSON Schema
//! files found under it: one `[[produces]]` glob per directory holding schemas, topic naming
//! (subject `<file stem>-value`), BACKWARD and STRICT. An existing file is kept unless `--force`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use crate::args::InitArgs;
use crate::client::DEFAULT_URL;
use crate::exit::Exit;
use crate::failure::{Failure, Outcome};
use crate::output::{write_failed, Output};
use crate::project::{relative, DEFAULT_LEVEL, DEFAULT_NAMING, DEFAULT_POLICY, FILE_NAME};

pub(crate) fn run(args: &InitArgs, out: &mut Output) -> Outcome {
    let root = std::env::current_dir().map_err(|e| Failure::new(Exit::Infrastructure, e))?;
    let target = root.join(FILE_NAME);
    if target.exists() && !args.force {
        return Err(Failure::invalid_input(format!(
            "{} already exists; pass --force to overwrite it",
            target.display()
        )));
    }
    let dirs = schema_dirs(&root);
    let text = starter(&dirs, args.registry.as_deref());
    std::fs::write(&target, &text).map_err(|e| {
        Failure::new(
            Exit::Infrastructure,
            anyhow::Error::from(e).context(format!("cannot write {}", target.display())),
        )
    })?;
    let message = if dirs.is_empty() {
        format!("wrote {FILE_NAME}: no schema files (JSON Schema or .avsc) found; edit its [[produces]] glob")
    } else {
        format!(
            "wrote {FILE_NAME} with {} [[produces]] glob(s); review it with `accord subjects --explain`",
            dirs.len()
        )
    };
    writeln!(out, "{message}").map_err(write_failed)?;
    Ok(Exit::Pass)
}

/// The directories (relative, `/`-separated, `""` for the root) holding schema files, each with
/// the extension of its schemas: `json` (JSON Schema) or `avsc` (Avro).
fn schema_dirs(root: &Path) -> BTreeSet<(String, &'static str)> {
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && e.file_name().to_str().is_some_and(|n| {
                        n.starts_with('.') || n == "target" || n == "node_modules"
                    }))
        });
    let mut dirs = BTreeSet::new();
    for entry in walker.filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file() {
            continue;
        }
        let extension = match path.extension().and_then(|e| e.to_str()) {
            Some("json") if looks_like_schema(path) => "json",
            Some("avsc") => "avsc",
            _ => continue,
        };
        if let Some(dir) = path.parent().and_then(|d| relative(root, d)) {
            dirs.insert((dir, extension));
        }
    }
    dirs
}

/// A JSON object with a JSON Schema keyword at its top.
fn looks_like_schema(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&text) else {
        return false;
    };
    [
        "$schema",
        "type",
        "properties",
        "$id",
        "oneOf",
        "anyOf",
        "allOf",
    ]
    .iter()
    .any(|k| map.contains_key(*k))
}

fn starter(dirs: &BTreeSet<(String, &str)>, registry: Option<&str>) -> String {
    let mut text = String::from(
        "# accord.toml: the schemas this application produces, and how they are checked.\n\
         # `accord subjects --explain` shows the resulting file -> subject -> level table.\n\n",
    );
    text.push_str("[registry]\n");
    text.push_str(&format!(
        "url = \"{}\"  # the token comes from ACCORD_TOKEN\n\n",
        registry.unwrap_or(DEFAULT_URL)
    ));
    text.push_str(&format!(
        "[defaults]\nlevel = \"{DEFAULT_LEVEL}\"\npolicy = \"{DEFAULT_POLICY}\"\n\
         naming = \"{}\"  # topic: <file stem>-value; record: the schema's title; topic-record\n\
         format = \"json\"\n",
        DEFAULT_NAMING.as_str()
    ));
    if dirs.is_empty() {
        text.push_str("\n[[produces]]\nfiles = \"schemas/*.json\"\n");
    }
    for (dir, extension) in dirs {
        let glob = if dir.is_empty() {
            format!("*.{extension}")
        } else {
            format!("{dir}/*.{extension}")
        };
        text.push_str(&format!("\n[[produces]]\nfiles = \"{glob}\"\n"));
    }
    text.push_str(
        "\n# Per-subject overrides:\n# [subjects.\"orders-value\"]\n# level = \"FULL\"\n\
         # retired = true  # its file may be deleted\n",
    );
    text
}
