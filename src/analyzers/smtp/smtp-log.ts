/**
 * smtp.log: one row per mail transaction (and one for a session that only did STARTTLS or
 * was cut short after client activity), with the columns of Zeek's smtp.log in its order.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import { logText, logTextOrUnset } from '../wire-text.js';
import type { SmtpInfo } from './smtp-info.js';
import { DEFAULT_SMTP_LOG_OPTIONS, type SmtpLogOptions } from './smtp-options.js';
import { SmtpTransactions } from './smtp-transactions.js';

const text = (name: string, doc: string) =>
  ({ name, type: 'string', optional: true, doc }) as const;
const set = (name: string, doc: string) =>
  ({ name, type: 'set[string]', optional: true, doc }) as const;

export const SMTP_LOG: LogStreamSpec = {
  path: 'smtp',
  doc: 'One row per mail transaction of an SMTP session.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the transaction was first seen.' },
    { name: 'uid', type: 'string', doc: 'Connection uid.' },
    { name: 'id.orig_h', type: 'addr', doc: 'Client address.' },
    { name: 'id.orig_p', type: 'port', doc: 'Client port.' },
    { name: 'id.resp_h', type: 'addr', doc: 'Server address.' },
    { name: 'id.resp_p', type: 'port', doc: 'Server port.' },
    { name: 'trans_depth', type: 'count', doc: 'Position of the message in the session.' },
    text('helo', 'Argument of the HELO or EHLO command.'),
    text('mailfrom', 'Address of the MAIL FROM command.'),
    set('rcptto', 'Addresses of the RCPT TO commands.'),
    text('date', 'Date header.'),
    text('from', 'From header.'),
    set('to', 'Addresses of the To header, display names kept.'),
    set('cc', 'Addresses of the Cc header, display names kept.'),
    text('reply_to', 'Reply-To header.'),
    text('msg_id', 'Message-ID header.'),
    text('in_reply_to', 'In-Reply-To header.'),
    text('subject', 'Subject header.'),
    { name: 'x_originating_ip', type: 'addr', optional: true, doc: 'X-Originating-IP header.' },
    text('first_received', 'Last Received header in the message (the hop nearest the sender).'),
    text('second_received', 'The Received header before that one.'),
    text('last_reply', 'Last reply line of the server, code and text.'),
    {
      name: 'path', type: 'vector[addr]', optional: true,
      doc: 'Hosts the message went through: this server, this client, then Received hosts.',
    },
    text('user_agent', 'User-Agent, X-Mailer or X-User-Agent header.'),
    { name: 'tls', type: 'bool', doc: 'Whether the session switched to TLS (STARTTLS).' },
    { name: 'fuids', type: 'vector[string]', doc: 'Ids of the files (MIME parts) of the message.' },
  ],
};

const texts = (values: Set<string> | undefined) =>
  values === undefined ? undefined : [...values].map(logText);

export function smtpRecord(info: SmtpInfo) {
  const c = info.conn;
  return {
    ts: info.ts,
    uid: c.uid,
    'id.orig_h': c.origH,
    'id.orig_p': c.origPort,
    'id.resp_h': c.respH,
    'id.resp_p': c.respPort,
    trans_depth: info.transDepth,
    helo: logTextOrUnset(info.helo),
    mailfrom: logTextOrUnset(info.mailfrom),
    rcptto: texts(info.rcptto),
    date: logTextOrUnset(info.date),
    from: logTextOrUnset(info.from),
    to: texts(info.to),
    cc: texts(info.cc),
    reply_to: logTextOrUnset(info.replyTo),
    msg_id: logTextOrUnset(info.msgId),
    in_reply_to: logTextOrUnset(info.inReplyTo),
    subject: logTextOrUnset(info.subject),
    x_originating_ip: info.xOriginatingIp,
    first_received: logTextOrUnset(info.firstReceived),
    second_received: logTextOrUnset(info.secondReceived),
    last_reply: logTextOrUnset(info.lastReply),
    path: info.path,
    user_agent: logTextOrUnset(info.userAgent),
    tls: info.tls,
    fuids: info.fuids,
  };
}

/** Declares smtp.log and subscribes the session logic that writes it. */
export function registerSmtpLog(
  events: EventBus<CoreEvents>, logs: LogManager, weirds: ConnWeirdReporter,
  options: SmtpLogOptions = DEFAULT_SMTP_LOG_OPTIONS,
): void {
  logs.createStream(SMTP_LOG);
  const transactions = new SmtpTransactions(options, weirds,
    (info) => logs.write(SMTP_LOG.path, smtpRecord(info)));
  transactions.subscribe(events);
}
