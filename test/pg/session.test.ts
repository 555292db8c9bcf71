/**
 * The protocol server with node-postgres, for what is answered without an engine: SCRAM, the
 * statements clients send at connect time, settings, and what is refused. No runtime, no lock.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type QueryConfig } from 'pg';
import { type RunningPgServer, startPgServer } from '../../src/pg/server';
import type { Executions } from '../../src/serve/executions';

const password = 'correct horse';
let server: RunningPgServer;
const lines: string[] = [];

beforeAll(async () => {
  server = await startPgServer({
    // Nothing here launches an engine: a statement that would is a failure of the test.
    executions: {} as Executions,
    port: 0,
    host: '127.0.0.1',
    password,
    home: mkdtempSync(path.join(os.tmpdir(), 'metaq-pg-')),
    log: (line) => lines.push(line),
  });
});
afterAll(() => server.close());

/** node-postgres sends Parse/Bind/Describe/Execute/Sync for this even without parameters (its types omit the option). */
const extended = (text: string) => ({ text, queryMode: 'extended' }) as QueryConfig;

async function connect(secret = password): Promise<Client> {
  const client = new Client({
    host: server.host,
    port: server.port,
    user: 'ada',
    database: 'metaq',
    password: secret,
  });
  await client.connect();
  return client;
}

describe('the PostgreSQL protocol server, without an engine', () => {
  it('SCRAM-SHA-256: the right password is let in, a wrong one refused with 28P01', async () => {
    const client = await connect();
    await client.end();
    await expect(connect('wrong')).rejects.toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "ada"',
    });
  });

  it('answers version(), SHOW, SET and BEGIN/COMMIT', async () => {
    const client = await connect();
    try {
      const version = await client.query('SELECT version()');
      expect(version.rows[0].version).toMatch(/^PostgreSQL 16\.0 \(metaq /);
      expect((await client.query('SHOW server_version')).rows).toEqual([{ server_version: '16.0' }]);
      expect((await client.query("SET client_encoding = 'UTF8'")).command).toBe('SET');
      await client.query("SET application_name = 'metabase'");
      expect((await client.query('SHOW application_name')).rows[0].application_name).toBe('metabase');
      expect((await client.query('BEGIN')).command).toBe('BEGIN');
      expect((await client.query('COMMIT')).command).toBe('COMMIT');
      await client.query('SET metaq.engine = duckdb');
      expect((await client.query('SHOW metaq.engine')).rows[0]['metaq.engine']).toBe('duckdb');
    } finally {
      await client.end();
    }
  });

  it('an invalid metaq setting: ErrorResponse 22023 naming it; the session goes on', async () => {
    const client = await connect();
    try {
      await expect(client.query("SET metaq.engine = 'postgres'")).rejects.toMatchObject({
        code: '22023',
        message: expect.stringMatching(/^invalid value for metaq\.engine: .*Choose one of: auto, duckdb/),
        detail: 'metaq error: InvalidSetting',
      });
      await expect(client.query('SET metaq.workers = 0')).rejects.toMatchObject({ code: '22023' });
      await expect(client.query('/* metaq: colour=blue */ SELECT 1')).rejects.toMatchObject({
        message: expect.stringMatching(/unrecognized setting "metaq\.colour"/),
      });
      expect((await client.query('SHOW metaq.engine')).rows[0]['metaq.engine']).toBe('auto');
    } finally {
      await client.end();
    }
  });

  it('the extended protocol: a local statement through Parse/Bind/Describe/Execute/Sync', async () => {
    const client = await connect();
    try {
      const shown = await client.query(extended('SHOW server_version'));
      expect(shown.rows).toEqual([{ server_version: '16.0' }]);
      expect(shown.fields.map((field) => field.dataTypeID)).toEqual([25]);
      expect((await client.query(extended('BEGIN'))).command).toBe('BEGIN');
      expect((await client.query(extended('COMMIT'))).command).toBe('COMMIT');
    } finally {
      await client.end();
    }
  });

  it('a failed statement in a transaction block: status E, and COMMIT answers ROLLBACK', async () => {
    const client = await connect();
    try {
      await client.query('BEGIN');
      await expect(client.query('SHOW no_such_parameter')).rejects.toMatchObject({ code: '42704' });
      expect((await client.query('COMMIT')).command).toBe('ROLLBACK');
      expect((await client.query('BEGIN')).command).toBe('BEGIN');
      expect((await client.query('COMMIT')).command).toBe('COMMIT');
    } finally {
      await client.end();
    }
  });

  it('a parameter the statement does not bind: 22023 at Bind, and the session goes on after Sync', async () => {
    const client = await connect();
    try {
      await expect(client.query('SELECT $1 + $2 AS x', [1])).rejects.toMatchObject({
        code: '22023',
        message: expect.stringMatching(/refers to \$2, but 1 parameter value\(s\) were bound/),
      });
      expect((await client.query('SHOW server_version')).rows).toHaveLength(1);
    } finally {
      await client.end();
    }
  });
});

describe('without a password', () => {
  it('listens on loopback only, whatever host is asked for, and says so', async () => {
    const open = await startPgServer({
      executions: {} as Executions,
      port: 0,
      host: '0.0.0.0',
      home: mkdtempSync(path.join(os.tmpdir(), 'metaq-pg-')),
      log: () => undefined,
    });
    try {
      expect(open.host).toBe('127.0.0.1');
      expect(open.notice).toMatch(/without a password .*loopback only/);
      const client = new Client({ host: open.host, port: open.port, user: 'ada' });
      await client.connect();
      expect((await client.query('SHOW server_version')).rows).toEqual([{ server_version: '16.0' }]);
      await client.end();
    } finally {
      await open.close();
    }
  });
});

describe('TLS with METAQ_PG_TLS_CERT and METAQ_PG_TLS_KEY', () => {
  // Not spawnSync: the server runs in this process and must answer while psql waits.
  const psql = (port: number, ssl: string) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      const args = [`host=127.0.0.1 port=${port} user=ada dbname=metaq ${ssl}`, '-X', '-c', '\\conninfo'];
      const env = { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' };
      execFile('psql', args, { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('psql verifies the certificate and speaks TLS; without a certificate, sslmode=require is refused', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'metaq-pg-tls-'));
    const [cert, key] = [path.join(folder, 'cert.pem'), path.join(folder, 'key.pem')];
    const made = spawnSync('openssl', [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=metaq-test'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
    ]);
    expect(made.status).toBe(0);
    const secure = await startPgServer({
      executions: {} as Executions,
      port: 0,
      host: '127.0.0.1',
      password,
      tls: { cert, key },
      home: folder,
      log: () => undefined,
    });
    try {
      expect(secure.notice).toMatch(/TLS offered/);
      const run = await psql(secure.port, `sslmode=verify-full sslrootcert=${cert}`);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/SSL connection \(protocol: TLSv1\.[23]/);
    } finally {
      await secure.close();
    }
    const refused = await psql(server.port, 'sslmode=require');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/server does not support SSL/);
  });

  it('only one of the two files: the server does not start, and says which is missing', async () => {
    await expect(
      startPgServer({
        executions: {} as Executions,
        port: 0,
        host: '127.0.0.1',
        tls: { cert: '/nonexistent/cert.pem' },
        home: mkdtempSync(path.join(os.tmpdir(), 'metaq-pg-')),
        log: () => undefined,
      }),
    ).rejects.toMatchObject({ name: 'TlsMisconfigured', message: expect.stringMatching(/METAQ_PG_TLS_KEY/) });
  });
});
