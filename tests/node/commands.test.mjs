// Each function of the JavaScript API returns what the CLI's --json prints for the same input,
// and throws the CLI's exit-2 errors with their documented code and the same message.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { NOW, api, poolcheck, read, root, temp, thrown } from './harness.mjs';

const SECRET = 'poolcheck-workshop-secret';
const scenarioFiles = readdirSync(join(root, 'examples/scenarios')).map((f) => `examples/scenarios/${f}`);
const scenarios = scenarioFiles.map((path) => ({ path, scenario: JSON.parse(read(path)) }));
const tokenFiles = readdirSync(join(root, 'tests/fixtures/tokens')).map((f) => `tests/fixtures/tokens/${f}`);
const tokens = [
  ...tokenFiles.map((path) => read(path)),
  ...scenarios.map(({ scenario }) => scenario.token).filter(Boolean),
];

/// Asserts that the CLI refused the input (exit 2) with the message `error` carries.
function sameRefusal(cli, error, code) {
  assert.equal(cli.status, 2, 'the CLI exits 2');
  assert.equal(error.code, code);
  assert.equal(cli.stderr.split('\n')[0], `poolcheck: ${error.message}`);
}

test('decode returns what `decode --json` prints', () => {
  for (const token of tokens) {
    for (const leeway of [0, 30]) {
      const cli = poolcheck('decode', token, '--json', '--now', String(NOW), '--leeway', String(leeway));
      assert.equal(cli.status, 0);
      assert.deepEqual(api.decode(token, { now: NOW, leeway_seconds: leeway }), cli.json);
    }
  }
});

test('decode throws not_a_token, as the CLI refuses it', () => {
  for (const text of ['not a token', 'a.b.c', '']) {
    sameRefusal(poolcheck('decode', '@' + temp(text), '--json'), thrown(() => api.decode(text)), 'not_a_token');
  }
});

test('decode throws invalid_argument for a negative leeway or a token that is no string', () => {
  assert.equal(thrown(() => api.decode(tokens[0], { leeway_seconds: -1 })).code, 'invalid_argument');
  assert.equal(thrown(() => api.decode(42)).code, 'invalid_argument');
});

test('verify returns what `verify --json` prints, valid or not', () => {
  const base64 = Buffer.from(SECRET).toString('base64');
  const base64url = Buffer.from(SECRET).toString('base64url');
  for (const path of tokenFiles) {
    const token = read(path);
    const cases = [
      [['--secret', SECRET], SECRET, 'secret'],
      [['--secret-base64', base64], base64, 'secret_base64'],
      [['--secret-base64url', base64url], base64url, 'secret_base64url'],
      [['--secret', 'wrong'], 'wrong', 'secret'],
      [['--keys', join(root, 'tests/fixtures/keys/jwks-three.json')], read('tests/fixtures/keys/jwks-three.json'), undefined],
    ];
    for (const [flags, keys, key_kind] of cases) {
      const cli = poolcheck('verify', token, ...flags, '--json');
      assert.ok(cli.status < 2, flags.join(' '));
      assert.deepEqual(api.verify(token, keys, key_kind ? { key_kind } : undefined), cli.json);
    }
  }
  for (const { scenario } of scenarios) {
    for (const provider of scenario.providers ?? []) {
      const keys = typeof provider.jwks === 'string' ? provider.jwks : JSON.stringify(provider.jwks);
      const cli = poolcheck('verify', scenario.token, '--keys', temp(keys), '--json');
      assert.ok(cli.status < 2);
      assert.deepEqual(api.verify(scenario.token, keys), cli.json);
    }
  }
});

test('verify throws the CLI\'s errors for unusable keys and tokens', () => {
  const token = read(tokenFiles[0]);
  const discovery = JSON.stringify({ issuer: 'https://a.example', jwks_uri: 'https://a.example/jwks' });
  const cases = [
    ['', 'keys_unreadable'],
    ['{"keys": 1}', 'keys_unreadable'],
    [discovery, 'keys_discovery_document'],
  ];
  for (const [keys, code] of cases) {
    sameRefusal(poolcheck('verify', token, '--keys', temp(keys)), thrown(() => api.verify(token, keys)), code);
  }
  const jwks = read('tests/fixtures/keys/jwks-three.json');
  sameRefusal(
    poolcheck('verify', 'a.b', '--keys', temp(jwks)),
    thrown(() => api.verify('a.b', jwks)),
    'token_unreadable',
  );
});

test('filter returns what `filter --json` prints, for claims and for a token', () => {
  const token = read('tests/fixtures/tokens/valid-until-2030.jwt');
  const claims = api.decode(token, { now: NOW }).claims;
  const expressions = [
    "claims.aud.exists(a, a == 'orders')",
    "claims.sub == 'someone-else'",
    'claims.missing == 1',
    "'kafka-writers' in claims.groups && claims.iss.startsWith('https://')",
  ];
  for (const expression of expressions) {
    for (const issuer of [undefined, 'https://workshop.example.com/']) {
      const flags = issuer ? ['--issuer', issuer] : [];
      const options = issuer ? { issuer } : undefined;
      const byClaims = poolcheck('filter', expression, '--claims', temp(JSON.stringify(claims)), ...flags, '--json');
      assert.ok(byClaims.status < 2);
      assert.deepEqual(api.filter(expression, { claims }, options), byClaims.json);
      const byToken = poolcheck('filter', expression, '--token', token, ...flags, '--json');
      assert.deepEqual(api.filter(expression, { token }, options), byToken.json);
    }
  }
});

