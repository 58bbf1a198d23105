/**
 * Content detection of IRC clients, after Zeek's irc_client signatures: a client's first
 * bytes hold a USER line and a NICK line, in either order. Zeek also requires the server to
 * answer with a numeric reply; only the client side is checked here, and the analyzer still
 * confirms only on a valid client command.
 */
const USER_THEN_NICK = /(^|[\r\n]) *USER +[^\r\n]+[\r\n]+ *NICK +[^\r\n]*[\r\n]/i;
const NICK_THEN_USER = /(^|[\r\n]) *NICK +[^\r\n]+[\r\n]+ *USER +[^\r\n]+[\r\n]/i;
/** Bytes of the first payload looked at (Zeek's DPD buffer). */
const DETECT_BYTES = 1024;

export function looksLikeIrcClient(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, DETECT_BYTES));
  const text = head.toString('latin1');
  return USER_THEN_NICK.test(text) || NICK_THEN_USER.test(text);
}
