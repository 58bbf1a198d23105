/**
 * A Kafka broker for integration tests: the one named by WIRELOG_KAFKA_BROKERS (CI starts it),
 * or a private one started with broker/broker.sh in a temporary state folder and stopped when
 * the test ends. Without a broker the tests skip, unless WIRELOG_REQUIRE_KAFKA is set, in
 * which case they fail.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'broker', 'broker.sh');
/** First start may resolve the broker's jars with Maven. */
const START_TIMEOUT_MS = 300_000;

export interface TestBroker {
  readonly brokers: string[];
  /** Stops the broker, keeping its data and ports (private brokers only). */
  stop(): Promise<void>;
  /** Starts it again on the same address with the same data (private brokers only). */
  start(): Promise<void>;
  /** Stops it and removes its data; a shared broker is left alone. */
  dispose(): Promise<void>;
}

export const kafkaRequired = process.env.WIRELOG_REQUIRE_KAFKA !== undefined &&
  process.env.WIRELOG_REQUIRE_KAFKA !== '';

/** The shared broker if there is one, else a private one; undefined if none can be had. */
export async function acquireBroker(): Promise<TestBroker | undefined> {
  const shared = process.env.WIRELOG_KAFKA_BROKERS;
  if (shared !== undefined && shared !== '') return sharedBroker(shared.split(','));
  return startPrivateBroker();
}

/** A broker of this test's own, which it may stop and restart. */
export async function startPrivateBroker(): Promise<TestBroker | undefined> {
  const state = mkdtempSync(join(tmpdir(), 'wirelog-kafka-test-'));
  const env = { ...process.env, WIRELOG_KAFKA_STATE: state };
  const broker = (command: string) =>
    run('bash', [SCRIPT, command], { env, timeout: START_TIMEOUT_MS });
  try {
    const { stdout } = await broker('start');
    return {
      brokers: [stdout.trim()],
      stop: async () => void (await broker('stop')),
      start: async () => void (await broker('start')),
      dispose: async () => void (await broker('clean')),
    };
  } catch (error) {
    await broker('clean').catch(() => undefined);
    if (kafkaRequired) throw error;
    return undefined;
  }
}

function sharedBroker(brokers: string[]): TestBroker {
  const refuse = async () => {
    throw new Error('a shared broker cannot be stopped by a test');
  };
  return { brokers, stop: refuse, start: refuse, dispose: async () => undefined };
}

export const NO_BROKER_MESSAGE =
  'no Kafka broker: set WIRELOG_KAFKA_BROKERS, or install Java 17 and Maven for broker.sh ' +
  '(set WIRELOG_REQUIRE_KAFKA to make this a failure)';
