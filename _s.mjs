import { readFileSync } from 'node:fs';
import { sortSnapshot } from './dist/model/canonical-order.js';
import { serializeSnapshot } from './dist/model/serialize.js';
const s = JSON.parse(readFileSync('/tmp/s.json', 'utf8'));
for (let i = 0; i < 3; i++) {
  let t = performance.now(); const x = sortSnapshot(s); const a = performance.now() - t;
  t = performance.now(); const out = serializeSnapshot(x); const b = performance.now() - t;
  console.log('sort', Math.round(a), 'serialize', Math.round(b), out.length);
}
