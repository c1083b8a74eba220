//! The order scenario's event: `OrderCreated`.

use serde_json::{json, Value};

/// `OrderCreated` with an open content model: `order_id`, `customer` (whose address field is
/// named `email_field`, required when it is `email`), `items[].sku/qty`, and `coupon_code` when
/// `coupon`.
pub(crate) fn order_created(coupon: bool, email_field: &str) -> Value {
    let mut properties = json!({
        "order_id": {"type": "string"},
        "customer": {
            "type": "object",
            "properties": {email_field: {"type": "string"}, "name": {"type": "string"}},
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                "required": ["sku", "qty"],
            },
        },
    });
    if email_field == "email" {
        properties["customer"]["required"] = json!(["email"]);
    }
    if coupon {
        properties["coupon_code"] = json!({"type": "string"});
    }
    json!({"type": "object", "properties": properties, "required": ["order_id", "customer", "items"]})
}
