//! The Protobuf compatibility check: Confluent's Protobuf diff (`SchemaDiff`,
//! `MessageSchemaDiff`, `FieldSchemaDiff`, `EnumSchemaDiff`, `Context`) on descriptors, plus
//! one rule of Accord's.
//!
//! The walk, as Confluent's:
//! - the package (`PACKAGE_CHANGED` at `#/`), then the top-level messages and enums matched by
//!   name, then, in each message present on both sides, its nested messages and enums; a
//!   message's index among the messages of its scope changing is `MESSAGE_MOVED` (map entry
//!   types are not messages here, as in `.proto` text they are not written);
//! - fields matched by number across the whole message, oneof members and top-level fields
//!   alike, so a change of oneof membership never hides a change of the field: a oneof gaining
//!   fields that were independent before (`MULTIPLE_FIELDS_MOVED_TO_ONEOF`) or that belonged to
//!   another oneof (`FIELD_MOVED_TO_EXISTING_ONEOF`), a member leaving its oneof
//!   (`ONEOF_FIELD_MOVED_TO_TOP_LEVEL`), a member removed (`ONEOF_FIELD_REMOVED`, unless the
//!   whole oneof went with all its members); proto3 `optional` fields are not in a oneof here;
//! - two fields of one number: their names, then their types by kind (scalar — enums count as
//!   numbers —, message, map), scalars grouped by encoding (`int32 int64 uint32 uint64 bool`
//!   and enums, `sint32 sint64`, `string bytes`, `fixed32 sfixed32`, `fixed64 sfixed64`,
//!   `float`, `double`), labels compared only where both are written (`optional`, `required`,
//!   `repeated`; none in proto3 without `optional`, in a oneof or on a map);
//! - message types by their name within their package; a type from another file (a reference,
//!   a well-known or bundled type) with the same name is compared in turn, its changes reported
//!   at its own path (`#/Money/2`), and `FIELD_NAMED_TYPE_CHANGED` at the field when they are
//!   not compatible; a type of the schema's own file is judged where the walk meets it.
//!
//! Beyond Confluent: `FIELD_REMOVED_WITHOUT_RESERVED`, a field the later version lacks without
//! reserving both its number and its name (a later version could reuse the number with
//! another type, which Confluent's check of adjacent versions never sees). It is allowed under
//! LENIENT only: STRICT refuses it. In a FORWARD check the candidate plays `old`, so there the
//! rule looks at fields only the existing version has.
//!
//! Where Accord differs from Confluent's Java: groups are fields of a message type and their
//! bodies nested messages (Confluent's parser keeps groups aside and compares nothing in them);
//! a type from another file compared once per check, its changes reported once.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use prost_reflect::{EnumDescriptor, FieldDescriptor, Kind, MessageDescriptor};
use prost_types::field_descriptor_proto::{Label, Type};
use serde_json::{json, Value};

use super::text::scalar_name;
use super::ProtobufSchema;
use crate::compat::{
    sentence, walk_history, Allowed, Change, ChangeKind, Direction, Level, Policy, Report,
};
use crate::limits::Limits;
use crate::{Error, Result};

