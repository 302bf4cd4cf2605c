// The Workspace class: built from an example scenario, driven with the app's edits, read
// through the same reports the CLI prints.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { NOW, api, poolcheck, read, root, thrown } from './harness.mjs';

const path = 'examples/scenarios/okta.json';
const scenario = JSON.parse(read(path));
const now = scenario.now ?? NOW;

test('a new workspace reports what `simulate --json` prints', () => {
  const workspace = new api.Workspace(scenario, { now });
  const cli = poolcheck('simulate', join(root, path), '--now', String(now), '--json');
  assert.deepEqual(workspace.simulation(), cli.json);
  assert.deepEqual(workspace.reports().oauth, cli.json.oauth);
  assert.equal(new api.Workspace(read(path), { now }).reports().oauth.accepted, cli.json.oauth.accepted);
});

test('edits to the token, the clock and a pool filter re-run the reports', () => {
  const workspace = new api.Workspace(scenario, { now });
  assert.equal(workspace.reports().token.kind, 'decoded');

  workspace.apply({ edit: 'set_pool', index: 0, field: 'filter', value: 'false' });
  for (let index = 1; index < scenario.pools.length; index++) {
    workspace.apply({ edit: 'set_pool', index, field: 'filter', value: 'false' });
  }
  assert.equal(workspace.reports().oauth.code, 'NO_MATCHING_POOL');
  assert.equal(workspace.scenario().pools[0].filter, 'false');

  workspace.apply({ edit: 'set_now', now: 4102444800 });
  const late = workspace.reports().oauth;
  assert.equal(late.cause, 'expired');

  workspace.apply({ edit: 'set_token', token: 'not a token' });
  const reports = workspace.reports();
  assert.equal(reports.token.kind, 'not_a_token');
  assert.equal(reports.oauth.cause, 'token_unreadable');
});

test('the Token view keys verify the token, as `verify` does', () => {
  const workspace = new api.Workspace(scenario, { now });
  const jwks = JSON.stringify(scenario.providers[0].jwks);
  workspace.apply({ edit: 'set_keys', text: jwks, secret: null });
  const { signature } = workspace.reports();
  assert.equal(signature.status, 'checked');
  assert.equal(signature.signature_valid, api.verify(scenario.token, jwks).signature_valid);
});

test('bad input throws a coded Error', () => {
  assert.equal(thrown(() => new api.Workspace('{"version": 2}')).code, 'scenario_invalid');
  const workspace = new api.Workspace(scenario);
  assert.equal(thrown(() => workspace.apply({ edit: 'set_nothing' })).code, 'invalid_argument');
  assert.equal(thrown(() => workspace.apply({ edit: 'set_now', now: 'soon' })).code, 'invalid_argument');
});

test('with detail "verdict", pools give verdicts and each is explained on request as "explained" gives it', () => {
  const explained = new api.Workspace(scenario, { now });
  const lean = new api.Workspace(scenario, { now });
  lean.setDetail('verdict');
  const full = explained.reports().oauth.pool_results;
  const verdicts = lean.reports().oauth.pool_results;
  assert.equal(verdicts.length, full.length);
  full.forEach((result, index) => {
    assert.equal(verdicts[index].status, result.status);
    assert.deepEqual(verdicts[index].filter?.explanation ?? [], []);
    assert.deepEqual(lean.explainedPoolResult(index), result);
  });
  assert.equal(lean.explainedPoolResult(full.length), undefined);
  assert.equal(thrown(() => lean.setDetail('some')).code, 'invalid_argument');
  // Started at "verdict" (with `simulate`'s options beside it): the same reports at once.
  const started = new api.Workspace(scenario, { now, detail: 'verdict' });
  assert.deepEqual(started.reports(), lean.reports());
  const explainedFromText = new api.Workspace(JSON.stringify(scenario), { now, detail: 'explained' });
  assert.deepEqual(explainedFromText.reports(), explained.reports());
  assert.equal(thrown(() => new api.Workspace(scenario, { detail: 'some' })).code, 'invalid_argument');
});
