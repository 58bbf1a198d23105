/**
 * The core of `wirelog schema`: the Avro schema of each log stream with its fingerprint, so
 * consumers can register or pin the schemas before the first record arrives.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { LogStreamSpec } from '../../logging/log-stream.js';
import { avroSchemaFor, schemaFingerprint, type AvroRecordSchema } from './avro-schema.js';

export interface SchemaListing {
  readonly path: string;
  /** SHA-256 (hex) of the schema's canonical form, as sent in the `wirelog.schema` header. */
  readonly fingerprint: string;
  readonly schema: AvroRecordSchema;
}

const JSON_INDENT = 2;

export function listAvroSchemas(specs: Iterable<LogStreamSpec>): SchemaListing[] {
  return [...specs].map((spec) => {
    const schema = avroSchemaFor(spec);
    return { path: spec.path, fingerprint: schemaFingerprint(schema), schema };
  });
}

/** The listing as indented JSON text, ending in a newline. */
export function renderAvroSchemas(specs: Iterable<LogStreamSpec>): string {
  return JSON.stringify(listAvroSchemas(specs), null, JSON_INDENT) + '\n';
}

/** Writes the listing to `out` (stdout by default). */
export function printAvroSchemas(
  specs: Iterable<LogStreamSpec>,
  out: { write(text: string): unknown } = process.stdout,
): void {
  out.write(renderAvroSchemas(specs));
}

/** Writes one `<path>.avsc` file per stream into `dir`; returns the files written. */
export function writeAvroSchemaFiles(specs: Iterable<LogStreamSpec>, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return listAvroSchemas(specs).map(({ path, schema }) => {
    const file = join(dir, `${path}.avsc`);
    writeFileSync(file, JSON.stringify(schema, null, JSON_INDENT) + '\n');
    return file;
  });
}
