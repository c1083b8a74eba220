//! Parsing: `.proto` text (or Confluent's base64 `FileDescriptorProto`) compiled with `protox`
//! against the schema's references, the well-known types and the bundled types, into a
//! `prost-reflect` descriptor pool.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use base64::Engine as _;
use prost::Message as _;
use prost_reflect::{DescriptorPool, FileDescriptor};
use protox::file::{File, FileResolver, GoogleFileResolver};
use protox::Compiler;

use super::bundled;
use crate::limits::Limits;
use crate::{Error, Result};

/// A parsed Protobuf schema: the descriptor of its file, in the pool of it and every file it
/// imports. Cheap to clone (the pool is shared).
///
/// ```
/// use accord_schemas::protobuf::ProtobufSchema;
/// let money = "syntax = \"proto3\"; package shop; message Money { string currency = 1; int64 units = 2; }";
/// let order = r#"
///     syntax = "proto3";
///     package shop;
///     import "money.proto";
///     import "google/protobuf/timestamp.proto";
///     message Order {
///       Money total = 1;
///       google.protobuf.Timestamp placed_at = 2;
///     }
/// "#;
/// let schema = ProtobufSchema::parse(order, &[("money.proto", money)]).unwrap();
/// assert_eq!(schema.file().package_name(), "shop");
/// assert_eq!(schema.message_names(), ["shop.Order"]);
/// ```
#[derive(Debug, Clone)]
pub struct ProtobufSchema {
    pool: DescriptorPool,
    file: FileDescriptor,
}

/// Where a file comes from: `.proto` text, or an encoded `FileDescriptorProto` (the
/// serialized form, or a file of a referenced schema's pool).
#[derive(Debug, Clone)]
enum Source {
    Text(String),
    Descriptor(Vec<u8>),
}

impl Source {
    fn open(&self, name: &str) -> std::result::Result<File, protox::Error> {
        match self {
            Source::Text(text) => File::from_source(name, text),
            Source::Descriptor(bytes) => {
                File::decode_file_descriptor_proto(bytes.as_slice()).map_err(protox::Error::new)
            }
        }
    }
}

/// Resolves the schema's file, its references, the well-known and the bundled types: never the
/// file system.
#[derive(Debug)]
struct Resolver {
    root_name: String,
    root: Source,
    references: HashMap<String, Source>,
}

impl Resolver {
    fn open(&self, name: &str) -> std::result::Result<File, protox::Error> {
        if name == self.root_name {
            return self.root.open(name);
        }
        if let Some(source) = self.references.get(name) {
            return source.open(name);
        }
        if let Some(text) = bundled::get(name) {
            return File::from_source(name, text);
        }
        GoogleFileResolver::new().open_file(name)
    }

    /// The text of a file given as text, to place an error in it.
    fn text(&self, name: &str) -> Option<&str> {
        let source = if name == self.root_name {
            &self.root
        } else {
            self.references.get(name)?
        };
        match source {
            Source::Text(text) => Some(text),
            Source::Descriptor(_) => None,
        }
    }

    /// Whether an import of `name` resolves.
    fn has(&self, name: &str) -> bool {
        name == self.root_name
            || self.references.contains_key(name)
            || bundled::get(name).is_some()
            || GoogleFileResolver::new().open_file(name).is_ok()
    }

    /// The first import that does not resolve, with the file importing it: walked only after
    /// the compiler reported a missing file, to name both.
    fn missing_import(&self) -> Option<(String, String)> {
        let mut seen = HashSet::from([self.root_name.clone()]);
        let mut stack = vec![self.root_name.clone()];
        while let Some(name) = stack.pop() {
            let Ok(file) = self.open(&name) else {
                continue;
            };
            for import in &file.file_descriptor_proto().dependency {
                if !self.has(import) {
                    return Some((import.clone(), name));
                }
                if seen.insert(import.clone()) {
                    stack.push(import.clone());
                }
            }
        }
        None
    }
}

/// The resolver the compiler owns, shared with the search for a missing import.
struct Shared(Arc<Resolver>);

