// Reports by SMS in the dashboard end to end: texts reach the server the
// way Kannel hands them over, district police read their district's
// drafts, and a facilitation officer completes one into a case and
// discards another with a reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { done, shot, signIn, startBrowser, startServer } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const page = async () => (await browser.newContext()).newPage();

/// The open draft of `phone`, as the server lists it to a facilitation officer.
async function draftOf(phone) {
  const token = await server.token('office.lahore');
  const r = await server.gql('{ smsDrafts { id reference phone } }', {}, token);
  assert.ok(r.data, JSON.stringify(r));
  const draft = r.data.smsDrafts.find((d) => d.phone === phone);
  assert.ok(draft, `a draft of ${phone} in ${JSON.stringify(r.data.smsDrafts)}`);
  return draft;
}

const LAHORE_SENDER = '+923001234001';
const KARACHI_SENDER = '+923001234002';
const MARKUP = '<b>Neela kurta</b> pehna tha <img src=x onerror="document.title=1">';

test('an SMS report waits in the queue, district police read it, and a facilitation officer completes it into a case', async () => {
  await server.sms(LAHORE_SENDER, 'Mera beta Ali 8 saal Lahore Anarkali se kal shaam lapata');
  await server.sms(LAHORE_SENDER, MARKUP);
  await server.sms(KARACHI_SENDER, 'beti Hira 7 saal Karachi se lapata');
  const ali = await draftOf(LAHORE_SENDER);
  assert.match(ali.reference, /^SMS-[0-9A-Z]{6}$/);

  // District police see their district's draft, not the national queue's, and no forms.
  const police = await page();
  await signIn(police, server.base, 'dpo.lahore', server.password);
  await police.click('header nav a[href="/sms-drafts"]');
  const policeRow = police.locator(`tr.draft-row[data-reference="${ali.reference}"]`);
  await policeRow.waitFor();
  assert.equal(await police.locator('tr.draft-row').count(), 1);
  await policeRow.locator('a').click();
  await police.waitForSelector('#draft-read-only');
  assert.equal(await police.locator('#draft-complete, #draft-discard, form').count(), 0);
  // In Urdu the queue runs right to left.
  await police.goto(`${server.base}/sms-drafts`);
  await policeRow.waitFor();
  await police.click('#lang-switch');
  await police.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.equal((await police.textContent('main h1')).trim(), 'ایس ایم ایس رپورٹیں');
  await shot(police, 'sms-queue-police-urdu');

  // The officer's queue: the longest waiting on top, the national queue too.
  const officer = await page();
  await signIn(officer, server.base, 'office.lahore', server.password);
  // The new drafts were announced to the officer; a notice leads to the queue.
  await officer.click('header nav a[href="/notifications"]');
  const notice = officer.locator('.note-item a[href="/sms-drafts"]');
  await notice.first().waitFor();
  await notice.first().click();
  await officer.waitForSelector('#sms-drafts');
  const rows = officer.locator('tr.draft-row');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getAttribute('data-reference'), ali.reference);
  assert.match(await rows.nth(0).textContent(), new RegExp(`\\${LAHORE_SENDER}.*Lahore.*Ali, 8`));
  assert.match(await rows.nth(1).locator('.draft-district').textContent(), /National queue/);
  assert.match(await rows.nth(1).locator('.missing').textContent(), /District/);
  await shot(officer, 'sms-queue');

  // The draft: the messages as sent, shown as text, and the form filled from them.
  await rows.nth(0).locator('a').click();
  await officer.waitForSelector('#draft-complete #district option[value="PB-lahore"]', { state: 'attached' });
  const texts = officer.locator('#sms-messages .sms-text');
  assert.equal(await texts.count(), 2);
  assert.equal(await texts.nth(1).textContent(), MARKUP);
  assert.equal(await officer.locator('#sms-messages b, #sms-messages img').count(), 0);
  assert.notEqual(await officer.title(), '1');
  assert.equal(await officer.inputValue('#child_name'), 'Ali');
  assert.equal(await officer.inputValue('#age'), '8');
  assert.equal(await officer.inputValue('#sex'), 'MALE');
  assert.equal(await officer.inputValue('#district'), 'PB-lahore');
  assert.equal(await officer.inputValue('#reporter_phone'), LAHORE_SENDER);
  assert.match(await officer.inputValue('#circumstances'), /Neela kurta/);
  assert.equal(await officer.locator('#photos').count(), 0);
  await shot(officer, 'sms-draft');
  // At phone width the draft and its form still fit: no sideways scrolling.
  await officer.setViewportSize({ width: 390, height: 844 });
  assert.ok(await officer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await shot(officer, 'sms-draft-phone');
  await officer.setViewportSize({ width: 1280, height: 800 });

  // After the call back: the reporter's details, by keyboard from the name on.
  await officer.focus('#reporter_name');
  await officer.keyboard.type('Rukhsana Bibi');
  await officer.keyboard.press('Tab');
  await officer.keyboard.type('mother');
  await officer.click('#draft-complete button[type=submit].primary');
  await done(officer, '#receipt-case-number');
  const number = (await officer.textContent('#receipt-case-number')).trim();
  assert.match(number, /^ZA-\d{4}-\d+$/);
  assert.ok((await officer.textContent('#receipt-tracking-code')).trim().length >= 6);
  assert.equal(await officer.getAttribute(`.receipt a[href="/track/${number}"]`, 'href'), `/track/${number}`);
  await shot(officer, 'sms-draft-completed');

  // The case came in by SMS, in Lahore; the draft has left the queue.
  const filed = await server.gql(
    'query($n: String!) { case(caseNumber: $n) { channel district { id } child { name } reporter { phone } } }',
    { n: number },
    await server.token('dpo.lahore'),
  );
  assert.equal(filed.data.case.channel, 'SMS', JSON.stringify(filed));
  assert.equal(filed.data.case.district.id, 'PB-lahore');
  await officer.click('.receipt button:has-text("Back to the SMS reports")');
  await officer.waitForSelector('#sms-drafts');
  assert.equal(await officer.locator(`tr.draft-row[data-reference="${ali.reference}"]`).count(), 0);
  assert.equal(await officer.locator('tr.draft-row').count(), 1);
});

