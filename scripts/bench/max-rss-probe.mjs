// Preloaded with `node --import` when /usr/bin/time is missing: reports the process's peak
// resident set size (KiB, like `/usr/bin/time -f %M`) to the file the benchmark names.
import { writeFileSync } from 'node:fs';

const file = process.env.PGDRIFT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
