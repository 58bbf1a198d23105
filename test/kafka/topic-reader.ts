/**
 * Reads every message of a topic with a fresh consumer group, for checking what the Kafka
 * output wrote. Stops once `expected` messages have arrived and no more came during a short
 * grace period (so duplicates would be seen), or at the time limit.
 */
import { randomUUID } from 'node:crypto';

import { Kafka, logLevel, type IHeaders } from 'kafkajs';

export interface ReadMessage {
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

/** How long to keep listening after the expected count, to catch duplicates. */
const GRACE_MS = 1000;
/** Short fetch waits make disconnecting quick. */
const FETCH_WAIT_MS = 250;

export async function readTopic(
  brokers: readonly string[],
  topic: string,
  expected: number,
  timeoutMs = 60_000,
): Promise<ReadMessage[]> {
  const kafka = testClient(brokers);
  const consumer = kafka.consumer({
    groupId: `wirelog-test-${randomUUID()}`,
    maxWaitTimeInMs: FETCH_WAIT_MS,
  });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(resolve, timeoutMs);
    let grace: NodeJS.Timeout | undefined;
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const { key, value } = message;
        messages.push({ partition, key, value, headers: message.headers ?? {} });
        if (messages.length < expected) return;
        clearTimeout(grace);
        grace = setTimeout(() => {
          clearTimeout(deadline);
          resolve();
        }, GRACE_MS);
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

/** Creates a topic with the given partition count (the broker's default is 3). */
export async function createTopic(brokers: readonly string[], topic: string, partitions: number) {
  const admin = testClient(brokers).admin();
  await admin.connect();
  const topics = [{ topic, numPartitions: partitions }];
  await admin.createTopics({ topics, waitForLeaders: true });
  await admin.disconnect();
}

/** The tests' own client, silent: failures show up as failed assertions. */
function testClient(brokers: readonly string[]): Kafka {
  return new Kafka({ brokers: [...brokers], clientId: 'wirelog-test', logLevel: logLevel.NOTHING });
}

export function header(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
}
