/**
 * The libpcap handle, opened through the `cap` native binding, behind a small typed interface
 * so the live source can be driven by a stand-in in tests.
 *
 * `cap` copies each packet into one Buffer given to `open()` and emits `'packet'` with the
 * number of bytes copied; the next packet overwrites it, so a listener copies the bytes out
 * before it returns. The native side keeps only a raw pointer into that Buffer: the Buffer must
 * stay referenced for as long as the handle is open, or a later packet is written into freed
 * memory and the process aborts. `CapHandle` owns it for exactly that reason.
 */
import { createRequire } from 'node:module';

/** What the live source needs from an open capture handle. */
export interface LiveHandle {
  /** LINKTYPE_* number of the interface's packets. */
  readonly linkType: number;
  /** Where the current packet's bytes are, valid only during the `onPacket` callback. */
  readonly packetBuffer: Buffer;
  /** Called once per packet with the bytes copied and whether the copy was cut short. */
  onPacket(listener: (caplen: number, truncated: boolean) => void): void;
  /** Stops delivery and releases the kernel ring; packets after this are not delivered. */
  close(): void;
}

/** How to open a handle; the defaults live in the live source's options. */
export interface HandleSettings {
  readonly iface: string;
  /** BPF expression the kernel applies ('' accepts every packet). */
  readonly filter: string;
  /** Size of the kernel ring libpcap asks for (pcap_set_buffer_size). */
  readonly bufferBytes: number;
  /** Bytes of each packet copied out (the copy Buffer's size). */
  readonly snaplen: number;
}

/** Opens a handle; throws an Error with libpcap's message when libpcap refuses. */
export type HandleOpener = (settings: HandleSettings) => LiveHandle;

/** The shape of `cap`'s native Cap object, as far as wirelog uses it. */
interface NativeCap {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
  close(): boolean;
}

/** `cap`'s names for the link types it recognises, and their LINKTYPE_* numbers. */
const CAP_LINK_TYPES: Readonly<Record<string, number>> = {
  NULL: 0,
  ETHERNET: 1,
  // DLT_RAW is 12 on Linux but is written to files as LINKTYPE_RAW.
  RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
  IEEE802_11_RADIO: 127,
};

/** `cap` reports other link types as the text "Unknown linktype N" (N being the DLT number). */
const UNKNOWN_LINK_TYPE = /^Unknown linktype (\d+)$/;

/** The LINKTYPE_* number for `cap`'s link type text; -1 when the text is not understood. */
export function capLinkType(name: string): number {
  const known = CAP_LINK_TYPES[name];
  if (known !== undefined) return known;

  const unknown = UNKNOWN_LINK_TYPE.exec(name);
  return unknown === null ? -1 : Number(unknown[1]);
}

/**
 * Native objects whose `open()` failed, kept for the life of the process. When libpcap refuses
 * after creating its handle (no such device, a filter it rejects), `cap` leaves the object half
 * open, and collecting it then stops a poll handle that was never started: the process aborts.
 * Each refusal ends the run, so this holds at most a few objects.
 */
const REFUSED: NativeCap[] = [];

/** The real handle over `cap`. Loaded lazily so file input never needs the native module. */
export class CapHandle implements LiveHandle {
  readonly linkType: number;
  /** Referenced here for the life of the handle: the native side writes into it. */
  readonly packetBuffer: Buffer;
  private readonly cap: NativeCap;

  constructor(settings: HandleSettings) {
    this.cap = new (loadCap())();
    this.packetBuffer = Buffer.alloc(settings.snaplen);

    let name: string;
    try {
      name = this.cap.open(settings.iface, settings.filter, settings.bufferBytes,
        this.packetBuffer);
    } catch (err) {
      REFUSED.push(this.cap);
      throw err;
    }
    this.linkType = capLinkType(name);
  }

  onPacket(listener: (caplen: number, truncated: boolean) => void): void {
    this.cap.on('packet', listener);
  }

  close(): void {
    this.cap.close();
  }
}

export const openCapHandle: HandleOpener = (settings) => new CapHandle(settings);

/**
 * The native binding, loaded only when live capture is asked for: it is an optional
 * dependency, and reading files must work on a machine where it could not be built.
 */
function loadCap(): new () => NativeCap {
  try {
    return (createRequire(import.meta.url)('cap') as { Cap: new () => NativeCap }).Cap;
  } catch (err) {
    throw new Error('live capture is unavailable: the cap package is not installed or not ' +
      `built (install libpcap-dev and build-essential, then npm ci): ${(err as Error).message}`);
  }
}