test('a facilitation officer discards an SMS report, giving a reason the server accepts', async () => {
  const hira = await draftOf(KARACHI_SENDER);
  const officer = await page();
  await signIn(officer, server.base, 'office.lahore', server.password);
  await officer.goto(`${server.base}/sms-drafts/${hira.id}`);
  await officer.waitForSelector('#ambiguous-note');
  assert.match(await officer.textContent('#draft-district'), /National queue/);
  assert.match(await officer.textContent('#draft-candidates'), /Karachi/);
  // The districts the SMS could mean head the picker.
  await officer.waitForSelector('#district option[value="PB-lahore"]', { state: 'attached' });
  assert.match(await officer.locator('#district option').nth(1).getAttribute('value'), /^SD-/);

  // Too short a reason: the server's refusal is shown with its code.
  await officer.fill('#discard_reason', 'no');
  await officer.click('#discard-submit');
  await officer.waitForSelector('#draft-discard .error');
  assert.match(await officer.textContent('#draft-discard .error'), /BAD_USER_INPUT \(reason\)/);
  assert.equal(await officer.getAttribute('#draft-status', 'data-status'), 'OPEN');

  await officer.fill('#discard_reason', 'A school testing the short code');
  await officer.click('#discard-submit');
  // The first refusal's message stays up until the draft reloads.
  await officer.waitForSelector('#draft-status[data-status="DISCARDED"]');
  assert.equal((await officer.textContent('#draft-discard-reason')).trim(), 'A school testing the short code');
  assert.equal(await officer.locator('#draft-complete').count(), 0);
  await shot(officer, 'sms-draft-discarded');

  // It is gone from the queue, and discarding it again is refused.
  await officer.goto(`${server.base}/sms-drafts`);
  await officer.waitForSelector('#drafts-empty');
  const again = await server.gql(
    'mutation($id: ID!) { discardSmsDraft(id: $id, reason: "once more") { id } }',
    { id: hira.id },
    await server.token('office.lahore'),
  );
  assert.equal(again.errors?.[0]?.extensions?.code, 'CONFLICT', JSON.stringify(again));
});
