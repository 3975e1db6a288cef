// The benchmark's one output: a compact table on stdout, pgdrift next to pg_dump.
import { median } from './measure.mjs';

const GOALS = { snapshotRatio: 0.7, checkPerSnapshot: 1.2, peakMb: 400, startupMs: 100, sqlPeakMb: { 150: 200, 2000: 400 } };

const n = (x) => Math.round(x).toLocaleString('en-US');
const pad = (s, w) => String(s).padEnd(w);
const lpad = (s, w) => String(s).padStart(w);
const mark = (ok) => (ok ? '✓' : '✗');

/**
 * Renders the results as lines of text.
 *
 * @param {object} r everything bench.mjs measured: versions, counts, per-run timings, peaks
 * @returns {{ text: string, goals: { name: string, ok: boolean }[] }}
 * @example process.stdout.write(printResults(results).text);
 */
export function printResults(r) {
  const lines = [];
  const c = r.counts;
  lines.push(`pgdrift bench · PostgreSQL ${r.serverVersion} · pg_dump ${r.pgDumpVersion} · seed ${r.seed} · ${r.runs} run${r.runs === 1 ? '' : 's'} (median)`);
  lines.push(
    `schema: ${n(c.tables)} tables · ${n(c.columns)} columns · ${n(c.indexes)} indexes · ${n(c.views)} views · ` +
      `${n(c.constraints)} constraints · ${n(c.triggers)} triggers  (loaded in ${(r.loadMs / 1000).toFixed(1)} s)`,
  );
  // Timings on a shared machine mean little without how busy it was.
  lines.push(`host: ${r.cpus} CPUs, 1-min load average ${r.load[0].toFixed(1)} at start, ${r.load[1].toFixed(1)} at end`);
  lines.push('');
  lines.push(`${pad('', 44)}${lpad('median ms', 10)}   runs (ms)`);
  const row = (label, ms, note = '') =>
    lines.push(`${pad(label, 44)}${lpad(n(median(ms)), 10)}   ${ms.map(n).join(' · ')}${note ? `   ${note}` : ''}`);
  row('pg_dump --schema-only', r.ms.pgDump);
  row('pgdrift snapshot (library, in-process)', r.ms.libSnapshot);
  row('pgdrift snapshot (CLI, with start-up)', r.ms.cliSnapshot, `snapshot file ${(r.snapshotBytes / 1e6).toFixed(1)} MB`);
  row('pgdrift check() of snapshots A, B (library)', r.ms.libCompare);
  row('pgdrift check B against A (CLI)', r.ms.cliCheck, `${r.changeCount} changes ${mark(r.changesOk)}`);
  lines.push('');
  const peakCheck = Math.max(...r.rssKb.cliCheck) / 1024;
  const peakSnapshot = Math.max(...r.rssKb.cliSnapshot) / 1024;
  lines.push(`peak RSS (max of runs): check ${n(peakCheck)} MB · snapshot ${n(peakSnapshot)} MB  (${r.rssSource})`);
  const cliRatio = median(r.ms.cliSnapshot) / median(r.ms.pgDump);
  const libRatio = median(r.ms.libSnapshot) / median(r.ms.pgDump);
  lines.push(`snapshot / pg_dump: CLI ${cliRatio.toFixed(2)}× · library ${libRatio.toFixed(2)}×`);
  // Where the time goes: the client process and the server sessions it used (on a machine with
  // few cores, their sum over the number of cores bounds the wall time from below).
  const cpu = (key) => {
    const client = r.cpuMs[key].filter(Number.isFinite);
    const server = r.serverCpuMs[key].filter(Number.isFinite);
    return `${client.length ? n(median(client)) : '?'} + ${server.length ? n(median(server)) : '?'}`;
  };
  lines.push(
    `CPU ms, client process + server sessions (median): pg_dump ${cpu('pgDump')} · snapshot ${cpu('cliSnapshot')} · check ${cpu('cliCheck')}` +
      (r.serverCpuMs.pgDump.length ? '' : '  (server CPU needs the server on this machine)'),
  );
  const checkRatio = median(r.ms.cliCheck) / median(r.ms.cliSnapshot);
  lines.push(`two-database check / one snapshot (CLI): ${checkRatio.toFixed(2)}×`);
  lines.push('');
  lines.push(`start-up, no database (median ms; bare node -e '' ${n(r.startup.node)} ms)`);
  for (const s of r.startup.commands) lines.push(`  ${pad(`pgdrift ${s.label}`, 42)}${lpad(n(s.ms), 6)}   node + ${n(s.ms - r.startup.node)} ms · ${(s.ms / r.startup.node).toFixed(2)}× node`);
  lines.push('');
  lines.push('check --expected schema.sql (embedded PGlite shadow), one run each');
  for (const s of r.sqlShadow) {
    lines.push(`  ${pad(`${n(s.tables)} tables`, 42)}${lpad(n(s.ms), 6)} ms   peak ${n(s.maxRssKb / 1024)} MB · ${(s.maxRssKb / 1024 / peakCheck).toFixed(2)}× the two-server check`);
  }
  lines.push('');
  // Like for like: pg_dump and the CLI are both whole processes that connect, read and write a file.
  const goals = [
    { name: `snapshot ≤ ${GOALS.snapshotRatio}× pg_dump`, ok: cliRatio <= GOALS.snapshotRatio, detail: `${cliRatio.toFixed(2)}× (CLI; library ${libRatio.toFixed(2)}×)` },
    {
      name: `check ≤ ${GOALS.checkPerSnapshot}× snapshot`,
      ok: checkRatio <= GOALS.checkPerSnapshot,
      detail: `${checkRatio.toFixed(2)}× (${n(median(r.ms.cliCheck))} ms, two ${n(c.tables)}-table databases, CLI)`,
    },
    { name: `peak < ${GOALS.peakMb} MB`, ok: peakCheck < GOALS.peakMb, detail: `${n(peakCheck)} MB (CLI check of two servers)` },
    ...r.startup.commands
      .filter((s) => s.label.startsWith('--'))
      .map((s) => ({ name: `${s.label} ≤ node + ${GOALS.startupMs} ms`, ok: s.ms - r.startup.node <= GOALS.startupMs, detail: `node + ${n(s.ms - r.startup.node)} ms` })),
    ...r.sqlShadow
      .filter((s) => GOALS.sqlPeakMb[s.tables] !== undefined)
      .map((s) => ({ name: `.sql check ${n(s.tables)} < ${GOALS.sqlPeakMb[s.tables]} MB`, ok: s.maxRssKb / 1024 < GOALS.sqlPeakMb[s.tables], detail: `${n(s.maxRssKb / 1024)} MB` })),
  ];
  lines.push('goals');
  for (const g of goals) lines.push(`  ${mark(g.ok)} ${pad(g.name, 26)}${g.detail}`);
  if (r.catalogQueries?.length) {
    lines.push('');
    lines.push(`catalog queries on A (best of ${r.runs}, one session, search_path '', JIT off, no schema filter)`);
    for (const q of r.catalogQueries) lines.push(`  ${pad(q.file, 36)}${lpad(n(Math.min(...q.ms)), 7)} ms  ${lpad(n(q.rows), 8)} rows`);
  }
  return { text: `${lines.join('\n')}\n`, goals };
}
