// The builder's functions (keygen, importKey, sign; dist/pkg is built with the `builder`
// feature): every algorithm's keys sign tokens that the API's own verify accepts and that
// node:crypto, an independent implementation, verifies too; deterministic signatures equal
// what `poolcheck sign --json` prints; imported keys get the expected kid and alg; refusals
// throw the documented codes.
import assert from 'node:assert/strict';
import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  verify as cryptoVerify,
} from 'node:crypto';
import { test } from 'node:test';

import { NOW, api, poolcheck, read, temp, thrown } from './harness.mjs';

const ALGS = [
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'EdDSA',
];
// Same inputs and key, same token (README, CLI): PS* salts and ES512 nonces are random.
const DETERMINISTIC = new Set(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'EdDSA']);
const CLAIMS = { iss: 'https://issuer.poolcheck.example/', sub: 'workload-1', aud: 'confluent' };

const hash = (alg) => `sha${alg.slice(2)}`;
const fromBase64url = (text) => Buffer.from(text, 'base64url');

/// RFC 7638: SHA-256 of the required members in lexicographic order, base64url.
function thumbprint(jwk) {
  const required = { RSA: ['e', 'kty', 'n'], EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'], oct: ['k', 'kty'] };
  const members = Object.fromEntries(required[jwk.kty].map((name) => [name, jwk[name]]));
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/// node:crypto's verdict on a compact JWS: `key` is the public JWK, or for HS* the secret bytes.
function nodeVerifies(token, alg, key) {
  const [header, payload, signature] = token.split('.');
  const data = Buffer.from(`${header}.${payload}`);
  const sig = fromBase64url(signature);
  if (alg.startsWith('HS')) {
    return createHmac(hash(alg), key).update(data).digest().equals(sig);
  }
  const publicKey = createPublicKey({ key, format: 'jwk' });
  switch (alg.slice(0, 2)) {
    case 'RS':
      return cryptoVerify(hash(alg), data, publicKey, sig);
    case 'PS':
      return cryptoVerify(hash(alg), data, {
        key: publicKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      }, sig);
    case 'ES':
      return cryptoVerify(hash(alg), data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig);
    default:
      return cryptoVerify(null, data, publicKey, sig);
  }
}

/// The header and claims a compact token carries.
function parts(token) {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(fromBase64url(part)));
  return { header, claims: payload };
}

for (const alg of ALGS) {
  test(`${alg}: keygen, sign, then verify (the API and node:crypto)`, () => {
    const key = api.keygen({ alg });
    assert.equal(key.alg, alg);
    assert.equal(key.private_jwk.alg, alg);
    const hmac = alg.startsWith('HS');
    assert.equal(key.kid, thumbprint(key.private_jwk), 'the kid is the RFC 7638 thumbprint');

    const options = hmac
      ? { key: key.secret_base64url, key_kind: 'secret_base64url', kid: key.kid }
      : { key: key.private_pem };
    const signed = api.sign({
      ...options,
      alg,
      claims: JSON.stringify(CLAIMS),
      claim: ['groups=["kafka-writers"]'],
      header: ['x-tenant=acme'],
      now: NOW,
      exp: '+1h',
    });
    assert.deepEqual(parts(signed.token), { header: signed.header, claims: signed.claims });
    assert.deepEqual(signed.header, { alg, typ: 'JWT', kid: key.kid, 'x-tenant': 'acme' });
    assert.deepEqual(signed.claims, { ...CLAIMS, groups: ['kafka-writers'], iat: NOW, exp: NOW + 3600 });

    const verified = hmac
      ? api.verify(signed.token, key.secret_base64url, { key_kind: 'secret_base64url' })
      : api.verify(signed.token, JSON.stringify(key.public_jwks));
    assert.equal(verified.signature_valid, true, `the API verifies ${alg}`);

    let independentKey;
    if (hmac) {
      assert.equal(key.public_jwks, undefined, 'a secret has no public form');
      independentKey = fromBase64url(key.secret_base64url);
      assert.equal(independentKey.length * 8, Number(alg.slice(2)), 'the secret is as long as the hash');
    } else {
      assert.equal(key.public_jwks.keys.length, 1);
      independentKey = key.public_jwks.keys[0];
      assert.equal(independentKey.d, undefined, 'the public JWKS has no private member');
      // The PEM and the JWK are the same key pair, as node:crypto reads them.
      const fromPem = createPublicKey(createPrivateKey(key.private_pem)).export({ format: 'jwk' });
      const fromJwk = createPublicKey({ key: independentKey, format: 'jwk' }).export({ format: 'jwk' });
      assert.deepEqual(fromPem, fromJwk);
      assert.deepEqual(createPublicKey(key.public_pem).export({ format: 'jwk' }), fromJwk);
    }
    assert.equal(nodeVerifies(signed.token, alg, independentKey), true, `node:crypto verifies ${alg}`);
    const [header, , signature] = signed.token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...signed.claims, sub: 'x' })).toString('base64url')}.${signature}`;
    assert.equal(nodeVerifies(tampered, alg, independentKey), false, 'a tampered token does not verify');

    // The private key imported back: the same kid, alg and public key.
    const imported = api.importKey(hmac ? JSON.stringify(key.private_jwk) : key.private_pem);
    assert.equal(imported.kid, key.kid);
    // A PEM names no algorithm: an RSA key defaults to RS256; a JWK's own alg is kept.
    assert.equal(imported.alg, /^(RS|PS)/.test(alg) ? 'RS256' : alg);
    if (!hmac) {
      const publicKey = (jwk) => createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'jwk' });
      assert.deepEqual(publicKey(imported.public_jwk), publicKey(independentKey));
    } else {
      assert.equal(imported.secret_base64url, key.secret_base64url);
    }

    if (DETERMINISTIC.has(alg)) {
      const flags = hmac
        // `=`: a base64url secret or thumbprint may start with '-', which clap takes for a flag.
        ? [`--secret-base64url=${key.secret_base64url}`, `--kid=${key.kid}`]
        : ['--key', temp(key.private_pem)];
      const cli = poolcheck('sign', ...flags, '--alg', alg, '--claims', temp(JSON.stringify(CLAIMS)),
        '--claim', 'groups=["kafka-writers"]', '--header', 'x-tenant=acme', '--now', String(NOW), '--exp', '+1h',
        '--json');
      assert.equal(cli.status, 0);
      assert.deepEqual(signed, cli.json, 'the same token as `poolcheck sign --json`');
    }
  });
}

const FIXTURES = [
  // [file, alg the key defaults to]
  ['rsa-2048-a.private.pem', 'RS256'],
  ['rsa-2048-a.pkcs1.private.pem', 'RS256'],
  ['rsa-2048-b.private.pem', 'RS256'],
  ['rsa-3072.private.pem', 'RS256'],
  ['rsa-4096.private.pem', 'RS256'],
  ['ec-p256.private.pem', 'ES256'],
  ['ec-p256.sec1.pem', 'ES256'],
  ['ec-p384.private.pem', 'ES384'],
  ['ec-p521.private.pem', 'ES512'],
  ['ed25519.private.pem', 'EdDSA'],
];

test('importKey reads the fixtures\' private keys (PEM and private JWK): kid = thumbprint, alg from the key', () => {
  for (const [file, alg] of FIXTURES) {
    const pem = read(`tests/fixtures/keys/${file}`);
    const name = file.split('.')[0];
    const publicJwk = JSON.parse(read(`tests/fixtures/keys/${name}.jwk.json`));
    const expectedKid = thumbprint(publicJwk);

    const fromPem = api.importKey(pem);
    assert.equal(fromPem.alg, alg, file);
    assert.equal(fromPem.kid, expectedKid, `${file}: a PEM key's kid is its thumbprint`);
    for (const member of ['kty', 'n', 'e', 'crv', 'x', 'y']) {
      assert.equal(fromPem.public_jwk[member], publicJwk[member], `${file}: ${member}`);
    }
    assert.equal(fromPem.public_jwks.keys[0].d, undefined);

    // The same key as a private JWK (node:crypto's export) with the fixture's kid: kept.
    const privateJwk = { ...createPrivateKey(pem).export({ format: 'jwk' }), kid: name };
    const fromJwk = api.importKey(JSON.stringify(privateJwk));
    assert.equal(fromJwk.kid, name, `${file}: a JWK's own kid`);
    assert.equal(fromJwk.alg, alg);
    assert.equal(api.importKey(JSON.stringify(privateJwk), { kid: 'renamed' }).kid, 'renamed');
    assert.equal(api.importKey(pem, { kid: 'renamed' }).kid, 'renamed');

    // A token it signs verifies against the fixture's public JWK.
    const { token } = api.sign({ key: pem, kid: name, claims: JSON.stringify(CLAIMS), now: NOW });
    assert.equal(nodeVerifies(token, alg, publicJwk), true, `${file}: node:crypto verifies`);
    assert.equal(api.verify(token, JSON.stringify({ keys: [publicJwk] })).signature_valid, true);
  }
});

