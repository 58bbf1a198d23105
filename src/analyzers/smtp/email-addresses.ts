/**
 * Mail addresses found in command arguments and header values, as Zeek's base/utils/email
 * finds them. Matching follows Zeek's `find_all`: at each position the longest match is taken
 * and the scan resumes after it.
 */

/** An address with its delimiters: `<a@b>`, ` a@b,` ... (RFC 5322 addr-spec, loosely). */
const ADDRESS = /(?:[<,:\t ]|)[^<,:\t @]+@[^>,;\t ]+(?:[>,;\t ]|$)/y;
const DELIMITERS = /[<>,:;\t ]/g;

/** An address as a header shows it, display name included: `"Name" <a@b>`. */
const MIME_ADDRESS = /(?:"[^"]*")?[^,]+@[^,]+/y;

/** Every match of the sticky `re` in `s`, leftmost first, not overlapping. */
function findAll(s: string, re: RegExp): string[] {
  // Without an `@` nothing can match; this spares long values a scan from every position.
  if (!s.includes('@')) return [];
  const found: string[] = [];
  for (let t = 0; t < s.length; t++) {
    re.lastIndex = t;
    const m = re.exec(s);
    if (m === null) continue;
    found.push(m[0]);
    t += Math.max(m[0].length, 1) - 1;
  }
  return found;
}

/** The addresses in `s`, in order, delimiters removed (extract_email_addrs_vec). */
export function extractEmailAddresses(s: string): string[] {
  return findAll(s, ADDRESS).map((a) => a.replace(DELIMITERS, ''));
}

/** The first address in `s`, or the empty string (extract_first_email_addr). */
export function firstEmailAddress(s: string): string {
  return extractEmailAddresses(s)[0] ?? '';
}

/** The addresses of a To or Cc header, display names kept, blanks trimmed. */
export function splitMimeEmailAddresses(s: string): string[] {
  return findAll(s, MIME_ADDRESS).map((a) => a.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, ''));
}
