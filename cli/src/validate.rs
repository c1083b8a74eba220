//! `accord validate --schema FILE [FILE|-]...`: validate JSON or NDJSON payloads against a local
//! schema, streaming, in constant memory.
//!
//! The schema is compiled once (`accord_schemas::validate::Validator`); each input is either one
//! JSON document or NDJSON, one payload per line, read with the core's `NdjsonReader` so a line
//! is never held beyond the payload limit and one bad line never stops the stream. Valid payloads
//! print nothing; each invalid one is reported as it is found (renderers in `validate/`), then a
//! summary. Exit 0 when every payload is valid, 1 when one is invalid or is not JSON.

mod progress;
mod report;

use std::fs;
use std::io::{self, BufRead, Cursor, Read};

use accord_schemas::validate::ndjson::NdjsonReader;
use accord_schemas::validate::{Error as CompileError, PayloadError, PayloadLimits, Validator};

use crate::args::ValidateArgs;
use crate::failure::{Failure, Outcome};
use crate::input::{describe_pointer, load_schema, LoadedSchema, Source};
use crate::locate::locate;
use crate::output::{write_failed, Output};
use crate::Exit;

use self::progress::Progress;
use self::report::{At, Counts, Reporter};

pub(crate) fn run(args: &ValidateArgs, out: &mut Output) -> Outcome {
    let schema_source = Source::new(&args.schema);
    let inputs: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|p| Source::new(p)).collect()
    };
    let stdin_readers = inputs.iter().chain([&schema_source]);
    if stdin_readers.filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(Failure::usage(
            "standard input (`-`) can be read only once: name the schema or the payloads by file",
        ));
    }
    // A missing payload file fails before anything is reported.
    for input in &inputs {
        if let Source::File(path) = input {
            fs::metadata(path).map_err(|e| input.read_failure(e))?;
        }
    }
    let schema = load_schema(&schema_source)?;
    let validator = Validator::compile(&schema.doc).map_err(|e| compile_failure(&schema, &e))?;

    let mut check = Check {
        validator,
        limits: PayloadLimits::DEFAULT,
        reporter: Reporter::new(args.format, out),
        counts: Counts::default(),
        max_errors: args.max_errors,
        progress: Progress::on_stderr(),
    };
    for input in &inputs {
        if check.source(input, args.ndjson, out)? == Flow::Stop {
            check.counts.stopped_early = true;
            break;
        }
    }
    check.progress.clear();
    check
        .reporter
        .summary(out, &check.counts)
        .map_err(write_failed)?;
    Ok(if check.counts.failed() == 0 {
        Exit::Pass
    } else {
        Exit::Failure
    })
}

#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

struct Check {
    validator: Validator,
    limits: PayloadLimits,
    reporter: Reporter,
    counts: Counts,
    max_errors: Option<u64>,
    progress: Progress,
}

impl Check {
    fn source(
        &mut self,
        source: &Source,
        force_lines: bool,
        out: &mut Output,
    ) -> Result<Flow, Failure> {
        let name = source.name();
        let mut reader = source.open()?;
        let (prefix, lines) = if force_lines {
            (Vec::new(), true)
        } else {
            sniff(&mut reader, self.limits.max_payload_bytes).map_err(|e| source.read_failure(e))?
        };
        let reader = Cursor::new(prefix).chain(reader);
        if !lines {
            return self.document(reader, source, out);
        }
        let mut lines = NdjsonReader::new(reader, self.limits.max_payload_bytes);
        while let Some(line) = lines.next_line().map_err(|e| source.read_failure(e))? {
            let at = At {
                source: &name,
                line: Some(line.number),
            };
            let result = line
                .payload
                .and_then(|bytes| self.validator.validate_bytes(bytes, &self.limits));
            if self.record(at, result, out)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// A whole input that is one JSON document, read within the payload limit.
    fn document(
        &mut self,
        reader: impl Read,
        source: &Source,
        out: &mut Output,
    ) -> Result<Flow, Failure> {
        let max = self.limits.max_payload_bytes;
        let mut bytes = Vec::new();
        let read = reader
            .take(max as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| source.read_failure(e))?;
        let result = if read > max {
            Err(PayloadError::TooLarge {
                bytes: read as u64,
                max,
            })
        } else {
            let payload = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            self.validator.validate_bytes(payload, &self.limits)
        };
        let name = source.name();
        let at = At {
            source: &name,
            line: None,
        };
        self.record(at, result, out)
    }

    /// Count one payload's result and report it when it failed.
    fn record(
        &mut self,
        at: At<'_>,
        result: Result<accord_schemas::validate::Outcome, PayloadError>,
        out: &mut Output,
    ) -> Result<Flow, Failure> {
        self.counts.payloads += 1;
        let reported = match result {
            Ok(outcome) if outcome.is_valid() => {
                self.counts.valid += 1;
                None
            }
            Ok(outcome) => {
                self.counts.invalid += 1;
                self.progress.clear();
                Some(self.reporter.invalid(out, &at, &outcome))
            }
            Err(error) => {
                self.counts.unreadable += 1;
                self.progress.clear();
                Some(self.reporter.unreadable(out, &at, &error))
            }
        };
        if let Some(written) = reported {
            written.map_err(write_failed)?;
            if self
                .max_errors
                .is_some_and(|max| self.counts.failed() >= max)
            {
                return Ok(Flow::Stop);
            }
        }
        self.progress.tick(&self.counts, out);
        Ok(Flow::Continue)
    }
}

/// Decide whether an input is NDJSON or one JSON document from its first non-blank line: a line
/// that is complete JSON (or broken JSON) starts NDJSON; a line that ends inside a value starts a
/// document spread over lines. Returns the bytes read, to be read again.
fn sniff(reader: &mut dyn BufRead, max: usize) -> io::Result<(Vec<u8>, bool)> {
    let mut prefix = Vec::new();
    loop {
        let start = prefix.len();
        let room = (max + 2).saturating_sub(prefix.len()) as u64;
        let read = reader.take(room).read_until(b'\n', &mut prefix)?;
        let line = &prefix[start..];
        if read == 0 || !line.ends_with(b"\n") && prefix.len() >= max + 2 {
            // The end, or a line too long to be anything but a (too large) NDJSON line.
            return Ok((prefix, true));
        }
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let lines = match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
            Ok(_) => true,
            Err(e) => !e.is_eof(),
        };
        return Ok((prefix, lines));
    }
}

/// The failure for a schema that parses but cannot be compiled into a validator.
fn compile_failure(schema: &LoadedSchema, error: &CompileError) -> Failure {
    let name = schema.source.name();
    let at = |pointer: &str| match locate(&schema.text, pointer) {
        Some((line, column)) => format!("{name}:{line}:{column}"),
        None => name.clone(),
    };
    let message = match error {
        CompileError::InvalidSchema { pointer, message } => format!(
            "{}: invalid schema at {}: {message}",
            at(pointer),
            describe_pointer(pointer)
        ),
        CompileError::Pattern { pointer, message } => {
            format!(
                "{}: unsupported pattern at {pointer}: {message}",
                at(pointer)
            )
        }
        other => format!("{name}: {other}"),
    };
    Failure::invalid_input(message)
}
