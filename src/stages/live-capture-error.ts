/**
 * A live capture that cannot start: no such interface, no permission (capturing needs root or
 * CAP_NET_RAW), or a filter libpcap refuses. The live source emits it as a stream `'error'`.
 */
export class LiveCaptureError extends Error {
  constructor(
    /** The interface as given on the command line. */
    readonly iface: string,
    /** libpcap's own words, when it gave them. */
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`cannot capture on ${iface}: ${problem}`, options);
    this.name = 'LiveCaptureError';
  }
}
