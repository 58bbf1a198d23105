/**
 * The Kafka side of the command line: the sink built from the `kafka:` configuration section,
 * and the `consume` and `schema` subcommands.
 */
import type { Command } from 'commander';

import { ConfigError } from './config/config-error.js';
import { loadConfig, type WirelogConfig } from './config/config.js';
import { declaredStreams } from './pipeline.js';
import { ScriptSelection } from './script-selection.js';
import { KafkaConfigError, parseKafkaConfig } from './sinks/kafka/kafka-config.js';
import { consumeToLogs } from './sinks/kafka/kafka-consumer.js';
import { KafkaSink } from './sinks/kafka/kafka-sink.js';
import { printAvroSchemas } from './sinks/kafka/schema-listing.js';
import type { LogSink } from './sinks/sink.js';

/** The Kafka sink the configuration asks for, if any. */
export function kafkaSinks(config: WirelogConfig): LogSink[] {
  if (config.kafka === undefined || config.kafka === null) return [];
  return [new KafkaSink(kafkaConfig(config))];
}

function kafkaConfig(config: WirelogConfig) {
  let kafka;
  try {
    kafka = parseKafkaConfig(config.kafka);
  } catch (err) {
    if (err instanceof KafkaConfigError) throw new ConfigError(err.message);
    throw err;
  }
  // Keying by a column that is switched off would send every record with no key at all.
  if (kafka.key === 'community_id' && !config.community_id.enabled) {
    throw new ConfigError(
      'kafka.key: community_id needs the community_id column (community_id.enabled: true)',
    );
  }
  return kafka;
}

interface ConsumeFlags {
  readonly config?: string;
  readonly dir?: string;
  readonly json?: boolean;
  readonly group: string;
  readonly topic?: string[];
  readonly idle: string;
}

export function addKafkaCommands(program: Command): void {
  program
    .command('consume')
    .description('read log records from Kafka (the kafka: section of --config) into log files')
    .option('--config <file>', 'YAML file with the kafka: section (brokers, topic, format)')
    .option('-d, --dir <outdir>', 'folder for the logs (default: the current folder)')
    .option('--json', 'write JSON lines instead of TSV')
    .option('--group <id>', 'consumer group; instances in one group share partitions', 'wirelog')
    .option('--topic <name...>', 'topics to read (default: the configured topics)')
    .option('--idle <seconds>', 'stop after this long without records', '10')
    .action(async (flags: ConsumeFlags) => consume(flags));

  program
    .command('schema')
    .description('print the Avro schema of every log stream, as published to Kafka')
    .action(() => {
      const config = loadConfig();
      printAvroSchemas(declaredStreams(new ScriptSelection(false, []), config).values());
    });
}

async function consume(flags: ConsumeFlags): Promise<void> {
  const config = loadConfig(flags.config);
  if (config.kafka === undefined)
    throw new ConfigError('consume needs --config with a kafka: section');
  const kafka = kafkaConfig(config);
  const specs = declaredStreams(new ScriptSelection(false, []), config);
  const overrides = Object.values(kafka.topics);
  const topics = flags.topic ?? [
    ...new Set([...defaultTopics(kafka.topic, [...specs.keys()]), ...overrides]),
  ];
  const summary = await consumeToLogs({
    brokers: kafka.brokers,
    topics,
    groupId: flags.group,
    specs,
    outDir: flags.dir ?? '.',
    format: flags.json ? 'json' : 'tsv',
    payloadTimestamps: kafka.jsonTimestamps,
    fromBeginning: true,
    idleTimeoutMs: Number(flags.idle) * 1000,
  });
  process.stderr.write(`${JSON.stringify({ consumed: summary })}\n`);
}

/** The topics the producer writes to: one, or one per log path from the template. */
function defaultTopics(topic: string, paths: readonly string[]): string[] {
  return topic.includes('{path}') ? paths.map((p) => topic.replace('{path}', p)) : [topic];
}
