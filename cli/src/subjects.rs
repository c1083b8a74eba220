//! `accord subjects [--explain]`: the file → subject → level table `accord.toml` yields, so the
//! mapping can be reviewed before CI relies on it. Two files on one subject is an error (exit 3).

use std::io::Write;

use crate::args::SubjectsArgs;
use crate::exit::Exit;
use crate::failure::Outcome;
use crate::output::{write_failed, Output};
use crate::project::{produced, Config, PathFilter};

pub(crate) fn run(args: &SubjectsArgs, out: &mut Output) -> Outcome {
    let config = Config::find_and_load(args.project.config.as_deref())?;
    let files = produced(&config, &PathFilter::all())?;
    let mut rows: Vec<[String; 5]> = files
        .iter()
        .map(|p| {
            [
                p.path.clone(),
                p.mapping.subject.clone(),
                p.mapping.level.to_string(),
                p.mapping.policy.to_string(),
                p.mapping.why.clone(),
            ]
        })
        .collect();
    for (subject, over) in &config.subjects {
        if over.retired && !files.iter().any(|p| &p.mapping.subject == subject) {
            rows.push([
                "-".to_string(),
                subject.clone(),
                "retired".to_string(),
                String::new(),
                "[subjects] retired = true".to_string(),
            ]);
        }
    }
    let columns = if args.explain { 5 } else { 4 };
    let header = ["FILE", "SUBJECT", "LEVEL", "POLICY", "WHY"];
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header.map(String::from)).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().take(columns).enumerate() {
            if i + 1 == columns {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        text.trim_end().to_string()
    };
    let mut text = line(&header.map(String::from)) + "\n";
    for row in &rows {
        text.push_str(&line(row));
        text.push('\n');
    }
    out.write_all(text.as_bytes()).map_err(write_failed)?;
    Ok(Exit::Pass)
}
