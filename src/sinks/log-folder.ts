/**
 * Creates the folder the logs go to. Each missing level is created on its own, and the first
 * failure ends the attempt: `mkdirSync(dir, { recursive: true })` retries forever on file
 * systems such as /proc, where creating a folder fails with ENOENT although its parent exists.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { OutputError, systemReason } from './output-error.js';

type Existing = 'folder' | 'other' | 'missing';

/** Creates `dir` and the folders missing above it; throws OutputError naming `dir` if it can't. */
export function createLogFolder(dir: string): void {
  const full = resolve(dir);
  const fail = (level: string, problem: string, cause?: unknown): OutputError => {
    const where = level === full ? '' : `${level}: `;
    return new OutputError(dir, `cannot create log folder ${dir}: ${where}${problem}`, { cause });
  };

  const missing: string[] = [];
  for (let level = full; ; level = dirname(level)) {
    let existing: Existing;
    try {
      existing = existingAs(level);
    } catch (err) {
      throw fail(level, systemReason(err), err);
    }
    if (existing === 'folder') break;
    if (existing === 'other') throw fail(level, 'exists and is not a folder');
    missing.push(level);
    if (dirname(level) === level) break;
  }

  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (err) {
      // Another process may have created it meanwhile; that is as good.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(level)) continue;
      throw fail(level, systemReason(err), err);
    }
  }
}

/** What is at `path`; a path through a file (ENOTDIR) counts as missing, so its parent tells. */
function existingAs(path: string): Existing {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw err;
  }
}

function isFolder(path: string): boolean {
  try {
    return existingAs(path) === 'folder';
  } catch {
    return false;
  }
}
