// The JavaScript API's `exercise` against `poolcheck exercise --json` on the workshop pack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { api, poolcheck, read, root, thrown } from './harness.mjs';

const PACK = 'examples/workshop/workshop.json';

test('exercise returns what `exercise --json` prints, for the pack and for one answer', () => {
  const cli = poolcheck('exercise', join(root, PACK), '--json');
  assert.equal(cli.status, 1, 'the pack ships unsolved');
  const report = api.exercise(read(PACK));
  assert.deepEqual(report, cli.json);
  assert.equal(report.exercises.length, 10);

  const answer = "claims.aud == 'api://kafka'";
  const one = poolcheck('exercise', join(root, PACK), '--exercise', 'scope-by-audience', `--filter=${answer}`, '--json');
  assert.equal(one.status, 0);
  const solved = api.exercise(JSON.parse(read(PACK)), { exercise: 'scope-by-audience', filter: answer });
  assert.deepEqual(solved, one.json);
  assert.equal(solved.solved, true);
});

test('exercise throws the CLI\'s input errors with their codes', () => {
  assert.equal(thrown(() => api.exercise(read(PACK), { exercise: 'nope' })).code, 'exercise_not_found');
  assert.equal(thrown(() => api.exercise('{"version": 1}')).code, 'exercise_not_found');
  assert.equal(thrown(() => api.exercise('nope')).code, 'scenario_invalid');
});
