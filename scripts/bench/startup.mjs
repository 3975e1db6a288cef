// Start-up as a user meets it: whole processes that only answer (no database), next to bare Node.
import { join } from 'node:path';
import { median, timed } from './measure.mjs';

/**
 * Times bare `node -e ''` and each command line in `commands`, `runs` times each, interleaved
 * so that a burst of load hits every one alike.
 *
 * @returns {Promise<{ node: number, commands: { label: string, ms: number }[] }>} medians in ms
 * @example await measureStartup(cli, root, 15)
 */
export async function measureStartup(cli, root, runs) {
  const app = join(root, 'fixtures', 'alembic', 'app', 'migrations');
  const commands = [
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['check --help', ['check', '--help']],
    ['heads --migrations (13 revisions)', ['heads', '--migrations', app]],
  ];
  const node = [];
  const each = commands.map(() => []);
  for (let run = 0; run < runs; run++) {
    node.push((await timed(process.execPath, ['-e', ''])).ms);
    for (const [i, [, args]] of commands.entries()) {
      const r = await timed(process.execPath, [cli, ...args]);
      if (r.code !== 0) throw new Error(`pgdrift ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
      each[i].push(r.ms);
    }
  }
  return { node: median(node), commands: commands.map(([label], i) => ({ label, ms: median(each[i]) })) };
}
