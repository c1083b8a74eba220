//! The Avro compatibility check: can a reader using one schema read every datum written with
//! another? It follows Avro's reader/writer resolution (Java's `SchemaCompatibility`) and, like
//! it, collects every incompatibility with a location in the reader schema.
//!
//! Rules: primitives read themselves; int → long → float → double and string ↔ bytes are
//! promotions; named types match by unqualified name or by a reader alias equal to the writer's
//! full name; a reader field absent from the writer (by name or by one of the reader field's
//! aliases) needs a default; an enum reader lacking writer symbols needs a default symbol it
//! declares; fixed sizes must be equal; every branch of a writer union must be readable; a reader
//! union reads a writer type when some branch does. Logical types are judged on their underlying
//! type. Named pairs already being compared are taken as compatible (recursion).

use std::collections::HashMap;

use apache_avro::schema::{Name, Schema};
use serde_json::{json, Value};

use super::kind::Ty;
use super::AvroSchema;
use crate::compat::{Change, ChangeKind, Direction, Level, Policy, Report};
use crate::limits::Limits;
use crate::{Error, Result};

/// The BACKWARD check of `new` against `old` under `policy`: `new` is the reader, `old` the
/// writer.
///
/// ```
/// use accord_schemas::avro::{check, AvroSchema};
/// use accord_schemas::compat::Policy;
/// let old = AvroSchema::parse(r#"{"type":"record","name":"A","fields":[{"name":"x","type":"int"}]}"#, &[]).unwrap();
/// let new = AvroSchema::parse(r#"{"type":"record","name":"A","fields":[{"name":"x","type":"string"}]}"#, &[]).unwrap();
/// let report = check(&old, &new, Policy::Strict).unwrap();
/// assert!(!report.compatible);
/// assert_eq!(report.changes[0].kind.name(), "TYPE_MISMATCH");
/// assert_eq!(report.changes[0].path, "/fields/0/type");
/// ```
pub fn check(old: &AvroSchema, new: &AvroSchema, policy: Policy) -> Result<Report> {
    let mut report = Report::new(Level::Backward, policy);
    run(
        old,
        new,
        Direction::Backward,
        policy,
        &Limits::DEFAULT,
        &mut report,
    )?;
    report.finish();
    Ok(report)
}

pub(crate) fn run(
    writer: &AvroSchema,
    reader: &AvroSchema,
    direction: Direction,
    policy: Policy,
    limits: &Limits,
    report: &mut Report,
) -> Result<()> {
    let mut checker = Checker {
        writer_names: writer.named_types(),
        reader_names: reader.named_types(),
        memo: HashMap::new(),
        comparisons: 0,
        limits,
        policy,
        direction,
        changes: Vec::new(),
        path: Vec::new(),
    };
    checker.compare(reader.schema(), writer.schema(), 0)?;
    report.changes.append(&mut checker.changes);
    Ok(())
}

/// One step of the path to where the checker is, in the reader schema: an attribute of Avro's
/// (never needing escapes) or an index. Kept unformatted; a pointer is written only for a
/// finding.
#[derive(Debug, Clone, Copy)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

impl From<&'static str> for Seg {
    fn from(key: &'static str) -> Seg {
        Seg::Key(key)
    }
}

impl From<usize> for Seg {
    fn from(index: usize) -> Seg {
        Seg::Index(index)
    }
}

/// The memoised state of a pair of named types.
#[derive(Clone, Copy)]
enum Memo {
    InProgress,
    Done(bool),
}

struct Checker<'a> {
    writer_names: HashMap<Name, &'a Schema>,
    reader_names: HashMap<Name, &'a Schema>,
    memo: HashMap<(Name, Name), Memo>,
    comparisons: usize,
    limits: &'a Limits,
    policy: Policy,
    direction: Direction,
    changes: Vec<Change>,
    path: Vec<Seg>,
}

