import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { CAPTURE_SCRIPT } from './bench-options.js';
import type { BenchOptions } from './bench-options.js';

/** Why the bench capture could not be had; the message says what to do. */
export class CaptureUnavailableError extends Error {
  override readonly name = 'CaptureUnavailableError';
}

/**
 * Makes sure the bench capture exists: an existing file is reused as it is (making one
 * takes minutes and root); otherwise the capture script records one, which needs root
 * because it creates network namespaces and runs tcpdump and sshd inside them.
 */
export function ensureBenchCapture(options: BenchOptions, isRoot: boolean): void {
  if (existsSync(options.capture)) return;

  const script = join(options.repoRoot, CAPTURE_SCRIPT);
  const command = `sudo ${CAPTURE_SCRIPT} ${options.capture} ${options.targetPackets}`;
  if (!isRoot) {
    throw new CaptureUnavailableError(
      `bench capture ${options.capture} is missing, and making it needs root ` +
        `(network namespaces, tcpdump). Run: ${command}  (or run the bench as root)`,
    );
  }

  mkdirSync(dirname(options.capture), { recursive: true });
  const child = spawnSync('bash', [script, options.capture, String(options.targetPackets)], {
    cwd: options.repoRoot,
    stdio: 'inherit',
  });
  if (child.status !== 0 || !existsSync(options.capture)) {
    throw new CaptureUnavailableError(`${CAPTURE_SCRIPT} failed (status ${child.status})`);
  }
}
