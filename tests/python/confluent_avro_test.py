"""Confluent's Python client with Avro against a running Accord registry.

confluent-kafka's SchemaRegistryClient, AvroSerializer and AvroDeserializer exactly as a Kafka
application uses them: a round trip with auto-registration, a reader schema that gets a field's
default, a 409 naming the field of an incompatible version, FORWARD on a subject, and a record
referencing another subject's record.

Usage: python confluent_avro_test.py http://127.0.0.1:PORT
Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.
"""

import json
import sys
import traceback
import uuid

from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8081"
RUN = uuid.uuid4().hex[:8]


def record(name, fields, namespace="shop"):
    return json.dumps({"type": "record", "name": name, "namespace": namespace, "fields": fields})


ORDER_V1 = record("Order", [{"name": "id", "type": "long"}, {"name": "item", "type": "string"}])
# v1 plus a field with a default: reads v1 data, giving the default.
ORDER_V2 = record(
    "Order",
    [
        {"name": "id", "type": "long"},
        {"name": "item", "type": "string"},
        {"name": "quantity", "type": "int", "default": 1},
    ],
)
# v1 plus a field without a default: cannot read v1 data.
ORDER_BREAKING = record(
    "Order",
    [
        {"name": "id", "type": "long"},
        {"name": "item", "type": "string"},
        {"name": "warehouse", "type": "string"},
    ],
)

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def client():
    # A fresh client per check: the client caches registrations and lookups.
    return SchemaRegistryClient({"url": URL})


def refused(fn, status):
    try:
        fn()
    except SchemaRegistryError as e:
        assert e.http_status_code == status, (e.http_status_code, e.error_code, e.error_message)
        return e
    raise AssertionError(f"expected HTTP {status}, the call succeeded")


@check
def serializer_deserializer_round_trip():
    sr = client()
    topic = f"orders-{RUN}"
    ctx = SerializationContext(topic, MessageField.VALUE)
    serializer = AvroSerializer(sr, ORDER_V1)
    event = {"id": 7, "item": "book"}
    data = serializer(event, ctx)
    assert data[0] == 0, "Confluent framing: magic byte 0"
    schema_id = int.from_bytes(data[1:5], "big")
    latest = client().get_latest_version(f"{topic}-value")
    assert latest.schema_id == schema_id, (latest.schema_id, schema_id)
    assert latest.schema.schema_type == "AVRO", latest.schema.schema_type
    # The writer schema comes back by id and reads the bytes.
    assert AvroDeserializer(client())(data, ctx) == event
    fetched = client().get_schema(schema_id)
    assert json.loads(fetched.schema_str)["fields"] == json.loads(ORDER_V1)["fields"]
    # The same schema registered again is the same id and version.
    assert client().register_schema(f"{topic}-value", Schema(ORDER_V1, "AVRO")) == schema_id


@check
def reader_schema_gets_the_default():
    sr = client()
    topic = f"defaults-{RUN}"
    ctx = SerializationContext(topic, MessageField.VALUE)
    data = AvroSerializer(sr, ORDER_V1)({"id": 1, "item": "pen"}, ctx)
    assert client().register_schema(f"{topic}-value", Schema(ORDER_V2, "AVRO")) > 0
    read = AvroDeserializer(client(), ORDER_V2)(data, ctx)
    assert read == {"id": 1, "item": "pen", "quantity": 1}, read


@check
def incompatible_version_is_a_409_naming_the_field():
    sr = client()
    subject = f"breaking-{RUN}-value"
    sr.register_schema(subject, Schema(ORDER_V1, "AVRO"))
    assert client().test_compatibility(subject, Schema(ORDER_BREAKING, "AVRO")) is False
    assert client().test_compatibility(subject, Schema(ORDER_V2, "AVRO")) is True
    e = refused(lambda: client().register_schema(subject, Schema(ORDER_BREAKING, "AVRO")), 409)
    assert "warehouse" in e.error_message, e.error_message
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in e.error_message, e.error_message
    assert client().get_versions(subject) == [1]


@check
def forward_on_a_subject():
    sr = client()
    subject = f"forward-{RUN}-value"
    sr.register_schema(subject, Schema(ORDER_V2, "AVRO"))
    assert sr.set_compatibility(subject, "FORWARD")["compatibility"] == "FORWARD"
    # Old readers ignore a new field, whether it has a default or not.
    warehouse = record(
        "Order",
        [
            {"name": "id", "type": "long"},
            {"name": "item", "type": "string"},
            {"name": "quantity", "type": "int", "default": 1},
            {"name": "warehouse", "type": "string"},
        ],
    )
    assert client().register_schema(subject, Schema(warehouse, "AVRO")) > 0
    # Dropping `item`, which old readers need and has no default, breaks them.
    no_item = record(
        "Order",
        [
            {"name": "id", "type": "long"},
            {"name": "quantity", "type": "int", "default": 1},
            {"name": "warehouse", "type": "string"},
        ],
    )
    e = refused(lambda: client().register_schema(subject, Schema(no_item, "AVRO")), 409)
    assert "item" in e.error_message, e.error_message


@check
def record_referencing_another_subjects_record():
    sr = client()
    money_subject = f"money-{RUN}"
    money = record("Money", [{"name": "units", "type": "long"}, {"name": "currency", "type": "string"}])
    sr.register_schema(money_subject, Schema(money, "AVRO"))
    payment = record("Payment", [{"name": "id", "type": "string"}, {"name": "amount", "type": "shop.Money"}])
    reference = SchemaReference("shop.Money", money_subject, 1)
    topic = f"payments-{RUN}"
    subject = f"{topic}-value"
    # Without the reference the named type is unknown.
    refused(lambda: client().register_schema(subject, Schema(payment, "AVRO")), 422)
    schema_id = client().register_schema(subject, Schema(payment, "AVRO", [reference]))
    assert client().get_schema(schema_id).references[0].subject == money_subject
    assert sr.get_referenced_by(money_subject, 1) == [schema_id]
    ctx = SerializationContext(topic, MessageField.VALUE)
    serializer = AvroSerializer(
        client(),
        None,
        conf={"auto.register.schemas": False, "use.latest.version": True},
    )
    event = {"id": "p-1", "amount": {"units": 250, "currency": "EUR"}}
    data = serializer(event, ctx)
    assert int.from_bytes(data[1:5], "big") == schema_id
    assert AvroDeserializer(client())(data, ctx) == event


def main():
    passed = failed = 0
    for fn in CHECKS:
        try:
            fn()
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}")
            traceback.print_exc()
        else:
            passed += 1
            print(f"ok   {fn.__name__}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
