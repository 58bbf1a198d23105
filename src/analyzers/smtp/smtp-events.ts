/**
 * Events of the SMTP analyzer, with Zeek's names and argument order. Text arguments are wire
 * text: one character per byte (see analyzers/wire-text.ts).
 */
import type { Connection } from '../../stages/connection.js';

export interface SmtpEvents {
  /**
   * A client command, upper-cased (`.` ends a message's data, `(UNKNOWN)` stands for commands
   * lost in a content gap), and its argument. `isOrig` is whether the originator is the mail
   * sender (it is not after a `TURN`).
   */
  smtp_request: [c: Connection, isOrig: boolean, command: string, arg: string];
  /**
   * One line of a server reply: its code, the command it answers (`>` for the greeting, `.` for
   * the end of data), the text after the code, and whether more lines of the reply follow.
   */
  smtp_reply: [
    c: Connection, isOrig: boolean, code: number, cmd: string, msg: string, contResp: boolean,
  ];
  /** One line of a message's data, dot-unstuffed (raised only when something listens). */
  smtp_data: [c: Connection, isOrig: boolean, data: string];
  /** Something the session state machine did not expect (not a weird, as in Zeek). */
  smtp_unexpected: [c: Connection, isOrig: boolean, msg: string, detail: string];
  /** The server accepted STARTTLS: the rest of the connection is TLS. */
  smtp_starttls: [c: Connection];
}
