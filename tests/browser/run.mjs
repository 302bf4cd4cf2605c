// Browser tests: serve the release build in dist/, open it in headless Chromium and use it
// like a person would. Every scenario fails on a console error, an uncaught page error or
// any request that leaves the local server.
//   node tests/browser/run.mjs            (after `trunk build --release`)
//   ONLY=embed node tests/browser/run.mjs (only the scenarios whose name contains "embed")
import { spawn } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
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
const keyFixture = (name) => readFileSync(join(root, 'tests/fixtures/keys', name), 'utf8');
// rsa-2048-a, ec-p256, rsa-2048-b; PS256.jwt is signed by rsa-2048-b, RS384.jwt by rsa-3072.
const JWKS_THREE = keyFixture('jwks-three.json');
const PS256 = keyFixture('tokens/PS256.jwt').trim();
const RS384 = keyFixture('tokens/RS384.jwt').trim();
const HS256 = keyFixture('tokens/HS256.jwt').trim();
const HS256_SECRET = keyFixture('hmac-hs256.secret.b64url').trim();
const JWKS_URI = 'https://idp.poolcheck.example/.well-known/jwks.json';
const DISCOVERY = JSON.stringify({ issuer: 'https://idp.poolcheck.example/', jwks_uri: JWKS_URI });

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

async function verifiesATokenAgainstAJwksOfThreeKeys(page, app) {
  await page.goto(app.origin);
  await page.getByLabel('Token', { exact: true }).fill(PS256);
  await expectText(signatureVerdict(page), 'Signature not checked: paste keys', 'the verdict without keys');
  await page.getByLabel('Keys', { exact: true }).fill(JWKS_THREE);
  await expectText(signatureVerdict(page), 'Signature valid — key rsa-2048-b (#3)', 'the verdict');
  await expectText(page.locator('table.keys tr.chosen td.key-kid code'), 'rsa-2048-b', 'the chosen key');
  await expectText(keyRow(page, 'rsa-2048-b').locator('.reason-label'), 'verified', 'the chosen key\'s reason');
  await expectText(keyRow(page, 'ec-p256').locator('.reason-label'), 'kid differs', 'another key\'s reason');
  await expectText(keyRow(page, 'ec-p256').locator('.key-shape'), 'P-256', 'the curve');
  await expectText(keyRow(page, 'rsa-2048-a').locator('.key-shape'), '2048 bits', 'the RSA size');
  await expectText(keyRow(page, 'rsa-2048-a').locator('.key-thumbprint'), /^[A-Za-z0-9_-]{43}$/, 'the thumbprint');
  expect(!page.url().includes('keys'), `the keys went into the URL: ${page.url()}`);
}

async function saysWhyATokenFromAnotherKeyIsNotValid(page, app) {
  await page.goto(app.origin);
  await page.getByLabel('Keys', { exact: true }).fill(JWKS_THREE);
  await expectText(signatureVerdict(page), 'Signature not checked: paste a token', 'the verdict without a token');
  await page.getByLabel('Token', { exact: true }).fill(RS384);
  await expectText(signatureVerdict(page), 'Signature not valid: no key has kid "rsa-3072"', 'the verdict');
  await expectClasses(signatureVerdict(page), 'invalid', 'the verdict');
  const reasons = await page.locator('table.keys .reason-label').allTextContents();
  expect(JSON.stringify(reasons) === JSON.stringify(['kid differs', 'kid differs', 'kid differs']),
    `the reasons are ${JSON.stringify(reasons)}`);
  expect(await page.locator('table.keys tr.chosen').count() === 0, 'a key is highlighted');
}

async function checksAnHmacSecretInTheEncodingTheUserPicks(page, app) {
  await page.goto(app.origin);
  // The workshop tokens use a 25-byte secret: it matches, but HS256 needs 32 bytes.
  await page.getByLabel('Token', { exact: true }).fill(VALID_UNTIL_2030);
  await page.getByLabel('Keys are', { exact: true }).selectOption({ label: 'HMAC secret (text)' });
  await page.getByLabel('Keys', { exact: true }).fill('poolcheck-workshop-secret');
  await expectText(signatureVerdict(page), 'Signature not valid: the only fitting keys are too weak to trust', 'the weak-secret verdict');
  await expectText(page.locator('table.keys .reason-label'), 'weak key, refused', 'the secret\'s reason');
  await expectText(page.locator('table.keys .reason-detail'), /25 bytes.*the signature matches/, 'the secret\'s detail');
  await expectText(page.locator('table.keys .key-warnings'), /shorter than the hash output/, 'the secret\'s warning');
  // A 32-byte secret given in base64url: wrong while read as text, right once the user says so.
  await page.getByLabel('Token', { exact: true }).fill(HS256);
  await page.getByLabel('Keys', { exact: true }).fill(HS256_SECRET);
  await expectText(signatureVerdict(page), 'Signature not valid: the signature does not match any fitting key',
    'the verdict for base64url read as text');
  await page.getByLabel('Keys are', { exact: true }).selectOption({ label: 'HMAC secret (base64url)' });
  await expectText(signatureVerdict(page), 'Signature valid — key #1', 'the verdict');
}

async function readsADroppedKeyFile(page, app) {
  await page.goto(app.origin);
  await page.getByLabel('Token', { exact: true }).fill(PS256);
  await dropFile(page, 'jwks-three.json', JWKS_THREE);
  await expectText(signatureVerdict(page), 'Signature valid — key rsa-2048-b (#3)', 'the verdict');
  const field = await page.getByLabel('Keys', { exact: true }).inputValue();
  expect(field === JWKS_THREE, 'the Keys field does not hold the dropped file');
  await expectText(page.locator('.keys-notice'), /^Read jwks-three\.json/, 'the notice');
  await dropFile(page, 'huge.json', 'x'.repeat(1024 * 1024 + 1));
  await expectText(page.locator('.keys-notice'), /huge\.json is 1048577 bytes; the limit is 1048576/, 'the size refusal');
  expect(await page.getByLabel('Keys', { exact: true }).inputValue() === JWKS_THREE, 'a refused file replaced the keys');
}

async function fetchesTheKeySetOnlyWhenAsked(page, app) {
  let requests = 0;
  // Stands in for the identity provider, which sends CORS headers as most do.
  await page.route(JWKS_URI, (route) => {
    requests += 1;
    return route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JWKS_THREE });
  });
  await page.goto(app.origin);
  await page.getByLabel('Token', { exact: true }).fill(PS256);
  await page.getByLabel('Keys', { exact: true }).fill(DISCOVERY);
  await expectText(page.locator('.discovery-issuer'), 'https://idp.poolcheck.example/', 'the issuer');
  await expectText(page.locator('.discovery-jwks-uri'), JWKS_URI, 'the jwks_uri');
  await expectText(signatureVerdict(page), /^Signature not checked: a discovery document holds no keys/, 'the verdict');
  await page.waitForTimeout(300);
  expect(requests === 0, `${requests} request(s) before the click`);
  await page.getByRole('button', { name: 'Fetch the key set' }).click();
  await expectText(signatureVerdict(page), 'Signature valid — key rsa-2048-b (#3)', 'the verdict after fetching');
  expect(await page.getByLabel('Keys', { exact: true }).inputValue() === JWKS_THREE, 'the Keys field does not hold the fetched set');
  expect(requests === 1, `${requests} requests after one click`);
}

async function explainsAFetchTheBrowserBlocked(page, app) {
  // A refused CORS request and an unreachable server look the same to the page (Playwright's
  // fulfilled responses skip the CORS check, so the request fails at the network instead).
  await page.route(JWKS_URI, (route) => route.abort('failed'));
  await page.goto(app.origin);
  await page.getByLabel('Keys', { exact: true }).fill(DISCOVERY);
  await page.getByRole('button', { name: 'Fetch the key set' }).click();
  await expectText(page.locator('.keys-notice.error'),
    `Could not fetch ${JWKS_URI}: the browser blocked the request or the server is unreachable: CORS not allowed or offline; download it yourself and paste it`,
    'the fetch failure');
  expect(await page.getByLabel('Keys', { exact: true }).inputValue() === DISCOVERY, 'the discovery document was replaced');
}
// Chromium reports the failed request on the console; that failure is what is under test.
explainsAFetchTheBrowserBlocked.allowedConsoleErrors = [/^Failed to load resource: net::ERR_FAILED$/];

// ---------------------------------------------------------------- identity pools

const GOOGLE_PRINCIPAL = 'kafka-producer@poolcheck-demo.iam.gserviceaccount.com';

async function openExample(page, app, label) {
  await page.goto(app.origin);
  await page.getByRole('button', { name: 'Identity pools' }).click();
  await page.getByRole('button', { name: label, exact: true }).click();
  // The example is fetched on the click: its title says it arrived.
  await page.locator('.scenario-title h3').waitFor();
}

