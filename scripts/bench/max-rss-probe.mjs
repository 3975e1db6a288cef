// Preloaded with `node --import` when /usr/bin/time is missing: reports the process's peak
// resident set size (KiB) and CPU seconds (user, system), like `/usr/bin/time -f '%M %U %S'`,
// to the file the benchmark names.
import { writeFileSync } from 'node:fs';

const file = process.env.PGDRIFT_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`);
  });
}
