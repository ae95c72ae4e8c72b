// Casework in the dashboard end to end, in headless Chromium against the
// real server and its face worker: photos, face-match leads, child
// protection's records, the public register, sightings, duplicates and the
// administrators' keys and duty contacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { done, fillReport, shot, signIn, startBrowser, startServer, testPhoto } from './harness.mjs';

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

/// An administrator creates a staff account in the dashboard; its username
/// and the initial password shown once.
async function createStaff(admin, username, role) {
  await admin.goto(`${server.base}/admin`);
  await admin.waitForSelector('#u_district option[value="PB-lahore"]', { state: 'attached' });
  await admin.fill('#u_username', username);
  await admin.fill('#u_name', `Test ${role}`);
  await admin.selectOption('#u_role', role);
  await admin.selectOption('#u_district', 'PB-lahore');
  await admin.click('#new-h ~ form button[type=submit]');
  const status = admin.locator('p[role=status]', { hasText: username });
  await status.waitFor();
  return (await status.locator('code').textContent()).trim();
}

/// A report as the form sends it, for cases the tests only need to exist.
function report(name, consent = true) {
  return {
    kind: 'MISSING_CHILD',
    child: { name, sex: 'MALE', ageYears: 9 },
    lastSeen: { place: 'Anarkali Bazaar', districtId: 'PB-lahore', at: new Date(Date.now() - 3_600_000).toISOString() },
    reporter: { name: 'Shazia Parveen', relation: 'mother', phone: '0300 1110001', consentToPublish: consent },
  };
}

async function file(token, input) {
  const r = await server.gql(
    'mutation($input: ReportCaseInput!) { reportCase(input: $input) { case { id caseNumber } } }',
    { input },
    token,
  );
  assert.ok(r.data, JSON.stringify(r));
  return r.data.reportCase.case;
}

