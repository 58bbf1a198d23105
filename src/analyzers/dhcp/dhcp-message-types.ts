/** DHCP message type names (RFC 2132, 3203, 4388, 6926, 7724), as dhcp.log writes them. */
const NAMES: readonly string[] = [
  '', 'DISCOVER', 'OFFER', 'REQUEST', 'DECLINE', 'ACK', 'NAK', 'RELEASE', 'INFORM',
  'FORCERENEW', 'LEASEQUERY', 'LEASEUNASSIGNED', 'LEASEUNKNOWN', 'LEASEACTIVE',
  'BULKLEASEQUERY', 'LEASEQUERYDONE', 'ACTIVELEASEQUERY', 'LEASEQUERYSTATUS', 'TLS',
];

export function dhcpMessageTypeName(type: number): string {
  const name = type > 0 ? NAMES[type] : undefined;
  return name ?? `unknown-message-type-${type}`;
}
