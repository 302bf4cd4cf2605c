// Splits the app's wasm in two: what starting the app, the Token view and the Identity pools
// view run (the file the page loads) and code that only some users reach: the Certificates
// view and certificate parsing, the builder, the workshop, Confluent import and export, and the
// curves only ES384, ES512 and EdDSA tokens need. web/boot.js loads the second file the first
// time any of its functions is called (synchronously, if it has not arrived yet), so nothing
// behaves differently; the page just downloads less before its first render (issue 14's size
// goal).
//
// Trunk runs it as a post_build hook (Trunk.toml), on wasm-bindgen's output in
// $TRUNK_STAGING_DIR, before any optimisation (index.html turns Trunk's wasm-opt off): the
// functions are chosen by name, and wasm-opt would strip the names and merge identical
// functions under one of them. The splitting itself is binaryen's wasm-split
// (scripts/bootstrap.sh unpacks it; npm's binaryen package does not include it):
//   1. names stripped, so the exports and imports joining the two files are short (`%123`);
//   2. the functions to move: those LATE_COMPONENTS, LATE_MODULES and LATE_METHODS name (but
//      not what a page that never shows them runs anyway, below), plus, repeated until nothing
//      changes, every function called only by functions already moving;
//   3. wasm-split: <name>_bg.wasm keeps the rest and calls a moved function through a table
//      slot that holds an imported placeholder until <name>_late.wasm, instantiated against
//      the first file's memory, table and exports, fills the slot with the real function;
//   4. each file optimised for size (wasm-opt -Oz, OPTIMIZE);
//   5. both named by a hash of their content.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// What moves to the late file, chosen by the functions' demangled v0 names
// (.cargo/config.toml), and then what only those functions call:
// the functions made for these views and components, their yew lifecycle code included (a
// generic function's name includes its type arguments; a component is made only when shown);
const LATE_COMPONENTS = [
  'poolcheck_web::views::certificates_view',
  'poolcheck_web::views::build_view',
  'poolcheck_web::views::workshop_view',
  'poolcheck_web::components::authority_editor',
  'poolcheck_web::components::cert_pool_editor',
  'poolcheck_web::components::certificate_inspection',
  'poolcheck_web::components::chain_diagram',
  'poolcheck_web::components::config_export',
  'poolcheck_web::components::config_import',
  'poolcheck_web::components::copy_button',
  'poolcheck_web::components::exercise_editor',
  'poolcheck_web::components::exercise_panel',
  'poolcheck_web::components::job_progress',
  'poolcheck_web::components::key_panel',
  'poolcheck_web::components::mtls_outcome',
  'poolcheck_web::components::new_exercise',
  'poolcheck_web::components::pem_input',
  'poolcheck_web::components::signed_token',
  'poolcheck_web::components::token_draft',
];
// the functions of these modules, or of their types' impls (`<Certificate>::inspect`), but not
// generic code made for their types (`Rc<Vec<Certificate>>::new`): the app's state holds those
// from the start, empty.
const LATE_MODULES = [
  'poolcheck_web::components::job_worker::start',
  'poolcheck_web::state::builder',
  'poolcheck_web::state::interop',
  'poolcheck_web::state::workshop',
  'poolcheck_core::cert',
  'poolcheck_core::commands::exercise',
  'poolcheck_core::commands::exercise_edit',
  'poolcheck_core::filter::mint',
  'poolcheck_core::scenario::exercises',
  'curve25519_dalek',
  'der',
  'ed25519_dalek',
  'json_patch',
  'p384',
  'p521',
  'sha2::sha512',
  'x509_cert',
];
// and these methods of the app's state, the reducer's handlers for the builder's, the workshop's
// and import and export's actions (each `#[inline(never)]`, or LLVM would fold them into it).
const LATE_METHODS = [
  'poolcheck_web::state::AppState::build',
  'poolcheck_web::state::AppState::interop_action',
  'poolcheck_web::state::AppState::workshop_action',
];

// wasm-opt's features for rustc's default wasm32 output (it refuses the module without them).
const FEATURES = [
  '--enable-bulk-memory', '--enable-bulk-memory-opt', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
  '--enable-multivalue',
];
// --low-memory-unused: rustc places the stack below the data, so the lowest 1 KiB is only
// reached by a stack about to overflow; the promise lets wasm-opt fold address arithmetic into
// load/store offsets (about 4 KiB less gzipped).
const OPTIMIZE = ['-Oz', '--low-memory-unused', '--strip-debug', '--strip-producers',
  '--strip-target-features', ...FEATURES];
