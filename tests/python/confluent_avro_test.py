"""Confluent's Python client with Avro against a running Accord registry.

confluent-kafka's SchemaRegistryClient, AvroSerializer and AvroDeserializer exactly as a Kafka
application uses them: a round trip with auto-registration, a reader schema that gets a field's
default, a 409 naming the field of an incompatible version, FORWARD on a subject, a record
referencing another subject's record, and the wire-format cross-check with Accord's own Avro
serializer and deserializer (bytes each writes, the other reads; both write the same bytes).

Usage: python confluent_avro_test.py http://127.0.0.1:PORT
Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.
"""

import json
import os
import sys
import tempfile
import uuid

from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

from checks import accord_wire, check, main

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

# Every kind of value whose binary encoding is fixed (no map, whose entries have no order), so
# two serializers must write the same bytes.
SHIPMENT = record(
    "Shipment",
    [
        {"name": "id", "type": "long"},
        {"name": "item", "type": "string"},
        {"name": "note", "type": ["null", "string"], "default": None},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "weight", "type": "double"},
        {"name": "fragile", "type": "boolean"},
        {"name": "count", "type": "int"},
    ],
)
SHIPMENT_EVENT = {
    "id": 2**40 + 3,
    "item": "caf\u00e9 \u2713",
    "note": "leave at the door",
    "status": "SHIPPED",
    "tags": ["a", "bb"],
    "weight": 12.5,
    "fragile": True,
    "count": -7,
}

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


def schema_file(text):
    with tempfile.NamedTemporaryFile("w", suffix=".avsc", delete=False) as f:
        f.write(text)
        return f.name


@check
def avro_bytes_python_writes_accord_reads():
    topic = f"avro-interop-py-{RUN}"
    ctx = SerializationContext(topic, MessageField.VALUE)
    data = AvroSerializer(client(), SHIPMENT)(SHIPMENT_EVENT, ctx)
    schema_id = int.from_bytes(data[1:5], "big")
    read = json.loads(accord_wire("avro-decode", URL, data.hex()))
    assert read == {"id": schema_id, "value": SHIPMENT_EVENT}, read
    # A null branch of the union, too.
    event = dict(SHIPMENT_EVENT, note=None, tags=[])
    data = AvroSerializer(client(), SHIPMENT)(event, ctx)
    assert json.loads(accord_wire("avro-decode", URL, data.hex()))["value"] == event


@check
def avro_python_bytes_read_by_accord_with_a_reader_schema_get_the_default():
    topic = f"avro-interop-reader-{RUN}"
    ctx = SerializationContext(topic, MessageField.VALUE)
    data = AvroSerializer(client(), ORDER_V1)({"id": 3, "item": "ink"}, ctx)
    reader = schema_file(ORDER_V2)
    try:
        read = json.loads(accord_wire("avro-decode", URL, data.hex(), reader))
    finally:
        os.unlink(reader)
    assert read["value"] == {"id": 3, "item": "ink", "quantity": 1}, read


@check
def avro_bytes_accord_writes_python_reads():
    topic = f"avro-interop-rs-{RUN}"
    path = schema_file(SHIPMENT)
    try:
        frame = bytes.fromhex(
            accord_wire("avro-encode", URL, f"{topic}-value", path, json.dumps(SHIPMENT_EVENT))
        )
    finally:
        os.unlink(path)
    assert frame[0] == 0, "Confluent framing: magic byte 0"
    schema_id = int.from_bytes(frame[1:5], "big")
    assert client().get_latest_version(f"{topic}-value").schema_id == schema_id
    ctx = SerializationContext(topic, MessageField.VALUE)
    # Python's deserializer fetches the writer schema by the id in the frame.
    assert AvroDeserializer(client())(frame, ctx) == SHIPMENT_EVENT
    # Both serializers agree on the id and write the same datum, byte for byte.
    python_frame = AvroSerializer(client(), SHIPMENT)(SHIPMENT_EVENT, ctx)
    assert python_frame == frame, (python_frame.hex(), frame.hex())


if __name__ == "__main__":
    sys.exit(main())
