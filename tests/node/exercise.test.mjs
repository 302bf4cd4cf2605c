// The JavaScript API's `exercise` against `poolcheck exercise --json` on the workshop pack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

test('Workspace.editExercises writes an exercise as the app does, and refuses what core refuses', () => {
  const workspace = new api.Workspace(read('examples/scenarios/auth0.json'));
  workspace.editExercises({ edit: 'add_filter_exercise', target: { pool: 'pool-auth0-apps' } });
  workspace.editExercises({ edit: 'add_case', exercise: 0, case: { from: 'pasted', text: '{"sub": "intruder"}' } });
  const scenario = workspace.scenario();
  const [exercise] = scenario.exercises;
  assert.equal(exercise.id, 'filter-pool-auth0-apps');
  assert.deepEqual(exercise.cases.map((c) => [c.name, c.expect]), [
    ['N4xGq7hKc1TzB2mV9pLw@clients', 'match'],
    ['intruder', 'no_match'],
  ]);
  // What the page built checks as the CLI checks it: solved by the filter it was made from.
  const file = join(mkdtempSync(join(tmpdir(), 'poolcheck-')), 'written.json');
  writeFileSync(file, JSON.stringify(scenario));
  const cli = poolcheck('exercise', file, '--json');
  assert.equal(cli.status, 0, cli.stderr);
  assert.deepEqual(api.exercise(scenario), cli.json);

  const refused = thrown(() => workspace.editExercises({ edit: 'remove_case', exercise: 0, case: 9 }));
  assert.equal(refused.code, 'invalid_argument');
  assert.equal(thrown(() => workspace.editExercises({ edit: 'remove', exercise: 4 })).code, 'exercise_not_found');
  assert.equal(workspace.scenario().exercises[0].cases.length, 2);
});
