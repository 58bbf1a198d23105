/**
 * Hardware addresses as Zeek writes them: six colon-separated hex bytes, or eight when the
 * bytes after the sixth are not zero (EUI-64); empty when fewer than six bytes (or seven) are
 * given, since then no address format fits.
 */
const EUI48_BYTES = 6;
const EUI64_BYTES = 8;

export function formatMac(bytes: Uint8Array): string {
  if (bytes.length < EUI64_BYTES && bytes.length !== EUI48_BYTES) return '';
  const eui48 = bytes.length === EUI48_BYTES || (bytes[6] === 0 && bytes[7] === 0);
  const n = eui48 ? EUI48_BYTES : EUI64_BYTES;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  return parts.join(':');
}
