// The dashboard end to end, in headless Chromium against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { artifacts, fillReport, shot, signIn, startBrowser, startServer } from './harness.mjs';

let server;
let browser;
const metrics = {};

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  writeFileSync(join(artifacts, 'metrics.json'), JSON.stringify(metrics, null, 2));
  await browser?.close();
  await server?.stop();
});

test('a citizen files a case; the district officer sees it arrive live, acknowledges it and registers the FIR while the tracking page follows', async () => {
  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, server.base, 'dpo.lahore', server.password);
  assert.equal(new URL(officer.url()).pathname, '/queue');
  await officer.waitForSelector('#live-state.on');
  const before = await officer.locator('tr.case-row').count();

  const citizen = await (await browser.newContext()).newPage();
  await signIn(citizen, server.base, '+923001110001', server.password);
  await citizen.goto(`${server.base}/report`);
  await fillReport(citizen, {
    name: 'Zarmeena Test', sex: 'FEMALE', age: 7, place: 'Liberty Market, main gate',
    reporter: 'Nasreen Akhtar', phone: '0300 1110001', consent: true,
  });
  await citizen.click('button[type=submit].primary');
  const number = (await citizen.textContent('#receipt-case-number')).trim();
  const code = (await citizen.textContent('#receipt-tracking-code')).trim();
  assert.match(number, /^ZA-\d{4}-\d+$/);
  assert.ok(code.length >= 6, code);
  await shot(citizen, 'citizen-receipt');

  // The officer's queue shows the new case without a reload.
  const filedAt = Date.now();
  const row = officer.locator(`tr[data-case="${number}"]`);
  await row.waitFor({ timeout: 15_000 });
  metrics.liveQueueMs = Date.now() - filedAt;
  assert.equal(await officer.locator('tr.case-row').count(), before + 1);
  assert.match(await row.textContent(), /Zarmeena Test/);
  assert.match(await row.locator('.countdown').textContent(), /left/);
  await shot(officer, 'police-queue');
  // At phone width the queue still fits: no sideways scrolling of the page.
  await officer.setViewportSize({ width: 390, height: 844 });
  assert.ok(await officer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await shot(officer, 'police-queue-phone');
  await officer.setViewportSize({ width: 1280, height: 800 });

  // The citizen follows the case from the receipt.
  await citizen.click(`a[href="/track/${number}"]`);
  await citizen.waitForSelector('#track-status[data-status="REPORTED"]');
  await citizen.waitForSelector('#live-state.on');

  await row.locator('a').click();
  await officer.waitForSelector('#case-status');
  await officer.click('#action-acknowledge');
  await officer.fill('#note', 'An officer will call you within the hour.');
  await officer.check('#note_visible');
  await officer.click('#action-submit');
  await officer.waitForFunction(() => document.querySelector('#case-status')?.textContent.includes('Acknowledged'));
  await citizen.waitForSelector('#track-status[data-status="ACKNOWLEDGED"]', { timeout: 15_000 });

  await officer.click('#action-record_reporter_contact');
  await officer.click('#action-submit');
  await officer.waitForFunction(() => document.querySelector('#case-status')?.textContent.includes('Reporter contacted'));
  await citizen.waitForSelector('#track-status[data-status="REPORTER_CONTACTED"]', { timeout: 15_000 });

  await officer.click('#action-register_fir');
  await officer.fill('#fir_number', '812/26');
  await officer.fill('#police_station', 'Gulberg');
  await officer.fill('#fir_date', new Date().toISOString().slice(0, 10));
  await officer.click('#action-submit');
  await officer.waitForSelector('#case-fir');
  assert.match(await officer.textContent('#case-fir'), /812\/26 — Gulberg/);
  assert.match(await officer.textContent('#timeline'), /FIR registered/);
  await shot(officer, 'police-case');

  // The tracking page moved on by itself: no reload happened.
  await citizen.waitForSelector('#track-status[data-status="FIR_REGISTERED"]', { timeout: 15_000 });
  assert.match(await citizen.textContent('#updates'), /An officer will call you within the hour\./);
  await shot(citizen, 'citizen-tracking');

  // A wrong code shows nothing of the case.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(`${server.base}/track`);
  await stranger.fill('#case_number', number);
  await stranger.fill('#tracking_code', 'WRONG-CODE');
  await stranger.click('button[type=submit]');
  await stranger.waitForSelector('.error');
  assert.match(await stranger.textContent('.error'), /NOT_FOUND/);
  assert.equal(await stranger.locator('#track-status').count(), 0);
});

test('a facilitation officer files on behalf of a citizen and gets a receipt that tracks', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, server.base, 'office.lahore', server.password);
  assert.equal(new URL(page.url()).pathname, '/intake');
  await fillReport(page, {
    name: 'Bilal Counter', sex: 'MALE', age: 11, place: 'Data Darbar',
    reporter: 'Shazia Parveen', phone: '0321 4567890', consent: false,
  });
  // A required field left empty is refused by the form, nothing is filed.
  await page.fill('#reporter_name', '');
  await page.click('button[type=submit].primary');
  assert.equal(await page.locator('#receipt-case-number').count(), 0);
  await page.fill('#reporter_name', 'Shazia Parveen');
  await page.click('button[type=submit].primary');
  const number = (await page.textContent('#receipt-case-number')).trim();
  const code = (await page.textContent('#receipt-tracking-code')).trim();
  await shot(page, 'intake-receipt');

  const tracked = await server.gql(
    'query($n: String!, $c: String!) { trackCase(caseNumber: $n, trackingCode: $c) { status childName } }',
    { n: number, c: code },
  );
  assert.equal(tracked.data.trackCase.status, 'REPORTED');
  assert.match(tracked.data.trackCase.childName, /^Bilal/);
  const police = await server.gql(
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
    { u: 'dpo.lahore', p: server.password },
  );
  const filed = await server.gql(
    'query($n: String!) { case(caseNumber: $n) { channel filedAtOffice } }',
    { n: number },
    police.data.login.accessToken,
  );
  assert.equal(filed.data.case.channel, 'ASSISTED');
});

