// The comparison benchmark's page: poolcheck's JavaScript API (dist/pkg) against the
// libraries people would use instead, in one browser page. Bundled by compare.mjs with
// esbuild; poolcheck itself is loaded from the app's own dist/pkg, as a docs page would.
import { SignJWT, exportJWK, generateKeyPair, createLocalJWKSet, jwtVerify } from 'jose';
import { evaluate as celJsEvaluate, parse as celJsParse } from '@marcbachmann/cel-js';
import { run as bufRun, parse as bufParse, plan as bufPlan, celEnv } from '@bufbuild/cel';
import init, * as poolcheck from '/pkg/poolcheck.js';

const NOW = 1767225600;
const CLAIMS = {
  iss: 'https://idp.example.com/',
  sub: 'svc-orders',
  aud: 'kafka',
  iat: NOW - 60,
  exp: NOW + 3600,
  groups: ['admins', 'kafka-writers', 'payments'],
  scope: 'kafka:read kafka:write',
};
// A typical identity-pool filter: audience, group membership and a subject prefix.
const FILTER = "claims.aud == 'kafka' && 'admins' in claims.groups && claims.sub.startsWith('svc-')";
// 1,000 distinct filters of the same shape (each a different group or prefix).
const FILTERS = Array.from(
  { length: 1000 },
  (_, i) => `claims.aud == 'kafka' && 'group-${i}' in claims.groups || claims.sub.startsWith('svc-${i}')`,
);

/**
 * Median milliseconds of one call of `fn`. Pages that are not cross-origin isolated get a
 * clock rounded to 0.1 ms, so each sample times enough calls to last at least 5 ms.
 */
async function median(fn, budgetMs = 400, maxSamples = 50) {
  // A synchronous operation is called in a plain loop: awaiting its result would add a
  // microtask per call, which is more than some operations here cost.
  const asynchronous = fn() instanceof Promise;
  const batch = async (calls) => {
    const t0 = performance.now();
    if (asynchronous) for (let i = 0; i < calls; i += 1) await fn();
    else for (let i = 0; i < calls; i += 1) fn();
    return performance.now() - t0;
  };
  let calls = 1;
  while ((await batch(calls)) < 5) calls *= 2;
  const times = [];
  const started = performance.now();
  while (times.length < 5 || (performance.now() - started < budgetMs && times.length < maxSamples)) {
    times.push((await batch(calls)) / calls);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function signed(alg, options) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  const jwk = { ...(await exportJWK(publicKey)), kid: `${alg}-1`, alg, use: 'sig' };
  const sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg, kid: jwk.kid }).sign(privateKey);
  // A second token from the same key, so that a token edit is a new signature to check.
  return { token: await sign(CLAIMS), other: await sign({ ...CLAIMS, jti: 'second' }), jwks: { keys: [jwk] } };
}