impl FileResolver for Shared {
    fn open_file(&self, name: &str) -> std::result::Result<File, protox::Error> {
        self.0.open(name)
    }
}

impl ProtobufSchema {
    /// The name the schema's own file gets when the caller gives none.
    pub const DEFAULT_FILE_NAME: &'static str = "schema.proto";

    /// Parse `.proto` text whose imports resolve from `references` (import name → `.proto`
    /// text), the well-known types and the bundled types, within the default limits.
    pub fn parse(text: &str, references: &[(&str, &str)]) -> Result<ProtobufSchema> {
        ProtobufSchema::parse_with_limits(text, references, &Limits::DEFAULT)
    }

    /// [`ProtobufSchema::parse`] within explicit limits: the text's size and its nesting of
    /// braces (each reference is held to the same limits).
    ///
    /// A missing import is an [`Error::UnresolvedImport`] naming the import and the file that
    /// imports it:
    ///
    /// ```
    /// use accord_schemas::protobuf::ProtobufSchema;
    /// use accord_schemas::Error;
    /// let text = "syntax = \"proto3\"; import \"common/money.proto\"; message A { int32 x = 1; }";
    /// let err = ProtobufSchema::parse(text, &[]).unwrap_err();
    /// assert!(matches!(err, Error::UnresolvedImport { ref import, ref importer }
    ///     if import == "common/money.proto" && importer == "schema.proto"));
    /// ```
    pub fn parse_with_limits(
        text: &str,
        references: &[(&str, &str)],
        limits: &Limits,
    ) -> Result<ProtobufSchema> {
        ProtobufSchema::parse_named(Self::DEFAULT_FILE_NAME, text, references, limits)
    }

    /// Parse `.proto` text as the file called `name` (what other files import it as, and the
    /// name its descriptor carries).
    pub fn parse_named(
        name: &str,
        text: &str,
        references: &[(&str, &str)],
        limits: &Limits,
    ) -> Result<ProtobufSchema> {
        check_text(name, text, limits)?;
        compile(
            name,
            Source::Text(text.to_string()),
            text_references(references, limits)?,
        )
    }

    /// Parse `.proto` text whose imports resolve from schemas parsed before (import name →
    /// schema), as a registry holds its referenced versions: each is imported as its canonical
    /// text, and the files it imports come from its own pool.
    ///
    /// ```
    /// use accord_schemas::limits::Limits;
    /// use accord_schemas::protobuf::ProtobufSchema;
    /// let money = ProtobufSchema::parse("syntax = \"proto3\"; package m; message Money { int64 units = 1; }", &[]).unwrap();
    /// let order = ProtobufSchema::parse_with_schemas(
    ///     "syntax = \"proto3\"; import \"money.proto\"; message Order { m.Money total = 1; }",
    ///     &[("money.proto", &money)],
    ///     &Limits::DEFAULT,
    /// ).unwrap();
    /// assert!(order.pool().get_message_by_name("m.Money").is_some());
    /// ```
    pub fn parse_with_schemas(
        text: &str,
        references: &[(&str, &ProtobufSchema)],
        limits: &Limits,
    ) -> Result<ProtobufSchema> {
        let name = Self::DEFAULT_FILE_NAME;
        check_text(name, text, limits)?;
        let mut sources: HashMap<String, Source> = references
            .iter()
            .map(|(n, schema)| (n.to_string(), Source::Text(schema.canonical_text())))
            .collect();
        for (_, schema) in references {
            for file in schema.pool().files() {
                if file.name() != schema.file().name() && !sources.contains_key(file.name()) {
                    sources.insert(
                        file.name().to_string(),
                        Source::Descriptor(file.encode_to_vec()),
                    );
                }
            }
        }
        compile(name, Source::Text(text.to_string()), sources)
    }