// binaryen 108's wasm-split predates the name bulk-memory-opt.
const SPLIT_FEATURES = FEATURES.filter((flag) => flag !== '--enable-bulk-memory-opt');

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('split-wasm.mjs: run by Trunk, which sets TRUNK_STAGING_DIR');
  process.exit(1);
}
// Where scripts/bootstrap.sh unpacks it.
const splitVersion = /^BINARYEN_SPLIT_VERSION=(.+)$/m.exec(
  readFileSync(new URL('versions.env', import.meta.url), 'utf8'),
)[1];
const wasmSplit = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'poolcheck',
  `binaryen-${splitVersion}`, 'usr', 'bin', 'wasm-split');
if (!existsSync(wasmSplit)) {
  console.error(`split-wasm.mjs: no ${wasmSplit}; run scripts/bootstrap.sh`);
  process.exit(1);
}
const apps = readdirSync(staging).filter((name) => /^poolcheck-web-[0-9a-f]+_bg\.wasm$/.test(name));
if (apps.length !== 1) {
  console.error(`split-wasm.mjs: expected one poolcheck-web-<hash>_bg.wasm in ${staging}, found ${apps.length}`);
  process.exit(1);
}
const app = join(staging, apps[0]);
const late = app.replace(/_bg\.wasm$/, '_late.wasm');
const work = (suffix) => `${app}.${suffix}`;

const run = (tool, args) => execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 28 });

// 1. Names stripped. Binaryen then calls the i-th defined function "i" (counting from 0 after
// the imported ones) and the i-th imported one "fimport$i": checked against the exports below.
const bytes = readFileSync(app);
const names = functionNames(bytes);
if (names.size === 0) {
  console.error('split-wasm.mjs: the wasm has no function names (was it optimised before this hook?)');
  process.exit(1);
}
const { imported, exported } = importsAndExports(bytes);
run('wasm-opt', [app, ...FEATURES, '--strip-debug', '-o', work('nameless')]);
lowerTableFill(work('nameless'));
const graph = callGraph(run('wasm-opt', [work('nameless'), ...FEATURES, '--print-call-graph', '-o', '/dev/null']));
const node = (index) => (index < imported ? `fimport$${index}` : String(index - imported));
const exportedNodes = [...exported].map(node).sort().join();
if (exportedNodes !== [...graph.exported].sort().join()) {
  console.error('split-wasm.mjs: wasm-opt numbered the functions differently than expected');
  process.exit(1);
}

// 2. What moves (wasm-bindgen demangles the names).
const pattern = new RegExp([
  ...LATE_COMPONENTS.map(pathPattern),
  ...LATE_MODULES.map((path) => `^<*(?:&(?:mut )?)?${pathPattern(path)}`),
  ...LATE_METHODS.map((path) => {
    const [type, method] = [path.slice(0, path.lastIndexOf('::')), path.slice(path.lastIndexOf('::') + 2)];
    return `^<${pathPattern(type)}>::${method}\\b`;
  }),
].join('|'));
// LLVM merges identical functions under one of their names: yew's code for one view's props
// is every view's (they share one props type), a late type's Display may be a common type's,
// a late view's closure another view's. Merged functions are small, so a small one moves only
// if nothing but moving code can reach it: not from the table, and not called directly by the
// first file's own UI code (named for poolcheck_web and none of the late modules).
const SMALL = 400;
const sizes = bodySizes(bytes);
const ui = /\bpoolcheck_web(?:\[[0-9a-f]+\])?::/;
const stayingUi = (caller) => {
  const name = names.get(Number(caller) + imported) ?? '';
  return ui.test(name) && !pattern.test(name);
};
// What a parent runs for a late component it has not shown: its props built, wrapped, compared
// and dropped, code that names the component only through its props' types (`ConfigImportProps`,
// the props builder's `HasConfigImportProps…`) or its VChild.
const propsTypes = new RegExp(LATE_COMPONENTS.map((path) => `${pathPattern(path)}::\\w*Props\\w*`).join('|'), 'g');
const parentSide = (name) => /::vcomp::VChild<|::properties::__macro::/.test(name) || !pattern.test(name.replace(propsTypes, ''));
const moving = new Set();
for (const [index, name] of names) {
  if (index < imported || graph.exported.has(node(index)) || !pattern.test(name) || parentSide(name)) continue;
  const small = sizes[index - imported] < SMALL;
  if (small && graph.indirect.has(node(index))) continue;
  if (small && [...(graph.callers.get(node(index)) ?? [])].some(stayingUi)) continue;
  moving.add(node(index));
}
for (let grew = true; grew;) {
  grew = false;
  for (const [callee, callers] of graph.callers) {
    if (moving.has(callee) || graph.pinned.has(callee) || graph.indirect.has(callee)) continue;
    if ([...callers].every((caller) => moving.has(caller))) {
      moving.add(callee);
      grew = true;
    }
  }
}
writeFileSync(work('list'), [...moving].join('\n') + '\n');