test('importKey of the HMAC fixtures (as an oct JWK) keeps the secret', () => {
  for (const bits of [256, 384, 512]) {
    const k = read(`tests/fixtures/keys/hmac-hs${bits}.secret.b64url`).trim();
    const imported = api.importKey(JSON.stringify({ kty: 'oct', k, alg: `HS${bits}` }));
    assert.equal(imported.alg, `HS${bits}`);
    assert.equal(imported.secret_base64url, k);
    assert.equal(imported.kid, thumbprint({ kty: 'oct', k }));
  }
});

test('importKey refuses public keys, certificates and public JWKs with key_does_not_fit', () => {
  const publicKeys = [
    'rsa-2048-a.public.pem',
    'rsa-2048-a.pkcs1.pem',
    'rsa-2048-a.cert.pem',
    'rsa-2048-a.jwk.json',
    'ec-p256.public.pem',
    'ec-p256.jwk.json',
    'ed25519.jwk.json',
    'jwks-three.json',
  ];
  for (const file of publicKeys) {
    const error = thrown(() => api.importKey(read(`tests/fixtures/keys/${file}`)));
    assert.equal(error.code, 'key_does_not_fit', file);
    assert.match(error.message, /public key material cannot sign/, file);
  }
});

test('importKey throws keys_unreadable for text that holds no key, invalid_argument for a non-string', () => {
  for (const text of ['', 'not a key', '{"keys": []}']) {
    assert.equal(thrown(() => api.importKey(text)).code, 'keys_unreadable', JSON.stringify(text));
  }
  assert.equal(thrown(() => api.importKey(42)).code, 'invalid_argument');
  assert.equal(thrown(() => api.importKey(read('tests/fixtures/keys/ed25519.private.pem'), { kid: 7 })).code,
    'invalid_argument');
});

