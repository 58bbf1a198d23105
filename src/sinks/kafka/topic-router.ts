/**
 * Which topic a log stream goes to, if any: include and exclude lists first, then the
 * per-log override, then the topic (or `{path}` template) shared by all logs.
 */
import { checkTopic, type KafkaSinkConfig } from './kafka-config.js';

export const PATH_PLACEHOLDER = '{path}';

export type TopicRouting = Pick<KafkaSinkConfig, 'topic' | 'topics' | 'include' | 'exclude'>;

export class TopicRouter {
  private readonly include?: ReadonlySet<string>;
  private readonly exclude: ReadonlySet<string>;

  constructor(private readonly config: TopicRouting) {
    this.include = config.include === undefined ? undefined : new Set(config.include);
    this.exclude = new Set(config.exclude);
  }

  /**
   * The topic for records of `path`, or undefined when the path is not sent. Throws a
   * KafkaConfigError when the template yields a name Kafka would refuse.
   */
  topicFor(path: string): string | undefined {
    if (this.exclude.has(path)) return undefined;
    if (this.include !== undefined && !this.include.has(path)) return undefined;

    const topic = this.config.topics[path] ?? this.config.topic.replaceAll(PATH_PLACEHOLDER, path);
    checkTopic(topic, `kafka.topic (for log ${JSON.stringify(path)})`);
    return topic;
  }
}
