//! Parsing and resolution, the printer's round trips, `format=serialized`, and a table of
//! compatibility cases: at least one for every Protobuf change kind.

use std::collections::BTreeSet;

use super::*;
use crate::compat::{ChangeKind, Direction, Level, Policy, Report};
use crate::limits::Limits;
use crate::Error;

const MONEY: &str = include_str!("../../tests/fixtures/protobuf/common/money.proto");

/// A fixture: its name, its text and the references (import name, text) it needs.
type Fixture = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Every fixture.
const FIXTURES: &[Fixture] = &[
    (
        "proto2_catalog",
        include_str!("../../tests/fixtures/protobuf/proto2_catalog.proto"),
        &[],
    ),
    (
        "proto3_profile",
        include_str!("../../tests/fixtures/protobuf/proto3_profile.proto"),
        &[],
    ),
    (
        "maps",
        include_str!("../../tests/fixtures/protobuf/maps.proto"),
        &[],
    ),
    (
        "oneofs",
        include_str!("../../tests/fixtures/protobuf/oneofs.proto"),
        &[],
    ),
    (
        "nested",
        include_str!("../../tests/fixtures/protobuf/nested.proto"),
        &[],
    ),
    (
        "well_known",
        include_str!("../../tests/fixtures/protobuf/well_known.proto"),
        &[],
    ),
    (
        "bundled",
        include_str!("../../tests/fixtures/protobuf/bundled.proto"),
        &[],
    ),
    (
        "reserved",
        include_str!("../../tests/fixtures/protobuf/reserved.proto"),
        &[],
    ),
    (
        "services",
        include_str!("../../tests/fixtures/protobuf/services.proto"),
        &[],
    ),
    (
        "options",
        include_str!("../../tests/fixtures/protobuf/options.proto"),
        &[],
    ),
    (
        "public_import",
        include_str!("../../tests/fixtures/protobuf/public_import.proto"),
        &[("common/money.proto", MONEY)],
    ),
];

