/**
 * The session logic of Zeek's base/protocols/smtp/main.zeek: commands and replies fill the
 * transaction being recorded (HELO, MAIL FROM, RCPT TO, last reply), the server's answer to
 * the end of data writes it and starts the next one, and whatever the client did since is
 * written when the connection ends. RCPT without MAIL and DATA without RCPT are weirds; too
 * many of them switch the analyzer off. The message's headers and files are handled by
 * smtp-message-headers.ts.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { Connection } from '../../stages/connection.js';
import { firstEmailAddress, extractEmailAddresses } from './email-addresses.js';
import { disableSmtpAnalyzer } from './smtp-analyzer-switch.js';
import {
  networkTime, newSmtpInfo, smtpSession, smtpStateOf, type SmtpInfo, type SmtpState,
} from './smtp-info.js';
import { SmtpMessageHeaders } from './smtp-message-headers.js';
import type { SmtpLogOptions } from './smtp-options.js';

const RCPT_TO = /^to:/i;
const MAIL_FROM = /^from:/i;
/** Delivery-status notes (RFC 3461 ORCPT) that some clients glue to an address. */
const ORCPT = /ORCPT=rfc822;?/g;

export class SmtpTransactions {
  constructor(
    private readonly options: SmtpLogOptions,
    private readonly weirds: ConnWeirdReporter,
    /** Writes one smtp.log record. */
    private readonly write: (info: SmtpInfo) => void,
  ) {}

  /** Subscribes the handlers, at Zeek's priorities. */
  subscribe(events: EventBus<CoreEvents>): void {
    events.on('smtp_request', (c, _isOrig, cmd, arg) => this.onRequest(c, cmd, arg), 5);
    events.on('smtp_reply', (c, _isOrig, code, _cmd, msg) => {
      smtpSession(c).info!.lastReply = `${code} ${msg}`;
    }, 5);
    events.on('smtp_reply', (c, _isOrig, _code, cmd, _msg, cont) => this.onReplyDone(c, cmd, cont),
      -5);
    events.on('smtp_starttls', (c) => {
      const info = smtpStateOf(c)?.info;
      if (info === undefined) return;
      info.tls = true;
      info.hasClientActivity = true;
    }, 5);
    new SmtpMessageHeaders(this.options, this.weirds).subscribe(events);
    events.on('connection_state_remove', (c) => {
      const s = smtpStateOf(c);
      if (s?.info !== undefined) this.message(c, s);
    }, -3);
  }

  private onRequest(c: Connection, cmd: string, arg: string): void {
    const s = smtpSession(c);
    // Each command comes after the analyzer confirmed SMTP on the connection.
    s.analyzerAttached ||= !s.analyzerDisabled;
    const info = s.info!;
    if (cmd === 'HELO' || cmd === 'EHLO') {
      s.helo = info.helo = arg;
    } else if (cmd === 'RCPT' && RCPT_TO.test(arg)) {
      this.rcptTo(c, s, info, arg);
    } else if (cmd === 'MAIL' && MAIL_FROM.test(arg)) {
      this.mailFrom(c, s, arg);
    } else if (cmd === 'DATA' || cmd === 'BDAT') {
      this.data(c, s, cmd, arg);
    } else if (cmd === '.') {
      s.transMailFromSeen = s.transRcptToSeen = false;
    }
  }

  private rcptTo(c: Connection, s: SmtpState, info: SmtpInfo, arg: string): void {
    const rcptto = (info.rcptto ??= new Set());
    const max = this.options.maxRcpttoAddresses;
    for (const address of new Set(extractEmailAddresses(arg))) {
      if (max > 0 && rcptto.size >= max) {
        this.weird(c, 'smtp_too_many_rcptto_addresses');
        break;
      }
      rcptto.add(address.replace(ORCPT, ''));
    }
    info.hasClientActivity = true;
    s.transRcptToSeen = true;
    if (this.options.mailTransactionValidation && !s.transMailFromSeen) {
      this.transactionInvalid(c, s, 'rcpt to missing mail from');
    }
  }

  private mailFrom(c: Connection, s: SmtpState, arg: string): void {
    // The previous message is written even if the server's acknowledgement was not seen.
    this.message(c, s);
    const info = s.info!;
    const address = firstEmailAddress(arg);
    if (address !== '') info.mailfrom = address;
    info.hasClientActivity = true;
    s.transMailFromSeen = true;
    s.transRcptToSeen = false;
  }

  private data(c: Connection, s: SmtpState, cmd: string, arg: string): void {
    if (this.options.mailTransactionValidation && !s.transRcptToSeen) {
      this.transactionInvalid(c, s, 'data missing rcpt to');
    }
    if (cmd === 'BDAT' && arg.endsWith(' LAST')) {
      s.transMailFromSeen = s.transRcptToSeen = false;
      s.bdatLastObserved = true;
    }
  }

  /** The reply's handlers have run: the end of a message's data writes its transaction. */
  private onReplyDone(c: Connection, cmd: string, contResp: boolean): void {
    const s = smtpStateOf(c);
    if (s === undefined) return;
    if (cmd !== '.' && (contResp || cmd !== 'BDAT' || !s.bdatLastObserved)) return;
    s.messagesTransferred++;
    s.bdatLastObserved = false;
    this.message(c, s);
    s.info = newSmtpInfo(c, s);
  }

  private transactionInvalid(c: Connection, s: SmtpState, addl: string): void {
    this.weird(c, 'smtp_mail_transaction_invalid', addl, 'SMTP');
    s.invalidTransactions++;
    const max = this.options.maxInvalidMailTransactions;
    if (max === 0 || s.invalidTransactions <= max || !s.analyzerAttached) return;
    this.weird(c, 'smtp_excessive_invalid_mail_transactions', `${s.invalidTransactions} > ${max}`,
      'SMTP');
    c.markPartial();
    disableSmtpAnalyzer(c);
    s.analyzerAttached = false;
    s.analyzerDisabled = true;
  }

  /** Writes the transaction if the client did something in it, and starts the next one. */
  private message(c: Connection, s: SmtpState): void {
    const info = s.info;
    if (info === undefined || !info.hasClientActivity) return;
    this.write(info);
    s.info = newSmtpInfo(c, s);
  }

  private weird(c: Connection, name: string, addl?: string, source?: string): void {
    this.weirds.connWeird(name, networkTime(c), c, addl, source);
  }
}
