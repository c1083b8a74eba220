//! The canonical `.proto` text of a schema, printed from its descriptor.
//!
//! Everything the descriptor holds is printed: syntax, package, imports (public and
//! weak), options (standard and extension ones, sorted by name), messages with their nested
//! types, fields with labels as written, numbers, defaults, `json_name` only where it differs
//! from the default, oneofs, maps as `map<K, V>`, groups, enums, reserved ranges and names,
//! extension ranges, extensions and services. Type names are printed fully qualified
//! (`.shop.Money`), so the text reads the same from any scope. Parsing the text again gives the
//! same descriptor: nested types, maps and groups are printed in an order that gives back the
//! order of the descriptor's nested types. Not printed: options of extension ranges.

use std::collections::HashSet;
use std::fmt::Write as _;

use prost_reflect::{
    DynamicMessage, EnumDescriptor, ExtensionDescriptor, FieldDescriptor, FileDescriptor, Kind,
    MessageDescriptor, OneofDescriptor, ServiceDescriptor, Value,
};
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::FieldDescriptorProto;

/// The text of `file`; with `normalize`, imports are sorted.
pub(super) fn print(file: &FileDescriptor, normalize: bool) -> String {
    let proto = file.file_descriptor_proto();
    let syntax = match proto.syntax() {
        "proto3" => Syntax::Proto3,
        _ => Syntax::Proto2,
    };
    let mut chunks: Vec<String> = Vec::new();
    // The compiler leaves proto2's syntax unset; it is written out all the same.
    let written = match syntax {
        Syntax::Proto2 => "proto2",
        Syntax::Proto3 => "proto3",
    };
    chunks.push(format!("syntax = {};\n", quote(written)));
    if !proto.package().is_empty() {
        chunks.push(format!("package {};\n", proto.package()));
    }
    let mut imports: Vec<String> = proto
        .dependency
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let i = i as i32;
            let modifier = if proto.public_dependency.contains(&i) {
                "public "
            } else if proto.weak_dependency.contains(&i) {
                "weak "
            } else {
                ""
            };
            format!("import {modifier}{};\n", quote(name))
        })
        .collect();
    if normalize {
        imports.sort();
    }
    if !imports.is_empty() {
        chunks.push(imports.concat());
    }
    let mut out = Out {
        text: String::new(),
        indent: 0,
        syntax,
    };
    out.options(&file.options());
    if !out.text.is_empty() {
        chunks.push(std::mem::take(&mut out.text));
    }
    for message in file.messages() {
        out.message(&message);
        chunks.push(std::mem::take(&mut out.text));
    }
    for en in file.enums() {
        out.enumeration(&en);
        chunks.push(std::mem::take(&mut out.text));
    }
    let extensions: Vec<ExtensionDescriptor> = file.extensions().collect();
    out.extends(&extensions);
    if !out.text.is_empty() {
        chunks.push(std::mem::take(&mut out.text));
    }
    for service in file.services() {
        out.service(&service);
        chunks.push(std::mem::take(&mut out.text));
    }
    chunks.join("\n")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Proto2,
    Proto3,
}

struct Out {
    text: String,
    indent: usize,
    syntax: Syntax,
}

