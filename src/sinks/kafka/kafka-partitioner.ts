/**
 * Partition choice for the Kafka output. Keyed records go where Kafka's Java client would put
 * them (murmur2 of the key), so wirelog shares partitions with other producers of the same
 * keys. Records without a key are spread by a hash of their payload instead of kafkajs's
 * random choice: a resent batch then lands on the same partitions with the same producer
 * sequence numbers, which is what lets the broker discard duplicates of an idempotent retry.
 */
import { Partitioners, type ICustomPartitioner } from 'kafkajs';

export const keyOrPayloadPartitioner: ICustomPartitioner = () => {
  const byKey = Partitioners.DefaultPartitioner();
  return ({ topic, partitionMetadata, message }) => {
    if (message.key !== null && message.key !== undefined) {
      return byKey({ topic, partitionMetadata, message });
    }
    return byKey({ topic, partitionMetadata, message: { ...message, key: message.value } });
  };
};
