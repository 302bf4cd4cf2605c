// Prints how poolcheck's JavaScript API (dist/pkg) compares with the JavaScript libraries
// people use for the same work (jose; @marcbachmann/cel-js and @bufbuild/cel; atob +
// JSON.parse), measured in one headless-Chromium page: per-operation medians and ratios;
// then RSA-2048 key generation through the app's builder worker (median of 5 runs).
// A benchmark that prints figures, not a test: run it with scripts/bench-js.sh.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'pkg/poolcheck.js'))) {
  console.error('dist/pkg/poolcheck.js is missing: run `trunk build --release` first');
  process.exit(1);
}

const bundle = await build({
  entryPoints: [join(here, 'page.mjs')],
  bundle: true,
  format: 'esm',
  minify: true,
  write: false,
  external: ['/pkg/poolcheck.js'],
  logLevel: 'error',
});
const page = `<!doctype html><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<script type="module" src="/bench/page.js"></script>`;
const server = await serve(dist, {
  pages: {
    '/bench/': ['text/html; charset=utf-8', page],
    '/bench/page.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0].text],
  },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await tab.goto(`${server.origin}/bench/`);
  await tab.waitForFunction(() => typeof window.runBenchmarks === 'function');
  const rows = await tab.evaluate(() => window.runBenchmarks());
  const ms = (value) => (value < 0.1 ? value.toFixed(4) : value < 10 ? value.toFixed(3) : value.toFixed(1));
  console.log(`Chromium ${browser.version()}, medians in ms; ratio = poolcheck ÷ peer (below 1: poolcheck is faster)\n`);
  console.log(`${'operation'.padEnd(52)} ${'poolcheck'.padStart(10)}  peers`);
  for (const { operation, poolcheckMs, peers } of rows) {
    const compared = Object.entries(peers)
      .map(([peer, peerMs]) => `${peer} ${ms(peerMs)} (×${(poolcheckMs / peerMs).toFixed(2)})`)
      .join(', ');
    console.log(`${operation.padEnd(52)} ${ms(poolcheckMs).padStart(10)}  ${compared}`);
  }
  // The token builder's slowest request, as the app makes it (dist/builder-worker.js + pkg).
  const keygen = await tab.evaluate(() => window.runWorkerKeygen(5));
  console.log(`\nRSA-2048 keygen in a worker: median ${keygen.medianMs.toFixed(0)} ms `
    + `(5 runs: ${keygen.times.map((t) => t.toFixed(0)).join(', ')} ms; `
    + `loading the package in the worker first: ${keygen.loadMs.toFixed(0)} ms)`);
} finally {
  await browser.close();
  await server.close();
}