impl Out {
    fn line(&mut self, line: &str) {
        for _ in 0..self.indent {
            self.text.push_str("  ");
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn open(&mut self, line: &str) {
        self.line(line);
        self.indent += 1;
    }

    fn close(&mut self) {
        self.indent -= 1;
        self.line("}");
    }

    /// `option name = value;` for every option set, sorted.
    fn options(&mut self, options: &DynamicMessage) {
        for (name, value) in option_list(options) {
            self.line(&format!("option {name} = {value};"));
        }
    }

    fn message(&mut self, message: &MessageDescriptor) {
        self.open(&format!("message {} {{", message.name()));
        self.message_body(message);
        self.close();
    }

    fn message_body(&mut self, message: &MessageDescriptor) {
        self.options(&message.options());
        let proto = message.descriptor_proto();
        let fields: Vec<FieldDescriptor> = proto
            .field
            .iter()
            .filter_map(|f| message.get_field(f.number() as u32))
            .collect();
        let mut body = Body {
            fields: &fields,
            next: 0,
            printed_oneofs: HashSet::new(),
        };
        for nested in message.child_messages() {
            match fields.iter().position(|f| self.produces(f, &nested)) {
                Some(i) => self.fields_until(&mut body, i + 1),
                None => self.message(&nested),
            }
        }
        self.fields_until(&mut body, fields.len());
        for en in message.child_enums() {
            self.enumeration(&en);
        }
        let extensions: Vec<ExtensionDescriptor> = message.child_extensions().collect();
        self.extends(&extensions);
        for range in &proto.extension_range {
            self.line(&format!(
                "extensions {};",
                range_text(range.start(), range.end() - 1)
            ));
        }
        self.reserved(
            proto
                .reserved_range
                .iter()
                .map(|r| (r.start(), r.end() - 1))
                .collect(),
            &proto.reserved_name,
        );
    }

    /// Whether `field` brings `nested` into being: a map field its entry type, a group field
    /// its group type.
    fn produces(&self, field: &FieldDescriptor, nested: &MessageDescriptor) -> bool {
        let Kind::Message(m) = field.kind() else {
            return false;
        };
        if m.full_name() != nested.full_name() {
            return false;
        }
        nested.is_map_entry() || is_group(field.field_descriptor_proto())
    }

    fn fields_until(&mut self, body: &mut Body<'_>, end: usize) {
        while body.next < end {
            let field = &body.fields[body.next];
            body.next += 1;
            match field.containing_oneof().filter(|o| !o.is_synthetic()) {
                Some(oneof) => {
                    if body.printed_oneofs.insert(oneof.name().to_string()) {
                        self.oneof(&oneof);
                    }
                }
                None => self.field(field, false),
            }
        }
    }

    fn oneof(&mut self, oneof: &OneofDescriptor) {
        self.open(&format!("oneof {} {{", oneof.name()));
        self.options(&oneof.options());
        for field in oneof.fields() {
            self.field(&field, true);
        }
        self.close();
    }

    fn field(&mut self, field: &FieldDescriptor, in_oneof: bool) {
        let proto = field.field_descriptor_proto();
        let kind = field.kind();
        let options = field_options(proto, &field.options(), &kind);
        if let Some(group) = self.group_of(proto, &kind) {
            let label = self.label(proto, in_oneof, false);
            self.open(&format!(
                "{label}group {} = {}{options} {{",
                group.name(),
                proto.number()
            ));
            self.message_body(&group);
            self.close();
            return;
        }
        let map = match &kind {
            Kind::Message(m) if m.is_map_entry() => Some(m.clone()),
            _ => None,
        };
        let label = self.label(proto, in_oneof, map.is_some());
        let ty = match &map {
            Some(entry) => {
                let key = entry.map_entry_key_field();
                let value = entry.map_entry_value_field();
                format!(
                    "map<{}, {}>",
                    type_text(key.field_descriptor_proto()),
                    type_text(value.field_descriptor_proto())
                )
            }
            None => type_text(proto),
        };
        self.line(&format!(
            "{label}{ty} {} = {}{options};",
            proto.name(),
            proto.number()
        ));
    }

    fn group_of(&self, proto: &FieldDescriptorProto, kind: &Kind) -> Option<MessageDescriptor> {
        match kind {
            Kind::Message(m) if is_group(proto) => Some(m.clone()),
            _ => None,
        }
    }

    /// The label as it is written: none inside a oneof or on a map, `optional` in proto3 only
    /// for explicit presence.
    fn label(&self, proto: &FieldDescriptorProto, in_oneof: bool, map: bool) -> &'static str {
        if in_oneof || map {
            return "";
        }
        match (self.syntax, proto.label()) {
            (_, Label::Repeated) => "repeated ",
            (Syntax::Proto2, Label::Required) => "required ",
            (Syntax::Proto2, Label::Optional) => "optional ",
            (Syntax::Proto3, _) if proto.proto3_optional() => "optional ",
            _ => "",
        }
    }

    /// `extend` blocks, one per run of extensions of the same message.
    fn extends(&mut self, extensions: &[ExtensionDescriptor]) {
        let mut i = 0;
        while i < extensions.len() {
            let extendee = extensions[i]
                .field_descriptor_proto()
                .extendee()
                .to_string();
            self.open(&format!("extend {extendee} {{"));
            while i < extensions.len()
                && extensions[i].field_descriptor_proto().extendee() == extendee
            {
                let ext = &extensions[i];
                let proto = ext.field_descriptor_proto();
                let kind = ext.kind();
                let options = field_options(proto, &ext.options(), &kind);
                let label = self.label(proto, false, false);
                if let Some(group) = self.group_of(proto, &kind) {
                    self.open(&format!(
                        "{label}group {} = {}{options} {{",
                        group.name(),
                        proto.number()
                    ));
                    self.message_body(&group);
                    self.close();
                } else {
                    self.line(&format!(
                        "{label}{} {} = {}{options};",
                        type_text(proto),
                        proto.name(),
                        proto.number()
                    ));
                }
                i += 1;
            }
            self.close();
        }
    }

    fn enumeration(&mut self, en: &EnumDescriptor) {
        self.open(&format!("enum {} {{", en.name()));
        self.options(&en.options());
        // In declaration order: with aliases, the descriptor's `values()` order by number.
        let values = en
            .enum_descriptor_proto()
            .value
            .iter()
            .filter_map(|v| en.get_value_by_name(v.name()));
        for value in values {
            let options = option_list(&value.options())
                .into_iter()
                .map(|(n, v)| format!("{n} = {v}"))
                .collect::<Vec<_>>();
            let options = if options.is_empty() {
                String::new()
            } else {
                format!(" [{}]", options.join(", "))
            };
            self.line(&format!("{} = {}{options};", value.name(), value.number()));
        }
        let proto = en.enum_descriptor_proto();
        self.reserved(
            proto
                .reserved_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            &proto.reserved_name,
        );
        self.close();
    }

    /// `reserved` ranges (inclusive bounds) and names.
    fn reserved(&mut self, ranges: Vec<(i32, i32)>, names: &[String]) {
        if !ranges.is_empty() {
            let ranges: Vec<String> = ranges.iter().map(|(s, e)| range_text(*s, *e)).collect();
            self.line(&format!("reserved {};", ranges.join(", ")));
        }
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|n| quote(n)).collect();
            self.line(&format!("reserved {};", names.join(", ")));
        }
    }

    fn service(&mut self, service: &ServiceDescriptor) {
        self.open(&format!("service {} {{", service.name()));
        self.options(&service.options());
        for method in service.methods() {
            let stream = |yes: bool| if yes { "stream " } else { "" };
            let head = format!(
                "rpc {}({}.{}) returns ({}.{})",
                method.name(),
                stream(method.is_client_streaming()),
                method.input().full_name(),
                stream(method.is_server_streaming()),
                method.output().full_name()
            );
            let options = option_list(&method.options());
            if options.is_empty() {
                self.line(&format!("{head};"));
            } else {
                self.open(&format!("{head} {{"));
                for (name, value) in options {
                    self.line(&format!("option {name} = {value};"));
                }
                self.close();
            }
        }
        self.close();
    }
}

