/**
 * FTP data channels over the whole pipeline: crafted control sessions announce an endpoint,
 * and a data connection to it must get service ftp-data, the FTP_DATA analyzer and its file,
 * and the session's ftp.log rows the channel and the file's id.
 */

import t, { type Test } from 'tap';

import { ethernet, ipv4, ipv6, tcp } from '../../helpers/packet-builder.js';
import { logsOf, type Rows } from '../../helpers/pcap-file.js';

const SYN = 0x02;
const ACK = 0x10;
const PSH_ACK = 0x18;
const FIN_ACK = 0x11;

/** One TCP connection; keeps each side's next sequence number. */
class Flow {
  private next = { client: 1000, server: 5000 };

  constructor(
    readonly client: string,
    readonly cport: number,
    readonly server: string,
    readonly sport: number,
  ) {}

  /** The Ethernet frame of one segment, with sequence and acknowledgement numbers kept right. */
  frame(fromClient: boolean, flags: number, text = ''): Buffer {
    const payload = Buffer.from(text, 'latin1');
    const seq = fromClient ? this.next.client : this.next.server;
    const ack = fromClient ? this.next.server : this.next.client;
    const advance = payload.length + ((flags & (SYN | 0x01)) !== 0 ? 1 : 0);
    if (fromClient) this.next.client += advance;
    else this.next.server += advance;
    const segment = tcp({
      sport: fromClient ? this.cport : this.sport,
      dport: fromClient ? this.sport : this.cport,
      seq,
      ack: (flags & ACK) !== 0 ? ack : 0,
      flags,
      payload,
    });
    const [src, dst] = fromClient ? [this.client, this.server] : [this.server, this.client];
    return src.includes(':')
      ? ethernet(0x86dd, ipv6({ src, dst, next: 6, payload: segment }))
      : ethernet(0x0800, ipv4({ src, dst, proto: 6, payload: segment }));
  }

  open(): Buffer[] {
    return [this.frame(true, SYN), this.frame(false, SYN | ACK), this.frame(true, ACK)];
  }

  close(): Buffer[] {
    return [this.frame(true, FIN_ACK), this.frame(false, FIN_ACK), this.frame(true, ACK)];
  }
}

const run = logsOf;

const CONTENT = 'the transferred file\n';

/** A logged-in control session up to the point where it announces a data channel. */
function login(control: Flow): Buffer[] {
  return [
    ...control.open(),
    control.frame(false, PSH_ACK, '220 ready\r\n'),
    control.frame(true, PSH_ACK, 'USER anonymous\r\n'),
    control.frame(false, PSH_ACK, '331 password please\r\n'),
    control.frame(true, PSH_ACK, 'PASS me@example.org\r\n'),
    control.frame(false, PSH_ACK, '230 logged in\r\n'),
  ];
}

/** RETR of `f` over `data`, opened by whichever side `data` names as client, then QUIT. */
function retrOver(control: Flow, data: Flow): Buffer[] {
  return [
    control.frame(true, PSH_ACK, 'RETR f\r\n'),
    control.frame(false, PSH_ACK, `150 sending f (${CONTENT.length} bytes)\r\n`),
    ...data.open(),
    data.frame(true, PSH_ACK, CONTENT),
    ...data.close(),
    control.frame(false, PSH_ACK, '226 done\r\n'),
    control.frame(true, PSH_ACK, 'QUIT\r\n'),
    control.frame(false, PSH_ACK, '221 bye\r\n'),
    ...control.close(),
  ];
}

/** An active session: EPRT `arg`, the server opening the data connection to `dataClient`. */
function activeSession(client: string, server: string, arg: string, dataPort: number): Buffer[] {
  const control = new Flow(client, 40000, server, 21);
  const data = new Flow(server, 20, client, dataPort);
  return [
    ...login(control),
    control.frame(true, PSH_ACK, `EPRT ${arg}\r\n`),
    control.frame(false, PSH_ACK, '200 EPRT command successful\r\n'),
    ...retrOver(control, data),
  ];
}

const byCommand = (rows: Rows, cmd: string) =>
  (rows.get('ftp') ?? []).find((r) => r.command === cmd);
const connTo = (rows: Rows, port: number) =>
  (rows.get('conn') ?? []).find((r) => r['id.resp_p'] === port);

t.test('an EPRT address in any IPv6 spelling finds its data connection', async (t) => {
  const rows = await run(
    t,
    activeSession('2001:db8::1', '2001:db8::2', '|2|2001:DB8:0:0:0:0:0:1|5000|', 5000),
  );
  const eprt = byCommand(rows, 'EPRT');
  t.match(eprt, {
    'data_channel.passive': false,
    'data_channel.orig_h': '2001:db8::2',
    'data_channel.resp_h': '2001:db8::1',
    'data_channel.resp_p': 5000,
  });
  const data = connTo(rows, 5000);
  t.same(
    [data?.['id.orig_h'], data?.['id.resp_h'], data?.service],
    ['2001:db8::2', '2001:db8::1', 'ftp-data'],
  );
  const files = rows.get('files') ?? [];
  t.same(
    files.map((f) => [f.source, f.seen_bytes]),
    [['FTP_DATA', CONTENT.length]],
  );
  t.equal(byCommand(rows, 'RETR')?.fuid, files[0]?.fuid, 'the RETR row names the file');
});

