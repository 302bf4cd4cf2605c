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
