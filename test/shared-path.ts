import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `test/`). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The shared data folder: `WIRELOG_SHARED` if set, else `../shared` beside the repository, as
 * CI lays it out.
 */
export const sharedDir = process.env.WIRELOG_SHARED ?? path.resolve(repoRoot, '../shared');