const poolBadge = (page, index) => page.locator('.pool-card').nth(index).locator('h4 .badge').first();

async function expectPoolBadge(page, index, text, tone = text.replace(' ', '-')) {
  const badge = poolBadge(page, index);
  await expectText(badge, text, `pool ${index}'s badge`);
  const classes = await badge.getAttribute('class');
  const wanted = tone;
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

async function sharesAScenarioInTheLinkFragment(page, app) {
  await openExample(page, app, 'Okta');
  await page.getByRole('button', { name: 'Export scenario JSON' }).click();
  const href = await page.locator('a.share-link').getAttribute('href');
  expect(href.startsWith('#scenario='), `the share link is ${href.slice(0, 40)}`);
  // A fresh page opened from the link shows the same outcome.
  await page.goto('about:blank');
  await page.goto(app.origin + '/' + href);
  await expectText(page.getByRole('status'), /^ACCEPTED as 0oa9poolcheckdemo5d7 through pool-okta-producers/, 'the outcome card');
  expect(!page.url().includes('?'), `the scenario went into a query string: ${page.url()}`);
}

async function showsWhereAFilterBreaksAndWhyAKeyIsMissing(page, app) {
  await openExample(page, app, 'Keycloak');
  await expectText(page.getByRole('status'), /^REFUSED KID_LOOKUP_FAILED/, 'the outcome card');
  await expectText(page.locator('.stage.failed'), /key.*no key with kid/, 'the failed stage');
  const filter = page.getByLabel('Filter', { exact: true }).nth(0);
  await filter.fill('claims.sub == ');
  await expectPoolBadge(page, 0, 'does not compile', 'error');
  await expectText(page.locator('pre.caret'), /\^$/, 'the caret under the error');
  await page.getByLabel('Scenario JSON to import').fill('{"version": 1, "pools": [{"id": 7}]}');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expectText(page.locator('.import-error'), /\/pools\/0/, 'the import error path');
}

/** One pasted form everywhere: `Bearer …` verifies on the Token view and is accepted on the
 * Identity pools view, as the bare token is. */
async function acceptsABearerTokenOnEveryView(page, app) {
  const okta = JSON.parse(readFileSync(join(root, 'examples/scenarios/okta.json'), 'utf8'));
  await openExample(page, app, 'Okta');
  await page.getByLabel('Token', { exact: true }).fill(`Bearer ${okta.token}`);
  await page.getByLabel('Keys', { exact: true }).fill(JSON.stringify(okta.providers[0].jwks));
  await expectText(page.getByRole('status'), /^ACCEPTED as 0oa9poolcheckdemo5d7 through pool-okta-producers/, 'the outcome card');
  await page.getByRole('button', { name: 'Token', exact: true }).click();
  await expectText(signatureVerdict(page), /^Signature valid — key /, 'the verdict');
  expect((await page.getByLabel('Token', { exact: true }).inputValue()).startsWith('Bearer '), 'the field keeps what was pasted');
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

/** The Okta example with `count` pools: every tenth admits the example's token. */
function manyPoolsScenario(count) {
  const okta = JSON.parse(readFileSync(join(root, 'examples/scenarios/okta.json'), 'utf8'));
  const [model] = okta.pools;
  okta.pools = Array.from({ length: count }, (_, i) => ({
    ...model,
    id: `pool-gen-${i}`,
    name: `Generated pool ${i}`,
    filter: i % 10 === 0 ? model.filter : `claims.aud == 'api://other-${i}' && claims.sub.startsWith('svc-')`,
  }));
  return okta;
}

// The Identity pools view at 100, 300 and 1,000 pools, opened from a share link: the time to
// open it, and per keystroke in the Token field (the token switching between one the pools
// judge and one from another issuer), the time until the outcome card changed and until the
// next frame (every visible badge updated). Figures, not targets: printed, and only a gross
// regression fails.
/**
 * Records, on the page's own clock (ms from navigation start), when each selector first matched
 * in every page `page` loads from now on, and when the frame that showed it had been drawn (the
 * task after that frame's animation callbacks): an observer installed before the page's
 * scripts, so neither the test's polling nor its round trips to the browser count.
 * `firstShown(page)` waits for them and gives the frame times.
 */
async function recordFirstAppearance(page, selectors) {
  await page.addInitScript((wanted) => {
    const shown = {};
    window.__firstShown = shown;
    const matched = new Set();
    const observer = new MutationObserver(() => {
      for (const selector of wanted) {
        if (matched.has(selector) || !document.querySelector(selector)) continue;
        matched.add(selector);
        requestAnimationFrame(() => setTimeout(() => { shown[selector] = performance.now(); }, 0));
      }
      if (matched.size === wanted.length) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  }, selectors);
}

async function firstShown(page, selectors) {
  await page.waitForFunction((wanted) => wanted.every((selector) => selector in (window.__firstShown ?? {})), selectors);
  return page.evaluate(() => window.__firstShown);
}

async function timesTheIdentityPoolsViewAtScale(page, app) {
  const auth0 = JSON.parse(readFileSync(join(root, 'examples/scenarios/auth0.json'), 'utf8'));
  await recordFirstAppearance(page, ['.pool-card', '.outcome-verdict']);
  for (const count of [100, 300, 1000]) {
    const scenario = manyPoolsScenario(count);
    const fragment = `#scenario=${Buffer.from(JSON.stringify(scenario)).toString('base64url')}&view=pools`;
    await page.goto('about:blank');
    const started = Date.now();
    await page.goto(`${app.origin}/${fragment}`);
    await page.locator('.pool-card').first().waitFor();
    await page.locator('.outcome-verdict').waitFor();
    const byTest = Date.now() - started;
    const shown = await firstShown(page, ['.pool-card', '.outcome-verdict']);
    const opened = Math.max(shown['.pool-card'], shown['.outcome-verdict']).toFixed(0);
    const timings = await page.evaluate(async ([tokens]) => {
      const area = document.getElementById('token');
      const verdict = document.querySelector('.outcome-verdict');
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const outcome = [];
      const painted = [];
      for (let i = 0; i < 20; i += 1) {
        const changed = new Promise((resolve) => {
          const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
          observer.observe(verdict, { subtree: true, childList: true, characterData: true });
          setTimeout(() => { observer.disconnect(); resolve(); }, 5000);
        });
        const begun = performance.now();
        area.value = tokens[i % 2];
        area.dispatchEvent(new InputEvent('input', { bubbles: true }));
        await changed;
        outcome.push(performance.now() - begun);
        await frame();
        painted.push(performance.now() - begun);
      }
      const sorted = (list) => list.sort((a, b) => a - b);
      return { outcome: sorted(outcome), painted: sorted(painted), nodes: document.getElementsByTagName('*').length };
    }, [[auth0.token, scenario.token]]);
    const pick = (list, q) => list[Math.min(list.length - 1, Math.floor(list.length * q))];
    console.log(`     ${count} pools: opened in ${opened} ms (${byTest} ms by the test's clock, from before navigating to after polling); token keystroke to outcome p50 ${pick(timings.outcome, 0.5).toFixed(1)} ms, p95 ${pick(timings.outcome, 0.95).toFixed(1)} ms; to next frame p95 ${pick(timings.painted, 0.95).toFixed(1)} ms; ${timings.nodes} DOM nodes`);
    expect(pick(timings.painted, 0.95) < 2000, `a token keystroke with ${count} pools took ${pick(timings.painted, 0.95)} ms`);
    if (count > 20) {
      expect(await page.locator('.pool-card').count() === 20, 'a long list renders 20 cards');
    }
  }
  // The cards caught up with the last keystroke, the scenario's own token (a long list draws
  // them in the task after the outcome card): the first one judged and explained again.
  await expectPoolBadge(page, 0, 'match');
  await expectText(page.locator('.pool-card').first().locator('.filter-explanation'), /claims\./, 'the first card\'s explanation');
  // The matching pools come first, and the browser draws cards only on screen
  // (content-visibility) while every card's content stays current: the last one, far below
  // the fold and never scrolled to, has the last token's verdict (the other token's would
  // leave it not evaluated).
  await expectText(page.locator('.pool-list-summary'), /^1000 pools, 100 matching the token; showing 20 of 1000/, 'the summary');
  await expectPoolBadge(page, 19, 'match');
  await expectText(page.locator('.pool-card').nth(19).locator('.filter-explanation'), /claims\./, 'the last card\'s explanation');
  // Search narrows the list; the matching pools come first.
  await page.getByLabel('Search pools (ID, name or filter)').fill('pool-gen-99');
  await expectText(page.locator('.pool-list-summary'), /showing 11 of 11 found/, 'the search summary');
  await page.getByLabel('Search pools (ID, name or filter)').fill('');
  await expectPoolBadge(page, 0, 'match');
  await page.getByRole('button', { name: /^Show 20 more/ }).click();
  expect(await page.locator('.pool-card').count() === 40, 'Show more renders 20 more cards');
  // A card whose filter is being typed stays where it is, even once it no longer matches.
  const first = page.locator('.pool-card').first();
  const title = (await first.locator('h4').textContent()).replace(/ match.*$/, '');
  await first.getByLabel('Filter').fill("claims.sub == 'nobody'");
  await expectText(first.locator('h4 .badge').first(), 'no match', 'the edited pool\'s badge');
  expect((await page.locator('.pool-card').first().locator('h4').textContent()).startsWith(title), 'the edited card stayed first');
  expect(await page.locator('.pool-card').first().getByLabel('Filter').evaluate((field) => field === document.activeElement), 'the edited filter kept the focus');
  // Removing a pool by keyboard: the next pool takes the card's place, and the focus leaves
  // the Remove button, so a second Enter removes nothing more.
  const removed = await first.locator('h4').textContent();
  await first.getByRole('button', { name: 'Remove pool' }).focus();
  await page.keyboard.press('Enter');
  await expectText(page.locator('.pool-list-summary'), /^999 pools/, 'the summary after a removal');
  await page.keyboard.press('Enter');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 250))));
  const summary = await page.locator('.pool-list-summary').textContent();
  expect(summary.startsWith('999 pools'), `a second Enter removed another pool: ${summary}`);
  expect((await page.locator('.pool-card').first().locator('h4').textContent()) !== removed, 'the removed pool\'s card is gone');
}

