import { InputError } from '../errors.js';

/**
 * A history pgdrift's reader could not follow to the end: the reader's limit, not a fault of
 * the migration. Unlike a migration that fails to apply, it never becomes a finding: every
 * command that needs the history stops with exit 2, and diagnose gives no verdict or remedy.
 */
export class UnreadableHistory extends InputError {}
