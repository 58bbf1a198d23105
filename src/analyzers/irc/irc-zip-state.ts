/**
 * Watches a server-to-server link's registration (RFC 2813 section 4.1): each side's PASS may
 * offer compression (a `Z` in its flags) and its SERVER command registers it. Once both sides
 * registered and offered it, the rest of the link is compressed.
 */
import { splitWords } from './irc-text.js';

/** PASS's flags word: `PASS password version flags options`. */
const FLAGS_WORD = 3;

class SideState {
  registered = false;
  acceptsZip = false;
}

export class IrcZipState {
  private readonly sides = [new SideState(), new SideState()];

  /** A command from one side, while that side is still registering. */
  observe(isOrig: boolean, command: string, prefix: string, params: string): void {
    const side = this.sides[isOrig ? 0 : 1];
    if (side.registered) return;
    if (command === 'PASS') {
      const flags = splitWords(params, ' ')[FLAGS_WORD];
      side.acceptsZip = flags !== undefined && /[Zz]/.test(flags);
    }
    if (command === 'SERVER' && prefix === '') side.registered = true;
  }

  bothAccepted(): boolean {
    return this.sides.every((s) => s.registered && s.acceptsZip);
  }
}
