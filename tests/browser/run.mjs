// Browser tests: serve the release build in dist/, open it in headless Chromium and use it
// like a person would. Every scenario fails on a console error, an uncaught page error or
// any request that leaves the local server.
//   node tests/browser/run.mjs            (after `trunk build --release`)
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT_MS = 10_000;

// 2026-01-01T00:00:00Z: the clock every scenario sets, so the badges are deterministic.
const NOW = 1767225600;
const fixture = (name) => readFileSync(join(root, 'tests/fixtures/tokens', name), 'utf8').trim();
const EXPIRED_2020 = fixture('expired-2020.jwt');
const VALID_UNTIL_2030 = fixture('valid-until-2030.jwt');

// ---------------------------------------------------------------- scenarios

async function typesATokenAndReadsItsClaims(page, app) {
  await page.goto(app.origin);
  await setClock(page, NOW);
  await page.getByLabel('Token', { exact: true }).pressSequentially(EXPIRED_2020);
  await expectText(claimValue(page, 'sub'), 'kafka-client-42', 'the sub claim');
  await expectText(claimValue(page, 'iss'), 'https://workshop.example.com/', 'the iss claim');
  await expectBadge(page, 'exp', 'expired', 'expired 6 years ago');
  await expectText(page.locator('.verdict'), /\berror\b/, 'the verdict');
  await expectText(page.locator('.problem-list'), /expired/, 'the problems list');
  await expectText(page.getByRole('status'), 'Decoded: 1 error', 'the announced verdict');
  expect(!page.url().includes('?'), `the page URL gained a query string: ${page.url()}`);
}

