// Starts the real server (the `zainab` binary) on a spare loopback port
// with a fresh SQLite database, the demo data, an administrator, the built
// dashboard and a face worker with the real model, and a headless Chromium
// through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const bin = process.env.ZA_E2E_SERVER;
const webDir = process.env.ZA_E2E_WEB_DIR;
export const artifacts = process.env.ZA_E2E_ARTIFACTS || join(tmpdir(), 'zainab-e2e');
// The face model and test photos scripts/install.sh fetches.
export const faceModelDir = process.env.ZA_FACE_MODEL_DIR || join(homedir(), '.cache/zainab-alert/face-models');
export const testPhoto = (name) => join(faceModelDir, 'test-photos', name);
// The key Kannel's sms-service presents at /sms/inbound.
const inboundSecret = 'e2e-sms-inbound-secret';
if (!bin || !webDir) {
  throw new Error('set ZA_E2E_SERVER (the zainab binary) and ZA_E2E_WEB_DIR (the built dashboard)');
}

function sparePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const psql = process.env.ZA_E2E_PSQL || '/usr/lib/postgresql/15/bin/psql';

/// SQLite in the server's folder by default. ZA_E2E_DATABASE_URL names a
/// PostgreSQL database to connect to instead: each server (one per test
/// file) gets a fresh database beside it, dropped when the server stops.
function database(dir) {
  const admin = process.env.ZA_E2E_DATABASE_URL;
  if (!admin) return { url: `sqlite://${dir}/zainab.db?mode=rwc`, drop() {} };
  const name = `e2e_${process.pid}_${Date.now()}`;
  execFileSync(psql, ['-q', admin, '-c', `CREATE DATABASE ${name}`]);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => execFileSync(psql, ['-q', admin, '-c', `DROP DATABASE IF EXISTS ${name}`]),
  };
}

export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'zainab-e2e-'));
  const port = await sparePort();
  const base = `http://127.0.0.1:${port}`;
  const db = database(dir);
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    ZA_DATA_DIR: dir,
    ZA_STORAGE_DIR: join(dir, 'objects'),
    ZA_BIND: `127.0.0.1:${port}`,
    ZA_PUBLIC_URL: base,
    ZA_WEB_DIR: webDir,
    ZA_BOOTSTRAP_ADMIN: 'false',
    ZA_FACE_WORKER: 'true',
    ZA_FACE_MODEL_DIR: faceModelDir,
    ZA_FACE_POLL: '200ms',
    ZA_SMS_GATEWAY: 'log',
    ZA_SMS_INBOUND_SECRET: inboundSecret,
    // The tests file many reports as one demo citizen.
    ZA_REPORTS_PER_CITIZEN_PER_DAY: '100',
    RUST_LOG: 'warn',
  };
  const seeded = execFileSync(bin, ['seed-demo'], { env, encoding: 'utf8' });
  const password = /Password for all \(shown once\): (\S+)/.exec(seeded)?.[1];
  if (!password) throw new Error(`seed-demo printed no password:\n${seeded}`);
  const created = execFileSync(bin, ['admin', '--username', 'e2e.admin', '--name', 'E2E Administrator'], { env, encoding: 'utf8' });
  const adminPassword = /Password \(shown once\): (\S+)/.exec(created)?.[1];
  if (!adminPassword) throw new Error(`admin printed no password:\n${created}`);
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/health/ready`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the server did not become ready in 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  mkdirSync(artifacts, { recursive: true });
  return {
    base,
    password,
    adminPassword,
    async gql(query, variables = {}, token) {
      const r = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return r.json();
    },
    async token(username, password = this.password) {
      const r = await this.gql(
        'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
        { u: username, p: password },
      );
      if (!r.data) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(r)}`);
      return r.data.login.accessToken;
    },
    /// Hands the server an incoming SMS as Kannel's sms-service does.
    async sms(from, text) {
      const id = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const query = new URLSearchParams({ key: inboundSecret, id, from, text });
      const r = await fetch(`${base}/sms/inbound?${query}`);
      if (r.status !== 200) throw new Error(`/sms/inbound answered ${r.status}: ${await r.text()}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  // playwright-core gives each launch a fresh profile of its own.
  return chromium.launch({
    executablePath: process.env.ZA_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/// Saves a full-page screenshot of `page` as `NAME.png` in the artefacts.
export const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

/// Waits for `selector` on `page`, or fails at once with the error it shows.
export async function done(page, selector) {
  const error = page.waitForSelector('.error', { timeout: 30_000 }).then((e) => e.textContent());
  const shown = page.waitForSelector(selector, { timeout: 30_000 }).then(() => null);
  const message = await Promise.race([shown, error]);
  if (message) throw new Error(`the page says: ${message}`);
}

export async function signIn(page, base, username, password) {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/// Fills the report form shared by citizens and facilitation officers.
export async function fillReport(page, child) {
  await page.waitForSelector('#district option[value="PB-lahore"]', { state: 'attached' });
  await page.fill('#child_name', child.name);
  await page.selectOption('#sex', child.sex);
  await page.fill('#age', String(child.age));
  await page.fill('#place', child.place);
  await page.selectOption('#district', 'PB-lahore');
  await page.fill('#reporter_name', child.reporter);
  await page.fill('#relation', 'mother');
  await page.fill('#reporter_phone', child.phone);
  if (child.consent) await page.check('#consent');
  if (child.photos) await page.setInputFiles('#photos', child.photos);
}
