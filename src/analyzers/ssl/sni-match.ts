/**
 * Whether the SNI host name matches a certificate (ssl.log `sni_matches_cert`): against its
 * SAN DNS names when it has a SAN extension (RFC 2818 3.1), else its last subject CN, with
 * RFC 6125 wildcards as Zeek accepts them (only in the leftmost label, of a name with at least
 * three labels). Comparison is exact, byte for byte, as Zeek's.
 */
import type { X509Certificate } from '../x509/x509-certificate.js';

export function certMatchesHostname(cert: X509Certificate, hostname: string): boolean {
  if (cert.hasSanExtension) return cert.sanDnsIa5.some((name) => hostnameMatches(hostname, name));
  return cert.lastCommonName !== undefined && hostnameMatches(hostname, cert.lastCommonName);
}

export function hostnameMatches(hostname: string, certName: string): boolean {
  if (hostname === certName) return true;
  const wild = certName.indexOf('*');
  if (wild < 0) return false;

  const firstDot = certName.indexOf('.');
  if (firstDot < 0 || certName.indexOf('.', firstDot + 1) < 0) return false;
  if (wild + 1 !== firstDot) return false;

  const hostDot = hostname.indexOf('.');
  if (hostDot < 0) return false;
  if (hostname.slice(hostDot) !== certName.slice(firstDot)) return false;
  return wild === 0 || hostname.slice(0, wild) === certName.slice(0, wild);
}
