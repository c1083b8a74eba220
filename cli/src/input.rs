//! Reading what the user names on the command line: files or standard input (`-`), and schema
//! documents parsed from them. Every failure names the file; JSON syntax errors and invalid
//! schemas also name the line and column in it.
//!
//! A file that is missing, unreadable or not a schema is the user's input: exit 3. Only an I/O
//! failure that says nothing about the input itself (a device error) is infrastructure: exit 5.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use accord_schemas::format::Model;
use accord_schemas::limits::Limits;
use accord_schemas::{Error as SchemaError, SchemaType};

use crate::exit::Exit;
use crate::failure::Failure;
use crate::locate::{locate, Places};

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// Standard input, written `-` on the command line.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    pub(crate) fn new(arg: &Path) -> Source {
        if arg.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(arg.to_path_buf())
        }
    }

    /// The name used in messages: the path as given, or `<stdin>`.
    pub(crate) fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// A buffered reader over the input.
    pub(crate) fn open(&self) -> Result<Box<dyn BufRead>, Failure> {
        const BUFFER: usize = 256 * 1024;
        match self {
            Source::Stdin => Ok(Box::new(BufReader::with_capacity(BUFFER, io::stdin()))),
            Source::File(path) => match File::open(path) {
                Ok(file) => Ok(Box::new(BufReader::with_capacity(BUFFER, file))),
                Err(e) => Err(self.read_failure(e)),
            },
        }
    }

    /// The failure for an I/O error while reading this input.
    pub(crate) fn read_failure(&self, e: io::Error) -> Failure {
        use io::ErrorKind::*;
        let exit = match e.kind() {
            NotFound | PermissionDenied | IsADirectory | InvalidInput | InvalidData
            | UnexpectedEof => Exit::InvalidInput,
            _ => Exit::Infrastructure,
        };
        Failure::new(
            exit,
            anyhow::Error::from(e).context(format!("cannot read {}", self.name())),
        )
    }
}

/// A schema document read from a file, with its text kept to locate pointers in it.
pub(crate) struct LoadedSchema {
    pub(crate) source: Source,
    pub(crate) text: String,
    pub(crate) doc: Model,
    /// Where pointers are in `text`, found once for every finding placed in it.
    pub(crate) places: Places,
}

/// The format of a schema file: `explicit` when given, else from its name (`.avsc` is Avro,
/// anything else JSON Schema, as standard input).
pub(crate) fn schema_type_of(name: &str, explicit: Option<SchemaType>) -> SchemaType {
    explicit.unwrap_or_else(|| {
        if name.to_ascii_lowercase().ends_with(".avsc") {
            SchemaType::Avro
        } else {
            SchemaType::Json
        }
    })
}

/// Read and parse the schema at `source` within the default limits, as `explicit` or as its
/// name says.
pub(crate) fn load_schema(
    source: &Source,
    explicit: Option<SchemaType>,
) -> Result<LoadedSchema, Failure> {
    let (text, doc) = read_and_parse(source, explicit)?;
    Ok(LoadedSchema::new(source, text, doc))
}

/// [`load_schema`] of two inputs at once, each on its own thread (reading and parsing a large
/// document is most of what `accord diff` does). A failure of `first` is reported before one of
/// `second`, as if they were read in turn.
pub(crate) fn load_schemas(
    first: &Source,
    second: &Source,
    explicit: Option<SchemaType>,
) -> Result<(LoadedSchema, LoadedSchema), Failure> {
    let (a, b) = std::thread::scope(|scope| {
        let b = scope.spawn(|| read_and_parse(second, explicit));
        let a = read_and_parse(first, explicit);
        (a, b.join())
    });
    let (text_a, doc_a) = a?;
    let (text_b, doc_b) = b.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    Ok((
        LoadedSchema::new(first, text_a, doc_a),
        LoadedSchema::new(second, text_b, doc_b),
    ))
}

fn read_and_parse(
    source: &Source,
    explicit: Option<SchemaType>,
) -> Result<(String, Model), Failure> {
    let text = read_schema_text(source, &Limits::DEFAULT)?;
    let doc = parse_schema(source, &text, schema_type_of(&source.name(), explicit))?;
    Ok((text, doc))
}

impl LoadedSchema {
    fn new(source: &Source, text: String, doc: Model) -> LoadedSchema {
        LoadedSchema {
            source: source.clone(),
            text,
            doc,
            places: Places::default(),
        }
    }
}

/// Parse schema text of type `ty` (no references); errors name `file:line:col`.
pub(crate) fn parse_schema(source: &Source, text: &str, ty: SchemaType) -> Result<Model, Failure> {
    Model::parse_standalone(ty, text, &Limits::DEFAULT)
        .map_err(|e| schema_failure(source, text, &e))
}

/// Read a whole schema document, refusing one larger than the document limit before it is all in
/// memory (standard input may be endless).
fn read_schema_text(source: &Source, limits: &Limits) -> Result<String, Failure> {
    let max = limits.max_document_bytes;
    let mut bytes = Vec::new();
    source
        .open()?
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| source.read_failure(e))?;
    if bytes.len() > max {
        return Err(Failure::invalid_input(format!(
            "{}: limit exceeded: max_document_bytes is {max}, the schema is larger",
            source.name()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::invalid_input(format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            source.name(),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The failure for a schema the core could not parse or check: the file, the position when there
/// is one, and the core's words.
pub(crate) fn schema_failure(source: &Source, text: &str, error: &SchemaError) -> Failure {
    let name = source.name();
    let at = |pointer: &str| match locate(text, pointer) {
        Some((line, column)) => format!("{name}:{line}:{column}"),
        None => name.clone(),
    };
    let message = match error {
        SchemaError::Json {
            message,
            line,
            column,
        } => format!("{name}:{line}:{column}: invalid JSON: {message}"),
        SchemaError::InvalidSchema { pointer, message } => format!(
            "{}: invalid schema at {}: {message}",
            at(pointer),
            describe_pointer(pointer)
        ),
        SchemaError::UnresolvedRef { pointer, .. } => format!("{}: {error}", at(pointer)),
        other => format!("{name}: {other}"),
    };
    Failure::invalid_input(message)
}

/// A JSON pointer as people read it: the root has the empty pointer.
pub(crate) fn describe_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "the root"
    } else {
        pointer
    }
}
