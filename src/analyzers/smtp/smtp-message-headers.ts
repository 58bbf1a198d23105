/**
 * What the message itself adds to smtp.log, as Zeek's main.zeek, entities.zeek and files.zeek
 * take it from the MIME events: the top-level entity's header fields (Date, From, To, Cc,
 * Subject, Message-ID ...), the hosts of its Received fields (the path), and for every part
 * that becomes a file its id, its depth in the session and the name its headers give it.
 */
import type { CoreEvents, EventBus } from '../../events/event-bus.js';
import type { ConnWeirdReporter } from '../../events/weird-reporter.js';
import type { Connection } from '../../stages/connection.js';
import { parseIp } from '../conn/local-networks.js';
import type { FileState } from '../files/file-state.js';
import { filenameFromDisposition } from '../http/http-filename.js';
import type { MimeHeaderRecord } from '../mime/mime-events.js';
import { formatIp } from '../../stages/ip-address.js';
import { splitMimeEmailAddresses } from './email-addresses.js';
import { extractIpAddresses } from './embedded-ip-addresses.js';
import { networkTime, smtpStateOf } from './smtp-info.js';
import type { SmtpLogOptions } from './smtp-options.js';

const NAMES_FILE = /filename[\t ]*\*?=/i;
const NAMES_TYPE = /name[\t ]*=/i;
const USER_AGENT_FIELDS = new Set(['X-MAILER', 'USER-AGENT', 'X-USER-AGENT']);

/** An address in the form Zeek prints it (IPv6 compressed, lower case). */
function canonicalAddress(text: string): string {
  const bytes = parseIp(text);
  return formatIp(bytes, 0, bytes.length === 4 ? 4 : 6);
}

/** The host a Received field names: the second address found, else the first. */
function receivedFromHost(value: string): string | undefined {
  const ips = extractIpAddresses(value, true);
  return ips.length > 1 ? ips[1] : ips[0];
}

export class SmtpMessageHeaders {
  constructor(
    private readonly options: SmtpLogOptions,
    private readonly weirds: ConnWeirdReporter,
  ) {}

  subscribe(events: EventBus<CoreEvents>): void {
    events.on('mime_begin_entity', (c) => {
      const s = smtpStateOf(c);
      if (s?.info !== undefined) s.info.entity = {};
      if (s !== undefined) s.mimeDepth++;
    }, 10);
    events.on('mime_begin_entity', (c) => {
      const info = smtpStateOf(c)?.info;
      // Only the top-level entity's fields describe the message.
      if (info !== undefined && ++info.entityCount > 1) info.processSmtpHeaders = false;
    }, 5);
    events.on('mime_end_entity', (c) => {
      const info = smtpStateOf(c)?.info;
      if (info !== undefined) info.entity = undefined;
    }, 5);
    events.on('mime_one_header', (c, h) => this.onMessageHeader(c, h), 5);
    events.on('mime_one_header', (c, h) => this.onEntityHeader(c, h), 5);
    events.on('mime_one_header', (c, h) => this.onReceived(c, h), 3);
    events.on('file_over_new_connection', (f, c) => this.onFile(f, c), 5);
  }

  private onMessageHeader(c: Connection, h: MimeHeaderRecord): void {
    const info = smtpStateOf(c)?.info;
    if (info === undefined || !info.processSmtpHeaders) return;
    const v = h.value;
    switch (h.name) {
      case 'MESSAGE-ID': info.msgId = v; return;
      case 'RECEIVED':
        if (info.firstReceived !== undefined) info.secondReceived = info.firstReceived;
        info.firstReceived = v;
        return;
      case 'IN-REPLY-TO': info.inReplyTo = v; return;
      case 'SUBJECT': info.subject = v; return;
      case 'FROM': info.from = v; return;
      case 'REPLY-TO': info.replyTo = v; return;
      case 'DATE': info.date = v; return;
      case 'TO':
        info.to = this.addAddresses(c, info.to, v, this.options.maxToAddresses, 'to');
        return;
      case 'CC':
        info.cc = this.addAddresses(c, info.cc, v, this.options.maxCcAddresses, 'cc');
        return;
      case 'X-ORIGINATING-IP': {
        const ip = extractIpAddresses(v)[0];
        if (ip !== undefined) info.xOriginatingIp = canonicalAddress(ip);
        return;
      }
    }
    if (USER_AGENT_FIELDS.has(h.name)) info.userAgent = v;
  }

  private addAddresses(
    c: Connection, into: Set<string> | undefined, value: string, max: number, field: string,
  ): Set<string> {
    const addresses = into ?? new Set<string>();
    for (const address of new Set(splitMimeEmailAddresses(value))) {
      if (max > 0 && addresses.size >= max) {
        this.weird(c, `smtp_too_many_${field}_addresses`);
        break;
      }
      addresses.add(address);
    }
    return addresses;
  }

  /** Content-Disposition `filename=` or Content-Type `name=` names the entity's file. */
  private onEntityHeader(c: Connection, h: MimeHeaderRecord): void {
    const info = smtpStateOf(c)?.info;
    if (info === undefined) return;
    if (info.entity === undefined) {
      this.weird(c, 'missing_SMTP_entity', '', 'SMTP');
      return;
    }
    const named = (h.name === 'CONTENT-DISPOSITION' && NAMES_FILE.test(h.value)) ||
      (h.name === 'CONTENT-TYPE' && NAMES_TYPE.test(h.value));
    if (named) info.entity.filename = filenameFromDisposition(Buffer.from(h.value, 'latin1'));
  }

  /** Each Received field adds the host it names to the path, unless it repeats the last. */
  private onReceived(c: Connection, h: MimeHeaderRecord): void {
    const info = smtpStateOf(c)?.info;
    if (info === undefined || h.name !== 'RECEIVED') return;
    if (!info.processReceivedFrom || !info.processSmtpHeaders) return;
    const text = receivedFromHost(h.value);
    if (text === undefined) return;

    const ip = canonicalAddress(text);
    if (info.path[info.path.length - 1] === ip) return;
    const max = this.options.maxPathLength;
    if (max > 0 && info.path.length >= max) {
      this.weird(c, 'smtp_max_path_length_exceeded');
      return;
    }
    info.path.push(ip);
  }

  private onFile(f: FileState, c: Connection): void {
    const s = smtpStateOf(c);
    const info = s?.info;
    if (s === undefined || info === undefined) return;
    if (f.source === 'SMTP') {
      if (info.entity?.filename !== undefined) f.filename = info.entity.filename;
      f.depth = s.mimeDepth;
    }
    // Files seen after STARTTLS (certificates) are not the message's.
    if (!info.tls) info.fuids.push(f.id);
  }

  private weird(c: Connection, name: string, addl?: string, source?: string): void {
    this.weirds.connWeird(name, networkTime(c), c, addl, source);
  }
}