test('filter throws the CLI\'s errors for a filter that does not compile and unusable claims', () => {
  const bad = "claims.aud == 'kafka";
  const cli = poolcheck('filter', bad, '--claims', temp('{}'));
  const error = thrown(() => api.filter(bad, { claims: {} }));
  sameRefusal(cli, error, 'filter_does_not_compile');
  assert.equal(cli.stderr.split('\n')[1], error.excerpt.split('\n')[0]);
  sameRefusal(
    poolcheck('filter', 'true', '--claims', temp('[1]')),
    thrown(() => api.filter('true', { claims: [1] })),
    'claims_unusable',
  );
  sameRefusal(
    poolcheck('filter', 'true', '--token', 'nope'),
    thrown(() => api.filter('true', { token: 'nope' })),
    'not_a_token',
  );
  assert.equal(thrown(() => api.filter('true', { nothing: 1 })).code, 'invalid_argument');
});

test('a Filter and Claims give what filter() gives, compiled and bound once', () => {
  const token = read('tests/fixtures/tokens/valid-until-2030.jwt');
  const claims = api.decode(token, { now: NOW }).claims;
  const inputs = [new api.Claims({ claims }), new api.Claims({ token })];
  const expressions = [
    "claims.aud.exists(a, a == 'orders')",
    "claims.sub == 'someone-else'",
    'claims.missing == 1',
    'claims.sub',
    "'kafka-writers' in claims.groups && claims.iss.startsWith('https://')",
  ];
  for (const expression of expressions) {
    const filter = new api.Filter(expression);
    assert.equal(filter.expression, expression);
    for (const [index, input] of [{ claims }, { token }].entries()) {
      const options = { issuer: 'https://workshop.example.com/' };
      assert.deepEqual(filter.report(inputs[index], options), api.filter(expression, input, options));
      const { result } = api.filter(expression, input);
      assert.equal(filter.evaluate(inputs[index]), result ?? undefined, expression);
    }
    filter.free();
  }
  // An evaluation error (a string is no boolean; a missing claim) is undefined: no match.
  assert.equal(new api.Filter('claims.sub').evaluate(inputs[0]), undefined);
  assert.equal(new api.Filter('claims.missing == 1').evaluate(inputs[0]), undefined);
  for (const input of inputs) input.free();
});

test('Filter and Claims throw what filter() throws', () => {
  const bad = "claims.aud == 'kafka";
  const error = thrown(() => new api.Filter(bad));
  const expected = thrown(() => api.filter(bad, { claims: {} }));
  assert.deepEqual(
    [error.code, error.message, error.excerpt],
    [expected.code, expected.message, expected.excerpt],
  );
  assert.equal(error.code, 'filter_does_not_compile');
  assert.equal(thrown(() => new api.Filter(42)).code, 'invalid_argument');
  assert.equal(thrown(() => new api.Claims({ claims: [1] })).code, 'claims_unusable');
  assert.equal(thrown(() => new api.Claims({ token: 'nope' })).code, 'not_a_token');
  assert.equal(thrown(() => new api.Claims({ nothing: 1 })).code, 'invalid_argument');
});

test('simulate returns what `simulate --json` prints, from an object or JSON text', () => {
  for (const { path, scenario } of scenarios) {
    const now = scenario.now ?? NOW;
    const cli = poolcheck('simulate', join(root, path), '--now', String(now), '--json');
    assert.ok(cli.status < 2, path);
    assert.deepEqual(api.simulate(scenario, { now }), cli.json, path);
    assert.deepEqual(api.simulate(read(path), { now }), cli.json, path);
    const expired = read('tests/fixtures/tokens/expired-2020.jwt');
    const withToken = poolcheck('simulate', join(root, path), '--now', String(now), '--token', expired, '--json');
    assert.deepEqual(api.simulate(scenario, { now, token: expired }), withToken.json, path);
  }
});

test('simulate throws scenario_invalid with the JSON Pointer, as the CLI after the file name', () => {
  for (const text of ['{"version": 2}', '{"version": 1, "pools": [{"filter": 1}]}', 'nope']) {
    const path = temp(text);
    const cli = poolcheck('simulate', path);
    const error = thrown(() => api.simulate(text));
    assert.equal(error.code, 'scenario_invalid');
    assert.equal(cli.status, 2);
    assert.equal(cli.stderr.split('\n')[0], `poolcheck: ${path}: ${error.message}`);
  }
});

test('inspectCertificate returns what `cert inspect --json` prints, or throws its error', () => {
  const dir = 'tests/fixtures/certs';
  for (const file of readdirSync(join(root, dir)).filter((f) => /\.(pem|der)$/.test(f))) {
    const path = join(root, dir, file);
    const cli = poolcheck('cert', 'inspect', path, '--now', String(NOW), '--json');
    const input = file.endsWith('.der') ? new Uint8Array(readFileSync(path)) : readFileSync(path, 'utf8');
    if (cli.status === 0) {
      assert.deepEqual(api.inspectCertificate(input, { now: NOW }), cli.json, file);
    } else {
      const error = thrown(() => api.inspectCertificate(input, { now: NOW }));
      assert.equal(error.code, 'certificate_unreadable', file);
      assert.equal(cli.stderr.split('\n')[0], `poolcheck: ${error.message.replace('the input', path)}`);
    }
  }
  assert.equal(thrown(() => api.inspectCertificate(7)).code, 'invalid_argument');
});
