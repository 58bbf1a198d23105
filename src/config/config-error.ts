/** A configuration problem, with the file, key and line it concerns in the message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