t.test('an IPv4-mapped EPRT address is the IPv4 host it maps', async (t) => {
  const rows = await run(
    t,
    activeSession('10.0.0.1', '10.0.0.2', '|2|::ffff:10.0.0.1|5003|', 5003),
  );
  t.equal(byCommand(rows, 'EPRT')?.['data_channel.resp_h'], '10.0.0.1');
  t.equal(connTo(rows, 5003)?.service, 'ftp-data');
  t.equal(rows.get('files')?.length, 1);
});

t.test('an EPRT address with a zone id is no address: no channel, as in Zeek', async (t) => {
  const rows = await run(t, activeSession('fe80::1', 'fe80::2', '|3|fe80::1%eth0|5005|', 5005));
  const eprt = byCommand(rows, 'EPRT');
  t.match(eprt, { arg: '|3|fe80::1%eth0|5005|', reply_code: 200 });
  t.same(
    [eprt?.['data_channel.passive'], eprt?.['data_channel.orig_h'], eprt?.['data_channel.resp_h']],
    [undefined, undefined, undefined],
  );
  t.equal(connTo(rows, 5005)?.service, undefined, 'the connection to the port is no ftp-data');
  t.equal(rows.get('files'), undefined, 'and gets no FTP_DATA analyzer');
  t.equal(rows.get('weird'), undefined, 'Zeek ignores a bad announcement without a weird');
});

/** A passive session that announces `count` ports in turn, then fetches over the first. */
function manyPassive(count: number): Buffer[] {
  const control = new Flow('10.0.0.1', 40000, '10.0.0.2', 21);
  const first = 20000;
  const frames = login(control);
  for (let k = 0; k < count; k++) {
    const port = first + k;
    frames.push(
      control.frame(true, PSH_ACK, 'PASV\r\n'),
      control.frame(false, PSH_ACK, `227 Passive (10,0,0,2,${port >> 8},${port & 0xff})\r\n`),
    );
  }
  return [...frames, ...retrOver(control, new Flow('10.0.0.1', 40001, '10.0.0.2', first))];
}

t.test('every data channel FTP may announce gets its analyzer', async (t) => {
  const rows = await run(t, manyPassive(20000));
  t.equal(connTo(rows, 20000)?.service, 'ftp-data');
  const files = rows.get('files') ?? [];
  t.same(
    files.map((f) => [f.source, f.seen_bytes]),
    [['FTP_DATA', CONTENT.length]],
    'the file of the first announced channel, 20000 announcements later',
  );
  t.equal(byCommand(rows, 'RETR')?.fuid, files[0]?.fuid);
  t.same(rows.get('weird') ?? [], []);
});

t.test('past max_scheduled_analyzers the lost analyzer is a weird', async (t) => {
  const rows = await run(t, manyPassive(200), (c) => (c.tracker.max_scheduled_analyzers = 100));
  t.equal(connTo(rows, 20000)?.service, 'ftp-data', 'ftp.log still knows the channel');
  t.equal(rows.get('files'), undefined, 'but the connection got no FTP_DATA analyzer');
  const weirds = (rows.get('weird') ?? []).filter(
    (w) => w.name === 'scheduled_analyzer_limit_reached',
  );
  t.same(
    weirds.map((w) => [w.addl, w.uid]),
    [['FTP_DATA limit=100', undefined]],
    'written once: weird.log suppresses repeats of one sensor-wide weird',
  );
});

t.test('a data connection from another host than the announced one gets no file', async (t) => {
  const control = new Flow('10.0.0.2', 40000, '10.0.0.1', 21);
  // The server announced 10.0.0.2 -> 10.0.0.1:5010; 10.0.0.9 connects there instead.
  const stranger = new Flow('10.0.0.9', 41000, '10.0.0.1', 5010);
  const rows = await run(t, [
    ...login(control),
    control.frame(true, PSH_ACK, 'PASV\r\n'),
    control.frame(false, PSH_ACK, '227 Entering Passive Mode (10,0,0,1,19,146)\r\n'),
    ...retrOver(control, stranger),
  ]);
  t.match(byCommand(rows, 'PASV'), { 'data_channel.resp_p': 5010 });
  t.equal(connTo(rows, 5010)?.service, undefined, 'no ftp-data service');
  t.same(rows.get('files') ?? [], [], 'no FTP_DATA file');
});