// Start: from navigation to a Token field the user can type in (the app rendered it, with its
// listeners, the wasm running), on the page's own clock once the frame showing it was drawn;
// median of five loads.
// The figure once the test has polled for the field and typed in it is printed beside it.
// A figure, not a target.
async function timesTheStart(page, app) {
  const samples = [];
  const polled = [];
  await recordFirstAppearance(page, ['#token']);
  for (let i = 0; i < 5; i += 1) {
    await page.goto('about:blank');
    await page.goto(app.origin, { waitUntil: 'commit' });
    await page.locator('#token').waitFor();
    samples.push((await firstShown(page, ['#token']))['#token']);
    polled.push(await page.evaluate(() => new Promise((resolve) => {
      // The field exists once the first render ran; usable means it takes input now.
      const field = document.getElementById('token');
      field.addEventListener('input', () => resolve(performance.now()), { once: true });
      field.value = 'x';
      field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    })));
  }
  samples.sort((a, b) => a - b);
  polled.sort((a, b) => a - b);
  console.log(`     load to a usable Token field: median ${samples[2].toFixed(0)} ms (${samples.map((t) => t.toFixed(0)).join(', ')}; ${polled[2].toFixed(0)} ms once the test has polled for it and typed)`);
  expect(samples[2] < 5000, `the app took ${samples[2]} ms to start`);
}

// ---------------------------------------------------------------- hostile input

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** About 65 KB: `l` holds the integers 0 to 9,999. Decoding needs no valid signature. */
const BIG_LIST_TOKEN = [
  base64url({ alg: 'HS256', typ: 'JWT' }),
  base64url({ iss: 'https://accounts.google.com', sub: 'big-list', l: Array.from({ length: 10_000 }, (_, i) => i) }),
  Buffer.from('not a real signature').toString('base64url'),
].join('.');
const NESTED_MACROS = 'claims.l.all(x, claims.l.all(y, y >= 0))';
const BUDGET_MESSAGE = /^Evaluation failed \(counts as no match\): evaluation exceeded its budget of 1000000 steps \(estimated \d+\)/;
const NESTED_MAPS = 'size(claims.l.map(x, claims.l.map(y, y))) > 0';
const INDEX_CHAIN = `claims.l${'[0]'.repeat(1000)}`;
const DEPTH_MESSAGE = /^1:\d+: the filter is nested too deeply \(more than 180 levels\)$/;

/** Pastes `filter` into the first pool and waits for `message` in its card; returns the ms
 * from the paste to the message. */
async function pasteFilterAndTime(page, filter, locator, message, what) {
  const started = performance.now();
  await page.getByLabel('Filter', { exact: true }).nth(0).fill(filter);
  await expectText(locator, message, what);
  return performance.now() - started;
}

/** A keystroke at the start of the Token field spoils the header: the page must still
 * handle it (the outcome changes) and recover once it is deleted. */
async function expectTheTokenFieldStillWorks(page) {
  const token = page.getByLabel('Token', { exact: true });
  await token.press('Control+Home');
  await token.press('x');
  await expectText(page.getByRole('status'), /^REFUSED JWT_PROCESSING_FAILED .*the header is not strict base64url/, 'the outcome after a keystroke in the Token field');
  await token.press('Backspace');
  expect((await token.inputValue()) === BIG_LIST_TOKEN, 'the Token field is back to the big-list token');
}

/** The hostile inputs: filters whose nested macros would take 10^8 steps over a
 * 10,000-element claim, and a 1,000-index chain. Each is refused within a second, and the
 * page keeps working (a panic or stack overflow in wasm would kill it). */
