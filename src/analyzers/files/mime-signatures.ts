/**
 * MIME types sniffed from a file's first bytes, as Zeek's file magic signatures name them.
 * Each entry is a pattern anchored at the start of the data with a strength; the strongest
 * match wins, as in Zeek's `file-mime` rules. The table covers the types seen most in
 * traffic; anything else stays unsniffed (files.log shows `-`).
 */

interface MimeSignature {
  readonly mime: string;
  readonly strength: number;
  /** Tested against the data decoded as latin1, so every byte is one character. */
  readonly pattern: RegExp;
}

/** Optional byte-order mark and leading blank lines or comments before markup. */
const BOM = String.raw`(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?`;
const BLANKS_AND_COMMENTS = String.raw`(?:[\r\n\t ]*(?:<!--[^]*?-->)?[\r\n\t ]*)*`;
const MARKUP_LEAD = `^${BOM}${BLANKS_AND_COMMENTS}` + String.raw`(?:<\?xml [^]*?\?>)?` +
  BLANKS_AND_COMMENTS;

const markup = (tail: string) => new RegExp(MARKUP_LEAD + tail, 'i');

export const MIME_SIGNATURES: readonly MimeSignature[] = [
  { mime: 'text/plain', strength: -20, pattern: new RegExp(
    String.raw`^(?:\xef\xbb\xbf|(?:\x00\x00)?\xfe\xff|\xff\xfe(?:\x00\x00)?)?` +
    String.raw`[\t\n\v\f\r\x20-\x7e]{10}`) },
  { mime: 'text/json', strength: 1, pattern: new RegExp(
    `^${BOM}` + String.raw`[\r\n\t ]*\{[\r\n\t ]*(?:"[^"]+"|[a-zA-Z]\w*)[\r\n\t ]*:` +
    String.raw`[\r\n\t ]*(?:"|\[|\{|[0-9]|true|false)`) },
  { mime: 'application/xml', strength: 10,
    pattern: markup(String.raw`\x00?<\x00?\?\x00?x\x00?m\x00?l\x00? `) },
  { mime: 'text/html', strength: 100,
    pattern: markup('<(?:!doctype +html|html|meta +http-equiv)') },
  { mime: 'text/html', strength: 20, pattern: markup('<(?:head|html|title|body)') },
  { mime: 'text/rss', strength: 90, pattern: markup('<rss') },
  { mime: 'image/png', strength: 70, pattern: /^\x89PNG\r\n\x1a\n/ },
  { mime: 'image/gif', strength: 70, pattern: /^GIF8[79]a/ },
  { mime: 'image/jpeg', strength: 52, pattern: /^\xff\xd8/ },
  { mime: 'image/x-icon', strength: 70, pattern: /^\x00\x00\x01\x00/ },
  { mime: 'image/bmp', strength: 50, pattern: /^BM.{12}[\x0c\x28\x40\x6c\x7c\x80]\x00/s },
  { mime: 'image/webp', strength: 70, pattern: /^RIFF.{4}WEBP/s },
  { mime: 'image/svg+xml', strength: 90, pattern: markup('<svg') },
  { mime: 'application/pdf', strength: 80, pattern: /^%PDF/ },
  { mime: 'application/zip', strength: 70, pattern: /^PK\x03\x04/ },
  { mime: 'application/x-gzip', strength: 100, pattern: /^\x1f\x8b/ },
  { mime: 'application/x-bzip2', strength: 70, pattern: /^BZh/ },
  { mime: 'application/x-7z-compressed', strength: 70, pattern: /^7z\xbc\xaf\x27\x1c/ },
  { mime: 'application/x-rar', strength: 70, pattern: /^Rar!/ },
  { mime: 'application/x-dosexec', strength: 51, pattern: /^MZ/ },
  { mime: 'application/x-executable', strength: 50, pattern: /^\x7fELF/ },
  { mime: 'application/x-shockwave-flash', strength: 60, pattern: /^[FCZ]WS/ },
  { mime: 'application/x-java-applet', strength: 60, pattern: /^\xca\xfe\xba\xbe/ },
  { mime: 'application/ocsp-response', strength: 71,
    pattern: /^[^]{11,19}\x06\x09\x2b\x06\x01\x05\x05\x07\x30\x01\x01/ },
  { mime: 'application/x-x509-ca-cert', strength: 50, pattern: /^-----BEGIN CERTIFICATE-----/ },
  { mime: 'application/javascript', strength: 40,
    pattern: /^[\t\n\v\f\r ]*(?:"use strict"|function[ (]|var )/ },
  { mime: 'text/css', strength: 30, pattern: /^[\t\n\v\f\r ]*@(?:charset|import|media)[ "]/ },
  { mime: 'application/vnd.tcpdump.pcap', strength: 70,
    pattern: /^(?:\xa1\xb2\xc3\xd4|\xd4\xc3\xb2\xa1)/ },
  { mime: 'application/vnd.tcpdump.pcap', strength: 100,
    pattern: /^\x0a\x0d\x0d\x0a.{4}(?:\x1a\x2b\x3c\x4d|\x4d\x3c\x2b\x1a)/s },
  { mime: 'audio/mpeg', strength: 70, pattern: /^ID3/ },
  { mime: 'video/mp4', strength: 70, pattern: /^.{4}ftyp(?:isom|mp4[12]|avc1|M4V )/s },
];

/** The MIME type of data starting with `head`, or undefined if no signature matches. */
export function sniffMimeType(head: Uint8Array): string | undefined {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  let best: MimeSignature | undefined;
  for (const sig of MIME_SIGNATURES) {
    if (best !== undefined && sig.strength <= best.strength) continue;
    if (sig.pattern.test(text)) best = sig;
  }
  return best?.mime;
}