async function loadsATokenFromTheFragment(page, app) {
  await page.goto(`${app.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
  await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim');
  await expectBadge(page, 'exp', 'valid', 'expires in 4 years');
  await expectText(page.locator('.clock-mode'), 'fixed', 'the clock mode');
  const field = await page.getByLabel('Token', { exact: true }).inputValue();
  expect(field === VALID_UNTIL_2030, `the Token field holds ${JSON.stringify(field)}`);
}

async function followsAFragmentChangedOnTheOpenPage(page, app) {
  await page.goto(`${app.origin}/#now=${NOW}`);
  await page.evaluate((token) => { window.location.hash = `token=${token}`; }, EXPIRED_2020);
  await expectText(claimValue(page, 'sub'), 'kafka-client-42', 'the sub claim');
  await expectBadge(page, 'exp', 'expired', 'expired 6 years ago');
}

async function movingTheClockUpdatesTheBadges(page, app) {
  await page.goto(`${app.origin}/#token=${encodeURIComponent(EXPIRED_2020)}&now=1577836740`);
  await expectBadge(page, 'exp', 'valid', 'expires in 1 min');
  await setClock(page, 1577836800 + 3 * 86400);
  await expectBadge(page, 'exp', 'expired', 'expired 3 days ago');
  await page.getByRole('button', { name: 'Live' }).click();
  await expectText(page.locator('.clock-mode'), 'live', 'the clock mode');
  const liveTime = await page.locator('.clock-now time').textContent();
  expect(liveTime.startsWith(new Date().toISOString().slice(0, 4)), `the live clock shows ${liveTime}`);
  await expectText(page.locator('.clock-now time'), (text) => text !== liveTime, 'the ticking live clock');
}

async function explainsInputThatIsNotAToken(page, app) {
  await page.goto(app.origin);
  await page.getByLabel('Token', { exact: true }).pressSequentially('hello world');
  await expectText(page.locator('.problem-list'), /\S/, 'the problems list');
  await expectText(page.locator('.verdict'), '1 error', 'the verdict');
}

async function followsTheSystemColourScheme(page, app) {
  await page.goto(app.origin);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await backgroundOf(page, 'body');
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await backgroundOf(page, 'body');
  expect(light === 'rgb(247, 248, 250)', `light background is ${light}`);
  expect(dark === 'rgb(20, 23, 29)', `dark background is ${dark}`);
}

// ---------------------------------------------------------------- certificates (mTLS)

const certFixture = (name) => readFileSync(join(root, 'tests/fixtures/certs', name), 'utf8');

async function openCertificates(page, app) {
  await page.goto(app.origin);
  await page.getByRole('button', { name: 'Certificates', exact: true }).click();
  await page.getByRole('button', { name: 'Load mTLS example' }).click();
  await expectText(page.locator('.clock-mode'), 'fixed', 'the clock mode (the example fixes it)');
}

async function certificatesExampleAcceptsAndRefusesClients(page, app) {
  await openCertificates(page, app);
  const outcome = page.locator('.outcome-headline');
  await expectText(outcome, 'Accepted as orders-service', 'the outcome for the valid client');
  await expectText(page.locator('.outcome-pools'), /pool-kafka-clients/, 'the pools the client maps to');
  await expectText(page.getByRole('status'), /accepted as orders-service through pool-kafka-clients/, 'the announced outcome');
  await expectText(page.locator('#cert-pool-0-badge'), 'match', 'the Kafka clients pool badge');
  await expectText(page.locator('#cert-pool-1-badge'), 'no match', 'the analytics pool badge');
  await expectText(page.locator('.chain-link').first().locator('.link-verdict'), 'valid', 'the leaf link verdict');
  await expectText(page.locator('.chain-link').nth(1).locator('.chain-role'), 'Registered CA', 'the anchor link');
  const leaf = page.locator('.inspection').first();
  await expectText(leaf.locator('h3'), 'Client certificate: orders-service', 'the inspection heading');
  await expectText(leaf.locator('code.fingerprint'), /^EE:D1:67:28/, 'the SHA-256 fingerprint (openssl-view.txt)');
  await expectText(leaf.locator('table.dn').first().locator('tr').filter({ hasText: 'UID' }), /\+\s*UID\s*svc-orders/, 'the multi-valued CN+UID RDN');

  await page.getByRole('button', { name: 'Load client: revoked' }).click();
  await expectText(outcome, 'Refused: CERT_REVOKED', 'the outcome for the revoked client');
  await expectText(page.locator('.chain-link.failed .check.failed'), /revocation/, 'the failed revocation check');

  await page.getByRole('button', { name: 'Load client: expired' }).click();
  await expectText(outcome, 'Refused: CERT_EXPIRED', 'the outcome for the expired client');
  await expectText(page.locator('.inspection').first().locator('.badge.expired'), 'expired', 'the validity badge');
}

async function certificatesExplainBadInputAndFilters(page, app) {
  await openCertificates(page, app);
  const client = page.getByLabel('Client certificate', { exact: true });
  await client.fill('-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n');
  await expectText(page.locator('.outcome-headline'), 'Refused: CERTIFICATE_UNREADABLE', 'the outcome for bad PEM');
  await expectText(page.locator('#client-certificate-error'), /PEM block 1: invalid base64/, 'the field error');
  await dropFile(page.locator('#client-certificate'), 'other-ca-client.pem', certFixture('client-other-ca.pem'));
  await expectText(page.locator('.outcome-headline'), 'Refused: NO_CERTIFICATE_AUTHORITY', 'the outcome for a dropped foreign client');
  expect((await client.inputValue()).startsWith('-----BEGIN CERTIFICATE-----'), 'the dropped file fills the field');
  await client.fill(certFixture('client-ec.pem'));
  await expectText(page.locator('.outcome-headline'), 'Accepted as analytics-ec', 'the outcome for the EC client');
  const filter = page.getByLabel('Filter').nth(1);
  await filter.fill("OU == 'kafka-analytics' && C == 'DE'");
  await expectText(page.locator('#cert-pool-1-badge'), 'no match', 'the edited pool badge');
  await expectText(page.locator('.outcome-headline'), 'Refused: NO_MATCHING_POOL', 'the outcome without a matching pool');
  await filter.fill("OU ==");
  await expectText(page.locator('#cert-pool-1-badge'), 'does not compile', 'the badge of a broken filter');
  await page.getByLabel('Require CRL').uncheck();
  await page.getByLabel('CRL', { exact: true }).fill('');
  await page.getByLabel('Require CRL').check();
  await expectText(page.locator('.outcome-headline'), 'Refused: CRL_REQUIRED', 'the outcome when a required CRL is missing');
}

/** Drops a file holding `text` onto the element, as a person dragging it from their desktop would. */
async function dropFile(locator, name, text) {
  await locator.evaluate((element, [fileName, content]) => {
    const data = new DataTransfer();
    data.items.add(new File([content], fileName, { type: 'application/x-pem-file' }));
    element.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    element.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [name, text]);
}

const SCENARIOS = [
  typesATokenAndReadsItsClaims,
  loadsATokenFromTheFragment,
  followsAFragmentChangedOnTheOpenPage,
  movingTheClockUpdatesTheBadges,
  explainsInputThatIsNotAToken,
  followsTheSystemColourScheme,
  certificatesExampleAcceptsAndRefusesClients,
  certificatesExplainBadInputAndFilters,
];

// ---------------------------------------------------------------- page helpers

function claimRow(page, name) {
  return page.locator('table.claims tbody tr').filter({
    has: page.locator('th', { hasText: new RegExp(`^${name}$`) }),
  });
}

const claimValue = (page, name) => claimRow(page, name).locator('td.claim-value');

async function expectBadge(page, claim, statusClass, text) {
  const badge = claimRow(page, claim).locator('.badge');
  await expectText(badge, text, `the ${claim} badge`);
  const classes = await badge.getAttribute('class');
  expect(classes.split(/\s+/).includes(statusClass), `the ${claim} badge has classes "${classes}", not ${statusClass}`);
}

async function setClock(page, unixSeconds) {
  await page.getByLabel('Unix seconds', { exact: true }).fill(String(unixSeconds));
  await expectText(page.locator('.clock-mode'), 'fixed', 'the clock mode');
}

const backgroundOf = (page, selector) =>
  page.locator(selector).evaluate((element) => getComputedStyle(element).backgroundColor);

// ---------------------------------------------------------------- assertions

class Failure extends Error {}

function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

/** Waits until the locator's text equals `expected` (a string), matches it (a RegExp) or
 * satisfies it (a function). */
async function expectText(locator, expected, what) {
  const matches = (text) =>
    expected instanceof RegExp ? expected.test(text)
      : typeof expected === 'function' ? expected(text)
        : text === expected;
  const deadline = Date.now() + TIMEOUT_MS;
  let last = '(not found)';
  while (Date.now() < deadline) {
    if ((await locator.count()) === 1) {
      last = (await locator.textContent()).trim();
      if (matches(last)) return;
    } else {
      last = `(${await locator.count()} elements)`;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Failure(`${what}: expected ${expected}, found ${JSON.stringify(last)}`);
}

// ---------------------------------------------------------------- runner

/** Records what must never happen on the page: console errors, page errors, foreign requests. */
async function watch(context, page, origin) {
  const incidents = [];
  page.on('console', (message) => {
    if (message.type() === 'error') incidents.push(`console error: ${message.text()}`);
    // Shown, not failed: browsers warn about things outside the app's control.
    if (message.type() === 'warning') console.log(`     (console warning: ${message.text()})`);
  });
  page.on('pageerror', (error) => incidents.push(`page error: ${error.message}`));
  // Anything not for the local server is recorded and never sent.
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      incidents.push(`request left the local origin: ${route.request().method()} ${route.request().url()}`);
      return route.abort();
    },
  );
  return incidents;
}

async function runScenario(browser, app, scenario) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const incidents = await watch(context, page, app.origin);
  const started = performance.now();
  let error;
  try {
    await scenario(page, app);
  } catch (caught) {
    error = caught;
  }
  await context.close();
  const ms = Math.round(performance.now() - started);
  const problems = [...(error ? [error instanceof Failure ? error.message : error.stack] : []), ...incidents];
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${scenario.name} (${ms} ms)`);
  for (const problem of problems) console.log(`     ${problem}`);
  return problems.length === 0;
}

async function main() {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error('dist/index.html is missing: run `trunk build --release` first');
    process.exit(1);
  }
  const app = await serve(dist);
  // launch() gives every run a fresh temporary profile (the --user-data-dir it manages).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
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
  let passed = 0;
  try {
    for (const scenario of SCENARIOS) {
      if (await runScenario(browser, app, scenario)) passed += 1;
    }
  } finally {
    await browser.close();
    await app.close();
  }
  console.log(`browser tests: ${passed} of ${SCENARIOS.length} passed`);
  process.exit(passed === SCENARIOS.length ? 0 : 1);
}

await main();
