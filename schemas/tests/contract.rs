//! Consumer contracts against producer schemas: the order scenario's engine side.

use accord_schemas::contract::{compile, verify_reads, ContractError, FindingKind, Read};
use accord_schemas::json::SchemaDoc;
use serde_json::json;

fn read(path: &str, ty: &str) -> Read {
    Read {
        path: path.into(),
        json_type: Some(ty.into()),
        required: true,
        accepted: None,
        tolerate_unknown: false,
    }
}

fn order(customer_email_name: &str, with_coupon: bool) -> SchemaDoc {
    let mut props = json!({
        "order_id": {"type": "string"},
        "customer": {"type": "object", "properties": {"id": {"type": "string"}, customer_email_name: {"type": "string"}}, "required": ["id", customer_email_name]},
        "items": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}}, "required": ["sku", "qty"]}},
        "status": {"enum": ["NEW", "PAID"]}
    });
    if with_coupon {
        props["coupon_code"] = json!({"type": "string"});
    }
    SchemaDoc::from_value(json!({"type": "object", "properties": props, "required": ["order_id", "customer", "items"]})).unwrap()
}

fn inventory() -> Vec<Read> {
    vec![
        read("/order_id", "string"),
        read("/items/*/sku", "string"),
        read("/items/*/qty", "integer"),
    ]
}

fn email() -> Vec<Read> {
    vec![
        read("/order_id", "string"),
        read("/customer/email", "string"),
    ]
}

#[test]
fn a_field_read_by_nobody_may_go() {
    let producer = order("email", false);
    assert!(verify_reads(&producer, &inventory()).unwrap().satisfied);
    assert!(verify_reads(&producer, &email()).unwrap().satisfied);
}

#[test]
fn a_renamed_field_breaks_the_consumer_that_reads_it() {
    let producer = order("email_address", true);
    assert!(verify_reads(&producer, &inventory()).unwrap().satisfied);
    let verdict = verify_reads(&producer, &email()).unwrap();
    assert!(!verdict.satisfied);
    assert_eq!(verdict.findings[0].read_path, "/customer/email");
    assert_eq!(verdict.findings[0].kind, FindingKind::UndefinedReadPath);
}

#[test]
fn a_read_the_producer_never_defines_is_caught() {
    let mut reads = email();
    reads.push(read("/customer/phone", "string"));
    let verdict = verify_reads(&order("email", true), &reads).unwrap();
    assert!(!verdict.satisfied);
    assert_eq!(verdict.findings.len(), 1, "{:?}", verdict.findings);
    assert_eq!(verdict.findings[0].read_path, "/customer/phone");
}

#[test]
fn a_wider_type_or_a_new_enum_value_is_not_accepted() {
    let mut wide = read("/items/*/qty", "integer");
    wide.path = "/items/*/qty".into();
    let producer = SchemaDoc::from_value(json!({"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"number"}},"required":["qty"]}}},"required":["items"]})).unwrap();
    let verdict = verify_reads(&producer, &[wide]).unwrap();
    assert!(!verdict.satisfied);
    assert_eq!(verdict.findings[0].kind, FindingKind::NotAccepted);
    assert_eq!(verdict.findings[0].read_path, "/items/*/qty");

    let status = |tolerate: bool| Read {
        path: "/status".into(),
        json_type: None,
        required: true,
        accepted: Some(vec![json!("NEW")]),
        tolerate_unknown: tolerate,
    };
    let producer = SchemaDoc::from_value(json!({"type":"object","properties":{"status":{"enum":["NEW","PAID"]}},"required":["status"]})).unwrap();
    assert!(!verify_reads(&producer, &[status(false)]).unwrap().satisfied);
    assert!(verify_reads(&producer, &[status(true)]).unwrap().satisfied);
}

#[test]
fn an_optional_field_the_consumer_requires_is_not_provided() {
    let producer =
        SchemaDoc::from_value(json!({"type":"object","properties":{"order_id":{"type":"string"}}}))
            .unwrap();
    let verdict = verify_reads(&producer, &[read("/order_id", "string")]).unwrap();
    assert!(!verdict.satisfied);
    assert_eq!(verdict.findings[0].kind, FindingKind::NotProvided);
    let mut optional = read("/order_id", "string");
    optional.required = false;
    assert!(verify_reads(&producer, &[optional]).unwrap().satisfied);
}

#[test]
fn invalid_contracts_are_refused_with_the_read_named() {
    assert!(matches!(
        compile(&[read("order_id", "string")]),
        Err(ContractError::MalformedPointer { index: 0, .. })
    ));
    assert!(matches!(
        compile(&[read("/a", "text")]),
        Err(ContractError::UnknownType { .. })
    ));
    let err = compile(&[read("/a", "string"), read("/a/*", "string")]).unwrap_err();
    assert!(
        matches!(err, ContractError::Conflict { index: 1, .. }),
        "{err}"
    );
    let err = compile(&[read("/a", "string"), read("/a/b", "string")]).unwrap_err();
    assert!(
        matches!(err, ContractError::Conflict { index: 1, .. }),
        "{err}"
    );
    // Reading a property of an object another read also names is fine.
    assert!(compile(&[read("/a", "object"), read("/a/b", "string")]).is_ok());
}