export async function runBenchmarks() {
  await init({ module_or_path: '/pkg/poolcheck_bg.wasm' });
  const rows = [];
  const row = (operation, poolcheckMs, peers) => rows.push({ operation, poolcheckMs, peers });

  // Decoding: the whole report (claim rows, time badges, findings) vs two JSON.parse calls.
  const { token: rs256, other: rs256Other, jwks: rsJwks } = await signed('RS256', { modulusLength: 2048 });
  const atobDecode = (token) => {
    const [header, payload] = token.split('.').slice(0, 2).map((part) =>
      JSON.parse(atob(part.replaceAll('-', '+').replaceAll('_', '/'))));
    return { header, payload };
  };
  row('decode a token', await median(() => poolcheck.decode(rs256, { now: NOW })), {
    'atob + JSON.parse': await median(() => atobDecode(rs256)),
  });

  // Verification: a JWKS text in, a verdict with the key table out, vs jose with a local JWKS.
  for (const [alg, options] of [
    ['RS256', { modulusLength: 2048 }],
    ['PS256', { modulusLength: 2048 }],
    ['ES256', {}],
    ['EdDSA', { crv: 'Ed25519' }],
  ]) {
    const { token, jwks } = alg === 'RS256' ? { token: rs256, jwks: rsJwks } : await signed(alg, options);
    const text = JSON.stringify(jwks);
    const local = createLocalJWKSet(jwks);
    const ours = () => {
      const report = poolcheck.verify(token, text);
      if (!report.signature_valid) throw new Error(`poolcheck: ${alg} did not verify`);
    };
    row(`verify ${alg}`, await median(ours), {
      jose: await median(() => jwtVerify(token, local, { currentDate: new Date(NOW * 1000) })),
    });
  }
  const secret = new TextEncoder().encode('a-32-byte-long-secret-for-hs256!');
  const hs256 = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256' }).sign(secret);
  row('verify HS256', await median(() => {
    if (!poolcheck.verify(hs256, 'a-32-byte-long-secret-for-hs256!', { key_kind: 'secret' }).signature_valid) {
      throw new Error('poolcheck: HS256 did not verify');
    }
  }), { jose: await median(() => jwtVerify(hs256, secret, { currentDate: new Date(NOW * 1000) })) });

  // One typical filter, compiled and evaluated (poolcheck also explains every step). Each
  // library must say true, so no error path is timed by mistake.
  const env = celEnv();
  const bufClaims = new Map(Object.entries(CLAIMS));
  const answers = {
    poolcheck: poolcheck.filter(FILTER, { claims: CLAIMS }).result,
    '@marcbachmann/cel-js': celJsEvaluate(FILTER, { claims: CLAIMS }),
    '@bufbuild/cel': bufRun(FILTER, { claims: bufClaims }),
  };
  for (const [library, answer] of Object.entries(answers)) {
    if (answer !== true) throw new Error(`${library} says ${String(answer)} for the typical filter`);
  }
  row('compile + evaluate a typical filter', await median(() => poolcheck.filter(FILTER, { claims: CLAIMS })), {
    '@marcbachmann/cel-js': await median(() => celJsEvaluate(FILTER, { claims: CLAIMS })),
    '@bufbuild/cel': await median(() => bufRun(FILTER, { claims: bufClaims })),
  });

  // The filter engine alone: compiling (poolcheck's Filter, which also checks the nesting
  // guard and keeps what carets and explanations need), and evaluating a compiled filter
  // against claims converted once (poolcheck's Claims), as the peers evaluate plain objects.
  row('compile one typical filter', await median(() => new poolcheck.Filter(FILTER).free()), {
    '@marcbachmann/cel-js': await median(() => celJsParse(FILTER)),
    '@bufbuild/cel': await median(() => bufPlan(env, bufParse(FILTER))),
  });
  const typical = new poolcheck.Filter(FILTER);
  const bound = new poolcheck.Claims({ claims: CLAIMS });
  const celJsTypical = celJsParse(FILTER);
  const bufTypical = bufPlan(env, bufParse(FILTER));
  if (typical.evaluate(bound) !== true) throw new Error('poolcheck says false for the typical filter');
  row('evaluate one compiled typical filter', await median(() => typical.evaluate(bound)), {
    '@marcbachmann/cel-js': await median(() => celJsTypical({ claims: CLAIMS })),
    '@bufbuild/cel': await median(() => bufTypical({ claims: bufClaims })),
  });
  row('compile 1,000 filters', await median(() => FILTERS.forEach((f) => new poolcheck.Filter(f).free()), 2000, 20), {
    '@marcbachmann/cel-js': await median(() => FILTERS.map((f) => celJsParse(f)), 2000, 20),
    '@bufbuild/cel': await median(() => FILTERS.map((f) => bufPlan(env, bufParse(f))), 2000, 20),
  });
  const compiled = FILTERS.map((f) => new poolcheck.Filter(f));
  const celJsCompiled = FILTERS.map((f) => celJsParse(f));
  const bufCompiled = FILTERS.map((f) => bufPlan(env, bufParse(f)));
  // A new token's claims, bound once (poolcheck), against 1,000 compiled filters.
  row('evaluate 1,000 compiled filters against new claims', await median(() => {
    const claims = new poolcheck.Claims({ claims: CLAIMS });
    compiled.forEach((f) => f.evaluate(claims));
    claims.free();
  }, 2000, 50), {
    '@marcbachmann/cel-js': await median(() => celJsCompiled.map((f) => f({ claims: CLAIMS })), 2000, 50),
    '@bufbuild/cel': await median(() => bufCompiled.map((f) => f({ claims: bufClaims })), 2000, 50),
  });
  compiled.forEach((f) => f.free());
  typical.free();
  bound.free();

  // The workspace, as the app uses it: a 1,000-pool scenario opened (parsed, keys read, the
  // token verified, every filter compiled and evaluated), then a token edit re-evaluating
  // every pool.
  const scenario = {
    version: 1,
    now: NOW,
    token: rs256,
    providers: [{ id: 'op-idp', issuer: CLAIMS.iss, jwks: rsJwks }],
    pools: FILTERS.map((filter, i) => ({ id: `pool-${i}`, provider: 'op-idp', filter })),
  };
  const scenarioText = JSON.stringify(scenario);
  // Opened as the app opens a share link or an import: verdicts for every pool.
  const open = () => new poolcheck.Workspace(scenarioText, { detail: 'verdict' });
  row('open a 1,000-pool scenario (workspace, as the app)', await median(() => open().free(), 2000, 10), {
    '@marcbachmann/cel-js': await median(() => FILTERS.map((f) => celJsParse(f)), 2000, 10),
    '@bufbuild/cel': await median(() => FILTERS.map((f) => bufPlan(env, bufParse(f))), 2000, 10),
  });
  const workspace = new poolcheck.Workspace(scenarioText);
  let flip = false;
  // A token edit in the workspace against the peers evaluating their compiled filters.
  const evaluationRow = async (label) => row(label, await median(() => {
    // Alternate two tokens signed by the same key: every edit is a new signature to check
    // (the workspace remembers the last verdict of each provider's keys).
    flip = !flip;
    workspace.apply({ edit: 'set_token', token: flip ? rs256 : rs256Other });
  }, 2000, 50), {
    '@marcbachmann/cel-js': await median(() => celJsCompiled.map((f) => f({ claims: CLAIMS })), 2000, 50),
    '@bufbuild/cel': await median(() => bufCompiled.map((f) => f({ claims: bufClaims })), 2000, 50),
  });
  await evaluationRow('token edit, 1,000 pools (workspace, all explained)');
  // The app's own setting: verdicts for every pool, explanations for the cards it shows.
  workspace.setDetail('verdict');
  await evaluationRow('token edit, 1,000 pools (workspace, verdicts, as the app)');
  // Typing in one pool's Filter field: poolcheck re-runs the login with that filter compiled
  // again (the other 999 keep their results); the peers compile and evaluate that one filter.
  const edited = [FILTERS[5], `${FILTERS[5]} `, `${FILTERS[5]} && true`];
  let keystroke = 0;
  const nextFilter = () => edited[(keystroke += 1) % edited.length];
  row('edit one pool\'s filter among 1,000 (verdicts only)', await median(() => {
    workspace.apply({ edit: 'set_pool', index: 5, field: 'filter', value: nextFilter() });
  }, 2000, 50), {
    '@marcbachmann/cel-js': await median(() => celJsEvaluate(nextFilter(), { claims: CLAIMS }), 2000, 50),
    '@bufbuild/cel': await median(() => bufRun(nextFilter(), { claims: bufClaims }), 2000, 50),
  });
  workspace.free();
  return rows;
}

