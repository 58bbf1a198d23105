import t from 'tap';

import {
  KAFKA_DEFAULTS,
  KafkaConfigError,
  parseKafkaConfig,
} from '../../src/sinks/kafka/kafka-config.js';
import { TopicRouter } from '../../src/sinks/kafka/topic-router.js';

const brokers = ['127.0.0.1:9092'];

t.test('kafka config: defaults fill every option not given', async (t) => {
  const config = parseKafkaConfig({ brokers });
  t.same(config.brokers, brokers);
  t.equal(config.topic, 'wirelog.{path}');
  t.equal(config.key, 'uid');
  t.equal(config.format, 'json');
  t.equal(config.compression, 'gzip');
  t.equal(config.maxPendingRecords, KAFKA_DEFAULTS.maxPendingRecords);
  t.equal(config.deliveryTimeoutMs, KAFKA_DEFAULTS.deliveryTimeoutMs);
  t.equal(config.schemaTopic, 'wirelog.schemas');
  t.ok(config.sensor.length > 0, 'sensor defaults to the host name');
});

t.test('kafka config: brokers may be one comma-separated string', async (t) => {
  t.same(parseKafkaConfig({ brokers: '127.0.0.1:1, [::1]:2' }).brokers, ['127.0.0.1:1', '[::1]:2']);
});

const rejects = (input: unknown, key: string, message: RegExp) =>
  t.test(`kafka config: rejects ${JSON.stringify(input)} naming ${key}`, async (t) => {
    const error = t.throws(() => parseKafkaConfig(input)) as unknown as KafkaConfigError;
    t.type(error, KafkaConfigError);
    t.equal(error.key, key);
    t.match(error.message, message);
  });

rejects({}, 'kafka.brokers', /is required/);
rejects({ brokers: [] }, 'kafka.brokers', /non-empty list/);
rejects({ brokers: ['127.0.0.1:9092', 'nohost'] }, 'kafka.brokers[1]', /host:port/);
rejects({ brokers: ['127.0.0.1:70000'] }, 'kafka.brokers[0]', /host:port/);
rejects({ brokers, key: 'ts' }, 'kafka.key', /uid, community_id, none/);
rejects({ brokers, format: 'xml' }, 'kafka.format', /json, avro/);
rejects({ brokers, compression: 'snappy' }, 'kafka.compression', /none, gzip/);
rejects({ brokers, topic: 'bad topic' }, 'kafka.topic', /not a valid topic name/);
rejects({ brokers, topics: { dns: 'a/b' } }, 'kafka.topics.dns', /not a valid topic name/);
rejects({ brokers, max_pending_records: 0 }, 'kafka.max_pending_records', /> 0/);
rejects({ brokers, delivery_timeout_ms: 1.5 }, 'kafka.delivery_timeout_ms', /whole number/);
rejects({ brokers, linger_ms: -1 }, 'kafka.linger_ms', /whole number/);
rejects({ brokers, retry: { multiplier: 0.5 } }, 'kafka.retry.multiplier', />= 1/);
rejects({ brokers, retry: { tries: 3 } }, 'kafka.retry.tries', /unknown option/);
rejects({ brokers, include: 'conn' }, 'kafka.include', /list of log paths/);
rejects({ brokers, sasl: { mechanism: 'plain', username: 'u' } }, 'kafka.sasl.password', /requ/);
rejects({ brokers, sasl: { mechanism: 'gssapi' } }, 'kafka.sasl.mechanism', /one of/);
rejects({ brokers, batchSize: 5 }, 'kafka.batchSize', /unknown option/);
rejects({ brokers, clientId: 'x' }, 'kafka.clientId', /unknown option/);
rejects('brokers', 'kafka', /mapping/);

t.test('kafka config: TLS and SASL options pass through unchanged', async (t) => {
  const ssl = { rejectUnauthorized: false, servername: 'kafka.local' };
  const sasl = { mechanism: 'scram-sha-512', username: 'u', password: 'p' };
  const config = parseKafkaConfig({ brokers, ssl, sasl });
  t.same(config.ssl, ssl);
  t.same(config.sasl, sasl);
  t.equal(parseKafkaConfig({ brokers, ssl: true }).ssl, true);
});

t.test('topic router: include, exclude, override and template decide the topic', async (t) => {
  const router = new TopicRouter(
    parseKafkaConfig({
      brokers, topic: 'nsm.{path}', topics: { weird: 'noise' }, include: ['conn', 'weird', 'dns'],
      exclude: ['dns'],
    }),
  );
  t.equal(router.topicFor('conn'), 'nsm.conn');
  t.equal(router.topicFor('weird'), 'noise');
  t.equal(router.topicFor('dns'), undefined, 'excluded wins over included');
  t.equal(router.topicFor('http'), undefined, 'not included');
  t.equal(new TopicRouter(parseKafkaConfig({ brokers, topic: 'all' })).topicFor('x'), 'all');
});