/// Where a message body is in printing its fields.
struct Body<'f> {
    fields: &'f [FieldDescriptor],
    next: usize,
    printed_oneofs: HashSet<String>,
}

fn is_group(field: &FieldDescriptorProto) -> bool {
    field.r#type() == Type::Group
}

fn range_text(start: i32, end: i32) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start} to {end}")
    }
}

/// ` [default = .., json_name = .., options..]`, or nothing.
fn field_options(proto: &FieldDescriptorProto, options: &DynamicMessage, kind: &Kind) -> String {
    let mut parts = Vec::new();
    if let Some(default) = &proto.default_value {
        let literal = match (proto.r#type(), kind) {
            (Type::String, _) => quote(default),
            (Type::Bytes, _) => format!("\"{default}\""),
            _ => default.clone(),
        };
        parts.push(format!("default = {literal}"));
    }
    if let Some(json) = &proto.json_name {
        if *json != default_json_name(proto.name()) {
            parts.push(format!("json_name = {}", quote(json)));
        }
    }
    for (name, value) in option_list(options) {
        parts.push(format!("{name} = {value}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" [{}]", parts.join(", "))
    }
}

/// The JSON name `protoc` gives a field: underscores dropped, the letter after each one
/// capitalised.
pub(super) fn default_json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The type of a field as written: a scalar's name, or the fully qualified name of its message
/// or enum.
fn type_text(proto: &FieldDescriptorProto) -> String {
    if !proto.type_name().is_empty() {
        return proto.type_name().to_string();
    }
    scalar_name(proto.r#type()).to_string()
}

pub(super) fn scalar_name(ty: Type) -> &'static str {
    match ty {
        Type::Double => "double",
        Type::Float => "float",
        Type::Int64 => "int64",
        Type::Uint64 => "uint64",
        Type::Int32 => "int32",
        Type::Fixed64 => "fixed64",
        Type::Fixed32 => "fixed32",
        Type::Bool => "bool",
        Type::String => "string",
        Type::Group => "group",
        Type::Message => "message",
        Type::Bytes => "bytes",
        Type::Uint32 => "uint32",
        Type::Enum => "enum",
        Type::Sfixed32 => "sfixed32",
        Type::Sfixed64 => "sfixed64",
        Type::Sint32 => "sint32",
        Type::Sint64 => "sint64",
    }
}

/// Every option set in `options` as `(name, value)`: standard options by field name, then
/// extension options as `(full.name)`, each sorted by name; a repeated option gives one entry
/// per value.
fn option_list(options: &DynamicMessage) -> Vec<(String, String)> {
    let mut standard = Vec::new();
    for (field, value) in options.fields() {
        push_option(
            &mut standard,
            field.name().to_string(),
            value,
            &field.kind(),
        );
    }
    standard.sort_by(|a, b| a.0.cmp(&b.0));
    let mut extensions = Vec::new();
    for (ext, value) in options.extensions() {
        push_option(
            &mut extensions,
            format!("({})", ext.full_name()),
            value,
            &ext.kind(),
        );
    }
    extensions.sort_by(|a, b| a.0.cmp(&b.0));
    standard.extend(extensions);
    standard
}

fn push_option(out: &mut Vec<(String, String)>, name: String, value: &Value, kind: &Kind) {
    match value {
        Value::List(items) => {
            for item in items {
                out.push((name.clone(), literal(item, kind)));
            }
        }
        other => out.push((name, literal(other, kind))),
    }
}

/// A value in `.proto` option syntax (text format for messages).
fn literal(value: &Value, kind: &Kind) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::I32(n) => n.to_string(),
        Value::I64(n) => n.to_string(),
        Value::U32(n) => n.to_string(),
        Value::U64(n) => n.to_string(),
        Value::F32(x) => float(f64::from(*x), format!("{x:?}")),
        Value::F64(x) => float(*x, format!("{x:?}")),
        Value::String(s) => quote(s),
        Value::Bytes(b) => quote_bytes(b),
        Value::EnumNumber(n) => match kind {
            Kind::Enum(en) => en
                .get_value(*n)
                .map(|v| v.name().to_string())
                .unwrap_or_else(|| n.to_string()),
            _ => n.to_string(),
        },
        Value::Message(m) => message_literal(m),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|v| literal(v, kind)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(map) => {
            let (key_kind, value_kind) = match kind {
                Kind::Message(entry) => (
                    entry.map_entry_key_field().kind(),
                    entry.map_entry_value_field().kind(),
                ),
                _ => (kind.clone(), kind.clone()),
            };
            let mut entries: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let key: Value = k.clone().into();
                    format!(
                        "{{ key: {} value: {} }}",
                        literal(&key, &key_kind),
                        literal(v, &value_kind)
                    )
                })
                .collect();
            entries.sort();
            format!("[{}]", entries.join(", "))
        }
    }
}

fn float(x: f64, shortest: String) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        shortest
    }
}

/// A message value in text format: `{ name: value [ext.name]: value }`, fields by number.
fn message_literal(message: &DynamicMessage) -> String {
    let mut parts = Vec::new();
    for (field, value) in message.fields() {
        parts.push(format!(
            "{}: {}",
            field.name(),
            literal(value, &field.kind())
        ));
    }
    for (ext, value) in message.extensions() {
        parts.push(format!(
            "[{}]: {}",
            ext.full_name(),
            literal(value, &ext.kind())
        ));
    }
    if parts.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", parts.join(" "))
    }
}

/// A string literal: quotes, backslashes and control characters escaped.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push('"');
    out
}
