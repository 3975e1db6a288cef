import type { Config } from '../config/load.js';
import type { ReportPolicy } from '../config/rules.js';

/**
 * The config file of this run, once main.ts has read it: commands take their report policy
 * from here (flags travel in argv; rules have no flag).
 */
let active: Config | null = null;

export function setActiveConfig(config: Config | null): void {
  active = config;
}

export function activeConfig(): Config | null {
  return active;
}

/** The config file's `ignore` and `accept`, for `check()`; undefined without a file. */
export function reportPolicy(): ReportPolicy | undefined {
  return active ? { ignore: active.ignore, accept: active.accept } : undefined;
}
