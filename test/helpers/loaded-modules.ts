import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './cli.js';

/**
 * The modules the built CLI loads for `args`, as file URLs, and its exit status: a resolve hook
 * logs each one. Start-up cost is mostly module loading, so tests name what must stay unloaded.
 *
 * @example loadedModules(['--version']).modules.some((m) => m.includes('/dist/report/')) // false
 */
export function loadedModules(args: readonly string[], cwd = repoRoot): { readonly status: number | null; readonly modules: readonly string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-modules-'));
  try {
    const loader = join(dir, 'log-modules.mjs');
    const log = join(dir, 'modules.log');
    // Hooks run on a thread of their own (Node 20): written to stderr, the last lines could be
    // lost when the CLI exits first (`heads --help` once showed no command loaded). A synchronous
    // append is done before the module it names can load.
    writeFileSync(log, '');
    writeFileSync(
      loader,
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`,
    );
    const r = spawnSync(process.execPath, ['--no-warnings', '--loader', pathToFileURL(loader).href, join(repoRoot, 'dist/cli/main.js'), ...args], { encoding: 'utf8', cwd });
    return { status: r.status, modules: readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
