/**
 * Commands sent but not yet answered, and how a reply is matched to one of them when a client
 * pipelines commands: the command whose expected reply codes include the reply's (RFC 959
 * section 5.4 lists them) scores highest, then one named in the reply text, then one whose
 * argument appears in it; ties go to the oldest. This is Zeek's utils-commands.zeek.
 */

/** One command and its argument (Zeek's `FTP::CmdArg`). */
export interface CmdArg {
  /** Network time the command was seen; unset for the placeholder of an unmatched reply. */
  readonly ts: number | undefined;
  readonly cmd: string;
  readonly arg: string;
  /** Order of the command in the session. */
  readonly seq: number;
  /** Whether this command already updated the working directory. */
  cwdConsumed: boolean;
}

/** Reply codes each command may get: RFC 959 and the extensions Zeek lists. */
const REPLY_CODES: Readonly<Record<string, readonly number[]>> = {
  '<init>': [120, 220, 421, 0],
  '<missing>': [0],
  USER: [230, 331, 332, 421, 530, 500, 501],
  PASS: [230, 202, 332, 421, 530, 500, 501, 503],
  ACCT: [230, 202, 421, 530, 500, 501, 503],
  CWD: [250, 421, 500, 501, 502, 530, 550],
  CDUP: [200, 250, 421, 500, 501, 502, 530, 550],
  SMNT: [202, 250, 421, 500, 501, 502, 530, 550],
  REIN: [120, 220, 421, 500, 502],
  QUIT: [221, 500, 0],
  PORT: [200, 421, 500, 501, 530],
  PASV: [227, 421, 500, 501, 502, 530],
  MODE: [200, 421, 500, 501, 502, 504, 530],
  TYPE: [200, 421, 500, 501, 504, 530],
  STRU: [200, 421, 500, 501, 504, 530],
  ALLO: [200, 202, 421, 500, 501, 504, 530],
  REST: [200, 350, 421, 500, 501, 502, 530],
  STOR: [110, 125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501,
    530, 550],
  STOU: [110, 125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 452, 553, 500, 501,
    530, 550],
  RETR: [110, 125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 530, 550],
  LIST: [125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 502, 530, 550],
  NLST: [125, 150, 226, 250, 421, 425, 426, 451, 450, 500, 501, 502, 530, 550],
  APPE: [125, 150, 226, 250, 421, 425, 426, 451, 551, 552, 532, 450, 550, 452, 553, 500, 501,
    502, 530],
  RNFR: [350, 421, 450, 550, 500, 501, 502, 530],
  RNTO: [250, 421, 532, 553, 500, 501, 502, 503, 530],
  DELE: [250, 421, 450, 550, 500, 501, 502, 530],
  RMD: [250, 421, 500, 501, 502, 530, 550],
  MKD: [257, 421, 500, 501, 502, 530, 550],
  PWD: [257, 421, 500, 501, 502, 550],
  ABOR: [225, 226, 421, 500, 501, 502],
  SYST: [215, 421, 500, 501, 502, 530],
  STAT: [211, 212, 213, 421, 450, 500, 501, 502, 530],
  HELP: [200, 211, 214, 421, 500, 501, 502],
  SITE: [200, 202, 214, 500, 501, 502, 530],
  NOOP: [200, 421, 500],
  LPRT: [500, 501, 521],
  FEAT: [211, 500, 502],
  OPTS: [200, 451, 501],
  EPSV: [229, 500, 501],
  EPRT: [200, 500, 501, 522],
  SIZE: [213, 500, 501, 550],
  MDTM: [213, 500, 501, 550],
  MLST: [150, 226, 250, 500, 501, 550],
  MLSD: [150, 226, 250, 500, 501, 550],
  CLNT: [200, 500],
  MACB: [200, 500, 550],
};

/** The reply that fits any command (a syntax error). */
const SYNTAX_ERROR = 500;
const SCORE_CODE = 100;
const SCORE_COMMAND_NAMED = 20;
const SCORE_ARG_NAMED = 10;

/** Whether `code` is an expected reply to `cmd`. */
export function expectsReply(cmd: string, code: number): boolean {
  return REPLY_CODES[cmd]?.includes(code) ?? false;
}

/** Commands awaiting replies, by sequence number (kept in the order they were sent). */
export class PendingCommands {
  private readonly bySeq = new Map<number, CmdArg>();

  get size(): number {
    return this.bySeq.size;
  }

  add(seq: number, cmd: string, arg: string, ts: number): void {
    this.bySeq.set(seq, { ts, cmd, arg, seq, cwdConsumed: false });
  }

  /** Removes `ca`; false if it was no longer pending. */
  remove(ca: CmdArg): boolean {
    return this.bySeq.delete(ca.seq);
  }

  values(): IterableIterator<CmdArg> {
    return this.bySeq.values();
  }

  /** The pending command that best fits a reply, or a placeholder when none is pending. */
  bestMatch(code: number, msg: string): CmdArg {
    let best: CmdArg | undefined;
    let bestScore = -1;
    for (const ca of this.bySeq.values()) {
      const score = matchScore(ca, code, msg);
      if (score > bestScore || (score === bestScore && best !== undefined && best.seq > ca.seq)) {
        best = ca;
        bestScore = score;
      }
    }
    return best ?? { ts: undefined, cmd: '<unknown>', arg: '', seq: 0, cwdConsumed: false };
  }
}

function matchScore(ca: CmdArg, code: number, msg: string): number {
  let score = 0;
  if (code === SYNTAX_ERROR || expectsReply(ca.cmd, code)) score += SCORE_CODE;
  if (mentions(msg, ca.cmd)) score += SCORE_COMMAND_NAMED;
  if (mentions(msg, ca.arg)) score += SCORE_ARG_NAMED;
  return score;
}

/** Zeek's `strstr(big, little) > 0`: found anywhere (the empty string always is). */
function mentions(big: string, little: string): boolean {
  return big.includes(little);
}
