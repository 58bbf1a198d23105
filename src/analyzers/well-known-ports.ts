/**
 * Well-known server ports per protocol script, as the analyzers register them. The union over
 * the loaded scripts is the set of "likely server ports" the tracker uses to decide who is the
 * originator of a connection whose handshake it did not see.
 */

export interface ScriptPorts {
  readonly tcp?: readonly number[];
  readonly udp?: readonly number[];
}

/** Ports of tunnel decapsulation, always loaded (also in bare mode). */
export const PACKET_PROTOCOL_PORTS: ScriptPorts = {
  udp: [5072, 4754, 3544, 2152, 2123, 4789, 6081],
};

/** Server ports each protocol script registers, keyed by script name. */
export const PROTOCOL_SCRIPT_PORTS: Readonly<Record<string, ScriptPorts>> = {
  'base/protocols/dce-rpc': { tcp: [135] },
  'base/protocols/dhcp': { udp: [67, 4011] },
  'base/protocols/dnp3': { tcp: [20000], udp: [20000] },
  'base/protocols/dns': { tcp: [53], udp: [53, 137, 5353, 5355] },
  'base/protocols/finger': { tcp: [79] },
  'base/protocols/ftp': { tcp: [21, 2811] },
  'base/protocols/http': { tcp: [80, 81, 631, 1080, 3128, 8000, 8080, 8888] },
  'base/protocols/imap': { tcp: [143] },
  'base/protocols/irc': { tcp: [6666, 6667, 6668, 6669] },
  'base/protocols/krb': { tcp: [88], udp: [88] },
  'base/protocols/ldap': { tcp: [389, 3268], udp: [389] },
  'base/protocols/modbus': { tcp: [502] },
  'base/protocols/mqtt': { tcp: [1883] },
  'base/protocols/mysql': { tcp: [1434, 3306] },
  'base/protocols/ntp': { udp: [123] },
  'base/protocols/postgresql': { tcp: [5432] },
  'base/protocols/quic': { udp: [443] },
  'base/protocols/radius': { udp: [1812] },
  'base/protocols/rdp': { tcp: [3389], udp: [3389] },
  'base/protocols/redis': { tcp: [6379] },
  'base/protocols/sip': { udp: [5060] },
  'base/protocols/smb': { tcp: [139, 445] },
  'base/protocols/smtp': { tcp: [25, 587] },
  'base/protocols/snmp': { udp: [161, 162] },
  'base/protocols/socks': { tcp: [1080] },
  'base/protocols/ssh': { tcp: [22] },
  'base/protocols/ssl': {
    tcp: [443, 465, 563, 585, 614, 636, 989, 990, 992, 993, 995, 5223],
    udp: [443],
  },
  'base/protocols/syslog': { tcp: [514], udp: [514] },
  'base/protocols/xmpp': { tcp: [5222, 5269] },
};

/** Likely server ports, one bit per port and transport. */
export class LikelyServerPorts {
  private readonly tcp = new Uint8Array(65536);
  private readonly udp = new Uint8Array(65536);

  add(ports: ScriptPorts): void {
    for (const p of ports.tcp ?? []) this.tcp[p] = 1;
    for (const p of ports.udp ?? []) this.udp[p] = 1;
  }

  isTcp(port: number): boolean {
    return this.tcp[port] === 1;
  }

  isUdp(port: number): boolean {
    return this.udp[port] === 1;
  }

  /** The set for the given loaded scripts (`all` in default mode). */
  static forScripts(loaded: (script: string) => boolean): LikelyServerPorts {
    const set = new LikelyServerPorts();
    set.add(PACKET_PROTOCOL_PORTS);
    for (const [script, ports] of Object.entries(PROTOCOL_SCRIPT_PORTS)) {
      if (loaded(script)) set.add(ports);
    }
    return set;
  }
}