/// The BACKWARD check of `new` against `old` under `policy`: can a reader using `new` read
/// every message written with `old`?
///
/// ```
/// use accord_schemas::compat::Policy;
/// use accord_schemas::protobuf::{check, ProtobufSchema};
/// let old = ProtobufSchema::parse("syntax = \"proto3\"; message TestMessage { string a = 1; int32 b = 3; }", &[]).unwrap();
/// let new = ProtobufSchema::parse("syntax = \"proto3\"; message TestMessage { string a = 1; string b = 3; }", &[]).unwrap();
/// let report = check(&old, &new, Policy::Strict).unwrap();
/// assert!(!report.compatible);
/// assert_eq!(report.changes[0].kind.name(), "FIELD_SCALAR_KIND_CHANGED");
/// assert_eq!(report.changes[0].path, "#/TestMessage/3");
/// ```
pub fn check(old: &ProtobufSchema, new: &ProtobufSchema, policy: Policy) -> Result<Report> {
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

/// Check `candidate` against a subject's live `history` (newest first) at `level`, as
/// [`crate::compat::walk_history`] walks every format: FORWARD runs the check with the
/// candidate playing `old`, transitive levels stop at the first version that fails.
///
/// ```
/// use accord_schemas::compat::{Level, Policy};
/// use accord_schemas::limits::Limits;
/// use accord_schemas::protobuf::{check_level, ProtobufSchema};
/// let v1 = ProtobufSchema::parse("syntax = \"proto3\"; message M { string a = 1; }", &[]).unwrap();
/// let v2 = ProtobufSchema::parse("syntax = \"proto3\"; message M { string a = 1; int32 b = 2; }", &[]).unwrap();
/// let report = check_level(&v2, &[v1], Level::Full, Policy::Strict, &Limits::DEFAULT).unwrap();
/// assert!(report.compatible);
/// ```
pub fn check_level(
    candidate: &ProtobufSchema,
    history: &[ProtobufSchema],
    level: Level,
    policy: Policy,
    limits: &Limits,
) -> Result<Report> {
    walk_history(
        candidate,
        history,
        level,
        policy,
        |old, new, direction, report| run(old, new, direction, policy, limits, report),
    )
}

/// One comparison in `direction` (`old` plays the writer), its changes added to `report`.
pub(crate) fn run(
    old: &ProtobufSchema,
    new: &ProtobufSchema,
    direction: Direction,
    policy: Policy,
    limits: &Limits,
    report: &mut Report,
) -> Result<()> {
    let mut walk = Walk {
        old,
        new,
        direction,
        limits,
        path: Vec::new(),
        found: Vec::new(),
        in_progress: HashSet::new(),
        referenced: HashMap::new(),
        comparisons: 0,
        depth: 0,
    };
    walk.file()?;
    for f in walk.found {
        let path = f.path;
        let message = sentence(
            f.kind,
            &path,
            f.old.as_ref(),
            f.new.as_ref(),
            f.note.as_deref(),
            policy,
        );
        report.changes.push(Change {
            kind: f.kind,
            path,
            compatible: policy.allows(f.kind),
            direction,
            old_pointer: None,
            new_pointer: None,
            old_value: f.old,
            new_value: f.new,
            message,
        });
    }
    Ok(())
}

/// A difference found, before it becomes a [`Change`].
struct Found {
    kind: ChangeKind,
    path: String,
    old: Option<Value>,
    new: Option<Value>,
    note: Option<String>,
}

struct Walk<'a> {
    old: &'a ProtobufSchema,
    new: &'a ProtobufSchema,
    direction: Direction,
    limits: &'a Limits,
    /// Segments after `#/`.
    path: Vec<String>,
    found: Vec<Found>,
    /// Messages of `old` whose fields are being compared: met again (a recursive type), they
    /// are not compared again, as Confluent's `enterSchema`.
    in_progress: HashSet<String>,
    /// Pairs of types from other files compared already, with whether they were compatible.
    referenced: HashMap<(String, String), bool>,
    comparisons: usize,
    depth: usize,
}

/// The kind of a field's type, as Confluent's `FieldSchemaDiff.Kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Scalar,
    Message,
    Map,
}

/// Scalars grouped by how they encode (Confluent's `ScalarKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScalarKind {
    GeneralNumber,
    SignedNumber,
    StringOrBytes,
    Fixed32,
    Fixed64,
    Float,
    Double,
}

/// A field's type.
#[derive(Debug, Clone)]
enum Ty {
    Scalar(Type),
    Enum(EnumDescriptor),
    Message(MessageDescriptor),
    Map(Box<Ty>, Box<Ty>),
}

