"""Confluent's own Python client against a running Accord registry.

Uses confluent-kafka's SchemaRegistryClient and its JSON Schema serializer/deserializer exactly
as a Kafka application would: register, lookup, get by id, compatibility, config, a
serialize + deserialize round trip (Confluent framing), the wire-format cross-check with Accord's own
serializer and deserializer (bytes each writes, the other reads), and delete.

Usage: python confluent_client_test.py http://127.0.0.1:PORT
Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.
"""

import json
import os
import sys
import tempfile
import uuid

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from checks import accord_wire, check, main

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8081"
RUN = uuid.uuid4().hex[:8]

ORDER_V1 = {
    "type": "object",
    "properties": {"orderId": {"type": "string"}, "amount": {"type": "number"}},
    "required": ["orderId"],
    "additionalProperties": False,
}
ORDER_V2 = {
    "type": "object",
    "properties": {
        "orderId": {"type": "string"},
        "amount": {"type": "number"},
        "currency": {"type": "string"},
    },
    "required": ["orderId"],
    "additionalProperties": False,
}
ORDER_BREAKING = {
    "type": "object",
    "properties": {"orderId": {"type": "integer"}, "amount": {"type": "number"}},
    "required": ["orderId"],
    "additionalProperties": False,
}

def client():
    # A fresh client per check: the client caches registrations and lookups.
    return SchemaRegistryClient({"url": URL})


def schema(doc):
    return Schema(json.dumps(doc), "JSON")


@check
def register_lookup_and_get_by_id():
    sr = client()
    subject = f"orders-{RUN}-value"
    schema_id = sr.register_schema(subject, schema(ORDER_V1))
    assert isinstance(schema_id, int) and schema_id > 0, schema_id
    # Registering again answers the same id.
    assert client().register_schema(subject, schema(ORDER_V1)) == schema_id
    registered = client().lookup_schema(subject, schema(ORDER_V1))
    assert registered.schema_id == schema_id, registered
    assert registered.version == 1, registered
    assert registered.subject == subject, registered
    fetched = client().get_schema(schema_id)
    assert fetched.schema_type == "JSON", fetched.schema_type
    assert json.loads(fetched.schema_str) == ORDER_V1, fetched.schema_str
    latest = client().get_latest_version(subject)
    assert latest.version == 1 and latest.schema_id == schema_id, latest
    version = client().get_version(subject, 1)
    assert version.schema_id == schema_id
    assert subject in client().get_subjects()
    assert client().get_versions(subject) == [1]
    full = client().register_schema_full_response(subject, schema(ORDER_V1))
    assert full.schema_id == schema_id and full.guid, full


@check
def lookup_of_an_unknown_schema_is_a_404():
    sr = client()
    subject = f"lookup-{RUN}-value"
    sr.register_schema(subject, schema(ORDER_V1))
    try:
        client().lookup_schema(subject, schema(ORDER_V2))
    except SchemaRegistryError as e:
        assert e.http_status_code == 404 and e.error_code == 40403, (e.http_status_code, e.error_code)
    else:
        raise AssertionError("lookup of an unregistered schema succeeded")


@check
def compatibility_and_config():
    sr = client()
    subject = f"compat-{RUN}-value"
    sr.register_schema(subject, schema(ORDER_V1))
    assert sr.test_compatibility(subject, schema(ORDER_V2)) is True
    assert sr.test_compatibility(subject, schema(ORDER_BREAKING)) is False
    assert sr.test_compatibility_all_versions(subject, schema(ORDER_V2)) is True
    try:
        client().register_schema(subject, schema(ORDER_BREAKING))
    except SchemaRegistryError as e:
        assert e.http_status_code == 409 and e.error_code == 40901, (e.http_status_code, e.error_code)
        assert "#/properties/orderId" in e.error_message, e.error_message
    else:
        raise AssertionError("a breaking change was registered")
    assert client().register_schema(subject, schema(ORDER_V2)) > 0
    assert sr.set_compatibility(subject, "FULL")["compatibility"] == "FULL"
    assert sr.get_compatibility(subject) == "FULL"
    config = sr.get_config(subject)
    assert config.compatibility_level.value == "FULL", config
    sr.delete_config(subject)
    try:
        sr.get_compatibility(subject)
    except SchemaRegistryError as e:
        assert e.error_code == 40408, e.error_code
    else:
        raise AssertionError("a deleted subject config is still there")
    assert sr.get_compatibility() == "BACKWARD"