// 3. Split.
run(wasmSplit, [work('nameless'), ...SPLIT_FEATURES, `--split-funcs=@${work('list')}`,
  '--export-prefix=%', '-o1', work('primary'), '-o2', work('secondary'), '--placeholdermap']);
// To find which late function a page calls (web/boot.js logs the slot with
// `localStorage.poolcheckLateTrace = 1`): POOLCHECK_SPLIT_MAP=file trunk build --release
// writes `slot name` lines.
if (process.env.POOLCHECK_SPLIT_MAP) {
  const slots = readFileSync(`${work('primary')}.placeholders`, 'utf8').trim().split('\n').map((line) => {
    const [slot, index] = line.split(':');
    return `${slot} ${names.get(Number(index) + imported)}`;
  });
  const moved = [...moving].map((index) => `moved ${names.get(Number(index) + imported)}`);
  writeFileSync(process.env.POOLCHECK_SPLIT_MAP, [...slots, ...moved].join('\n') + '\n');
}
rmSync(`${work('primary')}.placeholders`);
restoreTableExports(work('nameless'), work('primary'));
const before = statSync(app).size;

// 4. Optimised.
run('wasm-opt', [work('primary'), ...OPTIMIZE, '-o', app]);
run('wasm-opt', [work('secondary'), ...OPTIMIZE, '-o', late]);
for (const suffix of ['nameless', 'list', 'primary', 'secondary']) rmSync(work(suffix));

// 5. Named by what they hold. Trunk's hash comes from rustc's output, so a change here alone
// (the lists, the tools) would ship different files under names browsers keep for a year, and
// a returning visitor could pair an old first file with a new late one. index.html names the
// first file (boot.js derives the late one's name from it).
const hash = createHash('sha256').update(readFileSync(app)).update(readFileSync(late)).digest('hex').slice(0, 16);
const named = `poolcheck-web-${hash}_bg.wasm`;
renameSync(app, join(staging, named));
renameSync(late, join(staging, named.replace(/_bg\.wasm$/, '_late.wasm')));
const indexPath = join(staging, 'index.html');
const index = readFileSync(indexPath, 'utf8');
if (!index.includes(apps[0])) {
  console.error(`split-wasm.mjs: index.html does not name ${apps[0]}`);
  process.exit(1);
}
writeFileSync(indexPath, index.replaceAll(apps[0], named));
console.log(`split-wasm.mjs: ${moving.size} of ${names.size} functions moved; ` +
  `${before} → ${statSync(join(staging, named)).size} bytes (${named}), late file ` +
  `${statSync(join(staging, named.replace(/_bg\.wasm$/, '_late.wasm'))).size} bytes`);

// wasm-split 108 cannot read table.fill (newer than it), which wasm-bindgen's glue uses only
// to clear one slot of its externref table: `table.fill t i null 1` is `table.set t i null`.
// Rewritten in binaryen's text form and assembled again; any other table.fill stops the build.
function lowerTableFill(path) {
  const text = run('wasm-dis', [path, ...FEATURES]);
  const oneSlot = /\(table\.fill (\$\S+)\n\s+(\(local\.get \$\S+\))\n\s+(\(ref\.null \w+\))\n\s+\(i32\.const 1\)\n\s+\)/g;
  const lowered = text.replace(oneSlot, '(table.set $1 $2 $3)');
  if (lowered.includes('(table.fill')) {
    console.error('split-wasm.mjs: a table.fill other than a one-slot clear; wasm-split 108 cannot read it');
    process.exit(1);
  }
  writeFileSync(`${path}.wat`, lowered);
  run('wasm-as', [`${path}.wat`, ...FEATURES, '-o', path]);
  rmSync(`${path}.wat`);
}

// wasm-split 108 points every exported table at the function table (its own `%table` export
// is right): wasm-bindgen's `__wbindgen_externrefs` must name the externref table again. Both
// indices are one byte, so the export is patched in place.
function restoreTableExports(input, output) {
  const wanted = new Map(tableExports(readFileSync(input)).map(({ name, index }) => [name, index]));
  const bytes = readFileSync(output);
  for (const { name, index, at } of tableExports(bytes)) {
    if (!wanted.has(name) || wanted.get(name) === index) continue;
    if (wanted.get(name) > 0x7f || index > 0x7f) {
      console.error(`split-wasm.mjs: table export ${name}: indices past one byte`);
      process.exit(1);
    }
    bytes[at] = wanted.get(name);
  }
  writeFileSync(output, bytes);
}