impl Ty {
    fn of(field: &FieldDescriptor) -> Ty {
        match field.kind() {
            Kind::Message(m) if m.is_map_entry() => Ty::Map(
                Box::new(Ty::of(&m.map_entry_key_field())),
                Box::new(Ty::of(&m.map_entry_value_field())),
            ),
            Kind::Message(m) => Ty::Message(m),
            Kind::Enum(e) => Ty::Enum(e),
            _ => Ty::Scalar(field.field_descriptor_proto().r#type()),
        }
    }

    fn class(&self) -> Class {
        match self {
            Ty::Scalar(_) | Ty::Enum(_) => Class::Scalar,
            Ty::Message(_) => Class::Message,
            Ty::Map(..) => Class::Map,
        }
    }

    fn scalar_kind(&self) -> Option<ScalarKind> {
        let ty = match self {
            Ty::Enum(_) => return Some(ScalarKind::GeneralNumber),
            Ty::Scalar(ty) => *ty,
            _ => return None,
        };
        Some(match ty {
            Type::Int32 | Type::Int64 | Type::Uint32 | Type::Uint64 | Type::Bool => {
                ScalarKind::GeneralNumber
            }
            Type::Sint32 | Type::Sint64 => ScalarKind::SignedNumber,
            Type::String | Type::Bytes => ScalarKind::StringOrBytes,
            Type::Fixed32 | Type::Sfixed32 => ScalarKind::Fixed32,
            Type::Fixed64 | Type::Sfixed64 => ScalarKind::Fixed64,
            Type::Float => ScalarKind::Float,
            Type::Double => ScalarKind::Double,
            Type::Group | Type::Message | Type::Enum => return None,
        })
    }

    fn text(&self) -> String {
        match self {
            Ty::Scalar(ty) => scalar_name(*ty).to_string(),
            Ty::Enum(e) => e.full_name().to_string(),
            Ty::Message(m) => m.full_name().to_string(),
            Ty::Map(k, v) => format!("map<{}, {}>", k.text(), v.text()),
        }
    }
}

/// The fields of one message by number, with the real oneof each belongs to.
struct Fields {
    by_tag: BTreeMap<u32, FieldDescriptor>,
    tag_oneof: HashMap<u32, String>,
    oneofs: BTreeMap<String, Vec<u32>>,
    /// Real oneofs in declaration order, with their members.
    oneof_order: Vec<(String, Vec<u32>)>,
}

impl Fields {
    fn of(message: &MessageDescriptor) -> Fields {
        let mut fields = Fields {
            by_tag: BTreeMap::new(),
            tag_oneof: HashMap::new(),
            oneofs: BTreeMap::new(),
            oneof_order: Vec::new(),
        };
        for field in message.fields() {
            fields.by_tag.insert(field.number(), field);
        }
        for oneof in message.oneofs().filter(|o| !o.is_synthetic()) {
            let tags: Vec<u32> = oneof.fields().map(|f| f.number()).collect();
            for &tag in &tags {
                fields.tag_oneof.insert(tag, oneof.name().to_string());
            }
            fields.oneofs.insert(oneof.name().to_string(), tags.clone());
            fields.oneof_order.push((oneof.name().to_string(), tags));
        }
        fields
    }
}

/// The label as written: `None` inside a oneof, on a map and (proto3) without `optional` or
/// `repeated`.
fn written_label(field: &FieldDescriptor) -> Option<Label> {
    if field.containing_oneof().is_some_and(|o| !o.is_synthetic()) || field.is_map() {
        return None;
    }
    let proto = field.field_descriptor_proto();
    let syntax = field
        .parent_message()
        .parent_file()
        .file_descriptor_proto()
        .syntax()
        .to_string();
    match syntax.as_str() {
        "proto3" => {
            if proto.label() == Label::Repeated {
                Some(Label::Repeated)
            } else if proto.proto3_optional() {
                Some(Label::Optional)
            } else {
                None
            }
        }
        _ => Some(proto.label()),
    }
}

fn label_name(label: Label) -> &'static str {
    match label {
        Label::Optional => "optional",
        Label::Required => "required",
        Label::Repeated => "repeated",
    }
}

/// The name of a message within its package (`Outer.Inner`).
fn local_name(message: &MessageDescriptor) -> String {
    let package = message.package_name();
    let full = message.full_name();
    if package.is_empty() {
        full.to_string()
    } else {
        full.strip_prefix(package)
            .and_then(|rest| rest.strip_prefix('.'))
            .unwrap_or(full)
            .to_string()
    }
}

