// Shared by the Node tests: the built JavaScript API (dist/pkg, initialized from the wasm
// bytes on disk) and the built `poolcheck` CLI, to compare the two on the same input.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = join(root, 'dist', 'pkg');
const cli = process.env.POOLCHECK_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'poolcheck');

export const api = await import(join(pkg, 'poolcheck.js'));
await api.default({ module_or_path: readFileSync(join(pkg, 'poolcheck_bg.wasm')) });

/// 2026-01-01T00:00:00Z, the instant the fixtures are described at.
export const NOW = 1767225600;

export const read = (path) => readFileSync(join(root, path), 'utf8');

const scratch = mkdtempSync(join(tmpdir(), 'poolcheck-node-'));
let files = 0;
/// Writes `text` to a fresh temporary file and returns its path, for the CLI's `@FILE`.
export function temp(text) {
  const path = join(scratch, `input-${files++}`);
  writeFileSync(path, text);
  return path;
}

/// Runs the CLI: `{ status, json }` for exit 0 and 1, `{ status: 2, stderr }` otherwise.
export function poolcheck(...args) {
  try {
    const stdout = execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, json: JSON.parse(stdout) };
  } catch (error) {
    if (error.status === 1) return { status: 1, json: JSON.parse(error.stdout) };
    return { status: error.status, stderr: error.stderr };
  }
}

/// What a poolcheck command that prints text (not JSON) printed; it must exit 0.
export function poolcheckText(...args) {
  return execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/// What `fn` throws (failing when it returns).
export function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an Error to be thrown');
}
