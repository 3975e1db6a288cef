import pg from 'pg';
import { batches, sessionStatements } from '../../../src/ddl/session.js';
import type { DdlStatement } from '../../../src/ddl/statement.js';

/** The first statement that failed, and how. */
export interface ApplyError {
  readonly sql: string;
  readonly message: string;
}

/**
 * Runs plans' statements on one database over one session set up as a script sets it up:
 * consecutive transactional statements in one transaction, the others on their own. Each entry
 * is applied separately; a failure stops that entry only (its transaction is rolled back).
 *
 * @example
 * const errors = await applyPlans(url, new Map([['case 1', plan.statements]]));
 * errors.get('case 1') // undefined when everything applied
 */
export async function applyPlans(url: string, plans: ReadonlyMap<string, readonly DdlStatement[]>): Promise<Map<string, ApplyError>> {
  const errors = new Map<string, ApplyError>();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const [name, statements] of plans) {
      await client.query('RESET ROLE');
      for (const s of sessionStatements()) await client.query(s);
      for (const batch of batches(statements)) {
        let current = '';
        try {
          if (batch.transactional) await client.query('BEGIN');
          for (const s of batch.statements) {
            current = s.sql;
            await client.query(s.sql);
          }
          if (batch.transactional) await client.query('COMMIT');
        } catch (error) {
          if (batch.transactional) await client.query('ROLLBACK');
          errors.set(name, { sql: current, message: (error as Error).message });
          break;
        }
      }
    }
  } finally {
    await client.end();
  }
  return errors;
}