    /// A schema sent in Confluent's `format=serialized` form: the base64 of a
    /// `FileDescriptorProto` (standard alphabet, padding optional). Its imports resolve as for
    /// [`ProtobufSchema::parse`].
    ///
    /// ```
    /// use accord_schemas::protobuf::ProtobufSchema;
    /// let schema = ProtobufSchema::parse("syntax = \"proto3\"; message A { string s = 1; }", &[]).unwrap();
    /// let again = ProtobufSchema::from_serialized(&schema.serialized(), &[]).unwrap();
    /// assert_eq!(again.canonical_text(), schema.canonical_text());
    /// ```
    pub fn from_serialized(base64: &str, references: &[(&str, &str)]) -> Result<ProtobufSchema> {
        ProtobufSchema::from_serialized_with_limits(base64, references, &Limits::DEFAULT)
    }

    /// [`ProtobufSchema::from_serialized`] within explicit limits.
    pub fn from_serialized_with_limits(
        base64: &str,
        references: &[(&str, &str)],
        limits: &Limits,
    ) -> Result<ProtobufSchema> {
        if base64.len() > limits.max_document_bytes {
            return Err(too_large(base64.len(), limits));
        }
        let trimmed = base64.trim().trim_end_matches('=');
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(trimmed)
            .map_err(|e| Error::invalid("", format!("the serialized schema is not base64: {e}")))?;
        let proto = prost_types::FileDescriptorProto::decode(bytes.as_slice()).map_err(|e| {
            Error::invalid(
                "",
                format!("the serialized schema is not a FileDescriptorProto: {e}"),
            )
        })?;
        let references_map = text_references(references, limits)?;
        // The descriptor's own name is kept (other files may know it by it), unless it is
        // missing or taken by a reference.
        let name = match proto.name() {
            "" => Self::DEFAULT_FILE_NAME.to_string(),
            n if references.iter().any(|(r, _)| *r == n) => Self::DEFAULT_FILE_NAME.to_string(),
            n => n.to_string(),
        };
        let bytes = if name == proto.name() {
            bytes
        } else {
            let mut renamed = proto;
            renamed.name = Some(name.clone());
            renamed.encode_to_vec()
        };
        compile(&name, Source::Descriptor(bytes), references_map)
    }

    /// The descriptor of the schema's own file.
    pub fn file(&self) -> &FileDescriptor {
        &self.file
    }

    /// The pool holding the schema's file and every file it imports.
    pub fn pool(&self) -> &DescriptorPool {
        &self.pool
    }

    /// The full names of the top-level messages, in the order of the file (the order message
    /// indexes count in).
    pub fn message_names(&self) -> Vec<String> {
        self.file
            .messages()
            .map(|m| m.full_name().to_string())
            .collect()
    }

    /// The encoded `FileDescriptorProto` of the schema's file, extension options included and
    /// source information left out. Map-valued extension options keep the order of entries the
    /// compiler wrote, which is not fixed; everything else encodes the same way every time.
    pub fn descriptor_bytes(&self) -> Vec<u8> {
        without_source_info(&self.file.encode_to_vec())
    }

    /// Confluent's `format=serialized`: the base64 (standard alphabet, padded) of
    /// [`ProtobufSchema::descriptor_bytes`].
    pub fn serialized(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.descriptor_bytes())
    }

    /// The canonical `.proto` text of the schema, printed from its descriptor: the same schema
    /// laid out differently, commented or with its options in another order prints the same
    /// text. Imports keep their order.
    ///
    /// ```
    /// use accord_schemas::protobuf::ProtobufSchema;
    /// let a = ProtobufSchema::parse("syntax = \"proto3\";\n// an id\nmessage A { string id = 1; }", &[]).unwrap();
    /// let b = ProtobufSchema::parse("syntax=\"proto3\"; message A {\n    string id = 1; // an id\n}", &[]).unwrap();
    /// assert_eq!(a.canonical_text(), b.canonical_text());
    /// assert_eq!(a.canonical_text(), "syntax = \"proto3\";\n\nmessage A {\n  string id = 1;\n}\n");
    /// ```
    pub fn canonical_text(&self) -> String {
        super::text::print(&self.file, false)
    }

    /// The normalized text (Confluent's `normalize=true`): the canonical text with imports
    /// sorted, so only what the schema means is left.
    pub fn normalized_text(&self) -> String {
        super::text::print(&self.file, true)
    }
}

