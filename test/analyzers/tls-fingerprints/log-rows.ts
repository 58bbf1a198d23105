/** Rows of a Zeek TSV log as objects keyed by the `#fields` names. */
export function logRows(text: string): Record<string, string>[] {
  const lines = text.split('\n');
  const fields = lines.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
  return lines.filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => Object.fromEntries(l.split('\t').map((v, i) => [fields[i], v])));
}
