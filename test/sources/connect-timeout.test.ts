import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { openClient } from '../../src/connection/connect.js';
import { ConnectionError } from '../../src/errors.js';
import { repoRoot, runCli } from '../helpers/cli.js';

/*
 * A server that accepts connections and never answers: only a timeout ends the wait. These
 * tests give themselves less time than the 10 s default, so they fail if the timeout asked for
 * does not reach the connection.
 */

let silent: Server;
let port = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

test('connect_timeout in the connection string is honoured (libpq: at least 2 s)', async () => {
  const e = await openClient(`postgres://app:Secret-Pw@127.0.0.1:${port}/app?connect_timeout=1`).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(ConnectionError);
  expect((e as Error).message).toMatch(new RegExp(`^cannot connect to postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/app\\?connect_timeout=1: timed out`));
}, 8000);

test('--connect-timeout reaches a --shadow-url shadow', async () => {
  const r = await runCli([
    'snapshot',
    join(repoRoot, 'fixtures/demo/schema.sql'),
    '--shadow-url',
    `postgres://app:Secret-Pw@127.0.0.1:${port}/postgres`,
    '--connect-timeout',
    '1s',
  ]);
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(new RegExp(`^pgdrift: cannot connect to the shadow server postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/postgres\\?connect_timeout=1: timed out`));
}, 8000);
