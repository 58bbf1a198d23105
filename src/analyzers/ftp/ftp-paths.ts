/**
 * Paths and URLs of FTP file commands, built as Zeek's scripts build them: the session's
 * working directory joined with the argument and normalized, so ftp.log's `arg` names the
 * file as `ftp://host/path` (base/utils/paths.zeek, Zeek's normalize_path).
 */

const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/])/;
/** A path inside a reply such as `257 "/pub" is the current directory`. */
const PATH_IN_TEXT = /(\/|[A-Za-z]:[\\/])(\\ |[^" ])*/;

/** `dir` joined with `file`, unless `file` is absolute or `dir` empty. */
export function buildPath(dir: string, file: string): string {
  if (ABSOLUTE_PATH.test(file) || dir === '') return file;
  return dir.endsWith('/') ? dir + file : `${dir}/${file}`;
}

/** Removes `//`, `/./` and `x/..` from a path, as Zeek's compress_path does. */
export function compressPath(path: string): string {
  if (!path.includes('/.') && !path.includes('//')) {
    return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  }

  const kept: string[] = [];
  const parts = path.split('/');
  parts.forEach((part, i) => {
    if (part === '' || (part === '.' && i !== 0)) return;
    kept.push(part);
    if (part === '..') dropParent(kept);
  });
  let out = (path.startsWith('/') ? '/' : '') + kept.map((p) => p + '/').join('');
  if (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

/** `..` was just pushed: it cancels the component before it, if that is a real name. */
function dropParent(kept: string[]): void {
  if (kept.length < 2) return;
  const last = kept[kept.length - 2];
  if (last === '/' || last === '~' || last === '..') return;
  if (last === '.') {
    kept[kept.length - 2] = '..';
    kept.pop();
    return;
  }
  kept.splice(kept.length - 2, 2);
}

export function buildPathCompressed(dir: string, file: string): string {
  return compressPath(buildPath(dir, file));
}

/** The first path in a reply text, or the empty string. */
export function extractPath(text: string): string {
  return PATH_IN_TEXT.exec(text)?.[0] ?? '';
}

/** `ftp://host/path` of a file argument relative to `cwd` (IPv6 hosts in brackets). */
export function ftpUrl(respH: string, cwd: string, arg: string): string {
  let path = buildPathCompressed(cwd, arg);
  if (!path.startsWith('/')) path = '/' + path;
  const host = respH.includes(':') ? `[${respH}]` : respH;
  return `ftp://${host}${path}`;
}