@check
def serializer_deserializer_round_trip():
    sr = client()
    topic = f"orders-{RUN}"
    serializer = JSONSerializer(json.dumps(ORDER_V1), sr)
    deserializer = JSONDeserializer(json.dumps(ORDER_V1), schema_registry_client=sr)
    ctx = SerializationContext(topic, MessageField.VALUE)
    event = {"orderId": "o-1", "amount": 12.5}
    data = serializer(event, ctx)
    assert data[0] == 0, "Confluent framing: magic byte 0"
    schema_id = int.from_bytes(data[1:5], "big")
    assert schema_id == client().get_latest_version(f"{topic}-value").schema_id
    assert deserializer(data, ctx) == event
    # A deserializer without a local schema fetches the writer schema by id.
    assert JSONDeserializer(None, schema_registry_client=client())(data, ctx) == event
    # Invalid events are refused before they leave.
    try:
        serializer({"amount": 1}, ctx)
    except Exception as e:  # SerializationError
        assert "orderId" in str(e), e
    else:
        raise AssertionError("an invalid event was serialized")


@check
def bytes_python_writes_accord_reads():
    sr = client()
    topic = f"interop-py-{RUN}"
    serializer = JSONSerializer(json.dumps(ORDER_V1), sr)
    ctx = SerializationContext(topic, MessageField.VALUE)
    event = {"orderId": "o-7", "amount": 3.25}
    data = serializer(event, ctx)
    assert json.loads(accord_wire("decode", URL, data.hex())) == event


@check
def bytes_accord_writes_python_reads():
    topic = f"interop-rs-{RUN}"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(ORDER_V1, f)
        schema_file = f.name
    event = {"orderId": "o-8", "amount": 4.5}
    try:
        frame = bytes.fromhex(
            accord_wire("encode", URL, f"{topic}-value", schema_file, json.dumps(event))
        )
    finally:
        os.unlink(schema_file)
    assert frame[0] == 0, "Confluent framing: magic byte 0"
    ctx = SerializationContext(topic, MessageField.VALUE)
    # Python's deserializer fetches the writer schema by the id in the frame, and validates.
    assert JSONDeserializer(None, schema_registry_client=client())(frame, ctx) == event
    # Both serializers agree on the schema id for the same schema and subject.
    python_frame = JSONSerializer(json.dumps(ORDER_V1), client())(event, ctx)
    assert python_frame[1:5] == frame[1:5], (python_frame[:5], frame[:5])


@check
def delete_versions_and_subjects():
    sr = client()
    subject = f"delete-{RUN}-value"
    sr.register_schema(subject, schema(ORDER_V1))
    client().register_schema(subject, schema(ORDER_V2))
    assert sr.delete_version(subject, 2) == 2
    assert sr.get_versions(subject) == [1]
    assert sr.get_versions(subject, deleted=True) == [1, 2]
    assert sr.delete_subject(subject) == [1]
    assert subject not in sr.get_subjects()
    assert subject in sr.get_subjects(deleted=True)
    assert sr.delete_subject(subject, permanent=True) == [1, 2]
    try:
        sr.get_versions(subject, deleted=True)
    except SchemaRegistryError as e:
        assert e.http_status_code == 404 and e.error_code == 40401, e.error_code
    else:
        raise AssertionError("a permanently deleted subject is still listed")


if __name__ == "__main__":
    sys.exit(main())
