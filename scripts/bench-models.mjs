#!/usr/bin/env node
// npm run bench:models [-- --modules N --runs K]
//
// How fast pgdrift reads SQLAlchemy models without Python: writes a synthetic models package
// (N modules of three declarative classes each on one base, foreign keys between modules,
// indexes, pydantic classes beside them), then times, as the median of K runs in fresh processes,
// `readModels` (parse + interpret + create_all's DDL) and the whole `snapshot --models` CLI
// (with the embedded shadow), next to bare `node -e ''` measured in the same run.
// Requires a build (npm run build).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { modules: { type: 'string', default: '50' }, runs: { type: 'string', default: '5' } } });
const modules = Number(values.modules);
const runs = Number(values.runs);

function writeProject(dir) {
  const pkg = join(dir, 'app');
  mkdirSync(join(pkg, 'models'), { recursive: true });
  writeFileSync(join(pkg, '__init__.py'), '');
  writeFileSync(join(pkg, 'models', '__init__.py'), '');
  writeFileSync(
    join(pkg, 'db.py'),
    'import os\nfrom sqlalchemy import MetaData\nfrom sqlalchemy.orm import declarative_base\n\n' +
      'Base = declarative_base(metadata=MetaData(schema=os.environ.get("APP_SCHEMA")))\n',
  );
  for (let m = 0; m < modules; m++) {
    const classes = [0, 1, 2].map((k) => {
      const t = `t${m}_${k}`;
      const ref = m > 0 ? `    parent_id = Column(Integer, ForeignKey("t${m - 1}_${k}.id", ondelete="CASCADE"), index=True)\n` : '';
      return `class T${m}x${k}(Base):\n    __tablename__ = "${t}"\n    id = Column(Integer, primary_key=True)\n    name = Column(String(80), nullable=False, unique=True)\n${ref}    body = Column(Text)\n    data = Column(JSON, server_default="{}")\n    created_at = Column(BigInteger, nullable=False, index=True)\n    active = Column(Boolean, default=True)\n    __table_args__ = (Index("${t}_name_created", "name", "created_at"),)\n\n\nclass T${m}x${k}Form(BaseModel):\n    id: int\n    name: str\n\n\n`;
    });
    writeFileSync(
      join(pkg, 'models', `m${m}.py`),
      'from pydantic import BaseModel\nfrom sqlalchemy import JSON, BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Text\n\nfrom app.db import Base\n\n\n' + classes.join(''),
    );
  }
  return join(pkg, 'models');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const dir = mkdtempSync(join(tmpdir(), 'pgdrift-bench-models-'));
try {
  const models = writeProject(dir);
  const read = `import(${JSON.stringify(join(ROOT, 'dist', 'sources', 'models', 'read-models.js'))}).then((m) => m.readModels(${JSON.stringify(models)}))`;
  const node = time(['-e', '']);
  const library = time(['-e', read]);
  const cli = time([join(ROOT, 'dist', 'cli', 'main.js'), 'snapshot', '--models', models, '-o', join(dir, 'out.json')]);
  const row = (label, ms) => `${label.padEnd(44)}${ms.toFixed(0).padStart(7)} ms  ${(ms / node).toFixed(1).padStart(5)}× node`;
  process.stdout.write(
    [
      `models: ${modules} modules, ${modules * 3} tables, median of ${runs} runs`,
      row("bare node -e ''", node),
      row('readModels (parse, interpret, create_all DDL)', library),
      row('pgdrift snapshot --models (embedded shadow)', cli),
      `reading alone, beyond node's start: ${(library - node).toFixed(0)} ms`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
