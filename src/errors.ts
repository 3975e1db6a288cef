/**
 * Errors that end a command with a documented exit code and a one-line message.
 * Anything else that escapes is a bug, reported with a stack trace only under `--debug`.
 */
export class PgdriftError extends Error {
  constructor(
    message: string,
    /** 2: bad input or usage · 3: cannot connect or the database refused. */
    readonly exitCode: 2 | 3,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: unreadable or invalid file, SQL syntax error, unknown flag… (exit 2). */
export class InputError extends PgdriftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

/** Cannot connect, or the database refused: auth, timeout, missing database, permission (exit 3). */
export class ConnectionError extends PgdriftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 3, options);
  }
}
