/**
 * Which key exchange both sides agreed on (RFC 4253 section 7.1: the client's first algorithm
 * the server also offers), and how its messages 30 and up are to be read. The method decides
 * where the server's host key travels, which the analyzer needs for the fingerprint.
 */

/** Parse state of one direction of an SSH connection. */
export type SshState =
  | 'version_exchange'
  | 'kex_init'
  | 'kex_dh_gex'
  | 'kex_dh'
  | 'kex_ecc'
  | 'kex_gss'
  | 'kex_rsa'
  | 'encrypted';

export type KexState = Extract<SshState, `kex_${string}`>;

/** Exact names, then name prefixes, of the methods whose messages are understood. */
const EXACT: ReadonlyArray<readonly [string, KexState]> = [
  ['rsa1024-sha1', 'kex_rsa'],
  ['rsa2048-sha256', 'kex_rsa'],
  ['diffie-hellman-group1-sha1', 'kex_dh'],
  ['diffie-hellman-group14-sha1', 'kex_dh'],
  ['diffie-hellman-group14-sha256', 'kex_dh'],
  ['diffie-hellman-group16-sha512', 'kex_dh'],
  ['diffie-hellman-group18-sha512', 'kex_dh'],
  ['diffie-hellman-group-exchange-sha1', 'kex_dh_gex'],
  ['diffie-hellman-group-exchange-sha256', 'kex_dh_gex'],
  ['ecmqv-sha2', 'kex_ecc'],
];

const PREFIXES: ReadonlyArray<readonly [string, KexState]> = [
  ['gss-', 'kex_gss'],
  ['ecdh-sha2-', 'kex_ecc'],
  ['curve25519-sha256', 'kex_ecc'],
  ['sntrup761x25519-sha512', 'kex_ecc'],
  ['mlkem', 'kex_ecc'],
];

export interface KexChoice {
  readonly algorithm: string;
  /** Undefined for a method whose messages are not understood. */
  readonly state: KexState | undefined;
}

/**
 * The agreed method from the raw kex name-lists, each cut to `maxNames` (0: all); undefined
 * when the lists share no name.
 */
export function chooseKex(client: string, server: string, maxNames: number): KexChoice | undefined {
  const cut = (names: string[]) => (maxNames > 0 ? names.slice(0, maxNames) : names);
  const offered = new Set(cut(server.split(',')));
  const algorithm = cut(client.split(',')).find((name) => offered.has(name));
  if (algorithm === undefined) return undefined;
  return { algorithm, state: kexState(algorithm) };
}

function kexState(algorithm: string): KexState | undefined {
  for (const [name, state] of EXACT) if (algorithm === name) return state;
  for (const [prefix, state] of PREFIXES) if (algorithm.startsWith(prefix)) return state;
  return undefined;
}
