// The Node client @kafkajs/confluent-schema-registry against a running Accord registry, with
// Avro: it registers without sending `schemaType` (AVRO is the default), encodes with the
// Confluent framing, and decodes with a fresh client that fetches the writer schema by id.
//
// Usage: node avro_test.mjs http://127.0.0.1:PORT   (exits non-zero on failure)

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry'

const host = process.argv[2] ?? 'http://127.0.0.1:8081'
const run = randomUUID().slice(0, 8)

const order = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'item', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
}

const checks = {
  async registerAndRoundTrip() {
    const subject = `orders-${run}-value`
    const { id } = await new SchemaRegistry({ host }).register(
      { type: SchemaType.AVRO, schema: JSON.stringify(order) },
      { subject },
    )
    assert.ok(Number.isInteger(id) && id > 0, `id ${id}`)
    const event = { id: 7, item: 'book', note: 'gift' }
    const frame = await new SchemaRegistry({ host }).encode(id, event)
    assert.equal(frame[0], 0, 'Confluent framing: magic byte 0')
    assert.equal(frame.readInt32BE(1), id)
    // A fresh client has nothing cached: it fetches the schema by id, whose answer has no
    // schemaType, and reads it as Avro.
    const decoded = await new SchemaRegistry({ host }).decode(frame)
    assert.deepEqual({ ...decoded }, event)
    const latest = await new SchemaRegistry({ host }).getLatestSchemaId(subject)
    assert.equal(latest, id)
  },

  async legacyRegisterOfASchemaObject() {
    const subject = `legacy-${run}-value`
    const registry = new SchemaRegistry({ host })
    const { id } = await registry.register(order, { subject })
    const again = await new SchemaRegistry({ host }).register(
      { type: SchemaType.AVRO, schema: JSON.stringify(order) },
      { subject },
    )
    assert.equal(again.id, id, 'the same schema is the same id')
    const event = { id: 1, item: 'pen', note: null }
    assert.deepEqual({ ...(await registry.decode(await registry.encode(id, event))) }, event)
  },

  async incompatibleVersionIsRefused() {
    const subject = `breaking-${run}-value`
    const registry = new SchemaRegistry({ host })
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(order) }, { subject })
    const breaking = { ...order, fields: [...order.fields, { name: 'warehouse', type: 'string' }] }
    await assert.rejects(
      registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(breaking) }, { subject }),
      (e) => /warehouse/.test(e.message) && e.status === 409,
    )
  },
}

let failed = 0
for (const [name, check] of Object.entries(checks)) {
  try {
    await check()
    console.log(`ok   ${name}`)
  } catch (e) {
    failed += 1
    console.log(`FAIL ${name}`)
    console.log(e)
  }
}
console.log(`${Object.keys(checks).length - failed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
