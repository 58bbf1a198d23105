/**
 * What the fingerprints read from one ClientHello or ServerHello, as the SSL analyzer's
 * events hand it over. Lists keep wire order and still hold GREASE values; each fingerprint
 * drops those itself.
 */
export interface HelloFields {
  /** The hello's own version field (legacy_version; TLS 1.3 names itself in an extension). */
  readonly version: number;
  /** The client's cipher suites, or the one the server chose. */
  readonly ciphers: readonly number[];
  /** Extension types in the order sent. */
  readonly extensions: readonly number[];
  /** supported_groups (elliptic_curves), in order. */
  readonly supportedGroups: readonly number[];
  readonly ecPointFormats: readonly number[];
  /** signature_algorithms as 16-bit SignatureScheme values, in order. */
  readonly signatureAlgorithms: readonly number[];
  /** The first ALPN protocol name; undefined without the extension or with an empty list. */
  readonly firstAlpn: Uint8Array | undefined;
  /** supported_versions, in order (the server's one choice for a ServerHello). */
  readonly supportedVersions: readonly number[];
}

/** The carrier of the hello: TLS over TCP, DTLS, or QUIC. */
export type HelloTransport = 'tls' | 'dtls' | 'quic';
