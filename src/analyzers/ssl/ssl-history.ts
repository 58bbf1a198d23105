/**
 * The ssl_history letter of each handshake message type (lower case; the client's are written
 * upper case). Other letters: `i` change cipher spec, `l` alert, `b` heartbeat, `^` roles
 * flipped, `j` HelloRetryRequest.
 */

const LETTERS: ReadonlyMap<number, string> = new Map([
  [0, 'h'], // hello_request
  [1, 'c'], // client_hello
  [2, 's'], // server_hello
  [3, 'v'], // hello_verify_request
  [4, 't'], // new_session_ticket
  [5, 'e'], // end_of_early_data
  [6, 'j'], // hello_retry_request (drafts)
  [8, 'o'], // encrypted_extensions
  [11, 'x'], // certificate
  [12, 'k'], // server_key_exchange
  [13, 'r'], // certificate_request
  [14, 'n'], // server_hello_done
  [15, 'y'], // certificate_verify
  [16, 'g'], // client_key_exchange
  [20, 'f'], // finished
  [21, 'w'], // certificate_url
  [22, 'u'], // certificate_status
  [23, 'a'], // supplemental_data
  [24, 'p'], // key_update
  [254, 'm'], // message_hash
]);

/** The letter of a handshake message type; `z` for unassigned types. */
export function handshakeLetter(msgType: number): string {
  return LETTERS.get(msgType) ?? 'z';
}