/// References given as text, each held to the limits.
fn text_references(
    references: &[(&str, &str)],
    limits: &Limits,
) -> Result<HashMap<String, Source>> {
    let mut out = HashMap::with_capacity(references.len());
    for (name, text) in references {
        check_text(name, text, limits)?;
        out.insert(name.to_string(), Source::Text(text.to_string()));
    }
    Ok(out)
}

fn compile(
    name: &str,
    root: Source,
    references: HashMap<String, Source>,
) -> Result<ProtobufSchema> {
    let resolver = Arc::new(Resolver {
        root_name: name.to_string(),
        root,
        references,
    });
    let mut compiler = Compiler::with_file_resolver(Shared(resolver.clone()));
    compiler.include_imports(true).include_source_info(false);
    if let Err(err) = compiler.open_file(name) {
        if err.is_file_not_found() {
            if let Some((import, importer)) = resolver.missing_import() {
                return Err(Error::UnresolvedImport { import, importer });
            }
        }
        return Err(Error::invalid("", describe(&err, &resolver)));
    }
    let pool = compiler.descriptor_pool();
    let file = pool
        .get_file_by_name(name)
        .ok_or_else(|| Error::invalid("", format!("the compiled pool lacks {name:?}")))?;
    Ok(ProtobufSchema { pool, file })
}

/// `FileDescriptorProto` bytes without field 9 (`source_code_info`), every other field kept as
/// encoded (extension options are not known to `prost-types`, so the message is not decoded).
fn without_source_info(raw: &[u8]) -> Vec<u8> {
    use prost::encoding::{decode_key, decode_varint, WireType};
    const SOURCE_CODE_INFO: u32 = 9;
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while !rest.is_empty() {
        let start = raw.len() - rest.len();
        let Ok((tag, wire_type)) = decode_key(&mut rest) else {
            return raw.to_vec();
        };
        let skip = match wire_type {
            WireType::Varint => decode_varint(&mut rest).map(|_| 0).ok(),
            WireType::SixtyFourBit => Some(8),
            WireType::ThirtyTwoBit => Some(4),
            WireType::LengthDelimited => decode_varint(&mut rest)
                .ok()
                .and_then(|n| usize::try_from(n).ok()),
            WireType::StartGroup | WireType::EndGroup => None,
        };
        match skip {
            Some(n) if n <= rest.len() => rest = &rest[n..],
            _ => return raw.to_vec(),
        }
        if tag != SOURCE_CODE_INFO {
            out.extend_from_slice(&raw[start..raw.len() - rest.len()]);
        }
    }
    out
}

/// A compiler error as one line: where (`file:line:column`, as much as is known) and what.
fn describe(err: &protox::Error, resolver: &Resolver) -> String {
    use miette::Diagnostic as _;
    let Some(file) = err.file() else {
        return err.to_string();
    };
    let offset = err
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|label| label.offset());
    match (offset, resolver.text(file)) {
        (Some(offset), Some(text)) => {
            let (line, column) = line_column(text, offset);
            format!("{file}:{line}:{column}: {err}")
        }
        _ => format!("{file}: {err}"),
    }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn too_large(len: usize, limits: &Limits) -> Error {
    Error::Limit {
        limit: "max_document_bytes",
        max: limits.max_document_bytes,
        message: format!("the schema has {len} bytes"),
    }
}

/// Refuse a file over the size limit or nested deeper than the depth limit before the parser
/// sees it (a recursive-descent parser would otherwise overflow its stack on deep nesting).
fn check_text(name: &str, text: &str, limits: &Limits) -> Result<()> {
    if text.len() > limits.max_document_bytes {
        return Err(too_large(text.len(), limits));
    }
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            quote @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'{' | b'<' | b'[' | b'(' => {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(Error::Limit {
                        limit: "max_depth",
                        max: limits.max_depth,
                        message: format!("{name} nests deeper"),
                    });
                }
            }
            b'}' | b'>' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}
