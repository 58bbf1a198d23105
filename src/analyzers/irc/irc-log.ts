/**
 * irc.log: one row per NICK, USER and JOIN a client sends (JOIN: one per channel), and one
 * per DCC SEND transfer once its file starts, with the session's nick and user as they stood.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { LogManager } from '../../logging/log-manager.js';
import type { LogStreamSpec } from '../../logging/log-stream.js';
import { CONN_ID_FIELDS } from '../conn-id-fields.js';
import { networkTime } from '../network-time.js';
import { registerIrcDcc } from './irc-dcc.js';
import { IrcSession } from './irc-session.js';
import { bytesOf } from './irc-text.js';

export const IRC_LOG: LogStreamSpec = {
  path: 'irc',
  doc: 'One row per IRC NICK, USER and JOIN command of a client, and per DCC SEND transfer.',
  fields: [
    { name: 'ts', type: 'time', doc: 'Time the command was seen.' },
    { name: 'uid', type: 'string', doc: 'Unique id of the connection.' },
    ...CONN_ID_FIELDS,
    { name: 'nick', type: 'string', optional: true, doc: 'Nickname set on the connection so far.' },
    {
      name: 'user', type: 'string', optional: true,
      doc: 'User name given on the connection so far.',
    },
    {
      name: 'command', type: 'string', optional: true,
      doc: 'Command given by the client (DCC for a transfer).',
    },
    {
      name: 'value', type: 'string', optional: true,
      doc: 'Value of the command (nick, user or channel).',
    },
    {
      name: 'addl', type: 'string', optional: true,
      doc: 'More of the command (USER: host, server and real name).',
    },
    { name: 'dcc_file_name', type: 'string', optional: true, doc: 'File name a DCC SEND offered.' },
    {
      name: 'dcc_file_size', type: 'count', optional: true,
      doc: 'File size the DCC SEND announced, bytes.',
    },
    {
      name: 'dcc_mime_type', type: 'string', optional: true,
      doc: 'Sniffed MIME type of the DCC file.',
    },
    {
      name: 'fuid', type: 'string', optional: true,
      doc: 'Id of the DCC file in the files framework.',
    },
  ],
};

export function registerIrcLog(
  events: EventBus<CoreEvents>, logs: LogManager, weirds: ConnWeirdReporter,
): void {
  logs.createStream(IRC_LOG);
  const write = (s: IrcSession) => logs.write(IRC_LOG.path, s.record());
  const session = (c: Parameters<typeof networkTime>[0]) => IrcSession.touch(c, networkTime(c));

  events.on('irc_nick_message', (c, isOrig, _who, newNick) => {
    const s = session(c);
    if (!isOrig) return;
    s.command = 'NICK';
    s.value = bytesOf(newNick);
  }, 5);
  events.on('irc_nick_message', (c, isOrig, _who, newNick) => {
    if (!isOrig) return;
    write(session(c));
    session(c).nick = bytesOf(newNick);
  }, -5);

  events.on('irc_user_message', (c, isOrig, user, host, server, realName) => {
    const s = session(c);
    if (!isOrig) return;
    s.command = 'USER';
    s.value = bytesOf(user);
    s.addl = bytesOf(`${host} ${server} ${realName}`);
  }, 5);
  events.on('irc_user_message', (c, isOrig, user) => {
    if (!isOrig) return;
    write(session(c));
    session(c).user = bytesOf(user);
  }, -5);

  events.on('irc_join_message', (c, isOrig) => {
    const s = session(c);
    if (isOrig) s.command = 'JOIN';
  }, 5);
  events.on('irc_join_message', (c, isOrig, list) => {
    if (!isOrig) return;
    const s = session(c);
    for (const join of list) {
      s.value = bytesOf(join.channel);
      s.addl = bytesOf(join.password !== '' ? ` with channel key: '${join.password}'` : '');
      write(s);
    }
  }, -5);

  registerIrcDcc(events, write, weirds);
}
