import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    writeFileSync(loader, 'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`module ${r.url}\\n`); return r; }\n');
    const r = spawnSync(process.execPath, ['--no-warnings', '--loader', pathToFileURL(loader).href, join(repoRoot, 'dist/cli/main.js'), ...args], { encoding: 'utf8', cwd });
    return { status: r.status, modules: r.stderr.split('\n').filter((l) => l.startsWith('module ')).map((l) => l.slice('module '.length)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
