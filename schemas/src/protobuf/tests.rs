//! Parsing and resolution, the printer's round trips and `format=serialized`.

use super::*;
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
