import { InputError } from '../errors.js';
import type { ApplyOptions } from '../migrations/history.js';
import { flywayMixed } from './flyway-settings.js';

/**
 * Settings of the migration tool, outside the migration files, that change how it sends their
 * statements: lint must apply a file the way the tool configured so would.
 */
export interface ToolSettings {
  /**
   * golang-migrate's `x-multi-statement=true` on the database URL, with its
   * `x-multi-statement-max-size` in bytes (0: golang-migrate's default); absent when off.
   */
  readonly golangMigrateMultiStatement?: { readonly maxSize: number };
  /** Flyway's `mixed`: a migration mixing transactional and non-transactional statements runs without a transaction. */
  readonly flywayMixed?: boolean;
}

/** What lint's drivers take: where the shadow is, and how the tool is set up. */
export interface LintRunOptions extends ApplyOptions {
  readonly tool?: ToolSettings;
}

/** The tool settings as lint's caller gives them (flags, config file, environment). */
export interface ToolSettingOptions {
  /** `--golang-migrate-multi-statement`: migrate's database URL has `x-multi-statement=true`. */
  readonly golangMigrateMultiStatement?: boolean;
  /** `--golang-migrate-multi-statement-max-size`: its `x-multi-statement-max-size`, bytes. */
  readonly golangMigrateMultiStatementMaxSize?: number;
  /** `--flyway-mixed` / `--no-flyway-mixed`. */
  readonly flywayMixed?: boolean;
  /** `--flyway-config`: Flyway's config files, instead of those found near the migrations. */
  readonly flywayConfig?: readonly string[];
  /** FLYWAY_MIXED in the environment lint runs in. */
  readonly flywayMixedEnv?: string;
}

/**
 * The settings that apply to a history of `tool` in `dir`. A setting of another tool is refused:
 * it would be ignored, and the lint that looks green would not be of the migrations as run.
 *
 * @throws InputError (exit 2) naming the flag, or the Flyway config file and line, of a bad value.
 */
export function resolveToolSettings(tool: string, dir: string, given: ToolSettingOptions): ToolSettings {
  const golang = given.golangMigrateMultiStatement === true || given.golangMigrateMultiStatementMaxSize !== undefined;
  const flyway = given.flywayMixed !== undefined || given.flywayConfig !== undefined;
  if (golang && tool !== 'golang-migrate') throw new InputError(`--golang-migrate-multi-statement is a golang-migrate setting, and ${dir} holds ${tool} migrations`);
  if (flyway && tool !== 'flyway') throw new InputError(`--${given.flywayMixed !== undefined ? 'flyway-mixed' : 'flyway-config'} is a Flyway setting, and ${dir} holds ${tool} migrations`);
  const size = given.golangMigrateMultiStatementMaxSize;
  if (size !== undefined && !Number.isSafeInteger(size)) throw new InputError(`--golang-migrate-multi-statement-max-size must be a whole number of bytes, found ${String(size)}`);
  if (size !== undefined && given.golangMigrateMultiStatement !== true) {
    throw new InputError('--golang-migrate-multi-statement-max-size applies only with --golang-migrate-multi-statement (golang-migrate ignores x-multi-statement-max-size without x-multi-statement=true)');
  }
  if (tool === 'golang-migrate' && given.golangMigrateMultiStatement === true) return { golangMigrateMultiStatement: { maxSize: size ?? 0 } };
  if (tool === 'flyway') {
    return {
      flywayMixed: flywayMixed({
        dir,
        ...(given.flywayMixed !== undefined ? { flag: given.flywayMixed } : {}),
        ...(given.flywayConfig !== undefined ? { configFiles: given.flywayConfig } : {}),
        ...(given.flywayMixedEnv !== undefined ? { env: given.flywayMixedEnv } : {}),
      }).value,
    };
  }
  return {};
}
