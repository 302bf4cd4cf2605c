// importConfig and exportConfig against `poolcheck import --json` and `poolcheck export`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { api, poolcheck, poolcheckText, read, root, thrown } from './harness.mjs';

const POOLS = 'tests/fixtures/confluent/cli-pool-list.json';
const OKTA = 'examples/scenarios/okta.json';

test('importConfig returns what `import --json` prints, merged into a scenario', () => {
  const okta = JSON.parse(read(OKTA));
  const provider = okta.providers[0].id;
  const cli = poolcheck('import', join(root, POOLS), '--into', join(root, OKTA), '--provider', provider, '--json');
  assert.equal(cli.status, 0);
  const report = api.importConfig(read(POOLS), { provider }, read(OKTA));
  assert.deepEqual(report, cli.json);
  assert.equal(report.format, 'confluent-cli');
  assert.deepEqual(report.added.map((change) => change.id), ['pool-12345', 'pool-abc']);
  assert.equal(report.scenario.pools.length, okta.pools.length + 2);
});

test('exportConfig writes what `export` prints, and refuses what it refuses', () => {
  for (const format of ['confluent-cli', 'terraform', 'java', 'librdkafka', 'kcat']) {
    const pool = JSON.parse(read(OKTA)).pools[0].id;
    const cli = poolcheckText('export', join(root, OKTA), '--format', format, '--pool', pool);
    assert.equal(api.exportConfig(read(OKTA), { format, pool }), cli, format);
  }
  assert.equal(thrown(() => api.exportConfig(read(OKTA), { format: 'java', pool: 'pool-nope' })).code, 'pool_not_found');
  assert.equal(thrown(() => api.importConfig('{"nothing": 1}')).code, 'import_unrecognized');
});

test('importConfigText is the report as JSON text, its numbers exactly as the scenario wrote them', () => {
  const okta = JSON.parse(read(OKTA));
  const provider = okta.providers[0].id;
  // A member the scenario keeps as written, with an integer no JavaScript number holds.
  const into = read(OKTA).replace(`"id": "${provider}"`, `"id": "${provider}", "x_serial": 12345678901234567890`);
  assert.notEqual(into, read(OKTA));
  const text = api.importConfigText(read(POOLS), { provider }, into);
  assert.match(text, /"x_serial":12345678901234567890\b/);
  assert.deepEqual(JSON.parse(text), api.importConfig(read(POOLS), { provider }, into));
  assert.equal(thrown(() => api.importConfigText('{"nothing": 1}')).code, 'import_unrecognized');
});