/**
 * RSA-2048 key generation as the app runs it: through dist/builder-worker.js, timed from
 * postMessage to the answer, in one worker that has already loaded the package (a first
 * HS256 keygen loads it; that load is timed apart). Each run is a fresh key, so the prime
 * search makes runs vary.
 */
export async function runWorkerKeygen(runs = 5) {
  const worker = new Worker('/builder-worker.js', { type: 'module' });
  let next = 0;
  const ask = (command, options) => new Promise((resolve, reject) => {
    const id = next++;
    const t0 = performance.now();
    worker.onmessage = ({ data }) => {
      const ms = performance.now() - t0;
      if (data.id !== id) reject(new Error(`answer ${data.id} to request ${id}`));
      else if (data.error) reject(new Error(`${data.error.code}: ${data.error.message}`));
      else resolve({ ms, result: JSON.parse(data.ok) });
    };
    worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`));
    worker.postMessage({ id, command, options: JSON.stringify(options) });
  });
  try {
    const { ms: loadMs } = await ask('keygen', { alg: 'HS256' });
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const { ms, result } = await ask('keygen', { alg: 'RS256', bits: 2048 });
      if (result.alg !== 'RS256' || !result.private_pem) throw new Error('not an RSA key');
      times.push(ms);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { loadMs, times, medianMs: sorted[Math.floor(sorted.length / 2)] };
  } finally {
    worker.terminate();
  }
}

window.runBenchmarks = runBenchmarks;
window.runWorkerKeygen = runWorkerKeygen;
