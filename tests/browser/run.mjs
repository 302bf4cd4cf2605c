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

// ---------------------------------------------------------------- identity pools

const GOOGLE_PRINCIPAL = 'kafka-producer@poolcheck-demo.iam.gserviceaccount.com';

async function openExample(page, app, label) {
  await page.goto(app.origin);
  await page.getByRole('button', { name: 'Identity pools' }).click();
  await page.getByRole('button', { name: label, exact: true }).click();
}

const poolBadge = (page, index) => page.locator('.pool-card').nth(index).locator('h4 .badge').first();

async function expectPoolBadge(page, index, text) {
  const badge = poolBadge(page, index);
  await expectText(badge, text, `pool ${index}'s badge`);
  const classes = await badge.getAttribute('class');
  const wanted = text.replace(' ', '-');
  expect(classes.split(/\s+/).includes(wanted), `pool ${index}'s badge has classes "${classes}", not ${wanted}`);
}

async function editsAPoolFilterFromMatchToNoMatchAndBack(page, app) {
  await openExample(page, app, 'Google');
  const outcome = page.getByRole('status');
  const accepted = `ACCEPTED as ${GOOGLE_PRINCIPAL} through pool-google-producer`;
  await expectText(outcome, (text) => text.startsWith(accepted), 'the outcome card');
  await expectPoolBadge(page, 0, 'match');
  await expectPoolBadge(page, 1, 'match');
  await expectText(page.locator('.pool-card').nth(1).locator('.badge.refused'), /refused/, 'the shared-issuer refusal');
  const token = await page.getByLabel('Token', { exact: true }).inputValue();
  expect(token.startsWith('eyJ'), 'the example filled the Token field');
  await expectText(page.locator('.clock-mode'), 'fixed', 'the clock mode');

  const filter = page.getByLabel('Filter', { exact: true }).nth(0);
  const original = await filter.inputValue();
  const extra = " && claims.aud == 'someone-else'";
  await filter.press('End');
  await filter.pressSequentially(extra);
  await expectPoolBadge(page, 0, 'no match');
  await expectText(outcome, /^REFUSED NO_MATCHING_POOL/, 'the outcome card');
  await expectText(page.locator('.pool-card').nth(0).locator('.steps'), /someone-else/, 'the explanation');

  for (let i = 0; i < extra.length; i += 1) await filter.press('Backspace');
  expect((await filter.inputValue()) === original, 'the filter is back to the original');
  await expectPoolBadge(page, 0, 'match');
  await expectText(outcome, (text) => text.startsWith(accepted), 'the outcome card');
}

async function showsWhereAFilterBreaksAndWhyAKeyIsMissing(page, app) {
  await openExample(page, app, 'Keycloak');
  await expectText(page.getByRole('status'), /^REFUSED KID_LOOKUP_FAILED/, 'the outcome card');
  await expectText(page.locator('.stage.failed'), /key.*no key with kid/, 'the failed stage');
  const filter = page.getByLabel('Filter', { exact: true }).nth(0);
  await filter.fill('claims.sub == ');
  await expectPoolBadge(page, 0, 'error');
  await expectText(page.locator('pre.caret'), /\^$/, 'the caret under the error');
  await page.getByLabel('Scenario JSON to import').fill('{"version": 1, "pools": [{"id": 7}]}');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expectText(page.locator('.import-error'), /\/pools\/0/, 'the import error path');
}

/** Times a filter keystroke with an example loaded: from the input event to
 * the outcome card's change (reducer, simulation and render), median of 20. */
async function timesAFilterKeystroke(page, app) {
  await openExample(page, app, 'Google');
  const times = await page.evaluate(async () => {
    const area = document.querySelector('textarea.filter-input');
    const verdict = document.querySelector('.outcome-verdict');
    const original = area.value;
    const samples = [];
    for (let i = 0; i < 20; i += 1) {
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
        observer.observe(verdict, { subtree: true, childList: true, characterData: true });
        setTimeout(() => { observer.disconnect(); resolve(); }, 2000);
      });
      const started = performance.now();
      area.value = i % 2 === 0 ? `${original} && false` : original;
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await changed;
      samples.push(performance.now() - started);
    }
    return samples.sort((a, b) => a - b);
  });
  const median = times[Math.floor(times.length / 2)];
  console.log(`     filter keystroke to outcome: median ${median.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
  expect(median < 100, `a filter keystroke takes ${median} ms`);
}

const SCENARIOS = [
  typesATokenAndReadsItsClaims,
  loadsATokenFromTheFragment,
  followsAFragmentChangedOnTheOpenPage,
  movingTheClockUpdatesTheBadges,
  explainsInputThatIsNotAToken,
  followsTheSystemColourScheme,
  editsAPoolFilterFromMatchToNoMatchAndBack,
  showsWhereAFilterBreaksAndWhyAKeyIsMissing,
  timesAFilterKeystroke,
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