test('sign refuses a key that does not fit the algorithm with key_does_not_fit', () => {
  const rsa = read('tests/fixtures/keys/rsa-2048-a.private.pem');
  const ec = read('tests/fixtures/keys/ec-p256.private.pem');
  for (const [key, alg] of [[rsa, 'ES256'], [rsa, 'EdDSA'], [rsa, 'HS256'], [ec, 'ES384'], [ec, 'RS256']]) {
    const error = thrown(() => api.sign({ key, alg }));
    assert.equal(error.code, 'key_does_not_fit', alg);
    const cli = poolcheck('sign', '--key', temp(key), '--alg', alg);
    assert.equal(cli.status, 2);
    assert.equal(cli.stderr.split('\n')[0], `poolcheck: ${error.message}`);
  }
  assert.equal(thrown(() => api.sign({ key: read('tests/fixtures/keys/rsa-2048-a.public.pem') })).code,
    'key_does_not_fit');
  // An HMAC secret shorter than the hash, unless allowed.
  assert.equal(thrown(() => api.sign({ key: 'short', key_kind: 'secret' })).code, 'key_does_not_fit');
  assert.ok(api.sign({ key: 'short', key_kind: 'secret', allow_short_secret: true }).token);
});

test('an unknown algorithm throws invalid_argument, from keygen and from sign', () => {
  for (const alg of ['none', 'RS1', 'hs256', '']) {
    assert.equal(thrown(() => api.keygen({ alg })).code, 'invalid_argument', `keygen ${alg}`);
    const error = thrown(() => api.sign({ key: read('tests/fixtures/keys/rsa-2048-a.private.pem'), alg }));
    assert.equal(error.code, 'invalid_argument', `sign ${alg}`);
  }
  assert.match(thrown(() => api.keygen({ alg: 'RS1' })).message, /unknown algorithm "RS1"/);
});

test('keygen and sign throw invalid_argument for options of the wrong shape or size', () => {
  assert.equal(thrown(() => api.keygen()).code, 'invalid_argument');
  assert.equal(thrown(() => api.keygen({ alg: 256 })).code, 'invalid_argument');
  assert.equal(thrown(() => api.keygen({ alg: 'RS256', bits: 1024 })).code, 'invalid_argument');
  assert.equal(thrown(() => api.keygen({ alg: 'HS256', bits: 128 })).code, 'invalid_argument');
  assert.equal(thrown(() => api.sign()).code, 'invalid_argument');
  assert.equal(thrown(() => api.sign({ key: 'x'.repeat(32), key_kind: 'secret', claim: ['no-equals'] })).code,
    'invalid_argument');
  assert.equal(thrown(() => api.sign({ key: 'x'.repeat(32), key_kind: 'secret', claims: '[1]' })).code,
    'claims_unusable');
});

test('keygen honours kid and bits', () => {
  const key = api.keygen({ alg: 'HS384', kid: 'workshop', bits: 512 });
  assert.equal(key.kid, 'workshop');
  assert.equal(fromBase64url(key.secret_base64url).length, 64);
  const ec = api.keygen({ alg: 'ES384', kid: 'ec-1' });
  assert.equal(ec.public_jwks.keys[0].kid, 'ec-1');
  assert.equal(ec.public_jwk.crv, 'P-384');
});