async function refusesHostileFiltersQuicklyAndKeepsWorking(page, app) {
  await openExample(page, app, 'Google');
  await page.getByLabel('Token', { exact: true }).fill(BIG_LIST_TOKEN);
  const card = page.locator('.pool-card').nth(0);
  await expectText(card.locator('.steps'), /\S/, 'the explanation for the big-list token');
  const budget = ['.filter-explanation > .step-error', BUDGET_MESSAGE, 'the budget message', 'error', 'error'];
  const depth = ['.compile-error .step-error', DEPTH_MESSAGE, 'the depth error', 'does not compile', 'error'];
  const timings = [];
  for (const [name, filter, [selector, message, what, badge, tone]] of [
    ['nested all', NESTED_MACROS, budget], ['index chain', INDEX_CHAIN, depth], ['nested map', NESTED_MAPS, budget],
  ]) {
    const ms = await pasteFilterAndTime(page, filter, card.locator(selector), message, `${what} (${name})`);
    await expectPoolBadge(page, 0, badge, tone);
    await expectTheTokenFieldStillWorks(page);
    await expectText(card.locator(selector), message, `${what} once the token is back`);
    timings.push(`${name} ${ms.toFixed(0)} ms`);
    expect(ms < 1000, `${what} (${name}) took ${ms.toFixed(0)} ms after the paste`);
  }
  console.log(`     paste to message: ${timings.join(', ')}`);
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
  // The registered chain is followed to its root: leaf, registered intermediate, registered root.
  await expectText(page.locator('.chain-link').nth(1).locator('.chain-role'), 'Intermediate', 'the intermediate link');
  await expectText(page.locator('.chain-link').nth(1).locator('.help'), /^registered/, 'where the intermediate comes from');
  await expectText(page.locator('.chain-link').nth(2).locator('.chain-role'), 'Registered CA', 'the anchor link');
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
  await dropFileOn(page.locator('#client-certificate'), 'other-ca-client.pem', certFixture('client-other-ca.pem'));
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
async function dropFileOn(locator, name, text) {
  await locator.evaluate((element, [fileName, content]) => {
    const data = new DataTransfer();
    data.items.add(new File([content], fileName, { type: 'application/x-pem-file' }));
    element.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    element.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [name, text]);
}

// ---------------------------------------------------------------- embeds

const scenarioFile = (name) => readFileSync(join(root, 'examples/scenarios', name), 'utf8');
const textBase64url = (text) => Buffer.from(text, 'utf8').toString('base64url');
const escapeHtml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

/** A documentation page on a second origin with the four kinds of embed. */
function docsPage(app) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Docs</title><link rel="icon" href="data:,">
<style>body { font: 16px serif; max-width: 50rem; margin: 2rem auto; } iframe { outline: 1px solid red; }</style>
<script type="module" src="${app.origin}/embed.js"></script></head><body>
<h1>Identity pools, explained</h1>
<p>A token:</p>
<poolcheck-embed id="token" view="token" token="${VALID_UNTIL_2030}" now="${NOW}"></poolcheck-embed>
<p>A filter you can edit:</p>
<poolcheck-embed id="filter" view="filter" token="${VALID_UNTIL_2030}" now="${NOW}">claims.sub == 'orders-service' &amp;&amp; 'kafka-writers' in claims.groups</poolcheck-embed>
<p>A scenario from this site:</p>
<poolcheck-embed id="pools" view="pools" src="/scenarios/auth0.json" readonly></poolcheck-embed>
<p>Certificates:</p>
<poolcheck-embed id="certificates" view="certificates" theme="dark" scenario="${textBase64url(scenarioFile('mtls.json'))}"></poolcheck-embed>
</body></html>`;
}

async function withDocsHost(app, run) {
  const host = await serve(join(root, 'examples'), {
    mount: '/nothing-else/',
    pages: {
      '/docs.html': ['text/html; charset=utf-8', docsPage(app)],
      '/scenarios/auth0.json': ['application/json', scenarioFile('auth0.json')],
    },
  });
  try {
    return await run(host);
  } finally {
    await host.close();
  }
}

const embedFrame = (page, id) => page.frameLocator(`poolcheck-embed#${id} >> iframe`);

/** The frame's height follows its content: no inner scroll bar, no empty band. */
async function expectFittedHeight(page, id) {
  const frameElement = page.locator(`poolcheck-embed#${id} >> iframe`);
  let last;
  for (let tries = 0; tries < 50; tries += 1) {
    const outer = await frameElement.evaluate((frame) => frame.getBoundingClientRect().height);
    const frame = await (await frameElement.elementHandle()).contentFrame();
    const content = await frame.evaluate(() => ({
      body: document.body.getBoundingClientRect().height,
      scroll: document.documentElement.scrollHeight,
      client: document.documentElement.clientHeight,
    }));
    last = { outer, ...content };
    if (Math.abs(outer - Math.ceil(content.body)) <= 1 && content.scroll <= content.client) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Failure(`embed ${id}: the frame does not fit its content: ${JSON.stringify(last)}`);
}

async function embedsLiveViewsInADocsPage(page, app) {
  await withDocsHost(app, async (host) => {
    page.allowOrigin(host.origin);
    await page.goto(`${host.origin}/docs.html`);
    const token = embedFrame(page, 'token');
    await expectText(token.locator('tr', { hasText: 'sub' }).first(), /orders-service/, 'the token embed');
    const filter = embedFrame(page, 'filter');
    await expectText(filter.locator('.filter-embed .badge').first(), 'match', 'the filter embed badge');
    const pools = embedFrame(page, 'pools');
    await expectText(pools.locator('.outcome'), /ACCEPTED|accepted/i, 'the pools embed outcome');
    expect((await pools.locator('textarea, input').count()) === 0, 'the read-only pools embed has editors');
    const certificates = embedFrame(page, 'certificates');
    await expectText(certificates.locator('.mtls-outcome'), /\S/, 'the certificates embed outcome');
    const theme = await certificates.locator('html').getAttribute('data-theme');
    expect(theme === 'dark', `the certificates embed theme is ${theme}`);
    for (const id of ['token', 'filter', 'pools', 'certificates']) await expectFittedHeight(page, id);

    // The reader edits the filter: the badge follows.
    const field = filter.getByRole('textbox', { name: 'Filter' });
    await field.fill("claims.sub == 'someone-else'");
    await expectText(filter.locator('.filter-embed .badge').first(), 'no match', 'the edited filter badge');
    await expectFittedHeight(page, 'filter');

    // "Open in poolcheck": the full app, in a new tab, with the embed's state.
    const [opened] = await Promise.all([
      page.context().waitForEvent('page'),
      filter.getByRole('link', { name: 'Open in poolcheck' }).click(),
    ]);
    await opened.waitForLoadState();
    expect(opened.url().startsWith(`${app.origin}/`), `opened ${opened.url()}`);
    await expectText(opened.getByRole('heading', { name: 'Identity pools' }).first(), 'Identity pools', 'the full app');
    const opened_filter = await opened.locator('.pool-card textarea').first().inputValue();
    expect(opened_filter === "claims.sub == 'someone-else'", `the full app's filter is ${opened_filter}`);
    await expectPoolBadge(opened, 0, 'no match');
    await opened.close();
  });
}

async function timesAnEmbedFromInsertionToResult(page, app) {
  await withDocsHost(app, async (host) => {
    page.allowOrigin(host.origin);
    await page.goto(`${host.origin}/docs.html`);
    const times = [];
    for (let run = 0; run < 10; run += 1) {
      const ms = await page.evaluate(async ({ token, now, run }) => {
        const element = document.createElement('poolcheck-embed');
        element.id = `timed-${run}`;
        element.setAttribute('view', 'filter');
        element.setAttribute('token', token);
        element.setAttribute('now', String(now));
        element.textContent = "claims.sub == 'orders-service'";
        const started = performance.now();
        document.body.append(element);
        return started;
      }, { token: VALID_UNTIL_2030, now: NOW, run });
      const frame = embedFrame(page, `timed-${run}`);
      await expectText(frame.locator('.filter-embed .badge').first(), 'match', 'the timed embed');
      const done = await page.evaluate(() => performance.now());
      times.push(done - ms);
    }
    times.sort((a, b) => a - b);
    console.log(`     embed insertion to first result: median ${times[5].toFixed(0)} ms (10 runs, ${times[0].toFixed(0)}–${times[9].toFixed(0)} ms)`);
  });
}

async function worksUnderASubPath(page, app) {
  const sub = await serve(dist, { mount: '/tools/poolcheck/' });
  try {
    page.allowOrigin(sub.origin);
    await page.goto(`${sub.origin}/tools/poolcheck/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
    await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim under a sub-path');
    await openExample(page, { origin: `${sub.origin}/tools/poolcheck/` }, 'Auth0');
    await expectPoolBadge(page, 0, 'match');
  } finally {
    await sub.close();
  }
}

/** A host that sends the wasm as `application/octet-stream`: streaming compilation refuses it,
 * and the app still starts (boot.js hands the response to the glue's slower path). */
// The app's wasm comes in two files (scripts/split-wasm.mjs): the Token and Identity pools
// views never run the late one, and the first view that does loads it on the spot. Here it is
// never fetched ahead (as in an embed), so any use shows as a synchronous request.
async function loadsItsLateCodeOnlyWhenAViewNeedsIt(page, app) {
  const loads = [];
  await page.route('**/*_late.wasm', (route) => {
    if (route.request().resourceType() !== 'xhr') return route.abort();
    loads.push(route.request().url());
    return route.continue();
  });
  await page.goto(`${app.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
  await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim');
  await page.getByLabel('Keys', { exact: true }).fill(JWKS_THREE);
  await page.getByLabel('Token', { exact: true }).fill(PS256);
  await expectText(signatureVerdict(page), 'Signature valid — key rsa-2048-b (#3)', 'the verdict');
  await page.getByRole('button', { name: 'Identity pools' }).click();
  await page.getByRole('button', { name: 'Okta', exact: true }).click();
  await page.locator('.scenario-title h3').waitFor();
  await page.getByLabel('Filter', { exact: true }).nth(0).fill("claims.aud == 'elsewhere'");
  await expectPoolBadge(page, 0, 'no match');
  expect(loads.length === 0, `the Token and Identity pools views loaded ${loads.join(', ')}`);

  await page.getByRole('button', { name: 'Certificates', exact: true }).click();
  await page.getByRole('button', { name: 'Load mTLS example' }).click();
  await expectText(page.locator('.outcome-headline'), 'Accepted as orders-service', 'the mTLS outcome');
  expect(loads.length === 1, `the Certificates view loaded the late code ${loads.length} times`);
}
// The fetch ahead of use, refused by the route above, is reported on the console.
loadsItsLateCodeOnlyWhenAViewNeedsIt.allowedConsoleErrors = [/^Failed to load resource: net::ERR_FAILED$/];

// A late file that cannot be fetched (a deploy that left it out, the network gone): the page
// says so instead of freezing silently.
async function saysSoWhenItsLateCodeCannotLoad(page, app) {
  await page.route('**/*_late.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(app.origin);
  await page.getByRole('button', { name: 'Certificates', exact: true }).click();
  await expectText(page.getByRole('alert').first(), /^poolcheck could not load the rest of its code \(.*_late\.wasm: HTTP 404\)\. Reload the page to go on\.$/, 'the alert');
}
saysSoWhenItsLateCodeCannotLoad.allowedConsoleErrors = [/^Failed to load resource: the server responded with a status of 404/];
saysSoWhenItsLateCodeCannotLoad.allowedPageErrors = [/_late\.wasm: HTTP 404$/];

async function startsWhenTheWasmComesWithAnotherContentType(page) {
  const hashedWasm = readdirSync(dist).find((name) => name.endsWith('_bg.wasm'));
  const bytes = readFileSync(join(dist, hashedWasm));
  const other = await serve(dist, { pages: { [`/${hashedWasm}`]: ['application/octet-stream', bytes] } });
  try {
    page.allowOrigin(other.origin);
    const late = page.waitForResponse((response) => response.url().endsWith('_late.wasm'));
    await page.goto(`${other.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
    await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim, the wasm sent as octet-stream');
    // The late code, fetched once the page has loaded, arrives before the server closes.
    await late;
  } finally {
    await other.close();
  }
}

/** `npx serve dist` as the README's Deploy section says, on a free port; `{ origin, close() }`. */
async function serveWithServe() {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const bin = join(root, 'tests/browser/node_modules/.bin/serve');
  const child = spawn(bin, ['-l', `tcp://127.0.0.1:${port}`, '--no-port-switching', '--no-clipboard', dist], {
    stdio: 'ignore',
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 100; tries += 1) {
    if (await fetch(origin).then((r) => r.ok, () => false)) {
      return { origin, close: () => child.kill() };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Failure(`serve did not start on ${origin}`);
}

async function deploysWithTheDocumentedHeaders(page, app) {
  const server = await serveWithServe();
  try {
    page.allowOrigin(server.origin);
    const headers = async (path) => (await fetch(`${server.origin}${path}`, { headers: { origin: 'https://docs.example.com' } })).headers;
    const hashedWasm = readdirSync(dist).find((name) => name.endsWith('_bg.wasm'));
    const index = await headers('/');
    expect(index.get('cache-control') === 'no-cache', `index.html: cache-control ${index.get('cache-control')}`);
    const embed = await headers('/embed.js');
    expect(embed.get('access-control-allow-origin') === '*', 'embed.js lacks Access-Control-Allow-Origin');
    expect(embed.get('cache-control') === 'no-cache', `embed.js: cache-control ${embed.get('cache-control')}`);
    for (const file of [hashedWasm, hashedWasm.replace(/_bg\.wasm$/, '_late.wasm')]) {
      const wasm = await headers(`/${file}`);
      expect(wasm.get('content-type') === 'application/wasm', `${file}: content-type ${wasm.get('content-type')}`);
      expect(/immutable/.test(wasm.get('cache-control')), `${file}: cache-control ${wasm.get('cache-control')}`);
    }
    // The builder worker is served without a policy of its own (it would govern the worker's
    // fetch and compilation of pkg/poolcheck_bg.wasm), and by a fixed name, so not cached.
    const worker = await headers('/builder-worker.js');
    expect(!worker.has('content-security-policy'), 'builder-worker.js: a Content-Security-Policy header');
    expect(worker.get('cache-control') === 'no-cache', `builder-worker.js: cache-control ${worker.get('cache-control')}`);
    // The service worker and the page it falls back to are revalidated, so updates arrive.
    const sw = await headers('/sw.js');
    expect(sw.get('cache-control') === 'no-cache', `sw.js: cache-control ${sw.get('cache-control')}`);
    expect(/javascript/.test(sw.get('content-type')), `sw.js: content-type ${sw.get('content-type')}`);
    const manifest = await headers('/manifest.webmanifest');
    expect(manifest.get('cache-control') === 'no-cache', `manifest: cache-control ${manifest.get('cache-control')}`);
    // The app and an embed, both from the server the README documents.
    await page.goto(`${server.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
    await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim');
    const { answers } = await askTheBuilderWorker(page, [[1, 'keygen', { alg: 'EdDSA' }]]);
    expect(typeof answers[1].ok === 'string', `the builder worker from serve: ${JSON.stringify(answers[1])}`);
    await withDocsHost(server, async (host) => {
      page.allowOrigin(host.origin);
      await page.goto(`${host.origin}/docs.html`);
      const filter = embedFrame(page, 'filter');
      await expectText(filter.locator('.filter-embed .badge').first(), 'match', 'the filter embed from serve');
    });
  } finally {
    server.close();
  }
}

async function offersEmbedSnippetsForTheScenario(page, app) {
  await openExample(page, app, 'Auth0');
  await page.getByRole('button', { name: 'Export scenario JSON' }).click();
  await page.getByText('Embed', { exact: true }).click();
  const element = await page.getByLabel('<poolcheck-embed> snippet').inputValue();
  expect(element.startsWith(`<script type="module" src="${app.origin}/embed.js"></script>`), `snippet: ${element.slice(0, 120)}`);
  const scenario = /<poolcheck-embed view="pools" scenario="([A-Za-z0-9_-]+)"><\/poolcheck-embed>/.exec(element);
  expect(scenario, `snippet: ${element.slice(0, 200)}`);
  const exported = JSON.parse(Buffer.from(scenario[1], 'base64url').toString('utf8'));
  expect(exported.pools?.length === 2, 'the snippet carries the scenario');
  const iframe = await page.getByLabel('Plain <iframe> snippet (fixed height)').inputValue();
  expect(iframe.startsWith(`<iframe src="${app.origin}/#embed=pools&amp;scenario=${scenario[1]}"`), `iframe: ${iframe.slice(0, 120)}`);
}

// ---------------------------------------------------------------- builder worker

/**
 * In the app's page (its Content-Security-Policy applies): starts builder-worker.js as the app
 * will, sends it `requests` ([id, command, options] with options as a value or JSON text)
 * all at once, and returns the answers by id.
 */
async function askTheBuilderWorker(page, requests) {
  return page.evaluate(async (requests) => {
    const worker = new Worker('./builder-worker.js', { type: 'module' });
    const answers = {};
    const order = [];
    await new Promise((resolve, reject) => {
      worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`));
      worker.onmessage = ({ data }) => {
        answers[data.id] = data;
        order.push(data.id);
        if (order.length === requests.length) resolve();
      };
      for (const [id, command, options] of requests) {
        worker.postMessage({ id, command, options: typeof options === 'string' ? options : JSON.stringify(options) });
      }
    });
    worker.terminate();
    return { answers, order };
  }, requests);
}

async function buildsKeysAndTokensInAWorker(page, app) {
  await page.goto(`${app.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
  await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim');
  const rsa = keyFixture('rsa-2048-a.private.pem');
  const { answers, order } = await askTheBuilderWorker(page, [
    [1, 'keygen', { alg: 'ES256', kid: 'ec-1' }],
    [2, 'sign', { key: keyFixture('ec-p256.private.pem'), kid: 'ec-p256', claims: '{"sub":"svc-1"}', header: ['x-tenant=acme'], now: NOW }],
    [3, 'importKey', { key: rsa, kid: 'rsa-a' }],
    [4, 'importKey', { key: keyFixture('rsa-2048-a.public.pem') }],
    [5, 'sign', { key: rsa, alg: 'ES256' }],
    [6, 'keygen', { alg: 'none' }],
    [7, 'verify', {}],
    [8, 'sign', '{not json'],
  ]);
  expect(order.join() === '1,2,3,4,5,6,7,8', `answered in the order asked: ${order.join()}`);
  const ok = (id) => {
    expect(typeof answers[id].ok === 'string', `request ${id}: ${JSON.stringify(answers[id])}`);
    return JSON.parse(answers[id].ok);
  };
  const key = ok(1);
  expect(key.alg === 'ES256' && key.kid === 'ec-1' && key.private_pem.includes('PRIVATE KEY'), 'keygen ES256');
  const signed = ok(2);
  expect(signed.header.kid === 'ec-p256' && signed.header['x-tenant'] === 'acme' && signed.claims.iat === NOW,
    `sign: ${JSON.stringify(signed.header)}`);
  // Checked by node:crypto against the fixture's public JWK (made by openssl).
  const [header, payload, signature] = signed.token.split('.');
  const verified = cryptoVerify('sha256', Buffer.from(`${header}.${payload}`), {
    key: createPublicKey({ key: JSON.parse(keyFixture('ec-p256.jwk.json')), format: 'jwk' }),
    dsaEncoding: 'ieee-p1363',
  }, Buffer.from(signature, 'base64url'));
  expect(verified, 'the worker\'s ES256 token verifies with node:crypto');
  const imported = ok(3);
  expect(imported.kid === 'rsa-a' && imported.alg === 'RS256', `importKey: ${imported.kid} ${imported.alg}`);
  const codes = [4, 5, 6, 7, 8].map((id) => answers[id].error?.code);
  expect(codes.join() === 'key_does_not_fit,key_does_not_fit,invalid_argument,invalid_argument,invalid_argument',
    `error codes: ${codes.join()}`);
  expect(typeof answers[4].error.message === 'string' && answers[4].error.message.length > 0, 'an error has a message');
}

async function saysWorkerFailedWhenTheApiCannotLoad(page, app) {
  await page.goto(`${app.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
  await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim');
  await page.context().route('**/pkg/poolcheck_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const { answers } = await askTheBuilderWorker(page, [[1, 'keygen', { alg: 'HS256' }], [2, 'keygen', { alg: 'HS256' }]]);
  for (const id of [1, 2]) {
    expect(answers[id].error?.code === 'worker_failed', `request ${id}: ${JSON.stringify(answers[id])}`);
  }
}
saysWorkerFailedWhenTheApiCannotLoad.allowedConsoleErrors = [/^Failed to load resource: the server responded with a status of 404/];

// ---------------------------------------------------------------- accessibility

const AXE = readFileSync(join(root, 'tests/browser/node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA rules on `frame` (a page or a frame): no violations. */
async function expectAxeClean(frame, where) {
  await frame.evaluate(AXE);
  const violations = await frame.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  expect(violations.length === 0, `axe-core on ${where}: ${violations.join('; ')}`);
}

async function openBuild(page, app) {
  await page.goto(`${app.origin}/#now=${NOW}`);
  await page.getByRole('button', { name: 'Build', exact: true }).click();
}

// The builder's worker generates an EC key; the signed token lands in the Token view and is
// valid against the generated public JWKS, put in the Keys field with one click.
async function generatesAKeyAndSignsATokenInTheBuilder(page, app) {
  await openBuild(page, app);
  await page.getByLabel('Algorithm', { exact: true }).selectOption('ES256');
  await page.getByLabel('Key ID (kid) for a new key').fill('workshop-key');
  await page.getByRole('button', { name: 'Generate key' }).click();
  await expectText(page.locator('.key-forms h3'), 'Key workshop-key (ES256)', 'the generated key');
  const jwks = JSON.parse(await page.getByLabel('Public JWKS').inputValue());
  expect(jwks.keys.length === 1 && jwks.keys[0].kid === 'workshop-key' && !('d' in jwks.keys[0]),
    `the public JWKS is ${JSON.stringify(jwks)}`);
  await page.getByRole('button', { name: 'Put the public JWKS in the Keys field' }).click();
  await page.getByLabel('Start from a template').selectOption({ label: 'Okta' });
  await page.getByRole('button', { name: 'New random jti' }).click();
  const claims = JSON.parse(await page.getByLabel('Claims (JSON)').inputValue());
  expect(claims.iss === 'https://poolcheck-demo.okta.com/oauth2/default' && /^[0-9a-f-]{36}$/.test(claims.jti),
    `the claims are ${JSON.stringify(claims)}`);
  await page.getByRole('button', { name: 'Sign with ES256' }).click();
  await page.getByRole('button', { name: 'Open in the Token view' }).click();
  await expectText(signatureVerdict(page), 'Signature valid — key workshop-key (#1)', 'the verdict');
  await expectText(claimValue(page, 'sub'), '0oa9poolcheckdemo5d7', 'the sub claim');

  // Back in the builder with the token's own header and claims, signed again with HS256.
  await page.getByRole('button', { name: 'Edit and re-sign' }).click();
  const resigned = JSON.parse(await page.getByLabel('Claims (JSON)').inputValue());
  expect(resigned.jti === claims.jti, 'the claims came back from the Token view');
  await page.getByLabel('Algorithm', { exact: true }).selectOption('HS256');
  await page.getByLabel('The signing key is').selectOption('secret');
  await page.getByLabel('Private key or secret').fill('too short');
  await page.getByRole('button', { name: 'Sign with HS256' }).click();
  await expectText(page.getByRole('alert'), /an HS256 secret must be at least 32 bytes/, 'the refusal');
}

// RSA generation runs in the worker: the page keeps taking keystrokes meanwhile, and Cancel
// stops it (the worker is terminated) without a key appearing.
async function generatesRsaOffTheMainThreadAndCancels(page, app) {
  await openBuild(page, app);
  await page.getByLabel('Algorithm', { exact: true }).selectOption('RS256');
  await page.getByLabel('Key size').selectOption('4096');
  await page.getByRole('button', { name: 'Generate key' }).click();
  const progress = page.locator('.job-progress');
  await expectText(progress, /Generating an RSA-4096 key/, 'the progress');
  const claims = page.getByLabel('Claims (JSON)');
  await claims.fill('{}');
  const started = performance.now();
  await claims.press('End');
  await claims.pressSequentially(' "typing":1');
  const typed = performance.now() - started;
  expect(await progress.isVisible(), 'the key was generated before typing ended; nothing was measured');
  console.log(`     typed 11 keys in ${typed.toFixed(0)} ms while an RSA-4096 key was being generated`);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await progress.waitFor({ state: 'detached' });
  expect(await page.locator('.key-forms').count() === 0, 'a cancelled key appeared');
  expect(await page.getByRole('button', { name: 'Generate key' }).isEnabled(), 'Generate stays disabled');
  await page.getByLabel('Algorithm', { exact: true }).selectOption('EdDSA');
  await page.getByRole('button', { name: 'Generate key' }).click();
  await expectText(page.locator('.key-forms h3'), /\(EdDSA\)$/, 'a key from a fresh worker');
}

// Work survives a reload (the tab's session storage); a link replaces it and offers it back;
// Forget erases it.
async function keepsTheWorkAcrossAReloadUntilForgotten(page, app) {
  await openExample(page, app, 'Google');
  const filter = page.getByLabel('Filter', { exact: true }).nth(0);
  await filter.fill("claims.aud == 'kept-across-reloads'");
  await expectPoolBadge(page, 0, 'no match');
  await page.waitForTimeout(600); // the save follows a burst of edits after 300 ms
  await page.reload();
  await page.getByRole('button', { name: 'Identity pools' }).click();
  const kept = await page.getByLabel('Filter', { exact: true }).nth(0).inputValue();
  expect(kept === "claims.aud == 'kept-across-reloads'", `after a reload the filter is ${kept}`);
  await expectText(page.locator('.save-notice'), 'Restored the work saved in this browser.', 'the notice');

  await page.goto('about:blank');
  await page.goto(`${app.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
  await expectText(page.locator('.save-notice'), 'This link replaced the work saved in this browser.', 'the notice');
  await page.getByRole('button', { name: 'Restore my saved work' }).click();
  await page.getByRole('button', { name: 'Identity pools' }).click();
  const back = await page.getByLabel('Filter', { exact: true }).nth(0).inputValue();
  expect(back === "claims.aud == 'kept-across-reloads'", `restored, the filter is ${back}`);

  await page.getByRole('button', { name: 'Forget' }).click();
  await expectText(page.locator('.save-notice'), 'Erased everything this page had saved.', 'the notice');
  await page.goto('about:blank');
  await page.goto(app.origin);
  await page.getByRole('button', { name: 'Identity pools' }).click();
  expect(await page.locator('.pool-card').count() === 0, 'the forgotten pools came back');
}

// The workshop pack: a filter exercise solved by typing its answer (badges go green, the
// progress counts it), a hint revealed, and an outcome exercise solved in the Identity pools
// view.
async function solvesWorkshopExercises(page, app) {
  await page.goto(app.origin);
  await page.getByRole('button', { name: 'Workshop', exact: true }).click();
  await page.getByRole('button', { name: 'Load the workshop pack' }).click();
  const progress = page.locator('.workshop-progress');
  await expectText(progress, '0 of 10 solved', 'the progress');
  await expectText(page.locator('.exercise h3 .badge'), 'not solved yet', 'the first exercise');
  const failing = await page.locator('.cases tr.case.failed').count();
  expect(failing > 0, 'a case fails before the exercise is solved');
  await expectText(page.locator('.case-explanation p').first(), /^Why ".+" fails:$/, 'the failing case\'s explanation');
  expect(await page.locator('.case-explanation .steps').count() === 1, 'the explanation has its steps');

  await page.getByRole('button', { name: /^Show a hint \(2 left\)$/ }).click();
  await expectText(page.locator('.hint-list li'), 'The audience is the `aud` claim.', 'the first hint');
  await page.getByRole('button', { name: /^Show a hint \(1 left\)$/ }).waitFor();

  await page.getByLabel('Filter of identity pool pool-okta-orders').fill("claims.aud == 'api://kafka'");
  await expectText(page.locator('.exercise h3 .badge'), 'solved', 'the first exercise');
  expect(await page.locator('.cases tr.case.failed').count() === 0, 'every case passes');
  await expectText(progress, '1 of 10 solved', 'the progress');

  await page.getByRole('button', { name: 'Auth0: the trailing slash' }).click();
  await expectText(page.locator('.exercise h3 .badge'), 'not solved yet', 'the outcome exercise');
  await page.getByRole('button', { name: 'Identity pools', exact: true }).click();
  await page.locator('.provider-card').nth(1).getByLabel('Issuer URI').fill('https://poolcheck-demo.us.auth0.com/');
  await page.getByRole('button', { name: 'Workshop', exact: true }).click();
  await page.getByRole('button', { name: /Auth0: the trailing slash/ }).click();
  await expectText(page.locator('.exercise h3 .badge'), 'solved', 'the outcome exercise');
  await expectText(progress, '2 of 10 solved', 'the progress');
}

// A trainer writes an exercise from what is on the page: the Auth0 example's token becomes the
// first case of a filter exercise, pasted claims the second; expectations flip the badge; a
// paste that is not a token is refused with the reason; the share link carries the exercise.
async function writesAnExerciseInThePage(page, app) {
  await openExample(page, app, 'Auth0');
  await page.getByRole('button', { name: 'Workshop', exact: true }).click();
  await page.getByRole('button', { name: 'Write exercises' }).click();
  await page.getByLabel('Pool for a new filter exercise').selectOption({ label: 'identity pool pool-auth0-apps' });
  await page.getByRole('button', { name: 'New filter exercise' }).click();
  const badge = page.locator('.exercise h3 .badge');
  await expectText(badge, 'solved', 'the new exercise, solved by the filter it was made from');
  await expectText(page.locator('.workshop-progress'), '1 of 1 solved', 'the progress');
  expect(await page.getByLabel('Name of case 1').inputValue() === 'N4xGq7hKc1TzB2mV9pLw@clients', 'the token case is named after its sub');

  await page.getByLabel('Paste a token or claims (JSON)').fill('{"sub": "intruder", "aud": "https://kafka.poolcheck.example/"}');
  await page.getByRole('button', { name: 'Add this case' }).click();
  await expectText(page.locator('.cases tr.case th').nth(1), 'intruder', 'the pasted case');
  expect(await page.getByLabel('Expected result of case 2').inputValue() === 'no_match', 'the pasted case expects what the filter gives it');
  await page.getByLabel('Title', { exact: true }).fill('Machines only');
  await page.getByLabel(/^Instructions/).fill('Admit *only* machine-to-machine tokens.');
  await page.getByRole('button', { name: 'Add a hint' }).click();
  await page.getByLabel('Hint 1').fill('Auth0 marks them with `gty`.');

  await page.getByLabel('Expected result of case 2').selectOption('match');
  await expectText(badge, 'not solved yet', 'the exercise with a flipped expectation');
  await page.getByLabel('Expected result of case 2').selectOption('no_match');
  await expectText(badge, 'solved', 'the exercise flipped back');

  await page.getByLabel('Paste a token or claims (JSON)').fill('not a token');
  await page.getByRole('button', { name: 'Add this case' }).click();
  await expectText(page.locator('.workshop-view [role="alert"]'), /token/, 'the refusal');
  expect(await page.locator('.cases tr.case').count() === 2, 'the refused case was not added');

  await page.getByRole('button', { name: 'Export scenario JSON' }).click();
  const exported = JSON.parse(await page.getByLabel('Exported scenario JSON').inputValue());
  const [exercise] = exported.exercises;
  expect(exercise.title === 'Machines only' && exercise.cases.length === 2 && exercise.hints[0] === 'Auth0 marks them with `gty`.',
    `the export's exercise: ${JSON.stringify(exercise).slice(0, 200)}`);
  const href = await page.locator('a.share-link').getAttribute('href');
  await page.goto('about:blank');
  await page.goto(app.origin + '/' + href);
  await expectText(page.locator('.exercise h3'), /^Machines only/, 'the shared exercise');
  await expectText(page.locator('.workshop-progress'), '1 of 1 solved', 'the shared progress');
}

// An engineer pastes `confluent iam pool list -o json` into the Identity pools view: the pools
// appear with their filters, judged live against the current token; then the Terraform for one
// of them is written, copied, and follows an edit of its filter.
async function importsConfluentPoolsAndExportsTerraform(page, app) {
  await openExample(page, app, 'Okta');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  const before = await page.locator('.pool-card').count();
  const list = readFileSync(join(root, 'tests/fixtures/confluent/cli-pool-list.json'), 'utf8');
  await page.getByText('Confluent Cloud: import and export', { exact: true }).click();
  await page.getByLabel('Confluent configuration (JSON)').first().fill(list);
  await page.getByLabel('Provider of pools that do not name one').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Import from Confluent' }).click();
  await expectText(page.locator('.import-report > p'), /^Imported confluent-cli \(.*\): 2 added, 0 updated/, 'the import report');
  expect(await page.locator('.pool-card').count() === before + 2, 'the imported pools are cards');
  const imported = page.locator('.pool-card').filter({ hasText: 'another-pool' });
  expect(await imported.getByLabel('Filter').inputValue() === "claims.aud == 'kafka' && 'writers' in claims.groups", 'the imported filter');
  await expectText(imported.locator('h4 .badge').first(), /^(match|no match|error)$/, 'the imported pool\'s live badge');

  await page.getByLabel('Identity pool ID', { exact: true }).fill('pool-abc');
  await page.getByRole('button', { name: 'Terraform', exact: true }).click();
  const terraform = page.locator('#pools-export-text');
  await expectValue(terraform, /resource "confluent_identity_pool"/, 'the Terraform');
  await page.locator('.config-export').getByRole('button', { name: 'Copy' }).click();
  await expectText(page.locator('.config-export .copy [role="status"]'), 'Copied.', 'the copy note');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied === await terraform.inputValue(), 'the clipboard holds the Terraform');
  await imported.getByLabel('Filter').fill("claims.sub == 'svc-orders'");
  await expectValue(terraform, /claims\.sub == 'svc-orders'/, 'the Terraform after the edit');
}

// Each pool's mint buttons sign with the example provider's demo key: the outcome card then
// shows the pool matching, and just missing.
async function mintsAMatchingTokenAndOneThatJustMisses(page, app) {
  await openExample(page, app, 'Okta');
  const card = page.locator('.pool-card').nth(0);
  const verdict = page.locator('.outcome-verdict');
  await page.getByLabel('Token', { exact: true }).fill('');
  await card.getByRole('button', { name: 'Mint a matching token' }).click();
  await expectText(card.locator('.mint-note'), /Minted a token for this pool's filter/, 'the mint note');
  await expectText(verdict, /^ACCEPTED as poolcheck-minted-client through pool-okta-producers/, 'the outcome card');
  await expectPoolBadge(page, 0, 'match');
  await card.getByRole('button', { name: 'Mint a token that just misses' }).click();
  await expectText(card.locator('.mint-note'), /just misses: .*kafka\.produce/, 'the mint note');
  await expectText(verdict, /^REFUSED NO_MATCHING_POOL/, 'the outcome card');
  await expectPoolBadge(page, 0, 'no match');
  const token = await page.getByLabel('Token', { exact: true }).inputValue();
  expect(token.startsWith('eyJ'), 'the minted token is in the Token field');
}

// ---------------------------------------------------------------- offline

// After one visit the service worker has stored the app's own files: with the network off and
// the server gone, the app still opens, decodes, simulates and signs. Served under a sub-path
// (the worker's scope is the app's directory) by a server of its own, which it closes.
// Service workers are blocked in every other scenario (page.route does not see what a worker
// answers); this one allows them.
async function worksOfflineAfterOneVisit(page, app) {
  const sub = await serve(dist, { mount: '/tools/poolcheck/' });
  const base = `${sub.origin}/tools/poolcheck/`;
  try {
    page.allowOrigin(sub.origin);
    await page.goto(base);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope === base, `the worker's scope is ${scope}`);
    // Installable as Chromium judges it (a test context is incognito, which alone prevents it).
    const cdp = await page.context().newCDPSession(page);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors.length === 0, `manifest errors: ${JSON.stringify(errors)}`);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const blocking = installabilityErrors.filter((error) => error.errorId !== 'in-incognito');
    expect(blocking.length === 0, `not installable: ${JSON.stringify(blocking)}`);

    // Online and controlled: the key set fetch still reaches the network (here, the route),
    // not the worker.
    let fetched = 0;
    await page.route(JWKS_URI, (route) => {
      fetched += 1;
      return route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JWKS_THREE });
    });
    await page.getByLabel('Token', { exact: true }).fill(PS256);
    await page.getByLabel('Keys', { exact: true }).fill(DISCOVERY);
    await page.getByRole('button', { name: 'Fetch the key set' }).click();
    await expectText(signatureVerdict(page), 'Signature valid — key rsa-2048-b (#3)', 'the verdict after fetching');
    expect(fetched === 1, `the route saw ${fetched} key set requests`);

    // Stored: the app's own files, on its own origin; nothing pasted or fetched.
    const stored = await page.evaluate(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    for (const wanted of ['', 'builder-worker.js', 'pkg/poolcheck_bg.wasm', 'manifest.webmanifest']) {
      expect(stored.includes(`${base}${wanted}`), `not stored: ${base}${wanted}`);
    }
    expect(stored.some((url) => url.endsWith('_bg.wasm') && !url.includes('/pkg/')), 'the app\'s wasm is not stored');
    expect(stored.some((url) => url.endsWith('_late.wasm')), 'the app\'s late code is not stored');
    const foreign = stored.filter((url) => !url.startsWith(base) || url.includes('idp.poolcheck.example') || url.includes('#'));
    expect(foreign.length === 0, `stored beyond the app's files: ${foreign.join(', ')}`);

    await page.context().setOffline(true);
    await sub.close();
    await page.reload();
    await page.getByLabel('Token', { exact: true }).fill(VALID_UNTIL_2030);
    await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim offline');
    await openExample(page, { origin: base }, 'Okta');
    await expectText(page.getByRole('status'), /^ACCEPTED as 0oa9poolcheckdemo5d7 through pool-okta-producers/, 'the outcome card offline');
    await page.goto(`${base}#now=${NOW}`);
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await page.getByRole('button', { name: 'Generate key' }).click();
    await page.locator('.key-forms').waitFor();
  } finally {
    await sub.close();
  }
}
worksOfflineAfterOneVisit.serviceWorkers = 'allow';

async function everyViewIsAxeClean(page, app) {
  await page.goto(`${app.origin}/#token=${encodeURIComponent(VALID_UNTIL_2030)}&now=${NOW}`);
  await expectText(claimValue(page, 'sub'), 'orders-service', 'the sub claim');
  await expectAxeClean(page, 'the Token view');
  await openExample(page, app, 'Auth0');
  await expectPoolBadge(page, 0, 'match');
  await expectAxeClean(page, 'the Identity pools view');
  await openCertificates(page, app);
  await expectAxeClean(page, 'the Certificates view');
  await openBuild(page, app);
  await page.getByRole('button', { name: 'Generate key' }).click();
  await page.locator('.key-forms').waitFor();
  await expectAxeClean(page, 'the Build view');
  await page.getByRole('button', { name: 'Workshop', exact: true }).click();
  await page.getByRole('button', { name: 'Load the workshop pack' }).click();
  await page.locator('.exercise').waitFor();
  await page.getByRole('button', { name: /^Show a hint/ }).click();
  await expectAxeClean(page, 'the Workshop view');
  await page.getByRole('button', { name: 'Write exercises' }).click();
  await page.locator('.exercise-editor').waitFor();
  await expectAxeClean(page, 'the Workshop view\'s forms');
  await withDocsHost(app, async (host) => {
    page.allowOrigin(host.origin);
    await page.goto(`${host.origin}/docs.html`);
    for (const id of ['token', 'filter', 'pools', 'certificates']) {
      const frame = await (await page.locator(`poolcheck-embed#${id} >> iframe`).elementHandle()).contentFrame();
      await frame.waitForSelector('.embed-footer');
      await expectAxeClean(frame, `the ${id} embed`);
    }
  });
}

const SCENARIOS = [
  typesATokenAndReadsItsClaims,
  loadsATokenFromTheFragment,
  followsAFragmentChangedOnTheOpenPage,
  movingTheClockUpdatesTheBadges,
  explainsInputThatIsNotAToken,
  followsTheSystemColourScheme,
  verifiesATokenAgainstAJwksOfThreeKeys,
  saysWhyATokenFromAnotherKeyIsNotValid,
  checksAnHmacSecretInTheEncodingTheUserPicks,
  readsADroppedKeyFile,
  fetchesTheKeySetOnlyWhenAsked,
  explainsAFetchTheBrowserBlocked,
  editsAPoolFilterFromMatchToNoMatchAndBack,
  sharesAScenarioInTheLinkFragment,
  showsWhereAFilterBreaksAndWhyAKeyIsMissing,
  acceptsABearerTokenOnEveryView,
  timesAFilterKeystroke,
  timesTheIdentityPoolsViewAtScale,
  timesTheStart,
  refusesHostileFiltersQuicklyAndKeepsWorking,
  certificatesExampleAcceptsAndRefusesClients,
  certificatesExplainBadInputAndFilters,
  embedsLiveViewsInADocsPage,
  timesAnEmbedFromInsertionToResult,
  worksUnderASubPath,
  deploysWithTheDocumentedHeaders,
  offersEmbedSnippetsForTheScenario,
  buildsKeysAndTokensInAWorker,
  saysWorkerFailedWhenTheApiCannotLoad,
  generatesAKeyAndSignsATokenInTheBuilder,
  generatesRsaOffTheMainThreadAndCancels,
  mintsAMatchingTokenAndOneThatJustMisses,
  keepsTheWorkAcrossAReloadUntilForgotten,
  solvesWorkshopExercises,
  writesAnExerciseInThePage,
  importsConfluentPoolsAndExportsTerraform,
  worksOfflineAfterOneVisit,
  loadsItsLateCodeOnlyWhenAViewNeedsIt,
  saysSoWhenItsLateCodeCannotLoad,
  startsWhenTheWasmComesWithAnotherContentType,
  everyViewIsAxeClean,
];

// ---------------------------------------------------------------- page helpers

function claimRow(page, name) {
  return page.locator('table.claims tbody tr').filter({
    has: page.locator('th', { hasText: new RegExp(`^${name}$`) }),
  });
}

const claimValue = (page, name) => claimRow(page, name).locator('td.claim-value');

const signatureVerdict = (page) => page.locator('.signature-verdict');

const keyRow = (page, kid) =>
  page.locator('table.keys tbody tr').filter({ has: page.locator('td.key-kid code', { hasText: new RegExp(`^${kid}$`) }) });

async function expectClasses(locator, wanted, what) {
  const classes = (await locator.getAttribute('class')).split(/\s+/);
  expect(classes.includes(wanted), `${what} has classes "${classes.join(' ')}", not ${wanted}`);
}

/** Drops a file with this name and text onto the Keys field's drop zone. */
async function dropFile(page, name, text) {
  const dataTransfer = await page.evaluateHandle(([name, text]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: 'application/json' }));
    return transfer;
  }, [name, text]);
  await page.locator('.keys-drop').dispatchEvent('drop', { dataTransfer });
}

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
/** Waits until a field's value matches `pattern`. */
async function expectValue(locator, pattern, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  let last = '(not found)';
  while (Date.now() < deadline) {
    if ((await locator.count()) === 1) {
      last = await locator.inputValue();
      if (pattern.test(last)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: expected ${pattern}, found ${JSON.stringify(last.slice(0, 300))}`);
}

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
async function watch(context, page, origin, allowedConsoleErrors = [], allowedPageErrors = []) {
  // A scenario that serves a second origin (a docs page, a sub-path) allows it here.
  const origins = new Set([origin]);
  page.allowOrigin = (other) => origins.add(other);
  const incidents = [];
  page.on('console', (message) => {
    const allowed = allowedConsoleErrors.some((pattern) => pattern.test(message.text()));
    if (message.type() === 'error' && !allowed) incidents.push(`console error: ${message.text()}`);
    // Shown, not failed: browsers warn about things outside the app's control.
    // (Not Playwright's own note that it blocked the service worker: see runScenario.)
    if (message.type() === 'warning' && !message.text().startsWith('Service Worker registration blocked by Playwright')) console.log(`     (console warning: ${message.text()})`);
  });
  page.on('pageerror', (error) => {
    if (!allowedPageErrors.some((pattern) => pattern.test(error.message))) incidents.push(`page error: ${error.message}`);
  });
  // Anything not for the local server is recorded and never sent.
  await context.route(
    (url) => !origins.has(url.origin),
    (route) => {
      incidents.push(`request left the local origin: ${route.request().method()} ${route.request().url()}`);
      return route.abort();
    },
  );
  return incidents;
}

async function runScenario(browser, app, scenario) {
  // No service worker unless the scenario asks for one: routes (the forbidden-request guard
  // in watch() included) do not see the requests a service worker answers.
  const context = await browser.newContext({ serviceWorkers: scenario.serviceWorkers ?? 'block' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const incidents = await watch(context, page, app.origin, scenario.allowedConsoleErrors, scenario.allowedPageErrors);
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
  const only = (process.env.ONLY ?? '').toLowerCase();
  const selected = SCENARIOS.filter((scenario) => scenario.name.toLowerCase().includes(only));
  let passed = 0;
  try {
    for (const scenario of selected) {
      if (await runScenario(browser, app, scenario)) passed += 1;
    }
  } finally {
    await browser.close();
    await app.close();
  }
  console.log(`browser tests: ${passed} of ${selected.length} passed`);
  process.exit(passed === selected.length ? 0 : 1);
}

await main();
