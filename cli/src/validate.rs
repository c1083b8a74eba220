//! `accord validate --schema FILE [FILE|-]...`: validate JSON or NDJSON payloads against a local
//! schema, streaming, in constant memory. `--subject S [--version V]` takes the schema from the
//! registry instead; `--framed hex|base64` reads one Confluent frame per line and validates each
//! payload against the schema its id names, fetched from the registry once per id
//! (`validate/registry.rs`, `validate/framed.rs`).
//!
//! The schema is compiled once (`accord_schemas::validate::Validator`); each input is either one
//! JSON document or NDJSON, one payload per line, read with the core's `NdjsonReader` so a line
//! is never held beyond the payload limit and one bad line never stops the stream. Valid payloads
//! print nothing; each invalid one is reported as it is found (renderers in `validate/`), then a
//! summary. Exit 0 when every payload is valid, 1 when one is invalid or is not JSON.

mod framed;
mod progress;
mod registry;
mod report;

use std::fs;
use std::io::{self, BufRead, Cursor, Read};

use accord_schemas::format::PayloadValidator;
use accord_schemas::limits::Limits;
use accord_schemas::validate::ndjson::NdjsonReader;
use accord_schemas::validate::{Error as CompileError, PayloadError, PayloadLimits};

use crate::args::{FrameEncoding, ValidateArgs};
use crate::exit::Exit;
use crate::failure::{Failure, Outcome};
use crate::input::{describe_pointer, load_schema, LoadedSchema, Source};
use crate::locate::locate;
use crate::output::{write_failed, Output};

use self::progress::Progress;
use self::registry::Registry;
use self::report::{At, Counts, Reporter};

/// Where each payload's schema comes from.
enum Schemas {
    /// One schema for every payload (a file, or a subject version in the registry).
    One(PayloadValidator),
    /// Framed input: the schema of each frame's id, from the registry.
    Framed {
        encoding: FrameEncoding,
        registry: Registry,
        frame: Vec<u8>,
    },
}

pub(crate) fn run(args: &ValidateArgs, out: &mut Output) -> Outcome {
    let schema_source = args.schema.as_deref().map(Source::new);
    let inputs: Vec<Source> = if args.files.is_empty() {
        vec![Source::Stdin]
    } else {
        args.files.iter().map(|p| Source::new(p)).collect()
    };
    let stdin_readers = inputs.iter().chain(schema_source.as_ref());
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
    let schemas = match (&schema_source, &args.subject, args.framed) {
        (Some(schema_source), _, _) => {
            let schema = load_schema(schema_source, args.schema_type.map(|t| t.schema_type()))?;
            let validator = schema.doc.validator(&Limits::DEFAULT);
            Schemas::One(validator.map_err(|e| compile_failure(&schema, &e))?)
        }
        (None, Some(subject), _) => {
            let validator = Registry::connect(&args.registry)?.subject(subject, args.version)?;
            Schemas::One(validator)
        }
        (None, None, Some(encoding)) => Schemas::Framed {
            encoding,
            registry: Registry::connect(&args.registry)?,
            frame: Vec::new(),
        },
        (None, None, None) => {
            return Err(Failure::usage(
                "name the schema: --schema FILE, --subject SUBJECT or --framed ENCODING",
            ))
        }
    };

    let mut check = Check {
        counts: Counts {
            bad_frames: matches!(schemas, Schemas::Framed { .. }).then_some(0),
            ..Counts::default()
        },
        schemas,
        limits: PayloadLimits::DEFAULT,
        reporter: Reporter::new(args.format, out),
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
    schemas: Schemas,
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
        if let Schemas::Framed { encoding, .. } = self.schemas {
            return self.framed(reader, source, encoding, out);
        }
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
                .and_then(|bytes| self.one().validate_bytes(bytes, &self.limits));
            if self.record(at, result.map_err(Failed::Payload), out)? == Flow::Stop {
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
            self.one().validate_bytes(payload, &self.limits)
        };
        let name = source.name();
        let at = At {
            source: &name,
            line: None,
        };
        self.record(at, result.map_err(Failed::Payload), out)
    }

    /// The one schema of an input that is not framed.
    fn one(&self) -> &PayloadValidator {
        match &self.schemas {
            Schemas::One(validator) => validator,
            Schemas::Framed { .. } => unreachable!("framed input is read by Check::framed"),
        }
    }

    /// An input of framed messages, one per line in `encoding`.
    fn framed(
        &mut self,
        reader: Box<dyn BufRead>,
        source: &Source,
        encoding: FrameEncoding,
        out: &mut Output,
    ) -> Result<Flow, Failure> {
        let name = source.name();
        let max_line = framed::max_line_bytes(encoding, self.limits.max_payload_bytes);
        let mut lines = NdjsonReader::new(reader, max_line);
        while let Some(line) = lines.next_line().map_err(|e| source.read_failure(e))? {
            let at = At {
                source: &name,
                line: Some(line.number),
            };
            let Schemas::Framed {
                registry, frame, ..
            } = &mut self.schemas
            else {
                unreachable!("Check::framed reads framed input only");
            };
            let result = match line.payload {
                Err(e) => Err(Failed::Payload(e)),
                Ok(text) => match framed::decode(encoding, text, frame) {
                    Err(e) => Err(Failed::Frame(e)),
                    Ok((id, payload)) => match registry.by_id(id)? {
                        Err(e) => Err(Failed::Frame(e)),
                        Ok(validator) => validator
                            .validate_frame_payload(payload, &self.limits)
                            .map_err(Failed::Payload),
                    },
                },
            };
            if self.record(at, result, out)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Count one payload's result and report it when it failed.
    fn record(
        &mut self,
        at: At<'_>,
        result: Result<accord_schemas::validate::Outcome, Failed>,
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
            Err(Failed::Payload(error)) => {
                self.counts.unreadable += 1;
                self.progress.clear();
                Some(self.reporter.unreadable(out, &at, &error))
            }
            Err(Failed::Frame(error)) => {
                *self.counts.bad_frames.get_or_insert(0) += 1;
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

/// Why a payload could not be checked.
enum Failed {
    /// The payload is not JSON, too large or too deep.
    Payload(PayloadError),
    /// The line is not a frame, or its schema id cannot be used.
    Frame(String),
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
