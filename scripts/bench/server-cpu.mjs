// CPU time the server spent for a measured command: the postmaster accumulates the CPU time of
// every backend it has reaped (cutime + cstime in /proc/<pid>/stat), so its growth over a run
// is what that run's sessions cost the server — plus any other session that ended meanwhile
// (autovacuum, other clients), which is why the benchmark wants an otherwise idle server.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { withClient } from './server.mjs';

/**
 * A meter for the server behind `url`, or null when that server's processes are not readable
 * here (another machine, another container, no /proc).
 *
 * @returns {Promise<{ read: () => number } | null>} `read()` is the cumulative backend CPU in ms
 * @example
 * const meter = await serverCpuMeter(url);
 * const before = meter.read(); await run(); await settle(); const serverMs = meter.read() - before;
 */
export async function serverCpuMeter(url) {
  // The backend's parent is the postmaster; read it while the backend is alive.
  const postmaster = await withClient(url, async (c) => {
    const pid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    try {
      return isPostgres(pid) ? Number(statFields(pid)[1]) : null;
    } catch {
      return null;
    }
  });
  if (postmaster === null || !isPostgres(postmaster)) return null;
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  // cutime and cstime are fields 16 and 17.
  const read = () => {
    const f = statFields(postmaster);
    return ((Number(f[13]) + Number(f[14])) * 1000) / ticks;
  };
  return { read };
}

/** A pid seen here might belong to another pid namespace (a server in a container). */
function isPostgres(pid) {
  try {
    return /^postgres|^postmaster/.test(readFileSync(`/proc/${pid}/comm`, 'utf8'));
  } catch {
    return false;
  }
}

/** Fields of /proc/<pid>/stat from the state on (index 0 is field 3). */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/**
 * Gives the postmaster time to reap the backends of a run that just ended.
 *
 * @example await settle(); const serverMs = meter.read() - before;
 */
export function settle() {
  return new Promise((resolve) => setTimeout(resolve, 200));
}