/// Whether `message` reserves both `number` and `name`; the missing half, if not.
fn unreserved(message: &MessageDescriptor, number: u32, name: &str) -> Option<&'static str> {
    let proto = message.descriptor_proto();
    let number_reserved = proto
        .reserved_range
        .iter()
        .any(|r| (r.start()..r.end()).contains(&(number as i32)));
    let name_reserved = proto.reserved_name.iter().any(|n| n == name);
    match (number_reserved, name_reserved) {
        (true, true) => None,
        (true, false) => Some("name"),
        (false, true) => Some("number"),
        (false, false) => Some("number and name"),
    }
}

/// Whether Confluent counts the kind compatible (its `COMPATIBLE_CHANGES`): Accord's own kind
/// takes no part in Confluent's verdict on a referenced type.
fn confluent_compatible(kind: ChangeKind) -> bool {
    kind == ChangeKind::FieldRemovedWithoutReserved || kind.allowed() == Allowed::Strict
}

impl Walk<'_> {
    fn path_text(&self) -> String {
        format!("#/{}", self.path.join("/"))
    }

    fn add(
        &mut self,
        kind: ChangeKind,
        old: Option<Value>,
        new: Option<Value>,
        note: Option<String>,
    ) {
        let path = self.path_text();
        self.found.push(Found {
            kind,
            path,
            old,
            new,
            note,
        });
    }

    /// `add` one segment further down the path.
    fn add_at(
        &mut self,
        segments: &[&str],
        kind: ChangeKind,
        old: Option<Value>,
        new: Option<Value>,
    ) {
        let n = self.path.len();
        self.path.extend(segments.iter().map(|s| s.to_string()));
        self.add(kind, old, new, None);
        self.path.truncate(n);
    }

    fn tick(&mut self) -> Result<()> {
        self.comparisons += 1;
        if self.comparisons > self.limits.max_comparisons {
            return Err(Error::Limit {
                limit: "max_comparisons",
                max: self.limits.max_comparisons,
                message: format!("at {}", self.path_text()),
            });
        }
        Ok(())
    }

    fn file(&mut self) -> Result<()> {
        let (old, new) = (self.old.file(), self.new.file());
        if old.package_name() != new.package_name() {
            self.add(
                ChangeKind::PackageChanged,
                Some(json!(old.package_name())),
                Some(json!(new.package_name())),
                None,
            );
        }
        self.types(
            old.messages().collect(),
            old.enums().collect(),
            new.messages().collect(),
            new.enums().collect(),
        )
    }

    /// The messages and enums of one scope, matched by name.
    fn types(
        &mut self,
        old_messages: Vec<MessageDescriptor>,
        old_enums: Vec<EnumDescriptor>,
        new_messages: Vec<MessageDescriptor>,
        new_enums: Vec<EnumDescriptor>,
    ) -> Result<()> {
        let index =
            |messages: Vec<MessageDescriptor>| -> BTreeMap<String, (usize, MessageDescriptor)> {
                messages
                    .into_iter()
                    .filter(|m| !m.is_map_entry())
                    .enumerate()
                    .map(|(i, m)| (m.name().to_string(), (i, m)))
                    .collect()
            };
        let (old_m, new_m) = (index(old_messages), index(new_messages));
        let names: BTreeSet<String> = old_m.keys().chain(new_m.keys()).cloned().collect();
        for name in names {
            self.path.push(name.clone());
            match (old_m.get(&name), new_m.get(&name)) {
                (Some((_, m)), None) => self.add(
                    ChangeKind::MessageRemoved,
                    Some(json!(m.full_name())),
                    None,
                    None,
                ),
                (None, Some((_, m))) => self.add(
                    ChangeKind::MessageAdded,
                    None,
                    Some(json!(m.full_name())),
                    None,
                ),
                (Some((oi, om)), Some((ni, nm))) => {
                    self.message(om, nm)?;
                    if oi != ni {
                        self.add(
                            ChangeKind::MessageMoved,
                            Some(json!(oi)),
                            Some(json!(ni)),
                            None,
                        );
                    }
                }
                (None, None) => {}
            }
            self.path.pop();
        }
        let by_name = |enums: Vec<EnumDescriptor>| -> BTreeMap<String, EnumDescriptor> {
            enums
                .into_iter()
                .map(|e| (e.name().to_string(), e))
                .collect()
        };
        let (old_e, new_e) = (by_name(old_enums), by_name(new_enums));
        let names: BTreeSet<String> = old_e.keys().chain(new_e.keys()).cloned().collect();
        for name in names {
            self.path.push(name.clone());
            match (old_e.get(&name), new_e.get(&name)) {
                (Some(e), None) => self.add(
                    ChangeKind::EnumRemoved,
                    Some(json!(e.full_name())),
                    None,
                    None,
                ),
                (None, Some(e)) => self.add(
                    ChangeKind::EnumAdded,
                    None,
                    Some(json!(e.full_name())),
                    None,
                ),
                (Some(oe), Some(ne)) => self.enumeration(oe, ne),
                (None, None) => {}
            }
            self.path.pop();
        }
        Ok(())
    }

    fn message(&mut self, old: &MessageDescriptor, new: &MessageDescriptor) -> Result<()> {
        self.tick()?;
        let key = old.full_name().to_string();
        if self.in_progress.insert(key.clone()) {
            let out = self.fields(old, new);
            self.in_progress.remove(&key);
            out?;
        }
        self.types(
            old.child_messages().collect(),
            old.child_enums().collect(),
            new.child_messages().collect(),
            new.child_enums().collect(),
        )
    }

    fn fields(&mut self, old_msg: &MessageDescriptor, new_msg: &MessageDescriptor) -> Result<()> {
        let (old, new) = (Fields::of(old_msg), Fields::of(new_msg));

        // A oneof gone by name with none of its members left anywhere was deleted whole,
        // which is compatible; if some members survive, the others are removals.
        let deleted_whole: HashSet<&str> = old
            .oneofs
            .iter()
            .filter(|(name, tags)| {
                !new.oneofs.contains_key(*name) && !tags.iter().any(|t| new.by_tag.contains_key(t))
            })
            .map(|(name, _)| name.as_str())
            .collect();

        // Mutual exclusion the new schema introduces: the members of a new oneof that existed
        // before came from more than one group (an old oneof, or each old top-level field on
        // its own); fields new to the message are ignored (old data never set them).
        for (name, tags) in &new.oneof_order {
            let mut groups: HashSet<String> = HashSet::new();
            let mut top_level_moved_in = 0;
            for tag in tags {
                if let Some(oneof) = old.tag_oneof.get(tag) {
                    groups.insert(format!("oneof:{oneof}"));
                } else if old.by_tag.contains_key(tag) {
                    groups.insert(format!("field:{tag}"));
                    top_level_moved_in += 1;
                }
            }
            if groups.len() > 1 {
                let kind = if top_level_moved_in > 1 {
                    ChangeKind::MultipleFieldsMovedToOneof
                } else {
                    ChangeKind::FieldMovedToExistingOneof
                };
                self.add_at(&[name.as_str()], kind, None, Some(json!(name)));
            }
        }

        let oneof_names: BTreeSet<&String> = old.oneofs.keys().chain(new.oneofs.keys()).collect();
        for name in oneof_names {
            if !new.oneofs.contains_key(name) {
                self.add_at(
                    &[name.as_str()],
                    ChangeKind::OneofRemoved,
                    Some(json!(name)),
                    None,
                );
            } else if !old.oneofs.contains_key(name) {
                self.add_at(
                    &[name.as_str()],
                    ChangeKind::OneofAdded,
                    None,
                    Some(json!(name)),
                );
            }
        }

        let tags: BTreeSet<u32> = old
            .by_tag
            .keys()
            .chain(new.by_tag.keys())
            .copied()
            .collect();
        for tag in tags {
            let tag_text = tag.to_string();
            let old_oneof = old.tag_oneof.get(&tag);
            let new_oneof = new.tag_oneof.get(&tag);
            match (old.by_tag.get(&tag), new.by_tag.get(&tag)) {
                (Some(of), None) => {
                    let value = Some(json!(of.name()));
                    let at: Vec<&str> = match old_oneof {
                        Some(oneof) => vec![oneof.as_str(), &tag_text],
                        None => vec![&tag_text],
                    };
                    match old_oneof {
                        Some(oneof) if deleted_whole.contains(oneof.as_str()) => {}
                        Some(_) => {
                            self.add_at(&at, ChangeKind::OneofFieldRemoved, value.clone(), None)
                        }
                        None => {
                            let kind = if of.field_descriptor_proto().label() == Label::Required {
                                ChangeKind::RequiredFieldRemoved
                            } else {
                                ChangeKind::FieldRemoved
                            };
                            self.add_at(&at, kind, value.clone(), None);
                        }
                    }
                    if self.direction == Direction::Backward {
                        self.unreserved_removal(new_msg, of, &at);
                    }
                }
                (None, Some(nf)) => {
                    let value = Some(json!(nf.name()));
                    let at: Vec<&str> = match new_oneof {
                        Some(oneof) => vec![oneof.as_str(), &tag_text],
                        None => vec![&tag_text],
                    };
                    match new_oneof {
                        Some(_) => self.add_at(&at, ChangeKind::OneofFieldAdded, None, value),
                        None => {
                            let kind = if nf.field_descriptor_proto().label() == Label::Required {
                                ChangeKind::RequiredFieldAdded
                            } else {
                                ChangeKind::FieldAdded
                            };
                            self.add_at(&at, kind, None, value);
                        }
                    }
                    if self.direction == Direction::Forward {
                        self.unreserved_removal(old_msg, nf, &at);
                    }
                }
                (Some(of), Some(nf)) => {
                    if old_oneof.is_some() && new_oneof.is_none() {
                        self.add_at(
                            &[&tag_text],
                            ChangeKind::OneofFieldMovedToTopLevel,
                            old_oneof.map(|o| json!(o)),
                            None,
                        );
                    }
                    let n = self.path.len();
                    if let Some(oneof) = new_oneof {
                        self.path.push(oneof.clone());
                    }
                    self.path.push(tag_text.clone());
                    let out = self.field(of, nf);
                    self.path.truncate(n);
                    out?;
                }
                (None, None) => {}
            }
        }
        Ok(())
    }

    /// Accord's rule: `later` lacks `field` of the earlier version and does not reserve both
    /// its number and its name.
    fn unreserved_removal(
        &mut self,
        later: &MessageDescriptor,
        field: &FieldDescriptor,
        at: &[&str],
    ) {
        if let Some(missing) = unreserved(later, field.number(), field.name()) {
            let n = self.path.len();
            self.path.extend(at.iter().map(|s| s.to_string()));
            self.add(
                ChangeKind::FieldRemovedWithoutReserved,
                Some(json!(field.name())),
                None,
                Some(missing.to_string()),
            );
            self.path.truncate(n);
        }
    }

    /// Two fields of one number (Confluent's `FieldSchemaDiff.compare`).
    fn field(&mut self, old: &FieldDescriptor, new: &FieldDescriptor) -> Result<()> {
        if old.name() != new.name() {
            self.add(
                ChangeKind::FieldNameChanged,
                Some(json!(old.name())),
                Some(json!(new.name())),
                None,
            );
        }
        self.labels_and_types(
            written_label(old),
            written_label(new),
            &Ty::of(old),
            &Ty::of(new),
        )
    }

    fn labels_and_types(
        &mut self,
        old_label: Option<Label>,
        new_label: Option<Label>,
        old: &Ty,
        new: &Ty,
    ) -> Result<()> {
        if old.class() != new.class() {
            self.add(
                ChangeKind::FieldKindChanged,
                Some(json!(old.text())),
                Some(json!(new.text())),
                None,
            );
            return Ok(());
        }
        match (old, new) {
            (Ty::Message(o), Ty::Message(n)) => self.message_types(o, n),
            (Ty::Map(ok, ov), Ty::Map(nk, nv)) => {
                self.labels_and_types(None, None, ok, nk)?;
                self.labels_and_types(None, None, ov, nv)
            }
            _ => {
                let (ok, nk) = (old.scalar_kind(), new.scalar_kind());
                if ok != nk {
                    self.add(
                        ChangeKind::FieldScalarKindChanged,
                        Some(json!(old.text())),
                        Some(json!(new.text())),
                        None,
                    );
                } else if let (Some(ol), Some(nl), Some(kind)) = (old_label, new_label, ok) {
                    if ol != nl {
                        let change = if kind == ScalarKind::StringOrBytes {
                            ChangeKind::FieldStringOrBytesLabelChanged
                        } else {
                            ChangeKind::FieldNumericLabelChanged
                        };
                        self.add(
                            change,
                            Some(json!(label_name(ol))),
                            Some(json!(label_name(nl))),
                            None,
                        );
                    }
                }
                Ok(())
            }
        }
    }

    /// Two message types of one field (Confluent's `compareMessageTypes`).
    fn message_types(&mut self, old: &MessageDescriptor, new: &MessageDescriptor) -> Result<()> {
        let (old_local, new_local) = (local_name(old), local_name(new));
        if old_local != new_local {
            self.add(
                ChangeKind::FieldNamedTypeChanged,
                Some(json!(old.full_name())),
                Some(json!(new.full_name())),
                None,
            );
            return Ok(());
        }
        let both_local = old.parent_file().name() == self.old.file().name()
            && new.parent_file().name() == self.new.file().name();
        if both_local {
            // Judged where the walk of the file meets them.
            return Ok(());
        }
        let key = (old.full_name().to_string(), new.full_name().to_string());
        let compatible = match self.referenced.get(&key) {
            Some(&compatible) => compatible,
            None => {
                if self.depth >= self.limits.max_depth {
                    return Err(Error::Limit {
                        limit: "max_depth",
                        max: self.limits.max_depth,
                        message: format!("comparing {} at {}", key.0, self.path_text()),
                    });
                }
                // Met again while being compared (a recursive type), it counts as compatible.
                self.referenced.insert(key.clone(), true);
                let saved = std::mem::replace(
                    &mut self.path,
                    old_local.split('.').map(str::to_string).collect(),
                );
                let mark = self.found.len();
                self.depth += 1;
                let out = self.message(old, new);
                self.depth -= 1;
                self.path = saved;
                out?;
                let compatible = self.found[mark..]
                    .iter()
                    .all(|f| confluent_compatible(f.kind));
                self.referenced.insert(key, compatible);
                compatible
            }
        };
        if !compatible {
            self.add(
                ChangeKind::FieldNamedTypeChanged,
                Some(json!(old.full_name())),
                Some(json!(new.full_name())),
                Some("its definition changed incompatibly".to_string()),
            );
        }
        Ok(())
    }

    fn enumeration(&mut self, old: &EnumDescriptor, new: &EnumDescriptor) {
        // With aliases, the last name of a number counts, as in Confluent's map by number.
        let by_number = |e: &EnumDescriptor| -> BTreeMap<i32, String> {
            e.values()
                .map(|v| (v.number(), v.name().to_string()))
                .collect()
        };
        let (old_values, new_values) = (by_number(old), by_number(new));
        let numbers: BTreeSet<i32> = old_values
            .keys()
            .chain(new_values.keys())
            .copied()
            .collect();
        for number in numbers {
            let at = number.to_string();
            match (old_values.get(&number), new_values.get(&number)) {
                (Some(o), None) => {
                    self.add_at(&[&at], ChangeKind::EnumConstRemoved, Some(json!(o)), None)
                }
                (None, Some(n)) => {
                    self.add_at(&[&at], ChangeKind::EnumConstAdded, None, Some(json!(n)))
                }
                (Some(o), Some(n)) if o != n => self.add_at(
                    &[&at],
                    ChangeKind::EnumConstChanged,
                    Some(json!(o)),
                    Some(json!(n)),
                ),
                _ => {}
            }
        }
    }
}