test('a citizen reports with a photo, child protection registers a found child, the police see the lead arrive live, confirm it and the timeline shows it', async () => {
  const admin = await page();
  await signIn(admin, server.base, 'e2e.admin', server.adminPassword);
  const cpPassword = await createStaff(admin, 'cp.lahore', 'CHILD_PROTECTION');

  // The police watch their leads from the start.
  const police = await page();
  await signIn(police, server.base, 'dpo.lahore', server.password);
  await police.goto(`${server.base}/leads`);
  await police.waitForSelector('#live-state.on');

  // A citizen files with a photo of the child.
  const citizen = await page();
  await signIn(citizen, server.base, '+923001110001', server.password);
  await citizen.goto(`${server.base}/report`);
  await fillReport(citizen, {
    name: 'Hamza Photo', sex: 'MALE', age: 8, place: 'Mall Road', reporter: 'Nasreen Akhtar',
    phone: '0300 1110001', consent: true, photos: [testPhoto('obama.jpg')],
  });
  // A file that is no photo refuses the whole report: nothing is filed.
  const good = { name: 'hamza.jpg', mimeType: 'image/jpeg', buffer: readFileSync(testPhoto('obama.jpg')) };
  await citizen.setInputFiles('#photos', [good, { name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from('no image here') }]);
  await citizen.click('button[type=submit].primary');
  await citizen.waitForSelector('form.filing .error');
  assert.equal(await citizen.locator('#receipt-case-number').count(), 0);
  await citizen.setInputFiles('#photos', [testPhoto('obama.jpg')]);
  await citizen.waitForSelector('#photos-chosen');
  await citizen.click('button[type=submit].primary');
  const number = (await citizen.textContent('#receipt-case-number')).trim();

  // The case page shows the photo; the police add one more and take it off again.
  const casePage = await page();
  await signIn(casePage, server.base, 'dpo.lahore', server.password);
  await casePage.goto(`${server.base}/cases/${number}`);
  await casePage.waitForSelector('#photos li.photo img');
  assert.equal(await casePage.locator('#photos li.photo').count(), 1);
  await casePage.setInputFiles('#case_photo', testPhoto('biden.jpg'));
  await casePage.click('#photo-upload');
  await casePage.waitForFunction(() => document.querySelectorAll('#photos li.photo').length === 2);
  await casePage.locator('#photos li.photo').nth(1).locator('button.remove-photo').click();
  await casePage.waitForFunction(() => document.querySelectorAll('#photos li.photo').length === 1);
  assert.match(await casePage.textContent('#timeline'), /Photo removed/);
  // A file that is no photo is refused with its reason, and the album stays as it was.
  await casePage.setInputFiles('#case_photo', { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') });
  await casePage.click('#photo-upload');
  await casePage.waitForSelector('#photos .error');
  assert.match(await casePage.textContent('#photos .error'), /BAD_USER_INPUT/);
  assert.equal(await casePage.locator('#photos li.photo').count(), 1);
  await shot(casePage, 'case-photos');

  // Child protection registers a found child with a photo of the same boy.
  const cp = await page();
  await signIn(cp, server.base, 'cp.lahore', cpPassword);
  assert.equal(new URL(cp.url()).pathname, '/found');
  await cp.waitForSelector('#f_district option[value="PB-lahore"]', { state: 'attached' });
  await cp.fill('#f_age', '8');
  await cp.selectOption('#f_sex', 'MALE');
  await cp.fill('#f_found_place', 'Lahore Railway Station, platform 2');
  await cp.fill('#f_current_place', 'Child Protection Bureau, Lahore');
  await cp.fill('#f_description', 'Boy in a blue shirt, says his name is Hamza.');
  await cp.fill('#f_institution', 'Child Protection Bureau');
  await cp.fill('#f_institution_phone', '0321 5556677');
  await cp.setInputFiles('#f_photo', testPhoto('obama2.jpg'));
  await cp.click('#found-submit');
  await done(cp, '#found-registered');
  await cp.waitForSelector('#found-list li.found-record');

  // The face worker proposes the lead; the police's list shows it without a reload.
  const lead = police.locator(`article.match-lead[data-case="${number}"]`);
  await lead.waitFor({ timeout: 90_000 });
  assert.equal(await lead.locator('.side-by-side img').count(), 2);
  assert.match(await lead.locator('.distance').textContent(), /^0\.\d\d — likely the same child$/);
  assert.match(await lead.textContent(), /Railway Station/);
  await shot(police, 'police-leads');

  // Child protection sees the lead on its record: case number and distance only.
  await cp.reload();
  const cpLead = cp.locator(`tr.found-lead[data-case="${number}"]`);
  await cpLead.waitFor();
  assert.match(await cpLead.textContent(), /0\.\d\d.*Waiting/);
  assert.doesNotMatch(await cp.textContent('#found-list'), /Hamza Photo|Nasreen/);

  await lead.locator('button.decide-confirm').click();
  await lead.waitFor({ state: 'detached' });
  await police.waitForSelector('#leads-empty');

  await casePage.reload();
  await casePage.waitForSelector('#timeline');
  assert.match(await casePage.textContent('#timeline'), /Match decided/);
  assert.equal(await casePage.getAttribute('#case-leads article.match-lead', 'data-status'), 'CONFIRMED');
  assert.equal(await casePage.locator('#case-leads button.decide-confirm').count(), 0);
  await shot(casePage, 'case-lead-confirmed');

  await cp.reload();
  await cp.waitForSelector(`tr.found-lead[data-case="${number}"]`);
  assert.match(await cp.textContent(`tr.found-lead[data-case="${number}"]`), /Confirmed/);
  assert.match(await cp.textContent('#found-list .linked'), new RegExp(number));
  await shot(cp, 'child-protection-found');
  // At phone width the leads and records still fit.
  await cp.setViewportSize({ width: 390, height: 844 });
  assert.ok(await cp.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));

  // Child protection has no case pages or leads to decide.
  await cp.goto(`${server.base}/leads`);
  await cp.waitForSelector('main h1');
  assert.equal(await cp.locator('article.match-lead').count(), 0);
});

test('police publish a case from its page, judge a sighting of the child and take the case off the register', async () => {
  const citizen = await server.token('+923001110001');
  const filed = await file(citizen, report('Usman Register'));

  const police = await page();
  await signIn(police, server.base, 'dpo.lahore', server.password);
  await police.goto(`${server.base}/cases/${filed.caseNumber}`);
  await police.waitForSelector('#published-state[data-published="false"]');
  await police.fill('#publish_description', 'Wearing a green kurta and sandals.');
  await police.click('#action-publish');
  await police.waitForSelector('#published-state[data-published="true"]');
  assert.match(await police.textContent('#timeline'), /Published on the register/);
  assert.equal(await police.locator('#action-publish').count(), 0);
  await shot(police, 'case-published');

  // The public page shows it, and the public send a sighting.
  const visitor = await page();
  await visitor.goto(`${server.base}/missing/${filed.caseNumber}`);
  await visitor.waitForSelector('#child-name');
  assert.match(await visitor.textContent('.child-page'), /Wearing a green kurta and sandals\./);
  await visitor.fill('#s_place', 'Minar-e-Pakistan gate');
  await visitor.fill('#s_description', 'A boy in a green kurta alone near the gate.');
  await visitor.click('.card form button[type=submit]');
  await visitor.waitForSelector('#sighting-sent');

  await police.reload();
  const sighting = police.locator('#sightings li.sighting').first();
  await sighting.waitFor();
  assert.match(await sighting.textContent(), /not yet assessed/);
  await sighting.locator('button.assess-credible').click();
  await police.waitForSelector('#sightings li.sighting[data-assessment="CREDIBLE"]');
  assert.match(await police.textContent('#timeline'), /Sighting assessed/);
  await shot(police, 'case-sighting-assessed');

  // The same page in Urdu at phone width: right to left, nothing sideways.
  await police.click('#lang-switch');
  await police.waitForFunction(() => document.documentElement.dir === 'rtl');
  await police.setViewportSize({ width: 390, height: 844 });
  assert.match(await police.textContent('#register-card'), /رجسٹر سے ہٹائیں/);
  assert.ok(await police.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await shot(police, 'case-urdu-phone');
  await police.setViewportSize({ width: 1280, height: 800 });
  await police.click('#lang-switch');
  await police.waitForFunction(() => document.documentElement.dir === 'ltr');

  await police.click('#action-unpublish');
  await police.waitForSelector('#published-state[data-published="false"]');
  const gone = await server.gql('query($n: String!) { registerChild(caseNumber: $n) { caseNumber } }', { n: filed.caseNumber });
  assert.equal(gone.data.registerChild, null, JSON.stringify(gone));

  // Oversight sees the register card but no buttons; a case without consent says so.
  const oversight = await page();
  await signIn(oversight, server.base, 'ig.pb', server.password);
  await oversight.goto(`${server.base}/cases/${filed.caseNumber}`);
  await oversight.waitForSelector('#published-state');
  assert.equal(await oversight.locator('#action-publish, #action-unpublish').count(), 0);
  assert.equal(await oversight.locator('#sightings button.assess-credible').count(), 0);
  const private_ = await file(citizen, report('Kashif Private', false));
  await police.goto(`${server.base}/cases/${private_.caseNumber}`);
  await police.waitForSelector('#published-state[data-published="false"]');
  assert.match(await police.textContent('#published-state'), /not consented/);
  assert.equal(await police.locator('#action-publish').count(), 0);
});

test('police merge a duplicate report into the case, undo the merge, and dismiss the pair', async () => {
  const citizen = await server.token('+923332220002');
  const first = await file(citizen, report('Rizwan Duplicate'));
  const second = await file(citizen, report('Rizwan Duplicate'));

  const police = await page();
  await signIn(police, server.base, 'dpo.lahore', server.password);
  await police.goto(`${server.base}/cases/${first.caseNumber}`);
  const candidate = police.locator(`#duplicates li.candidate[data-case="${second.caseNumber}"]`);
  await candidate.waitFor();
  assert.match(await candidate.textContent(), /likeness: 0\.\d\d|likeness: 1\.00/);
  assert.notEqual((await candidate.locator('.reasons').textContent()).trim(), '');
  await shot(police, 'case-duplicates');
  await candidate.locator('button.merge').click();
  await candidate.waitFor({ state: 'detached' });
  assert.match(await police.textContent('#timeline'), /Reports merged/);

  await police.goto(`${server.base}/cases/${second.caseNumber}`);
  await police.waitForSelector('#merged-into');
  assert.match(await police.textContent('#case-status'), /Closed/);
  await police.click('#action-unmerge');
  await police.waitForSelector('#merged-into', { state: 'detached' });
  assert.doesNotMatch(await police.textContent('#case-status'), /Closed/);

  // An undone merge is not proposed again; a third report is, and the
  // police dismiss one of its pairs.
  await police.waitForSelector('#duplicates');
  assert.equal(await police.locator(`#duplicates li.candidate[data-case="${first.caseNumber}"]`).count(), 0);
  const third = await file(citizen, report('Rizwan Duplicate'));
  await police.goto(`${server.base}/cases/${third.caseNumber}`);
  const pairOne = police.locator(`#duplicates li.candidate[data-case="${first.caseNumber}"]`);
  await pairOne.waitFor();
  await pairOne.locator('button.dismiss').click();
  await pairOne.waitFor({ state: 'detached' });
  await police.reload();
  await police.waitForSelector(`#duplicates li.candidate[data-case="${second.caseNumber}"]`);
  assert.equal(await pairOne.count(), 0);

  // Oversight sees the candidates but merges and dismisses nothing.
  const oversight = await page();
  await signIn(oversight, server.base, 'ig.pb', server.password);
  await oversight.goto(`${server.base}/cases/${third.caseNumber}`);
  await oversight.waitForSelector('#duplicates li.candidate');
  assert.equal(await oversight.locator('#duplicates button.merge, #duplicates button.dismiss').count(), 0);
});

test('an administrator issues an API key that works once shown, revokes it, and keeps the duty contacts', async () => {
  const admin = await page();
  await signIn(admin, server.base, 'e2e.admin', server.adminPassword);
  await admin.goto(`${server.base}/admin`);
  await admin.waitForSelector('#api-key-list');
  await admin.fill('#k_name', 'Roshni Helpline App');
  await admin.fill('#k_contact', 'ops@roshni.example.pk');
  await admin.fill('#k_rpm', '600');
  await admin.click('#issue-key');
  const secret = (await admin.textContent('#api-key-secret')).trim();
  assert.ok(secret.length >= 20, secret);
  const row = admin.locator('tr.api-key[data-key="Roshni Helpline App"]');
  await row.waitFor();
  assert.ok(secret.startsWith((await row.locator('code').textContent()).trim()));
  await shot(admin, 'admin-api-keys');

  const withKey = (key) => fetch(`${server.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query: '{ register(first: 1) { nodes { caseNumber } } }' }),
  }).then((r) => r.json());
  assert.ok((await withKey(secret)).data, 'the key is accepted');

  // The secret is shown once: a reload shows only its first characters.
  await admin.reload();
  await row.waitFor();
  assert.equal(await admin.locator('#api-key-secret').count(), 0);
  await row.locator('button.revoke').click();
  await row.locator('.revoked').waitFor();
  const refused = await withKey(secret);
  assert.ok(refused.errors, JSON.stringify(refused));

  // Duty contacts: add one for Lahore, then remove it.
  await admin.selectOption('#d_level', 'DISTRICT');
  await admin.fill('#d_jurisdiction', 'PB-lahore');
  await admin.fill('#d_label', 'Control room, DPO office Lahore');
  await admin.fill('#d_phone', '0300 4443322');
  await admin.click('#add-contact');
  const contact = admin.locator('li.duty-contact[data-label="Control room, DPO office Lahore"]');
  await done(admin, 'li.duty-contact[data-label="Control room, DPO office Lahore"]');
  await shot(admin, 'admin-duty-contacts');
  // A bad number is refused with its field, and nothing is added.
  await admin.selectOption('#d_level', 'DISTRICT');
  await admin.fill('#d_jurisdiction', 'PB-lahore');
  await admin.fill('#d_label', 'Wrong number');
  await admin.fill('#d_phone', '12');
  await admin.click('#add-contact');
  await admin.waitForSelector('#duty-contacts .error');
  assert.equal(await admin.locator('li.duty-contact[data-label="Wrong number"]').count(), 0);
  await contact.locator('button.remove-contact').click();
  await contact.waitFor({ state: 'detached' });

  // Police do not reach the administration.
  const police = await page();
  await signIn(police, server.base, 'dpo.lahore', server.password);
  await police.goto(`${server.base}/admin`);
  await police.waitForSelector('main h1');
  assert.equal(await police.locator('#api-keys, #duty-contacts').count(), 0);
});
