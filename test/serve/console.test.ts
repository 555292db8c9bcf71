/**
 * The console in headless Chromium (Debian's `chromium`, driven by playwright-core) against a real
 * `metaq serve`: start a query from the form, watch it succeed, open it and see its phases and
 * result; open a failed one and see its error; the lists of executions, tables and schedules.
 * Screenshots of each page are kept in $METAQ_SCREENSHOTS (default: a temporary folder).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { resetClients } from '../../src/aws/clients';
import { localEnvironment } from '../../src/local/runtime';
import { uploadTable } from '../../src/local/upload';
import { registerTable } from '../../src/plan/register-table';
import { type ServeProcess, startServeProcess, tempDir } from './support';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) {
  process.stderr.write(
    `\n${'!'.repeat(78)}\n!! SKIPPED test/serve/console.test.ts: no Debian chromium at ${CHROMIUM}.\n` +
      `!! Install it (apt-get install -y chromium) to test the console; under CI this test always runs.\n${'!'.repeat(78)}\n\n`,
  );
}
const describeConsole = available || process.env.CI ? describe : describe.skip;

const shots = process.env.METAQ_SCREENSHOTS ?? mkdtempSync(path.join(os.tmpdir(), 'metaq-console-'));

describeConsole('the console (headless Chromium)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const names: Record<string, string> = {};

  beforeAll(async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'schedules'));
    writeFileSync(
      path.join(cwd, 'schedules', 'daily-answer.json'),
      JSON.stringify({
        name: 'daily-answer',
        description: 'The answer, every morning.',
        expression: 'cron(0 6 * * ? *)',
        timezone: 'Europe/Zurich',
        input: { sql: 'SELECT 42 AS answer' },
        output: { format: 'csv', location: 's3://metaq-reports/daily-answer/{date}/' },
      }),
    );
    serve = await startServeProcess([], cwd);
    await addTable(serve, cwd);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => process.stderr.write(`console page error: ${error.message}\n`));
    mkdirSync(shots, { recursive: true });
    process.stderr.write(`console screenshots in ${shots}\n`);
  });
  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop()).toBe(0);
  });

  async function startFromForm(sql: string): Promise<string> {
    await page.goto(`${serve.url}/#/start`);
    await page.fill('textarea[name=sql]', sql);
    await page.selectOption('select[name=engine]', 'duckdb');
    await page.fill('input[name=workers]', '1');
    await page.fill('input[name=spares]', '1');
    await page.click('button[type=submit]');
    await page.waitForURL(/#\/executions\/.+/);
    return decodeURIComponent(page.url().split('#/executions/')[1]);
  }

  it('has chromium (under CI this must hold)', () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  it('starts a query from the form; it succeeds; its page shows the states, phases, workers and result', async () => {
    await page.goto(`${serve.url}/#/start`);
    await page.fill('textarea[name=sql]', 'SELECT name, age FROM people ORDER BY age');
    await page.screenshot({ path: path.join(shots, '1-start-form.png'), fullPage: true });
    names.ok = await startFromForm('SELECT name, age FROM people ORDER BY age');
    await page.waitForSelector('#status [data-status=SUCCEEDED]', { timeout: 90_000 });
    for (const state of [
      'Optimize',
      'Provision',
      'Rendezvous',
      'StartEngine',
      'Submit',
      'Collect',
      'Teardown',
      'Done',
    ])
      expect(await page.getAttribute(`.state[data-state=${state}]`, 'data-mark')).toBe('done');
    expect(await page.getAttribute('.state[data-state=Failed]', 'data-mark')).toBe('not-reached');
    const phases = await page.$$eval('.phase', (rows) => rows.map((row) => row.getAttribute('data-phase')));
    expect(phases).toEqual(['optimize', 'provision', 'rendezvous', 'start', 'query', 'collect', 'teardown']);
    expect(await page.textContent('#workers-table')).toMatch(/head/);
    expect(await page.$$eval('#workers-table tbody tr', (rows) => rows.length)).toBe(2);
    const preview = await page.$$eval('#preview tbody tr', (rows) => rows.map((row) => row.textContent));
    expect(preview).toEqual(['ada36', 'alan41', 'grace85']);
    expect(await page.textContent('#events-table')).toMatch(/ExecutionSucceeded/);
    await page.screenshot({ path: path.join(shots, '2-execution-succeeded.png'), fullPage: true });
  });

  it('downloads the result file through the server', async () => {
    const href = await page.getAttribute('a.download', 'href');
    expect(href).toBe(`/results/${names.ok}/part-0.parquet`);
    const download = await page.request.get(`${serve.url}${href}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('a failed query: its page shows the error and the state that failed', async () => {
    names.failed = await startFromForm('SELECT no_such_column FROM range(3)');
    await page.waitForSelector('#status [data-status=FAILED]', { timeout: 90_000 });
    expect(await page.textContent('#error-name')).toBe('QueryFailed');
    expect(await page.textContent('#error-cause')).toMatch(/no_such_column/);
    expect(await page.getAttribute('.state[data-state=Submit]', 'data-mark')).toBe('failed');
    expect(await page.getAttribute('.state[data-state=Teardown]', 'data-mark')).toBe('done');
    expect(await page.getAttribute('.state[data-state=Failed]', 'data-mark')).toBe('failed');
    expect(await page.getAttribute('.phase[data-phase=query]', 'data-phase-state')).toBe('cut');
    await page.screenshot({ path: path.join(shots, '3-execution-failed.png'), fullPage: true });
  });

  it('lists the executions with status, engine, workers, duration and cost', async () => {
    await page.goto(`${serve.url}/#/`);
    await page.waitForSelector(`tr[data-execution="${names.failed}"]`);
    const row = async (name: string) => page.textContent(`tr[data-execution="${name}"]`);
    expect(await row(names.ok)).toMatch(/SUCCEEDED.*duckdb\s*1\+1.*\d.*\$\d/);
    expect(await row(names.failed)).toMatch(/FAILED.*duckdb/);
    await page.click(`tr[data-execution="${names.failed}"] a`);
    await page.waitForSelector('#error-name');
    await page.goto(`${serve.url}/#/`);
    await page.waitForSelector(`tr[data-execution="${names.ok}"]`);
    await page.screenshot({ path: path.join(shots, '4-executions.png'), fullPage: true });
  });

  it('shows the catalog of tables', async () => {
    await page.goto(`${serve.url}/#/tables`);
    await page.waitForSelector('tr[data-table=people]');
    expect(await page.textContent('tr[data-table=people]')).toMatch(
      /csv.*1.*s3:\/\/metaq-data\/tables\/people\//,
    );
    await page.screenshot({ path: path.join(shots, '5-tables.png'), fullPage: true });
  });

  it('shows the schedules with their next runs', async () => {
    await page.goto(`${serve.url}/#/schedules`);
    await page.waitForSelector('tr[data-schedule=daily-answer]');
    const next = await page.$$eval('tr[data-schedule=daily-answer] .next-runs div', (runs) =>
      runs.map((run) => run.textContent),
    );
    expect(next).toHaveLength(3);
    for (const run of next) expect(run).toMatch(/^\d{4}-\d\d-\d\d 06:00 Europe\/Zurich \(0[45]:00 UTC\)$/);
    await page.screenshot({ path: path.join(shots, '6-schedules.png'), fullPage: true });
  });
});

/** A table in the catalog, registered through the server's published S3 and DynamoDB endpoints. */
async function addTable(serve: ServeProcess, cwd: string): Promise<void> {
  const csv = path.join(cwd, 'people.csv');
  writeFileSync(csv, 'name,age\nada,36\nalan,41\ngrace,85\n');
  const saved = { ...process.env };
  const { dynamoEndpoint, s3Endpoint, home } = serve.registration;
  Object.assign(process.env, localEnvironment(dynamoEndpoint, s3Endpoint, home));
  resetClients();
  try {
    const uploaded = await uploadTable('people', csv);
    await registerTable('people', `${uploaded.location}people.csv`, 'csv', uploaded.files[0]);
  } finally {
    process.env = saved;
    resetClients();
  }
}
