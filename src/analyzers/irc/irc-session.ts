/**
 * What irc.log keeps of one IRC connection (Zeek's IRC::Info): the nick and user seen so far,
 * and the latest command with its value. One object per connection, shared with the pending
 * DCC transfer it announced, so a DCC row shows the session as it stands when the file comes.
 */
import type { Connection } from '../../stages/connection.js';
import { connIdValues } from '../conn-id-fields.js';
import { communityIdOf } from '../community-id/community-id-logging.js';

export const IRC_SESSION_KEY = 'irc';

export class IrcSession {
  /** Network time of the latest IRC event of the connection. */
  ts: number;
  nick?: Uint8Array;
  user?: Uint8Array;
  command?: string;
  value?: Uint8Array;
  addl?: Uint8Array;
  dccFileName?: Uint8Array;
  dccFileSize?: number | bigint;
  dccMimeType?: string;
  fuid?: string;

  constructor(
    readonly conn: Connection,
    ts: number,
  ) {
    this.ts = ts;
  }

  /** The connection's session, created on its first IRC event; `ts` moves to `now`. */
  static touch(c: Connection, now: number): IrcSession {
    let s = c.extra.get(IRC_SESSION_KEY) as IrcSession | undefined;
    if (s === undefined) {
      s = new IrcSession(c, now);
      c.extra.set(IRC_SESSION_KEY, s);
    }
    s.ts = now;
    return s;
  }

  record() {
    return {
      ts: this.ts,
      uid: this.conn.uid,
      ...connIdValues(this.conn),
      community_id: communityIdOf(this.conn),
      nick: this.nick,
      user: this.user,
      command: this.command,
      value: this.value,
      addl: this.addl,
      dcc_file_name: this.dccFileName,
      dcc_file_size: this.dccFileSize,
      dcc_mime_type: this.dccMimeType,
      fuid: this.fuid,
    };
  }
}
