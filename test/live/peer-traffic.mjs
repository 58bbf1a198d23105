// Known traffic for the live capture tests, run inside a test's network namespace:
//   node peer-traffic.mjs udp HOST PORT COUNT     sends COUNT datagrams "datagram-N"
//   node peer-traffic.mjs tcp-server HOST PORT    accepts one connection, answers "pong", closes
//   node peer-traffic.mjs tcp-client HOST PORT    connects, sends "ping", reads the answer
// Prints "ready" once a server listens and "done" when finished. Never runs longer than a few
// seconds: every mode has a deadline.
import dgram from 'node:dgram';
import net from 'node:net';

const DEADLINE_MS = 10_000;
const [mode, host, portText, countText] = process.argv.slice(2);
const port = Number(portText);
setTimeout(() => fail('deadline passed'), DEADLINE_MS).unref();

function fail(message) {
  process.stderr.write(`peer-traffic ${mode}: ${message}\n`);
  process.exit(1);
}

function sendDatagrams(count) {
  const socket = dgram.createSocket('udp4');
  let sent = 0;
  const next = () => {
    if (sent === count) return socket.close(() => console.log('done'));
    socket.send(`datagram-${sent++}`, port, host, (err) => (err ? fail(err.message) : next()));
  };
  next();
}

function serveOnce() {
  const server = net.createServer((conn) => {
    conn.once('data', () => conn.end('pong'));
    conn.on('close', () => server.close(() => console.log('done')));
  });
  server.on('error', (err) => fail(err.message));
  server.listen(port, host, () => console.log('ready'));
}

function connectOnce() {
  const conn = net.connect(port, host, () => conn.write('ping'));
  conn.on('error', (err) => fail(err.message));
  conn.on('data', () => conn.end());
  conn.on('close', () => console.log('done'));
}

if (mode === 'udp') sendDatagrams(Number(countText));
else if (mode === 'tcp-server') serveOnce();
else if (mode === 'tcp-client') connectOnce();
else fail('unknown mode');