impl<'a> Checker<'a> {
    fn resolve(&self, s: &'a Schema, reader: bool) -> Result<&'a Schema> {
        let mut s = s;
        // Logical types are judged on their underlying type.
        while let Schema::Decimal(d) = s {
            s = &d.inner;
        }
        if let Schema::Ref { name } = s {
            let map = if reader {
                &self.reader_names
            } else {
                &self.writer_names
            };
            return map.get(name).copied().ok_or_else(|| {
                Error::invalid(self.pointer(), format!("unknown named type {name}"))
            });
        }
        Ok(s)
    }

    fn pointer(&self) -> String {
        let mut out = String::new();
        for p in &self.path {
            out.push('/');
            match p {
                Seg::Key(k) => out.push_str(k),
                Seg::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    fn emit(
        &mut self,
        kind: ChangeKind,
        at: &[&str],
        old: Option<Value>,
        new: Option<Value>,
        message: String,
    ) {
        let mut pointer = self.pointer();
        for a in at {
            pointer.push('/');
            pointer.push_str(a);
        }
        self.changes.push(Change {
            kind,
            // Java writes the location of the root as `/` (its JSON pointer is the empty one).
            path: if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer.clone()
            },
            compatible: self.policy.allows(kind),
            direction: self.direction,
            old_pointer: None,
            new_pointer: Some(pointer),
            old_value: old,
            new_value: new,
            message,
        });
    }

    fn with<T>(
        &mut self,
        seg: impl Into<Seg>,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        self.path.push(seg.into());
        let out = f(self);
        self.path.pop();
        out
    }

    /// Whether `reader` reads every datum of `writer`; every incompatibility found is recorded.
    fn compare(&mut self, reader: &'a Schema, writer: &'a Schema, depth: usize) -> Result<bool> {
        self.comparisons += 1;
        if self.comparisons > self.limits.max_comparisons {
            return Err(Error::Limit {
                limit: "max_comparisons",
                max: self.limits.max_comparisons,
                message: format!("at {}", self.pointer()),
            });
        }
        if depth > self.limits.max_depth {
            return Err(Error::Limit {
                limit: "max_depth",
                max: self.limits.max_depth,
                message: format!("comparing at {}", self.pointer()),
            });
        }
        let reader = self.resolve(reader, true)?;
        let writer = self.resolve(writer, false)?;
        let key = match (reader, writer) {
            (Schema::Record(r), Schema::Record(w)) => Some((r.name.clone(), w.name.clone())),
            _ => None,
        };
        if let Some(key) = &key {
            match self.memo.get(key) {
                Some(Memo::InProgress) => return Ok(true),
                Some(Memo::Done(ok)) => return Ok(*ok),
                None => {
                    self.memo.insert(key.clone(), Memo::InProgress);
                }
            }
        }
        let ok = self.calculate(reader, writer, depth)?;
        if let Some(key) = key {
            self.memo.insert(key, Memo::Done(ok));
        }
        Ok(ok)
    }

    fn calculate(&mut self, reader: &'a Schema, writer: &'a Schema, depth: usize) -> Result<bool> {
        let (rt, wt) = (Ty::of(reader), Ty::of(writer));
        if rt == wt {
            return match (reader, writer) {
                (Schema::Array(r), Schema::Array(w)) => {
                    self.with("items", |c| c.compare(&r.items, &w.items, depth + 1))
                }
                (Schema::Map(r), Schema::Map(w)) => {
                    self.with("values", |c| c.compare(&r.types, &w.types, depth + 1))
                }
                (Schema::Record(r), Schema::Record(w)) => self.records(r, w, depth),
                (Schema::Enum(r), Schema::Enum(w)) => {
                    let mut ok = self.names_match(&r.name, r.aliases.as_deref(), &w.name);
                    let missing: Vec<&String> = w
                        .symbols
                        .iter()
                        .filter(|s| !r.symbols.contains(s))
                        .collect();
                    if !missing.is_empty() {
                        let covered = r.default.as_ref().is_some_and(|d| r.symbols.contains(d));
                        if covered {
                            self.emit(
                                ChangeKind::AvroEnumSymbolsReadAsDefault,
                                &["symbols"],
                                Some(json!(missing)),
                                r.default.as_ref().map(|d| json!(d)),
                                format!("The reader reads the writer's symbols {missing:?} as its default."),
                            );
                        } else {
                            ok = false;
                            self.emit(
                                ChangeKind::MissingEnumSymbols,
                                &["symbols"],
                                Some(json!(missing)),
                                None,
                                format!("The reader lacks the writer's symbols {missing:?} and has no default symbol."),
                            );
                        }
                    }
                    Ok(ok)
                }
                (Schema::Fixed(r), Schema::Fixed(w)) => {
                    let mut ok = self.names_match(&r.name, r.aliases.as_deref(), &w.name);
                    if r.size != w.size {
                        ok = false;
                        self.emit(
                            ChangeKind::FixedSizeMismatch,
                            &["size"],
                            Some(json!(w.size)),
                            Some(json!(r.size)),
                            format!("expected: {}, found: {}", w.size, r.size),
                        );
                    }
                    Ok(ok)
                }
                (Schema::Union(r), Schema::Union(w)) => {
                    self.writer_union(reader, w.variants(), true, depth, r.variants().len())
                }
                _ => Ok(true),
            };
        }
        if let Schema::Union(w) = writer {
            return self.writer_union(reader, w.variants(), false, depth, 0);
        }
        let promoted = matches!(
            (rt, wt),
            (Ty::Long, Ty::Int)
                | (Ty::Float, Ty::Int | Ty::Long)
                | (Ty::Double, Ty::Int | Ty::Long | Ty::Float)
                | (Ty::Bytes, Ty::String)
                | (Ty::String, Ty::Bytes)
        );
        if promoted {
            self.emit(
                ChangeKind::AvroTypePromoted,
                &[],
                Some(json!(wt.name())),
                Some(json!(rt.name())),
                format!(
                    "The writer's {} is promoted to the reader's {}.",
                    wt.name(),
                    rt.name()
                ),
            );
            return Ok(true);
        }
        if let Schema::Union(_) = reader {
            // Some branch must read the writer's type; failed attempts leave no changes behind.
            if self.compare_union_reader(reader, writer, depth)? {
                return Ok(true);
            }
            self.emit(
                ChangeKind::MissingUnionBranch,
                &[],
                Some(json!(wt.name())),
                None,
                format!("reader union lacking writer type: {}", wt.name()),
            );
            return Ok(false);
        }
        self.emit(
            ChangeKind::TypeMismatch,
            &[],
            Some(json!(wt.name())),
            Some(json!(rt.name())),
            format!(
                "reader type: {} not compatible with writer type: {}",
                rt.name(),
                wt.name()
            ),
        );
        Ok(false)
    }

    /// Every branch of a writer union must be readable.
    fn writer_union(
        &mut self,
        reader: &'a Schema,
        branches: &'a [Schema],
        both: bool,
        depth: usize,
        _reader_len: usize,
    ) -> Result<bool> {
        let mut ok = true;
        for (i, branch) in branches.iter().enumerate() {
            if both {
                let mark = self.changes.len();
                let good = self.compare_union_reader(reader, branch, depth)?;
                if !good {
                    self.changes.truncate(mark);
                    ok = false;
                    let wt = Ty::of(self.resolve(branch, false)?).name();
                    self.emit(
                        ChangeKind::MissingUnionBranch,
                        &[&i.to_string()],
                        Some(json!(wt)),
                        None,
                        format!("reader union lacking writer type: {wt}"),
                    );
                }
            } else {
                ok &= self.compare(reader, branch, depth + 1)?;
            }
        }
        Ok(ok)
    }

    fn compare_union_reader(
        &mut self,
        reader: &'a Schema,
        writer: &'a Schema,
        depth: usize,
    ) -> Result<bool> {
        let Schema::Union(r) = reader else {
            return self.compare(reader, writer, depth + 1);
        };
        let writer = self.resolve(writer, false)?;
        for branch in r.variants() {
            let before = self.changes.len();
            if self.compare(branch, writer, depth + 1)? {
                let kept: Vec<Change> = self
                    .changes
                    .drain(before..)
                    .filter(|c| c.compatible)
                    .collect();
                self.changes.extend(kept);
                return Ok(true);
            }
            self.changes.truncate(before);
        }
        Ok(false)
    }

    fn names_match(
        &mut self,
        reader: &Name,
        aliases: Option<&[apache_avro::schema::Alias]>,
        writer: &Name,
    ) -> bool {
        if reader.name == writer.name {
            return true;
        }
        let full = writer.fullname(None);
        let by_alias = aliases
            .unwrap_or(&[])
            .iter()
            .any(|a| a.fullname(reader.namespace.clone()) == full);
        if !by_alias {
            self.emit(
                ChangeKind::NameMismatch,
                &["name"],
                Some(json!(full)),
                Some(json!(reader.fullname(None))),
                format!("expected: {full}"),
            );
        }
        by_alias
    }

    fn records(
        &mut self,
        r: &'a apache_avro::schema::RecordSchema,
        w: &'a apache_avro::schema::RecordSchema,
        depth: usize,
    ) -> Result<bool> {
        let mut ok = self.names_match(&r.name, r.aliases.as_deref(), &w.name);
        let mut read = vec![false; w.fields.len()];
        self.path.push(Seg::Key("fields"));
        for (i, field) in r.fields.iter().enumerate() {
            let found = w.lookup.get(&field.name).copied().or_else(|| {
                field
                    .aliases
                    .iter()
                    .flatten()
                    .find_map(|a| w.lookup.get(a).copied())
            });
            match found {
                Some(j) => {
                    read[j] = true;
                    let wf = &w.fields[j];
                    let good = self.with(i, |c| {
                        c.with("type", |c| c.compare(&field.schema, &wf.schema, depth + 1))
                    })?;
                    ok &= good;
                }
                None if field.default.is_some() => {
                    self.path.push(Seg::Index(i));
                    self.emit(
                        ChangeKind::AvroFieldAddedWithDefault,
                        &[],
                        None,
                        field.default.clone(),
                        format!("The reader's field {:?} is absent from the writer and read as its default.", field.name),
                    );
                    self.path.pop();
                }
                None => {
                    ok = false;
                    self.path.push(Seg::Index(i));
                    self.emit(
                        ChangeKind::ReaderFieldMissingDefaultValue,
                        &[],
                        None,
                        None,
                        field.name.clone(),
                    );
                    self.path.pop();
                }
            }
        }
        for (j, wf) in w.fields.iter().enumerate() {
            if !read[j] {
                self.emit(
                    ChangeKind::AvroFieldRemoved,
                    &[],
                    Some(json!(wf.name)),
                    None,
                    format!("The writer's field {:?} is not read and skipped.", wf.name),
                );
            }
        }
        self.path.pop();
        Ok(ok)
    }
}
