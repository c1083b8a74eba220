//! Renderers of an `accord check` report, one module per format: `text` for people, the rest
//! for CI systems (`github` workflow annotations, `junit` XML, `sarif` for code scanning,
//! `markdown` for a pull-request comment) and `json` for tools.

mod github;
mod json;
mod junit;
mod markdown;
mod sarif;
mod summary;
mod text;

use std::io;

use super::report::CheckReport;
use crate::args::OutFormat;
use crate::output::Output;

/// Print `report` in `format`.
pub(crate) fn render(format: OutFormat, out: &mut Output, report: &CheckReport) -> io::Result<()> {
    match format {
        OutFormat::Text => text::render(out, report),
        OutFormat::Json => json::render(out, report),
        OutFormat::Github => github::render(out, report),
        OutFormat::Junit => junit::render(out, report),
        OutFormat::Sarif => sarif::render(out, report),
        OutFormat::Markdown => markdown::render(out, report),
    }
}
