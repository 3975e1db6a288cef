import { InputError } from '../errors.js';

/**
 * The migration tool itself fails on a file that PostgreSQL would accept as written (golang-migrate's
 * multi-statement splitter cutting a function body): a verdict on the migration, like a statement
 * the server refuses, not SQL pgdrift cannot read. The message starts with `file:line: `.
 */
export class ToolFailure extends InputError {}
