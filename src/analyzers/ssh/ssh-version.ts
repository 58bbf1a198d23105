/**
 * The SSH protocol version from the identification strings (RFC 4253 section 5): `SSH-2.0`
 * speaks 2, `SSH-1.x` speaks 1, and `SSH-1.99` speaks either. The analyzer uses the agreed
 * version to frame binary packets; ssh.log's `version` column is derived again from the two
 * strings, with the weirds Zeek raises when they cannot agree.
 */

/** What one identification string announces. */
export type AnnouncedVersion = 1 | 2 | 199 | undefined;

/** The version an identification string announces, from its protoversion characters. */
export function announcedVersion(id: string): AnnouncedVersion {
  if (id.length < 5) return undefined;
  if (id[4] === '2') return 2;
  if (id[4] !== '1') return undefined;
  return id.length >= 8 && id[6] === '9' && id[7] === '9' ? 199 : 1;
}

/** The version binary packets are framed with; undefined while unknown or incompatible. */
export function framingVersion(
  client: AnnouncedVersion,
  server: AnnouncedVersion,
): 1 | 2 | undefined {
  if (client === server) return client === 199 ? 2 : client;
  if (client === 199 && server === 2) return 2;
  if (client === 2 && server === 199) return 2;
  if (client === 1 && server === 199) return 1;
  if (client === 199 && server === 1) return 1;
  return undefined;
}

/** ssh.log's `version` for two identification strings, or the weird that explains its lack. */
export type LoggedVersion =
  | { readonly version: 1 | 2 | undefined }
  | { readonly weird: 'SSH_version_mismatch' | 'SSH_cannot_determine_version' };

/** Zeek's script-level rule; `version` stays unset while either string is missing. */
export function loggedVersion(
  client: string | undefined,
  server: string | undefined,
): LoggedVersion {
  if (!client || !server) return { version: undefined };
  if (client.length <= 4 || server.length <= 4) return { weird: 'SSH_cannot_determine_version' };

  const is199 = (s: string) => s.length > 7 && s[6] === '9' && s[7] === '9';
  const c = client[4];
  const s = server[4];
  if (c === '1' && s === '2') {
    return is199(client) ? { version: 2 } : { weird: 'SSH_version_mismatch' };
  }
  if (c === '2' && s === '1') {
    return is199(server) ? { version: 2 } : { weird: 'SSH_version_mismatch' };
  }
  if (c === '1' && s === '1') return { version: is199(server) && is199(client) ? 2 : 1 };
  if (c === '2' && s === '2') return { version: 2 };
  return { version: undefined };
}
