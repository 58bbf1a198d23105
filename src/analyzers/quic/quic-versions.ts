/**
 * QUIC versions: which ones the long-header parser understands, how each numbers its packet
 * types, which Initial-packet protection applies, and the names quic.log gives them. The set
 * follows what deployed stacks sent: RFC 9000 (v1), RFC 9369 (v2), IETF drafts 22 to 34 and
 * Facebook's mvfst versions.
 */

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

const DRAFT_22 = 0xff000016;
const DRAFT_28 = 0xff00001c;
const DRAFT_29 = 0xff00001d;
const DRAFT_32 = 0xff000020;
const DRAFT_34 = 0xff000022;
const MVFST_1 = 0xfaceb001;
const MVFST_2 = 0xfaceb002;
const MVFST_LAST = 0xfaceb013;

/** mvfst versions the long-header parser takes (the protection accepts the whole range). */
const MVFST_PARSED = [MVFST_1, MVFST_2, 0xfaceb00e, 0xfaceb011, 0xfaceb012, 0xfaceb013];

export type LongPacketType = 'initial' | 'zero_rtt' | 'handshake' | 'retry';

/** RFC 9000 17.2: the two type bits of a v1 long header. */
const V1_TYPES: readonly LongPacketType[] = ['initial', 'zero_rtt', 'handshake', 'retry'];
/** RFC 9369 3.2: v2 rotated the type numbers against ossification. */
const V2_TYPES: readonly LongPacketType[] = ['retry', 'initial', 'zero_rtt', 'handshake'];

/** The long-header packet type of `typeBits` in `version`; undefined for versions not parsed. */
export function longPacketType(version: number, typeBits: number): LongPacketType | undefined {
  if (version === QUIC_V2) return V2_TYPES[typeBits];
  if (usesV1Layout(version)) return V1_TYPES[typeBits];
  return undefined;
}

function usesV1Layout(version: number): boolean {
  return version === QUIC_V1 || (version >= DRAFT_22 && version <= DRAFT_34) ||
    MVFST_PARSED.includes(version);
}

export type InitialProtection = 'v1' | 'v2';

/** Which key schedule protects this version's Initial packets; undefined when none is known. */
export function initialProtection(version: number): InitialProtection | undefined {
  if (version === QUIC_V1 || (version >= DRAFT_22 && version <= DRAFT_34)) return 'v1';
  if (version >= MVFST_1 && version <= MVFST_LAST) return 'v1';
  if (version === QUIC_V2) return 'v2';
  return undefined;
}

/** Initial salts (RFC 9001 5.2, RFC 9369 3.3.1 and the drafts before them), as hex. */
const SALT_V1 = '38762cf7f55934b34d179ae6a4c80cadccbb7f0a';
const SALT_DRAFT_22 = '7fbcdb0e7c66bbe9193a96cd21519ebd7a02644a';
const SALT_DRAFT_23_28 = 'c3eef712c72ebb5a11a7d2432bb46365bef9f502';
const SALT_DRAFT_29_32 = 'afbfec289993d24c9e9786f19c6111e04390a899';
const SALT_V2 = '0dede3def700a6db819381be6e269dcbf9bd2ed9';

/** The salt Initial secrets of `version` are extracted with. */
export function initialSalt(version: number): string {
  if (version === QUIC_V2) return SALT_V2;
  if (version === DRAFT_22 || version === MVFST_1) return SALT_DRAFT_22;
  if (version > DRAFT_22 && version <= DRAFT_28) return SALT_DRAFT_23_28;
  if (version >= MVFST_2 && version <= MVFST_LAST) return SALT_DRAFT_23_28;
  if (version >= DRAFT_29 && version <= DRAFT_32) return SALT_DRAFT_29_32;
  return SALT_V1;
}

/**
 * quic.log's `version` names, Zeek's `QUIC::version_strings`: that table names 0xff00001f
 * `draft-30`, and quic.log keeps its spelling.
 */
const VERSION_NAMES = new Map<number, string>([
  [QUIC_V1, '1'],
  [QUIC_V2, 'quicv2'],
  ...draftNames(),
  [0xff00001f, 'draft-30'],
  ...MVFST_PARSED.map((v): [number, string] => [v, `mvfst (${v.toString(16)})`]),
]);

function draftNames(): [number, string][] {
  const names: [number, string][] = [];
  for (let v = DRAFT_22; v <= DRAFT_34; v++) names.push([v, `draft-${v - 0xff000000}`]);
  return names;
}

export function versionName(version: number): string {
  return VERSION_NAMES.get(version) ?? `unknown-${version.toString(16)}`;
}
