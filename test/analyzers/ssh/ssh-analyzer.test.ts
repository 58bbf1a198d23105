import { createHash } from 'node:crypto';

import t from 'tap';

import { LocalNetworks } from '../../../src/analyzers/conn/local-networks.js';
import { SshAnalyzer } from '../../../src/analyzers/ssh/ssh-analyzer.js';
import { registerSshLog, SSH_LOG } from '../../../src/analyzers/ssh/ssh-log.js';
import {
  DEFAULT_SSH_LOG_OPTIONS, type SshLimits, type SshLogOptions,
} from '../../../src/analyzers/ssh/ssh-options.js';
import { hex } from '../../helpers/packet-builder.js';
import { harness, text } from '../analyzer-harness.js';
import {
  CLIENT_LISTS, kexInit, LIMITS, NEWKEYS, packet, SERVER_LISTS, sshString,
} from './ssh-packets.js';

function sshHarness(limits: Partial<SshLimits> = {}, log: Partial<SshLogOptions> = {}) {
  return harness({
    respPort: 22,
    register: (events, logs, weirds) => registerSshLog({
      events, logs, weirds, local: new LocalNetworks(['10.0.0.0/8']),
      options: { ...DEFAULT_SSH_LOG_OPTIONS, ...log },
    }),
    create: (ctx) => new SshAnalyzer(ctx, { ...LIMITS, ...limits }),
  });
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const names = (ws: { name: string }[]) => ws.map((w) => w.name);

/** Both banners and both KEXINITs, as most sessions start. */
function handshake(h: ReturnType<typeof sshHarness>) {
  h.send(true, 'SSH-2.0-OpenSSH_9.7\r\n');
  h.send(false, 'SSH-2.0-OpenSSH_9.2p1 Debian\r\n');
  h.send(true, kexInit(CLIENT_LISTS));
  h.send(false, kexInit(SERVER_LISTS));
}

/** A server ECDH reply (message 31) carrying host key `key`. */
function ecdhReply(key: Buffer) {
  return packet(Buffer.concat([Buffer.of(31), sshString(key), sshString('Q_S'), sshString('sig')]));
}

t.test('ssh: banners split mid-line and at CR|LF give both version strings', async (t) => {
  const h = sshHarness();
  h.send(true, 'SSH-2.0-Ope');
  h.send(true, 'nSSH_9.7\r');
  h.send(true, '\n');
  h.send(false, 'SSH-1.99-OpenSSH_3.1p1\n');
  h.close();
  const [row] = h.rows('ssh');
  t.equal(text(row.client), 'SSH-2.0-OpenSSH_9.7');
  t.equal(text(row.server), 'SSH-1.99-OpenSSH_3.1p1');
  t.equal(row.version, 2, 'SSH-2.0 against SSH-1.99 is version 2');
  t.equal(row.direction, 'OUTBOUND', 'a local client talking to a remote server');
  t.same(names(h.weirds), []);
});

t.test('ssh: lines before the server banner are pre-banner data, not versions', async (t) => {
  const h = sshHarness();
  const pre: string[] = [];
  h.events.on('ssh_server_pre_banner_data', (_c, d) => pre.push(d));
  h.send(false, ' ____\r\n< Hi >\n\nSSH-2.0-srv\r\n');
  h.close();
  t.same(pre, [' ____', '< Hi >', '']);
  t.equal(text(h.rows('ssh')[0].server), 'SSH-2.0-srv');
});

t.test('ssh: a client line not starting with SSH- is a protocol violation', async (t) => {
  const h = sshHarness();
  h.send(true, 'GET / HTTP/1.1\r\n');
  t.same(h.weirds, [{ name: 'violation', addl: 'SSH client identification does not start with SSH-' }]);
});

t.test('ssh: SSH-1.5 against SSH-2.0 is SSH_version_mismatch and leaves version unset', async (t) => {
  const h = sshHarness();
  h.send(true, 'SSH-1.5-old\r\n');
  h.send(false, 'SSH-2.0-new\r\n');
  h.close();
  t.same(h.weirds, [{ name: 'SSH_version_mismatch', addl: 'SSH-2.0-new vs SSH-1.5-old' }]);
  t.equal(h.rows('ssh')[0].version, undefined);
});

t.test('ssh: a too-short identification is SSH_cannot_determine_version', async (t) => {
  const h = sshHarness();
  h.send(true, 'SSH-\r\n');
  h.send(false, 'SSH-2.0-x\r\n');
  t.same(names(h.weirds), ['SSH_cannot_determine_version']);
});

t.test('ssh: a KEXINIT is parsed into capabilities and its HASSH', async (t) => {
  const small = hex(`
    00 00 00 4c 05 14                                  | length 76, padding 5, KEXINIT
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00    | cookie
    00 00 00 01 6b  00 00 00 01 68                     | kex "k", host key "h"
    00 00 00 01 65  00 00 00 01 45                     | encryption "e", "E"
    00 00 00 01 6d  00 00 00 01 4d                     | MAC "m", "M"
    00 00 00 01 63  00 00 00 01 43                     | compression "c", "C"
    00 00 00 00  00 00 00 00                           | no languages
    00  00 00 00 00                                    | first_kex_packet_follows, reserved
    00 00 00 00 00                                     | padding`.replace(/\|[^\n]*/g, ''));
  const h = sshHarness();
  const caps: unknown[] = [];
  h.events.on('ssh_capabilities', (_c, _cookie, c) => caps.push(c));
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  h.send(true, small);
  t.match(caps[0], {
    kexAlgorithms: ['k'], serverHostKeyAlgorithms: ['h'],
    encryptionAlgorithms: { clientToServer: ['e'], serverToClient: ['E'] },
    isServer: false, hasshAlgorithms: 'k;e;m;c',
  });
  t.equal((caps[0] as { languages?: unknown }).languages, undefined, 'no languages offered');
});

t.test('ssh: both KEXINITs give the negotiated algorithms, HASSH and HASSHServer', async (t) => {
  const h = sshHarness();
  handshake(h);
  h.close();
  const [row] = h.rows('ssh');
  t.equal(row.kex_alg, 'curve25519-sha256', "the client's first choice the server offers");
  t.equal(row.host_key_alg, 'ssh-ed25519');
  t.equal(row.cipher_alg, 'aes128-ctr');
  t.equal(row.mac_alg, 'hmac-sha1');
  t.equal(row.compression_alg, 'none');
  const c = CLIENT_LISTS;
  const s = SERVER_LISTS;
  t.equal(row.hassh, md5(`${c.kex};${c.encC2S};${c.macC2S};${c.compC2S}`));
  t.equal(row.hasshServer, md5(`${s.kex};${s.encS2C};${s.macS2C};${s.compS2C}`));
});

t.test('ssh: a KEXINIT delivered one byte at a time parses the same', async (t) => {
  const h = sshHarness();
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  for (const b of kexInit(CLIENT_LISTS)) h.send(true, Uint8Array.of(b));
  h.send(false, kexInit(SERVER_LISTS));
  h.close();
  t.equal(h.rows('ssh')[0].cipher_alg, 'aes128-ctr');
});

t.test('ssh: different choices per direction are logged as such', async (t) => {
  const h = sshHarness();
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  h.send(true, kexInit({ ...CLIENT_LISTS, encS2C: 'aes256-ctr' }));
  h.send(false, kexInit({ ...SERVER_LISTS, encC2S: 'chacha' }));
  h.close();
  t.equal(h.rows('ssh')[0].cipher_alg,
    'To server: Algorithm negotiation failed, to client: aes256-ctr');
});

t.test('ssh: the ECDH reply host key gives Zeek\'s cut SHA256 fingerprint', async (t) => {
  const h = sshHarness();
  handshake(h);
  const key = Buffer.from('an ed25519 host key blob');
  h.send(false, ecdhReply(key));
  h.close();
  const b64 = createHash('sha256').update(key).digest('base64');
  t.equal(h.rows('ssh')[0].host_key_fingerprint, `SHA256:${b64.slice(0, 32)}`);
});

t.test('ssh: NEWKEYS confirms SSH and login success is inferred from packet sizes', async (t) => {
  const h = sshHarness();
  handshake(h);
  h.send(false, ecdhReply(Buffer.from('key')));
  h.send(true, NEWKEYS);
  h.send(false, NEWKEYS);
  t.equal(h.confirmed, 2, 'each NEWKEYS confirms');
  h.send(true, Buffer.alloc(64)); // SERVICE_REQUEST, encrypted
  h.send(false, Buffer.alloc(80)); // SERVICE_ACCEPT
  h.send(true, Buffer.alloc(128)); // USERAUTH_REQUEST
  h.send(false, Buffer.alloc(96)); // USERAUTH_FAILURE: the failure size
  h.send(true, Buffer.alloc(128));
  h.send(false, Buffer.alloc(96)); // a second failure of the same size
  h.send(true, Buffer.alloc(128));
  t.equal(h.rows('ssh').length, 0, 'nothing logged before success');
  h.send(false, Buffer.alloc(64)); // 16 bytes under SERVICE_ACCEPT: USERAUTH_SUCCESS
  const [row] = h.rows('ssh');
  t.equal(row.auth_success, true);
  t.equal(row.auth_attempts, 2);
  h.close();
  t.equal(h.rows('ssh').length, 1, 'logged once');
});

t.test('ssh: with compression negotiated the login result stays unknown', async (t) => {
  const h = sshHarness();
  const zlib = { compC2S: 'zlib@openssh.com', compS2C: 'zlib@openssh.com' };
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  h.send(true, kexInit({ ...CLIENT_LISTS, ...zlib }));
  h.send(false, kexInit({ ...SERVER_LISTS, ...zlib }));
  h.send(true, NEWKEYS);
  h.send(false, NEWKEYS);
  for (const [o, n] of [[true, 64], [false, 80], [true, 128], [false, 64]] as const) {
    h.send(o, Buffer.alloc(n));
  }
  h.close();
  const [row] = h.rows('ssh');
  t.equal(row.auth_success, undefined);
  t.equal(row.auth_attempts, 0);
});

t.test('ssh: a packet length over the limit is capped with a weird and history X', async (t) => {
  const h = sshHarness({ maxPacketLength: 1000 });
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  // 7f ff ff ff: a 2 GiB packet_length
  h.send(true, hex('7f ff ff ff 04 14'));
  t.same(h.weirds[0], { name: 'SSH_max_packet_length_exceeded', addl: '2147483647 > 1000' });
  t.match(h.conn.history, /X/);
});

t.test('ssh: a name-list over its limit is cut with a weird', async (t) => {
  const h = sshHarness({ maxKexAlgorithms: 2 });
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  h.send(true, kexInit({ ...CLIENT_LISTS, kex: 'a,b,c' }));
  t.same(h.weirds, [{ name: 'SSH_max_kexinit_kex_algorithms_exceeded', addl: '3 > 2' }]);
});

t.test('ssh: a truncated KEXINIT is a violation and raises no capabilities', async (t) => {
  const h = sshHarness();
  let caps = 0;
  h.events.on('ssh_capabilities', () => caps++);
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  // A KEXINIT whose kex list claims 255 bytes in a 24-byte payload.
  h.send(true, packet(Buffer.concat([Buffer.of(20), Buffer.alloc(16), hex('00 00 00 ff 61')])));
  t.equal(caps, 0);
  t.same(names(h.weirds), ['violation']);
});

t.test('ssh: an unknown agreed kex method is ssh_unknown_kex_algorithm', async (t) => {
  const h = sshHarness();
  h.send(true, 'SSH-2.0-a\r\n');
  h.send(false, 'SSH-2.0-b\r\n');
  h.send(true, kexInit({ ...CLIENT_LISTS, kex: 'x-new-kex@example.org' }));
  h.send(false, kexInit({ ...SERVER_LISTS, kex: 'x-new-kex@example.org' }));
  t.same(h.weirds, [{ name: 'ssh_unknown_kex_algorithm', addl: 'x-new-kex@example.org' }]);
});

t.test('ssh: after a content gap nothing more is parsed', async (t) => {
  const h = sshHarness();
  h.send(true, 'SSH-2.0-a\r\n');
  h.analyzer.gap();
  h.send(false, 'SSH-2.0-b\r\n');
  h.close();
  t.equal(h.rows('ssh')[0].server, undefined);
});

t.test('ssh: hassh off gives ssh.log exactly Zeek\'s columns', async (t) => {
  const on = sshHarness();
  on.send(true, 'SSH-2.0-a\r\n');
  on.close();
  const off = sshHarness({}, { hassh: false });
  off.send(true, 'SSH-2.0-a\r\n');
  off.close();
  t.same(off.streams.get('ssh')!.fields.map((f) => f.name), SSH_LOG.fields.map((f) => f.name));
  t.same(on.streams.get('ssh')!.fields.slice(-2).map((f) => f.name), ['hassh', 'hasshServer']);
});