fn parse(text: &str) -> ProtobufSchema {
    ProtobufSchema::parse(text, &[]).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The schema's descriptor without source information: what must survive printing and
/// parsing again (extension options are compared through the text, which prints them).
fn descriptor(schema: &ProtobufSchema) -> prost_types::FileDescriptorProto {
    let mut proto = schema.file().file_descriptor_proto().clone();
    proto.source_code_info = None;
    proto
}

#[test]
fn protobuf_every_fixture_parses() {
    for (name, text, refs) in FIXTURES {
        if let Err(e) = ProtobufSchema::parse(text, refs) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn protobuf_print_then_parse_gives_the_same_descriptors() {
    for (name, text, refs) in FIXTURES {
        let first = ProtobufSchema::parse(text, refs).expect(name);
        let printed = first.canonical_text();
        let second = ProtobufSchema::parse(&printed, refs)
            .unwrap_or_else(|e| panic!("{name}: the printed text does not parse: {e}\n{printed}"));
        assert_eq!(
            descriptor(&first),
            descriptor(&second),
            "{name}: the descriptors differ after printing:\n{printed}"
        );
        assert_eq!(
            printed,
            second.canonical_text(),
            "{name}: printing is not stable"
        );
    }
}

#[test]
fn protobuf_layout_comments_and_option_order_do_not_change_the_text() {
    let a = parse(
        r#"syntax = "proto2";
        package p;
        option java_package = "x.y";
        option optimize_for = SPEED;
        // a message
        message M {
          optional int32 a = 1 [deprecated = true, packed = false, json_name = "alpha"];
          /* block comment */ repeated string b = 2;
        }"#,
    );
    let b = parse(
        "syntax='proto2';package p;option optimize_for=SPEED;option java_package=\"x.y\";\n\
         message M{optional int32 a=1[json_name=\"alpha\",packed=false,deprecated=true];repeated string b=2;}",
    );
    assert_eq!(a.canonical_text(), b.canonical_text());
    assert_eq!(a.normalized_text(), b.normalized_text());
}

#[test]
fn protobuf_canonical_text_reads_as_written() {
    let schema = parse(
        r#"syntax = "proto3";
        package shop;
        import "google/protobuf/timestamp.proto";
        message Order {
          string id = 1;
          optional string note = 2;
          map<string, int64> counts = 3;
          oneof pay { string card = 4; string iban = 5; }
          google.protobuf.Timestamp at = 6;
          reserved 7, 9 to 11;
          reserved "old";
        }
        enum Kind { KIND_UNSPECIFIED = 0; BIG = 1; }"#,
    );
    let expected = r#"syntax = "proto3";

package shop;

import "google/protobuf/timestamp.proto";

message Order {
  string id = 1;
  optional string note = 2;
  map<string, int64> counts = 3;
  oneof pay {
    string card = 4;
    string iban = 5;
  }
  .google.protobuf.Timestamp at = 6;
  reserved 7, 9 to 11;
  reserved "old";
}

enum Kind {
  KIND_UNSPECIFIED = 0;
  BIG = 1;
}
"#;
    assert_eq!(schema.canonical_text(), expected);
}

#[test]
fn protobuf_normalized_text_sorts_imports() {
    let a = parse(
        "syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\"; import \"google/protobuf/duration.proto\"; \
         message M { google.protobuf.Timestamp t = 1; google.protobuf.Duration d = 2; }",
    );
    let b = parse(
        "syntax = \"proto3\"; import \"google/protobuf/duration.proto\"; import \"google/protobuf/timestamp.proto\"; \
         message M { google.protobuf.Timestamp t = 1; google.protobuf.Duration d = 2; }",
    );
    assert_ne!(a.canonical_text(), b.canonical_text());
    assert_eq!(a.normalized_text(), b.normalized_text());
}

#[test]
fn protobuf_serialized_form_round_trips() {
    for (name, text, refs) in FIXTURES {
        let schema = ProtobufSchema::parse(text, refs).expect(name);
        let serialized = schema.serialized();
        let again = ProtobufSchema::from_serialized(&serialized, refs)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(descriptor(&schema), descriptor(&again), "{name}");
        assert_eq!(schema.canonical_text(), again.canonical_text(), "{name}");
    }
}

#[test]
fn protobuf_serialized_form_leaves_out_source_information() {
    let schema = parse("syntax = \"proto3\";\n// about A\nmessage A { string s = 1; }");
    let bytes = schema.descriptor_bytes();
    let decoded =
        <prost_types::FileDescriptorProto as prost::Message>::decode(bytes.as_slice()).unwrap();
    assert!(decoded.source_code_info.is_none());
    assert_eq!(decoded.message_type[0].name(), "A");
    let again = parse("syntax = \"proto3\"; message A {\n  string s = 1;\n}");
    assert_eq!(bytes, again.descriptor_bytes());
}

#[test]
fn protobuf_serialized_form_accepts_missing_padding_and_refuses_garbage() {
    let schema = parse("syntax = \"proto3\"; message A { string s = 1; }");
    let unpadded = schema.serialized().trim_end_matches('=').to_string();
    let again = ProtobufSchema::from_serialized(&unpadded, &[]).unwrap();
    assert_eq!(again.canonical_text(), schema.canonical_text());
    assert!(matches!(
        ProtobufSchema::from_serialized("not base64!", &[]),
        Err(Error::InvalidSchema { .. })
    ));
}

#[test]
fn protobuf_imports_resolve_from_references() {
    let text = include_str!("../../tests/fixtures/protobuf/public_import.proto");
    let schema = ProtobufSchema::parse(text, &[("common/money.proto", MONEY)]).unwrap();
    assert_eq!(schema.message_names(), ["orders.Order"]);
    assert!(schema.pool().get_message_by_name("common.Money").is_some());
}

#[test]
fn protobuf_imports_resolve_from_the_well_known_types() {
    let text = include_str!("../../tests/fixtures/protobuf/well_known.proto");
    let schema = ProtobufSchema::parse(text, &[]).unwrap();
    assert!(schema
        .pool()
        .get_message_by_name("google.protobuf.Timestamp")
        .is_some());
}

#[test]
fn protobuf_every_bundled_type_resolves_without_a_reference() {
    for name in bundled::names() {
        let text = format!("syntax = \"proto3\"; import \"{name}\"; message M {{ int32 x = 1; }}");
        if let Err(e) = ProtobufSchema::parse(&text, &[]) {
            panic!("{name}: {e}");
        }
    }
    let schema = ProtobufSchema::parse(
        "syntax = \"proto3\"; import \"confluent/type/decimal.proto\"; import \"google/type/money.proto\"; \
         message M { confluent.type.Decimal d = 1; google.type.Money m = 2; }",
        &[],
    )
    .unwrap();
    assert!(schema
        .pool()
        .get_message_by_name("confluent.type.Decimal")
        .is_some());
}

#[test]
fn protobuf_a_reference_may_import_another() {
    let address = "syntax = \"proto3\"; package geo; message Address { string city = 1; }";
    let customer = "syntax = \"proto3\"; package crm; import \"geo/address.proto\"; message Customer { geo.Address home = 1; }";
    let text = "syntax = \"proto3\"; import \"crm/customer.proto\"; message Visit { crm.Customer who = 1; }";
    let schema = ProtobufSchema::parse(
        text,
        &[
            ("crm/customer.proto", customer),
            ("geo/address.proto", address),
        ],
    )
    .unwrap();
    assert!(schema.pool().get_message_by_name("geo.Address").is_some());
}

#[test]
fn protobuf_schemas_held_before_serve_as_references_with_their_own_imports() {
    let geo = parse("syntax = \"proto3\"; package geo; message Address { string city = 1; }");
    let crm = ProtobufSchema::parse_with_schemas(
        "syntax = \"proto3\"; package crm; import \"geo/address.proto\"; import \"google/protobuf/timestamp.proto\"; \
         message Customer { geo.Address home = 1; google.protobuf.Timestamp since = 2; }",
        &[("geo/address.proto", &geo)],
        &Limits::DEFAULT,
    )
    .unwrap();
    // The customer's own import (geo/address.proto) comes from its pool, not from a reference.
    let visit = ProtobufSchema::parse_with_schemas(
        "syntax = \"proto3\"; import \"crm/customer.proto\"; message Visit { crm.Customer who = 1; }",
        &[("crm/customer.proto", &crm)],
        &Limits::DEFAULT,
    )
    .unwrap();
    assert!(visit.pool().get_message_by_name("geo.Address").is_some());
    assert!(visit
        .pool()
        .get_file_by_name("crm/customer.proto")
        .is_some());
}

#[test]
fn protobuf_a_missing_import_names_the_import_and_its_importer() {
    let err = ProtobufSchema::parse(
        "syntax = \"proto3\"; import \"missing/thing.proto\"; message A { int32 x = 1; }",
        &[],
    )
    .unwrap_err();
    match err {
        Error::UnresolvedImport { import, importer } => {
            assert_eq!(import, "missing/thing.proto");
            assert_eq!(importer, ProtobufSchema::DEFAULT_FILE_NAME);
        }
        other => panic!("{other}"),
    }
    // Missing from a reference: the reference is named as the importer.
    let customer = "syntax = \"proto3\"; package crm; import \"geo/address.proto\"; message Customer { int32 id = 1; }";
    let err = ProtobufSchema::parse(
        "syntax = \"proto3\"; import \"crm/customer.proto\"; message A { crm.Customer c = 1; }",
        &[("crm/customer.proto", customer)],
    )
    .unwrap_err();
    match err {
        Error::UnresolvedImport { import, importer } => {
            assert_eq!(import, "geo/address.proto");
            assert_eq!(importer, "crm/customer.proto");
        }
        other => panic!("{other}"),
    }
    let message = Error::UnresolvedImport {
        import: "a.proto".into(),
        importer: "b.proto".into(),
    }
    .to_string();
    assert!(message.contains("\"a.proto\"") && message.contains("\"b.proto\""));
}

#[test]
fn protobuf_a_syntax_error_says_where_it_is() {
    let err = ProtobufSchema::parse(
        "syntax = \"proto3\";\nmessage A {\n  string s = 1\n}\n",
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("schema.proto:4:1: expected ';'"), "{err}");
    let err = ProtobufSchema::parse(
        "syntax = \"proto3\"; import \"b.proto\"; message A { int32 x = 1; }",
        &[(
            "b.proto",
            "syntax = \"proto3\";\n\nmessage B { Nope n = 1; }",
        )],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("b.proto:3:"), "{err}");
    assert!(err.contains("Nope"), "{err}");
}

#[test]
fn protobuf_proto2_is_written_out() {
    let schema = parse("message A { optional int32 x = 1; }");
    assert!(schema
        .canonical_text()
        .starts_with("syntax = \"proto2\";\n"));
}

#[test]
fn protobuf_invalid_text_is_an_invalid_schema() {
    for text in [
        "syntax = \"proto3\"; message A { string s = 1 }",
        "syntax = \"proto3\"; message A { Unknown u = 1; }",
        "syntax = \"proto3\"; message A { int32 a = 1; int32 b = 1; }",
    ] {
        assert!(
            matches!(
                ProtobufSchema::parse(text, &[]),
                Err(Error::InvalidSchema { .. })
            ),
            "{text}"
        );
    }
}

#[test]
fn protobuf_limits_refuse_large_and_deep_texts() {
    let limits = Limits {
        max_document_bytes: 64,
        ..Limits::DEFAULT
    };
    let text = "syntax = \"proto3\"; message A { string a_rather_long_field_name = 1; }";
    assert!(matches!(
        ProtobufSchema::parse_with_limits(text, &[], &limits),
        Err(Error::Limit {
            limit: "max_document_bytes",
            ..
        })
    ));
    let deep = format!(
        "syntax = \"proto3\"; {} {}",
        "message A { ".repeat(200),
        "}".repeat(200)
    );
    assert!(matches!(
        ProtobufSchema::parse(&deep, &[]),
        Err(Error::Limit {
            limit: "max_depth",
            ..
        })
    ));
    // Braces in comments and strings do not count.
    let quoted = format!(
        "syntax = \"proto3\"; // {}\nmessage A {{ string s = 1 [json_name = \"{}\"]; }}",
        "{".repeat(300),
        "[".repeat(300)
    );
    assert!(ProtobufSchema::parse(&quoted, &[]).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Compatibility: each case gives old and new `.proto` text, the changes expected as
// "KIND #/path" (a multiset) and the verdicts under STRICT and LENIENT.

struct Case {
    name: &'static str,
    old: &'static str,
    new: &'static str,
    refs_old: &'static [(&'static str, &'static str)],
    refs_new: &'static [(&'static str, &'static str)],
    changes: &'static [&'static str],
    strict: bool,
    lenient: bool,
}

const fn case(
    name: &'static str,
    old: &'static str,
    new: &'static str,
    changes: &'static [&'static str],
    strict: bool,
    lenient: bool,
) -> Case {
    Case {
        name,
        old,
        new,
        refs_old: &[],
        refs_new: &[],
        changes,
        strict,
        lenient,
    }
}

const HOME_V1: &str =
    "syntax = \"proto3\"; package home.v1; message Sensor { int32 id = 1; bool on = 2; }";
const HOME_V2: &str =
    "syntax = \"proto3\"; package home.v1; message Sensor { string id = 1; bool on = 2; }";
const HOME_MOVED: &str =
    "syntax = \"proto3\"; package home.v2; message Sensor { int32 id = 1; bool on = 2; }";
const TREE_V1: &str =
    "syntax = \"proto3\"; package t; message Node { Node next = 1; int32 weight = 2; }";
const TREE_V2: &str =
    "syntax = \"proto3\"; package t; message Node { Node next = 1; string weight = 2; }";

const CASES: &[Case] = &[
    case(
        "the package changes",
        "syntax = \"proto3\"; package shop.v1; message Order { string id = 1; }",
        "syntax = \"proto3\"; package shop.v2; message Order { string id = 1; }",
        &["PACKAGE_CHANGED #/"],
        true,
        true,
    ),
    case(
        "a message is added",
        "syntax = \"proto3\"; message Order { string id = 1; }",
        "syntax = \"proto3\"; message Order { string id = 1; } message Refund { string id = 1; }",
        &["MESSAGE_ADDED #/Refund"],
        true,
        true,
    ),
    case(
        "a message is removed",
        "syntax = \"proto3\"; message Order { string id = 1; } message Refund { string id = 1; }",
        "syntax = \"proto3\"; message Order { string id = 1; }",
        &["MESSAGE_REMOVED #/Refund"],
        false,
        false,
    ),
    case(
        "two messages swap places",
        "syntax = \"proto3\"; message Order { string id = 1; } message Refund { string id = 1; }",
        "syntax = \"proto3\"; message Refund { string id = 1; } message Order { string id = 1; }",
        &["MESSAGE_MOVED #/Order", "MESSAGE_MOVED #/Refund"],
        true,
        true,
    ),
    case(
        "a message added before another moves it",
        "syntax = \"proto3\"; message Order { string id = 1; }",
        "syntax = \"proto3\"; message Cart { string id = 1; } message Order { string id = 1; }",
        &["MESSAGE_ADDED #/Cart", "MESSAGE_MOVED #/Order"],
        true,
        true,
    ),
    case(
        "an enum is added and used by a number field",
        "syntax = \"proto3\"; message Order { int32 state = 1; }",
        "syntax = \"proto3\"; message Order { State state = 1; } enum State { NEW = 0; PAID = 1; }",
        &["ENUM_ADDED #/State"],
        true,
        true,
    ),
    case(
        "an enum is removed and its field becomes a number",
        "syntax = \"proto3\"; message Order { State state = 1; } enum State { NEW = 0; PAID = 1; }",
        "syntax = \"proto3\"; message Order { int64 state = 1; }",
        &["ENUM_REMOVED #/State"],
        true,
        true,
    ),
    case(
        "enum values are added, renamed and removed",
        "syntax = \"proto3\"; enum State { NEW = 0; PAID = 1; SHIPPED = 2; }",
        "syntax = \"proto3\"; enum State { NEW = 0; SETTLED = 1; RETURNED = 3; }",
        &[
            "ENUM_CONST_CHANGED #/State/1",
            "ENUM_CONST_REMOVED #/State/2",
            "ENUM_CONST_ADDED #/State/3",
        ],
        true,
        true,
    ),
    case(
        "a nested enum's value is removed",
        "syntax = \"proto3\"; message Order { enum State { NEW = 0; PAID = 1; } State s = 1; }",
        "syntax = \"proto3\"; message Order { enum State { NEW = 0; } State s = 1; }",
        &["ENUM_CONST_REMOVED #/Order/State/1"],
        true,
        true,
    ),
    case(
        "a field is added",
        "syntax = \"proto3\"; message Order { string id = 1; }",
        "syntax = \"proto3\"; message Order { string id = 1; string note = 2; }",
        &["FIELD_ADDED #/Order/2"],
        true,
        true,
    ),
    case(
        "a field is removed without reserving it",
        "syntax = \"proto3\"; message Order { string id = 1; string note = 2; }",
        "syntax = \"proto3\"; message Order { string id = 1; }",
        &["FIELD_REMOVED #/Order/2", "FIELD_REMOVED_WITHOUT_RESERVED #/Order/2"],
        false,
        true,
    ),
    case(
        "a field is removed and its number and name reserved",
        "syntax = \"proto3\"; message Order { string id = 1; string note = 2; }",
        "syntax = \"proto3\"; message Order { string id = 1; reserved 2; reserved \"note\"; }",
        &["FIELD_REMOVED #/Order/2"],
        true,
        true,
    ),
    case(
        "a field is removed and only its number reserved",
        "syntax = \"proto3\"; message Order { string id = 1; string note = 2; }",
        "syntax = \"proto3\"; message Order { string id = 1; reserved 2 to 4; }",
        &["FIELD_REMOVED #/Order/2", "FIELD_REMOVED_WITHOUT_RESERVED #/Order/2"],
        false,
        true,
    ),
    case(
        "a field's number changes",
        "syntax = \"proto3\"; message Order { string id = 1; }",
        "syntax = \"proto3\"; message Order { string id = 2; }",
        &[
            "FIELD_REMOVED #/Order/1",
            "FIELD_REMOVED_WITHOUT_RESERVED #/Order/1",
            "FIELD_ADDED #/Order/2",
        ],
        false,
        true,
    ),
    case(
        "a field is renamed",
        "syntax = \"proto3\"; message Order { string id = 1; }",
        "syntax = \"proto3\"; message Order { string order_id = 1; }",
        &["FIELD_NAME_CHANGED #/Order/1"],
        true,
        true,
    ),
    case(
        "a number field becomes a message",
        "syntax = \"proto3\"; message Order { int32 total = 1; }",
        "syntax = \"proto3\"; message Order { Money total = 1; } message Money { int64 units = 1; }",
        &["FIELD_KIND_CHANGED #/Order/1", "MESSAGE_ADDED #/Money"],
        false,
        false,
    ),
    case(
        "a scalar becomes a map",
        "syntax = \"proto3\"; message Order { string tags = 1; }",
        "syntax = \"proto3\"; message Order { map<string, string> tags = 1; }",
        &["FIELD_KIND_CHANGED #/Order/1"],
        false,
        false,
    ),
    case(
        "a number becomes a string",
        "syntax = \"proto3\"; message Order { int32 total = 1; }",
        "syntax = \"proto3\"; message Order { string total = 1; }",
        &["FIELD_SCALAR_KIND_CHANGED #/Order/1"],
        false,
        false,
    ),
    case(
        "int32 widens to int64 and string becomes bytes",
        "syntax = \"proto3\"; message Order { int32 total = 1; string blob = 2; fixed32 f = 3; }",
        "syntax = \"proto3\"; message Order { int64 total = 1; bytes blob = 2; sfixed32 f = 3; }",
        &[],
        true,
        true,
    ),
    case(
        "int32 becomes a zig-zag sint32",
        "syntax = \"proto3\"; message Order { int32 delta = 1; }",
        "syntax = \"proto3\"; message Order { sint32 delta = 1; }",
        &["FIELD_SCALAR_KIND_CHANGED #/Order/1"],
        false,
        false,
    ),
    case(
        "a map's value type changes",
        "syntax = \"proto3\"; message Stock { map<string, int32> counts = 1; }",
        "syntax = \"proto3\"; message Stock { map<string, string> counts = 1; }",
        &["FIELD_SCALAR_KIND_CHANGED #/Stock/1"],
        false,
        false,
    ),
    case(
        "a map's field is renamed (its entry type with it)",
        "syntax = \"proto3\"; message Stock { map<string, int32> counts = 1; }",
        "syntax = \"proto3\"; message Stock { map<string, int64> levels = 1; }",
        &["FIELD_NAME_CHANGED #/Stock/1"],
        true,
        true,
    ),
    case(
        "a field's message type is replaced by another",
        "syntax = \"proto3\"; message Order { Money total = 1; } message Money { int64 units = 1; }",
        "syntax = \"proto3\"; message Order { Price total = 1; } message Price { int64 units = 1; }",
        &[
            "FIELD_NAMED_TYPE_CHANGED #/Order/1",
            "MESSAGE_REMOVED #/Money",
            "MESSAGE_ADDED #/Price",
        ],
        false,
        false,
    ),
    case(
        "a local type is written with another qualification",
        "syntax = \"proto3\"; package p; message Order { Line l = 1; message Line { int32 n = 1; } }",
        "syntax = \"proto3\"; package p; message Order { .p.Order.Line l = 1; message Line { int32 n = 1; } }",
        &[],
        true,
        true,
    ),
    case(
        "a nested message's field changes type",
        "syntax = \"proto3\"; message Order { message Line { string sku = 1; int32 qty = 2; } repeated Line lines = 1; }",
        "syntax = \"proto3\"; message Order { message Line { string sku = 1; double qty = 2; } repeated Line lines = 1; }",
        &["FIELD_SCALAR_KIND_CHANGED #/Order/Line/2"],
        false,
        false,
    ),
    case(
        "a proto2 optional number becomes repeated",
        "syntax = \"proto2\"; message Order { optional int32 qty = 1; }",
        "syntax = \"proto2\"; message Order { repeated int32 qty = 1; }",
        &["FIELD_NUMERIC_LABEL_CHANGED #/Order/1"],
        false,
        false,
    ),
    case(
        "a proto3 optional number becomes repeated",
        "syntax = \"proto3\"; message Order { optional int32 qty = 1; }",
        "syntax = \"proto3\"; message Order { repeated int32 qty = 1; }",
        &["FIELD_NUMERIC_LABEL_CHANGED #/Order/1"],
        false,
        false,
    ),
    case(
        "a proto3 number without a label becomes repeated (no label was written)",
        "syntax = \"proto3\"; message Order { int32 qty = 1; }",
        "syntax = \"proto3\"; message Order { repeated int32 qty = 1; }",
        &[],
        true,
        true,
    ),
    case(
        "a proto3 field gains optional (not a oneof)",
        "syntax = \"proto3\"; message Order { string note = 1; }",
        "syntax = \"proto3\"; message Order { optional string note = 1; }",
        &[],
        true,
        true,
    ),
    case(
        "an optional string becomes repeated",
        "syntax = \"proto3\"; message Order { optional string tag = 1; }",
        "syntax = \"proto3\"; message Order { repeated string tag = 1; }",
        &["FIELD_STRING_OR_BYTES_LABEL_CHANGED #/Order/1"],
        true,
        true,
    ),
    case(
        "an optional message becomes repeated",
        "syntax = \"proto3\"; message Order { optional Line line = 1; } message Line { int32 n = 1; }",
        "syntax = \"proto3\"; message Order { repeated Line line = 1; } message Line { int32 n = 1; }",
        &[],
        true,
        true,
    ),
    case(
        "a required field is added",
        "syntax = \"proto2\"; message Order { optional string id = 1; }",
        "syntax = \"proto2\"; message Order { optional string id = 1; required string owner = 2; }",
        &["REQUIRED_FIELD_ADDED #/Order/2"],
        false,
        false,
    ),
    case(
        "a required field is removed",
        "syntax = \"proto2\"; message Order { optional string id = 1; required string owner = 2; }",
        "syntax = \"proto2\"; message Order { optional string id = 1; reserved 2; reserved \"owner\"; }",
        &["REQUIRED_FIELD_REMOVED #/Order/2"],
        false,
        false,
    ),
    case(
        "an optional field becomes required",
        "syntax = \"proto2\"; message Order { optional string id = 1; }",
        "syntax = \"proto2\"; message Order { required string id = 1; }",
        &["FIELD_STRING_OR_BYTES_LABEL_CHANGED #/Order/1"],
        true,
        true,
    ),
    case(
        "a field moves into a new oneof with a new member",
        "syntax = \"proto3\"; message Pay { string id = 1; string card = 2; }",
        "syntax = \"proto3\"; message Pay { string id = 1; oneof method { string card = 2; string iban = 3; } }",
        &["ONEOF_ADDED #/Pay/method", "ONEOF_FIELD_ADDED #/Pay/method/3"],
        true,
        true,
    ),
    case(
        "two independent fields move into one oneof",
        "syntax = \"proto3\"; message Pay { string card = 1; string iban = 2; }",
        "syntax = \"proto3\"; message Pay { oneof method { string card = 1; string iban = 2; } }",
        &[
            "MULTIPLE_FIELDS_MOVED_TO_ONEOF #/Pay/method",
            "ONEOF_ADDED #/Pay/method",
        ],
        false,
        false,
    ),
    case(
        "a field moves into an existing oneof",
        "syntax = \"proto3\"; message Pay { string memo = 1; oneof method { string card = 2; string iban = 3; } }",
        "syntax = \"proto3\"; message Pay { oneof method { string memo = 1; string card = 2; string iban = 3; } }",
        &["FIELD_MOVED_TO_EXISTING_ONEOF #/Pay/method"],
        false,
        false,
    ),
    case(
        "two oneofs merge into one",
        "syntax = \"proto3\"; message Pay { oneof a { string card = 1; } oneof b { string iban = 2; } }",
        "syntax = \"proto3\"; message Pay { oneof a { string card = 1; string iban = 2; } }",
        &["FIELD_MOVED_TO_EXISTING_ONEOF #/Pay/a", "ONEOF_REMOVED #/Pay/b"],
        false,
        false,
    ),
    case(
        "a member is added to a oneof",
        "syntax = \"proto3\"; message Pay { oneof method { string card = 1; } }",
        "syntax = \"proto3\"; message Pay { oneof method { string card = 1; string iban = 2; } }",
        &["ONEOF_FIELD_ADDED #/Pay/method/2"],
        true,
        true,
    ),
    case(
        "a member is removed from a oneof that stays",
        "syntax = \"proto3\"; message Pay { oneof method { string card = 1; string iban = 2; } }",
        "syntax = \"proto3\"; message Pay { oneof method { string card = 1; } }",
        &[
            "ONEOF_FIELD_REMOVED #/Pay/method/2",
            "FIELD_REMOVED_WITHOUT_RESERVED #/Pay/method/2",
        ],
        false,
        false,
    ),
    case(
        "a whole oneof is removed with its members, which are reserved",
        "syntax = \"proto3\"; message Pay { string id = 1; oneof method { string card = 2; string iban = 3; } }",
        "syntax = \"proto3\"; message Pay { string id = 1; reserved 2, 3; reserved \"card\", \"iban\"; }",
        &["ONEOF_REMOVED #/Pay/method"],
        true,
        true,
    ),
    case(
        "a member leaves its oneof for the top level",
        "syntax = \"proto3\"; message Pay { oneof method { string card = 1; string iban = 2; } }",
        "syntax = \"proto3\"; message Pay { string iban = 2; oneof method { string card = 1; } }",
        &["ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/Pay/2"],
        true,
        true,
    ),
    case(
        "a oneof is renamed: its members are compared where they now are",
        "syntax = \"proto3\"; message Pay { oneof method { string card = 1; int32 code = 2; } }",
        "syntax = \"proto3\"; message Pay { oneof kind { string card = 1; string code = 2; } }",
        &[
            "ONEOF_ADDED #/Pay/kind",
            "ONEOF_REMOVED #/Pay/method",
            "FIELD_SCALAR_KIND_CHANGED #/Pay/kind/2",
        ],
        false,
        false,
    ),
    case(
        "a proto2 group's field changes type",
        "syntax = \"proto2\"; message Order { optional group Box = 1 { optional int32 size = 1; } }",
        "syntax = \"proto2\"; message Order { optional group Box = 1 { optional string size = 1; } }",
        &["FIELD_SCALAR_KIND_CHANGED #/Order/Box/1"],
        false,
        false,
    ),
    Case {
        name: "a referenced type changes incompatibly",
        old: "syntax = \"proto3\"; import \"home.proto\"; message Room { home.v1.Sensor sensor = 1; }",
        new: "syntax = \"proto3\"; import \"home.proto\"; message Room { home.v1.Sensor sensor = 1; }",
        refs_old: &[("home.proto", HOME_V1)],
        refs_new: &[("home.proto", HOME_V2)],
        changes: &[
            "FIELD_SCALAR_KIND_CHANGED #/Sensor/1",
            "FIELD_NAMED_TYPE_CHANGED #/Room/1",
        ],
        strict: false,
        lenient: false,
    },
    Case {
        name: "a referenced type moves to another package, unchanged",
        old: "syntax = \"proto3\"; import \"home.proto\"; message Room { home.v1.Sensor sensor = 1; }",
        new: "syntax = \"proto3\"; import \"home2.proto\"; message Room { home.v2.Sensor sensor = 1; }",
        refs_old: &[("home.proto", HOME_V1)],
        refs_new: &[("home2.proto", HOME_MOVED)],
        changes: &[],
        strict: true,
        lenient: true,
    },
    Case {
        name: "a type moves from the schema into a reference",
        old: "syntax = \"proto3\"; package home.v1; message Room { Sensor sensor = 1; } message Sensor { int32 id = 1; bool on = 2; }",
        new: "syntax = \"proto3\"; package home.v1; import \"home.proto\"; message Room { Sensor sensor = 1; }",
        refs_old: &[],
        refs_new: &[("home.proto", HOME_V1)],
        changes: &["MESSAGE_REMOVED #/Sensor"],
        strict: false,
        lenient: false,
    },
    Case {
        name: "two fields of one changed referenced type report its changes once",
        old: "syntax = \"proto3\"; import \"home.proto\"; message Room { home.v1.Sensor a = 1; home.v1.Sensor b = 2; }",
        new: "syntax = \"proto3\"; import \"home.proto\"; message Room { home.v1.Sensor a = 1; home.v1.Sensor b = 2; }",
        refs_old: &[("home.proto", HOME_V1)],
        refs_new: &[("home.proto", HOME_V2)],
        changes: &[
            "FIELD_SCALAR_KIND_CHANGED #/Sensor/1",
            "FIELD_NAMED_TYPE_CHANGED #/Room/1",
            "FIELD_NAMED_TYPE_CHANGED #/Room/2",
        ],
        strict: false,
        lenient: false,
    },
    Case {
        name: "a recursive referenced type",
        old: "syntax = \"proto3\"; import \"tree.proto\"; message Forest { t.Node root = 1; }",
        new: "syntax = \"proto3\"; import \"tree.proto\"; message Forest { t.Node root = 1; }",
        refs_old: &[("tree.proto", TREE_V1)],
        refs_new: &[("tree.proto", TREE_V2)],
        changes: &[
            "FIELD_SCALAR_KIND_CHANGED #/Node/2",
            "FIELD_NAMED_TYPE_CHANGED #/Forest/1",
        ],
        strict: false,
        lenient: false,
    },
    case(
        "the same schema laid out differently",
        "syntax = \"proto3\"; message Order { string id = 1; map<string, int32> c = 2; }",
        "syntax = \"proto3\";\n// comment\nmessage Order {\n  string id = 1;\n  map<string, int32> c = 2;\n}\n",
        &[],
        true,
        true,
    ),
];

fn changes_of(report: &Report) -> Vec<String> {
    let mut changes: Vec<String> = report
        .changes
        .iter()
        .map(|c| format!("{} {}", c.kind.name(), c.path))
        .collect();
    changes.sort();
    changes
}

#[test]
fn protobuf_every_case_gives_its_changes_and_verdicts() {
    let mut failures = Vec::new();
    for c in CASES {
        let old =
            ProtobufSchema::parse(c.old, c.refs_old).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let new =
            ProtobufSchema::parse(c.new, c.refs_new).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let strict = check(&old, &new, Policy::Strict).unwrap();
        let lenient = check(&old, &new, Policy::Lenient).unwrap();
        let mut expected: Vec<String> = c.changes.iter().map(|s| s.to_string()).collect();
        expected.sort();
        let got = changes_of(&strict);
        if got != expected || strict.compatible != c.strict || lenient.compatible != c.lenient {
            failures.push(format!(
                "{}: got {got:?} strict={} lenient={}, expected {expected:?} strict={} lenient={}",
                c.name, strict.compatible, lenient.compatible, c.strict, c.lenient
            ));
        }
        for change in &strict.changes {
            assert!(!change.message.is_empty(), "{}: no sentence", c.name);
            assert_ne!(
                change.message,
                change.kind.name(),
                "{}: no sentence",
                c.name
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn protobuf_every_protobuf_kind_has_a_case() {
    let covered: BTreeSet<&str> = CASES
        .iter()
        .flat_map(|c| c.changes.iter())
        .map(|c| c.split(' ').next().unwrap())
        .collect();
    let first = ChangeKind::ALL
        .iter()
        .position(|k| *k == ChangeKind::PackageChanged)
        .unwrap();
    let missing: Vec<&str> = ChangeKind::ALL[first..]
        .iter()
        .map(|k| k.name())
        .filter(|n| !covered.contains(n))
        .collect();
    assert!(missing.is_empty(), "kinds without a case: {missing:?}");
}

#[test]
fn protobuf_add_only_allows_only_additions() {
    let old = parse("syntax = \"proto3\"; message Order { string id = 1; } enum S { A = 0; }");
    let added = parse(
        "syntax = \"proto3\"; message Cart { string id = 1; } message Order { string id = 1; string note = 2; } enum S { A = 0; B = 1; } enum T { X = 0; }",
    );
    assert!(check(&old, &added, Policy::AddOnly).unwrap().compatible);
    let renamed =
        parse("syntax = \"proto3\"; message Order { string order_id = 1; } enum S { A = 0; }");
    let report = check(&old, &renamed, Policy::AddOnly).unwrap();
    assert!(!report.compatible);
    assert!(report.changes[0]
        .message
        .contains("not allowed under ADD_ONLY"));
}

#[test]
fn protobuf_a_forward_check_sees_a_removal_by_the_candidate() {
    // FORWARD: the candidate plays `old`; the field the existing version has and the
    // candidate lacks (unreserved) is Accord's finding, an addition by the candidate is not.
    let existing = parse("syntax = \"proto3\"; message Order { string id = 1; string note = 2; }");
    let candidate =
        parse("syntax = \"proto3\"; message Order { string id = 1; string extra = 3; }");
    let mut report = Report::new(Level::Forward, Policy::Strict);
    compat::run(
        &candidate,
        &existing,
        Direction::Forward,
        Policy::Strict,
        &Limits::DEFAULT,
        &mut report,
    )
    .unwrap();
    report.finish();
    assert_eq!(
        changes_of(&report),
        [
            "FIELD_ADDED #/Order/2",
            "FIELD_REMOVED #/Order/3",
            "FIELD_REMOVED_WITHOUT_RESERVED #/Order/2",
        ]
    );
    assert!(report
        .changes
        .iter()
        .all(|c| c.direction == Direction::Forward));
}

#[test]
fn protobuf_changes_carry_values_and_sentences() {
    let old = parse("syntax = \"proto3\"; message Order { int32 total = 1; }");
    let new = parse("syntax = \"proto3\"; message Order { string total = 1; }");
    let report = check(&old, &new, Policy::Strict).unwrap();
    let change = &report.changes[0];
    assert_eq!(change.old_value, Some(serde_json::json!("int32")));
    assert_eq!(change.new_value, Some(serde_json::json!("string")));
    assert!(change.message.contains("int32") && change.message.contains("string"));
    assert_eq!(
        report.confluent_messages()[0],
        "{errorType:\"FIELD_SCALAR_KIND_CHANGED\", description:\"The new schema at path '#/Order/1' is not compatible: field number 1 changed from \"int32\" to \"string\", which encode differently: old messages are misread'}"
    );
}

#[test]
fn protobuf_the_comparison_limit_is_enforced() {
    let old = parse("syntax = \"proto3\"; message A { string a = 1; } message B { string b = 1; }");
    let limits = Limits {
        max_comparisons: 1,
        ..Limits::DEFAULT
    };
    let mut report = Report::new(Level::Backward, Policy::Strict);
    let err = compat::run(
        &old,
        &old,
        Direction::Backward,
        Policy::Strict,
        &limits,
        &mut report,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Limit {
            limit: "max_comparisons",
            ..
        }
    ));
}

#[test]
fn protobuf_a_number_reused_after_an_unreserved_removal_across_three_versions() {
    let v1 = parse("syntax = \"proto3\"; message Order { string id = 1; string coupon = 2; }");
    let v2 = parse("syntax = \"proto3\"; message Order { string id = 1; }");
    let v3 = parse("syntax = \"proto3\"; message Order { string id = 1; int64 discount = 2; }");
    // STRICT refuses the removal that leaves number 2 free...
    let removal = check_level(
        &v2,
        std::slice::from_ref(&v1),
        Level::Backward,
        Policy::Strict,
        &Limits::DEFAULT,
    )
    .unwrap();
    assert!(!removal.compatible);
    assert!(removal
        .breaking()
        .any(|c| c.kind == ChangeKind::FieldRemovedWithoutReserved));
    // ...which LENIENT lets through, and then the reuse passes an adjacent check...
    let history = [v2.clone(), v1.clone()];
    assert!(
        check_level(
            &v2,
            std::slice::from_ref(&v1),
            Level::Backward,
            Policy::Lenient,
            &Limits::DEFAULT
        )
        .unwrap()
        .compatible
    );
    assert!(
        check_level(
            &v3,
            &history,
            Level::Backward,
            Policy::Lenient,
            &Limits::DEFAULT
        )
        .unwrap()
        .compatible
    );
    // ...and only a transitive level sees v1's messages misread.
    let transitive = check_level(
        &v3,
        &history,
        Level::BackwardTransitive,
        Policy::Lenient,
        &Limits::DEFAULT,
    )
    .unwrap();
    assert!(!transitive.compatible);
    assert_eq!(transitive.failed_against, Some(1));
    assert!(transitive
        .breaking()
        .any(|c| c.kind == ChangeKind::FieldScalarKindChanged && c.path == "#/Order/2"));
    // Reserving number and name in v2 is allowed under STRICT, and v3 can no longer reuse them.
    let reserved = parse(
        "syntax = \"proto3\"; message Order { string id = 1; reserved 2; reserved \"coupon\"; }",
    );
    assert!(
        check_level(
            &reserved,
            &[v1],
            Level::Backward,
            Policy::Strict,
            &Limits::DEFAULT
        )
        .unwrap()
        .compatible
    );
    assert!(ProtobufSchema::parse(
        "syntax = \"proto3\"; message Order { string id = 1; int64 discount = 2; reserved 2; }",
        &[]
    )
    .is_err());
}