test('a visitor searches the register, opens a child\'s page and reports a sighting, without an account', async () => {
  // Police publish a consenting case for the register.
  const login = await server.gql(
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
    { u: 'dpo.lahore', p: server.password },
  );
  const token = login.data.login.accessToken;
  const cases = await server.gql('{ cases(first: 50) { nodes { id caseNumber publishConsent kind child { name } } } }', {}, token);
  const pick = cases.data.cases.nodes.find((c) => c.publishConsent && c.kind !== 'CHILD_ABUSE');
  assert.ok(pick, 'a consenting case in Lahore');
  const published = await server.gql(
    'mutation($id: ID!) { publishCase(caseId: $id, description: "Wearing a red school sweater.") { publishedAt } }',
    { id: pick.id },
    token,
  );
  assert.ok(published.data.publishCase.publishedAt, JSON.stringify(published));
  const firstName = pick.child.name.split(' ')[0];

  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.base}/missing`);
  await page.fill('#name', firstName);
  await page.click('#register-search');
  const link = page.locator(`#register-results a[href="/missing/${pick.caseNumber}"]`);
  await link.waitFor();
  await shot(page, 'register-search');

  // A name nobody has finds nothing.
  await page.fill('#name', 'Xyzzyqwerty');
  await page.click('#register-search');
  await page.waitForSelector('#register-empty');
  await page.fill('#name', firstName);
  await page.click('#register-search');
  await link.click();

  await page.waitForSelector('#child-name');
  assert.equal((await page.textContent('#child-name')).trim(), firstName);
  assert.match(await page.textContent('.child-page'), /Wearing a red school sweater\./);
  const whatsapp = await page.getAttribute('a[href^="https://wa.me/"]', 'href');
  assert.ok(decodeURIComponent(whatsapp).includes(`/m/${pick.caseNumber}`), whatsapp);
  await shot(page, 'register-child');

  await page.fill('#s_place', 'Outside the railway station');
  await page.fill('#s_description', 'A girl in a red sweater with an older woman.');
  await page.click('.card form button[type=submit]');
  await page.waitForSelector('#sighting-sent');
  const sightings = await server.gql('query($n: String!) { case(caseNumber: $n) { sightings { place } } }', { n: pick.caseNumber }, token);
  assert.deepEqual(sightings.data.case.sightings.map((s) => s.place), ['Outside the railway station']);
});

test('the language switch turns the page into right-to-left Urdu, and back', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.base}/missing`);
  await page.waitForSelector('#register-search');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ur');
  assert.equal((await page.textContent('main h1')).trim(), 'گمشدہ بچے');
  const font = await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily);
  assert.match(font, /^"Zainab Nastaliq"/);
  // The shipped face itself is what draws the Urdu, not a fallback.
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready;
    const faces = await document.fonts.load('16px "Zainab Nastaliq"', 'گمشدہ بچے');
    return faces.map((f) => `${f.family}:${f.status}`);
  });
  assert.ok(loaded.some((f) => /Zainab Nastaliq.*:loaded/.test(f)), JSON.stringify(loaded));
  assert.ok(await page.evaluate(() => document.fonts.check('16px "Zainab Nastaliq"', 'گمشدہ بچے')));
  await shot(page, 'register-urdu');
  // The choice survives a reload.
  await page.reload();
  await page.waitForSelector('#register-search');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
});

test('oversight sees the map of districts and compliance; the first screen and the WASM stay within budget', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, server.base, 'dg.zarra', server.password);
  assert.equal(new URL(page.url()).pathname, '/oversight');
  await page.waitForSelector('svg.map circle.district.has');
  assert.ok((await page.locator('svg.map circle.district').count()) >= 170);
  assert.ok((await page.locator('#compliance tbody tr').count()) >= 1);
  await page.waitForSelector('#audit tr');
  await shot(page, 'oversight');

  // The first screen, measured from navigation start in a fresh context.
  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(`${server.base}/`);
  await fresh.waitForSelector('main h1');
  metrics.firstScreenMs = Math.round(await fresh.evaluate(() => performance.now()));
  // The peer: a bare text page from the same server, measured the same way.
  const bare = await (await browser.newContext()).newPage();
  await bare.goto(`${server.base}/health/live`);
  metrics.barePageMs = Math.round(await bare.evaluate(() => performance.now()));

  const wasm = readdirSync(process.env.ZA_E2E_WEB_DIR).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1);
  const bytes = readFileSync(join(process.env.ZA_E2E_WEB_DIR, wasm[0]));
  metrics.wasmBytes = bytes.length;
  metrics.wasmGzipBytes = gzipSync(bytes, { level: 9 }).length;
  console.log(`dashboard: first screen ${metrics.firstScreenMs} ms (a bare page ${metrics.barePageMs} ms, ratio ${(metrics.firstScreenMs / metrics.barePageMs).toFixed(1)}), WASM ${metrics.wasmBytes} B (${metrics.wasmGzipBytes} B gzipped), live queue ${metrics.liveQueueMs} ms`);
  assert.ok(metrics.wasmGzipBytes < 400 * 1024, `${metrics.wasmGzipBytes} B gzipped`);
});
