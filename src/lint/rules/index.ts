import { addColumnNotNull } from './add-column.js';
import { addConstraint } from './add-constraint.js';
import type { StatementRule } from './context.js';
import { createIndex } from './create-index.js';
import { dropDeclaredColumn } from './drop-declared.js';
import { rename } from './rename.js';
import { rewritesTable } from './rewrite-table.js';
import { setNotNull } from './set-not-null.js';

/** The statement rules, each in its own file. */
export const STATEMENT_RULES: readonly StatementRule[] = [rewritesTable, setNotNull, addColumnNotNull, addConstraint, createIndex, rename, dropDeclaredColumn];
