/** The `live:` section: defaults reach the source; values `cap` would misread are refused. */
import t from 'tap';

import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { liveOptions } from '../../src/config/live-options.js';

t.test('the default live section maps to the source options', async (t) => {
  const config = loadConfig();
  t.same(liveOptions(config), {
    batchSize: 1024,
    bufferBytes: 256 << 20,
    snaplen: 65535,
    flushMs: 100,
    promiscuous: true,
    maxQueuedBytes: 256 << 20,
  });
});

t.test('a snaplen above 65535 or a ring beyond 2 GiB is a configuration error', async (t) => {
  const config = loadConfig();
  config.live.snaplen = 65536;
  t.throws(() => liveOptions(config), ConfigError);
  config.live.snaplen = 1500;
  config.live.ring_buffer_bytes = 2 ** 31;
  t.throws(() => liveOptions(config), /live\.ring_buffer_bytes/);
});