function tableExports(bytes) {
  const tables = [];
  const decoder = new TextDecoder();
  for (const { id, start } of sections(bytes)) {
    if (id !== 7) continue;
    let [count, at] = leb(bytes, start);
    while (count-- > 0) {
      const [length, text] = leb(bytes, at);
      const name = decoder.decode(bytes.subarray(text, text + length));
      const kind = bytes[text + length];
      const [index, next] = leb(bytes, text + length + 1);
      if (kind === 1) tables.push({ name, index, at: text + length + 1 });
      at = next;
    }
  }
  return tables;
}

// `a::b` in a demangled v0 name, where each crate carries a hash: `a[0123abcd]::b`.
function pathPattern(path) {
  const [crate, ...rest] = path.split('::');
  return `\\b${crate}(?:\\[[0-9a-f]+\\])?${rest.map((part) => `::${part}`).join('')}\\b`;
}

// From wasm-opt's --print-call-graph: the direct calls, the functions that must stay (imported
// and exported ones) and the indirect-call targets (in the table: any code may call them, so
// they move only by name, and wasm-split leaves a placeholder in their slot).
function callGraph(dot) {
  const callers = new Map();
  const pinned = new Set();
  const exported = new Set();
  const indirect = new Set();
  for (const line of dot.split('\n')) {
    const call = /^  "([^"]+)" -> "([^"]+)"; \/\/ call$/.exec(line);
    if (call) {
      if (!callers.has(call[2])) callers.set(call[2], new Set());
      callers.get(call[2]).add(call[1]);
      continue;
    }
    // Two spaces: the legend's nodes ("Export", …) are indented further.
    const node = /^  "([^"]+)" \[style="([^"]+)"(?:, fillcolor="(\w+)")?\];$/.exec(line);
    if (!node) continue;
    if (node[3] === 'gray') exported.add(node[1]);
    if (node[3] === 'gray' || node[3] === 'turquoise') pinned.add(node[1]);
    if (node[2].includes('rounded')) indirect.add(node[1]);
  }
  return { callers, pinned, exported, indirect };
}

// Minimal reader of the wasm binary format: the sections, the number of imported functions,
// the exported ones, the size of each function's body and the name section's function names.
function* sections(bytes) {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    const [size, start] = leb(bytes, at);
    yield { id, start, end: start + size };
    at = start + size;
  }
}

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function bodySizes(bytes) {
  const sizes = [];
  for (const { id, start } of sections(bytes)) {
    if (id !== 10) continue;
    let [count, at] = leb(bytes, start);
    while (count-- > 0) {
      const [size, body] = leb(bytes, at);
      sizes.push(size);
      at = body + size;
    }
  }
  return sizes;
}

function importsAndExports(bytes) {
  let imported = 0;
  const exported = new Set();
  const skipName = (at) => {
    const [length, text] = leb(bytes, at);
    return text + length;
  };
  for (const { id, start } of sections(bytes)) {
    let [count, at] = leb(bytes, start);
    if (id === 2) {
      while (count-- > 0) {
        at = skipName(skipName(at));
        const kind = bytes[at++];
        if (kind === 0) {
          imported += 1;
          at = leb(bytes, at)[1];
        } else if (kind === 1) {
          at = limits(bytes, at + 1);
        } else if (kind === 2) {
          at = limits(bytes, at);
        } else if (kind === 3) {
          at += 2;
        } else {
          at = leb(bytes, at + 1)[1];
        }
      }
    } else if (id === 7) {
      while (count-- > 0) {
        at = skipName(at);
        const kind = bytes[at++];
        const [index, next] = leb(bytes, at);
        if (kind === 0) exported.add(index);
        at = next;
      }
    }
  }
  return { imported, exported };
}

function limits(bytes, at) {
  const flags = bytes[at];
  let next = leb(bytes, at + 1)[1];
  if (flags & 1) next = leb(bytes, next)[1];
  return next;
}

function functionNames(bytes) {
  const names = new Map();
  const decoder = new TextDecoder();
  for (const { id, start, end } of sections(bytes)) {
    if (id !== 0) continue;
    let [length, at] = leb(bytes, start);
    if (decoder.decode(bytes.subarray(at, at + length)) !== 'name') continue;
    at += length;
    while (at < end) {
      const kind = bytes[at++];
      const [size, body] = leb(bytes, at);
      if (kind === 1) {
        let [count, next] = leb(bytes, body);
        while (count-- > 0) {
          const [index, afterIndex] = leb(bytes, next);
          const [nameLength, text] = leb(bytes, afterIndex);
          names.set(index, decoder.decode(bytes.subarray(text, text + nameLength)));
          next = text + nameLength;
        }
      }
      at = body + size;
    }
  }
  return names;
}
