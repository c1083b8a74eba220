//! Errors that name `file:line:col`: a text and its name turn a byte span into the position every
//! error about `accord.toml` or a contract file starts with (tests and CI annotations rely on it).

use std::fmt::Display;
use std::ops::Range;

use crate::failure::Failure;
use crate::locate::line_column;

/// A file's text, and the name errors give it.
#[derive(Clone, Copy)]
pub(crate) struct Spans<'a> {
    pub(crate) name: &'a str,
    pub(crate) text: &'a str,
}

impl Spans<'_> {
    /// `name:line:col: message` (just `name: message` without a span), as invalid input.
    pub(crate) fn error(&self, span: Option<Range<usize>>, message: impl Display) -> Failure {
        let at = match span {
            Some(span) => {
                let (line, col) = line_column(self.text, span.start);
                format!("{}:{line}:{col}", self.name)
            }
            None => self.name.to_string(),
        };
        Failure::invalid_input(format!("{at}: {message}"))
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        line_column(self.text, offset).0
    }

    /// Parse the text as TOML into `T`; a syntax error or an unknown key names its position.
    pub(crate) fn toml<T: serde::de::DeserializeOwned>(&self) -> Result<T, Failure> {
        toml::from_str(self.text).map_err(|e| self.error(e.span(), e.message().trim_end()))
    }
}
