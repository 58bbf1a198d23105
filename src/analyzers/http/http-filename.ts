/**
 * The filename of a Content-Disposition (or Content-Type `name=`) value, as Zeek's
 * extract_filename_from_content_disposition finds it: the text after the last `name=`
 * (`filename*=` included), unquoted, without an RFC 5987 charset'lang' prefix, %-decoded.
 */
import { unescapeUri } from './http-uri.js';

export function filenameFromDisposition(value: Uint8Array): Uint8Array {
  let text = Buffer.from(value).toString('latin1').replace(/^.*name[ \t]*\*?=[ \t]*/is, '');
  if (text.startsWith('"')) text = text.slice(1).split('"')[0];
  if (/^[a-zA-Z0-9!#$%&+\-^_`{}~]+'[a-zA-Z0-9!#$%&+\-^_`{}~]*'/.test(text)) {
    text = text.replace(/^.+'.*'/s, '');
  }
  return unescapeUri(Buffer.from(text, 'latin1'), () => undefined);
}
