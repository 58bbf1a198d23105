/**
 * Commands a client may send (RFC 2812 section 3, and common extensions such as KNOCK,
 * SILENCE and STARTTLS): seeing one from the originator confirms the connection is IRC.
 */
const CLIENT_COMMANDS: ReadonlySet<string> = new Set([
  'ADMIN', 'AWAY', 'CNOTICE', 'CPRIVMSG', 'CONNECT', 'DIE', 'ENCAP', 'ERROR', 'INFO', 'INVITE',
  'ISON', 'JOIN', 'KICK', 'KILL', 'KNOCK', 'LINKS', 'LIST', 'LUSERS', 'MODE', 'MOTD', 'NAMES',
  'NICK', 'NOTICE', 'OPER', 'PART', 'PASS', 'PING', 'PONG', 'PRIVMSG', 'QUIT', 'REHASH', 'RULES',
  'SERVER', 'SERVICE', 'SERVLIST', 'SETNAME', 'SILENCE', 'SQUERY', 'SQUIT', 'STATS', 'SUMMON',
  'TIME', 'TOPIC', 'TRACE', 'USER', 'USERHOST', 'USERS', 'VERSION', 'WALLOPS', 'WHO', 'WHOIS',
  'WHOWAS', 'STARTTLS',
]);

export function isValidClientCommand(command: string): boolean {
  return CLIENT_COMMANDS.has(command);
}
