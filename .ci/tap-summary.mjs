// Reads a TAP stream on stdin, passes it through, and ends with "N passed, N failed" counted
// over leaf test points (a point preceded by its own subtest plan is a parent, not counted).
import { createInterface } from 'node:readline';

let passed = 0;
let failed = 0;
let skipped = 0;
let previous = '';
const point = /^(\s*)(not ok|ok)\b(.*)$/;
const plan = /^(\s*)1\.\.\d+/;

for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(line + '\n');
  const m = point.exec(line);
  if (m !== null) {
    const prevPlan = plan.exec(previous);
    const isParent = prevPlan !== null && prevPlan[1].length > m[1].length;
    if (!isParent) {
      if (/#\s*(SKIP|TODO)/i.test(m[3])) skipped++;
      else if (m[2] === 'ok') passed++;
      else failed++;
    }
  }
  if (line.trim() !== '') previous = line;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
