// Tells the service worker ($TRUNK_STAGING_DIR/sw.js, from web/sw.js) which files to store
// for offline use and which version it is: rewrites the placeholder between
// `/* precache */` and `/* end precache */` into
//   { version: '<16 hex>', files: ['poolcheck-web-<hash>.js', …, 'pkg/poolcheck_bg.wasm'] }
// The files are everything the build put in the staging directory except what the app page
// never loads (sw.js itself, serve.json, embed.js, TypeScript declarations); the page itself
// (index.html) is stored under the directory's URL by sw.js, so it is not listed, but its
// content counts towards the version. The version is a SHA-256 over every listed file's name
// and content, index.html's and sw.js's own, so any change to any of them gives a new sw.js
// (which is how browsers notice an update) and a new cache.
// Trunk runs it after scripts/build-js-api.sh (Trunk.toml: one hook, in that order, because
// Trunk runs the hooks of one stage concurrently). Node is already a build tool (wasm-opt).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('precache.mjs: run by Trunk, which sets TRUNK_STAGING_DIR');
  process.exit(1);
}

// First, the hand-written scripts lose their whole-line comments: they are read here, not
// shipped (about 1 KiB gzipped of the size budget). Whole lines only, so no string can be cut
// (none of these scripts has a multi-line string).
for (const name of ['boot.js', 'embed.js', 'sw.js']) {
  const path = join(staging, name);
  const lines = readFileSync(path, 'utf8').split('\n');
  writeFileSync(path, lines.filter((line) => !/^\s*\/\/(?!#)/.test(line)).join('\n'));
}

const SKIP = new Set(['sw.js', 'serve.json', 'embed.js', 'index.html']);
const skipped = (name) => SKIP.has(name) || name.endsWith('.d.ts') || name.endsWith('package.json');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [relative(staging, path).split(sep).join('/')];
  });
}

const files = walk(staging).filter((name) => !skipped(name)).sort();
const hash = createHash('sha256');
for (const name of [...files, 'index.html']) {
  hash.update(`${name}\0`);
  hash.update(createHash('sha256').update(readFileSync(join(staging, name))).digest());
}
const swPath = join(staging, 'sw.js');
const sw = readFileSync(swPath, 'utf8');
hash.update('sw.js\0');
hash.update(createHash('sha256').update(sw).digest());
const version = hash.digest('hex').slice(0, 16);
const placeholder = /\/\* precache \*\/.*?\/\* end precache \*\//s;
if (!placeholder.test(sw)) {
  console.error('precache.mjs: no /* precache */ … /* end precache */ placeholder in sw.js');
  process.exit(1);
}
writeFileSync(swPath, sw.replace(placeholder, () => JSON.stringify({ version, files })));
console.log(`precache.mjs: sw.js version ${version}, ${files.length} files`);
