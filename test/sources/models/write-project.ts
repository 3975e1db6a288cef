import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a throwaway Python project (path → source) and returns its folder. */
export function writeProject(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'pgdrift-models-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const HEADER = [
  'from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, Enum, ForeignKey, Index, Integer, Numeric, String, Table, Text, UniqueConstraint, func',
  'from sqlalchemy.orm import Mapped, column_property, deferred, mapped_column, relationship, validates',
  'from app.db import Base',
  '',
].join('\n');

/** A models package on a declarative base, with `body` as app/models.py. */
export function modelsProject(body: string, extra: Readonly<Record<string, string>> = {}): string {
  return writeProject({
    'app/__init__.py': '',
    'app/db.py': 'from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n',
    'app/models.py': `${HEADER}\n${body}`,
    ...extra,
  });
}
