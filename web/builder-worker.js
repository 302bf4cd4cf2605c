// The app's on-demand worker: generates keys, imports private keys and signs tokens off the
// main thread, so an RSA key generation (hundreds of milliseconds to seconds) never freezes
// the page; and reads and writes Confluent configuration (import and export), whose code only
// some users need, so the app's own wasm does not carry it. It runs the JavaScript API package (./pkg/poolcheck.js, built with the `builder`
// feature), loaded once, on the first message. The app starts it with
//   new Worker('./builder-worker.js', { type: 'module' })
//
// Protocol (one response per request, in the order the requests arrived):
//   request   { id: number, command: 'keygen' | 'importKey' | 'sign' | 'importConfig' |
//               'exportConfig', options: string }
//             options is JSON text: KeygenOptions for keygen, SignOptions for sign,
//             { "key": string, "kid"?: string } for importKey (the key text: PEM, private
//             JWK or JWKS), { "text": string, "options": ImportOptions, "into": string } for
//             importConfig and { "scenario": string, "options": ExportOptions } for
//             exportConfig (scenarios as JSON text).
//   response  { id, ok: string }   ok is JSON text of what the API returned
//                                   (KeygenOutput, SignOutput, ImportReport from
//                                   importConfigText with its numbers exact, or the
//                                   exported text)
//             { id, error: { code: string, message: string, hint?: string } }
//             code is the API's error code (`invalid_argument`, `keys_unreadable`,
//             `key_does_not_fit`, `claims_unusable`, …; a request the protocol does not
//             allow, an unknown command or options that are not a JSON object, is
//             `invalid_argument` too), or `worker_failed` for anything unexpected: the
//             package failing to load or a crash inside it. After worker_failed, terminate
//             the worker and start a new one before asking again.
// Nothing escapes onmessage: every failure becomes an error response.
//
// Cancelling: the app calls worker.terminate() (a key generation cannot be interrupted from
// inside), then starts a new worker for the next request; the package loads again then.
//
// The app's Content-Security-Policy allows this file with `worker-src 'self'`. The worker's
// own fetch of ./pkg/poolcheck_bg.wasm and its compilation are governed by the policy this
// file is served with, if any (web/serve.json sends none); a host that adds one must allow
// `script-src 'self' 'wasm-unsafe-eval'` and `connect-src 'self'` for it.

const COMMANDS = ['keygen', 'importKey', 'sign', 'importConfig', 'exportConfig'];

/** The initialized API module, loaded on first use (and again after a failed load). */
let loading;
function api() {
  loading ??= import('./pkg/poolcheck.js').then(async (module) => {
    // Without arguments, the package fetches poolcheck_bg.wasm next to poolcheck.js.
    await module.default();
    return module;
  });
  return loading.catch((error) => {
    loading = undefined;
    throw Object.assign(new Error(`the JavaScript API could not be loaded: ${messageOf(error)}`), {
      code: 'worker_failed',
    });
  });
}

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

function invalid(message) {
  return Object.assign(new Error(message), { code: 'invalid_argument' });
}

/** The request's options: JSON text of an object. */
function parsedOptions(options) {
  if (typeof options !== 'string') throw invalid('options: expected JSON text');
  let parsed;
  try {
    parsed = JSON.parse(options);
  } catch (error) {
    throw invalid(`options: not JSON: ${messageOf(error)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('options: expected a JSON object');
  }
  return parsed;
}

async function run(request) {
  const { command, options } = request ?? {};
  if (!COMMANDS.includes(command)) {
    throw invalid(`command: expected one of ${COMMANDS.join(', ')}, got ${JSON.stringify(command)}`);
  }
  const parsed = parsedOptions(options);
  const module = await api();
  switch (command) {
    case 'keygen':
      return JSON.stringify(module.keygen(parsed));
    case 'sign':
      return JSON.stringify(module.sign(parsed));
    case 'importConfig':
      // JSON text from the package itself: through JavaScript numbers, big integers would round.
      return module.importConfigText(String(parsed.text ?? ''), parsed.options, parsed.into);
    case 'exportConfig':
      return JSON.stringify(module.exportConfig(parsed.scenario, parsed.options));
    default:
      return JSON.stringify(module.importKey(parsed.key, parsed.kid === undefined ? undefined : { kid: parsed.kid }));
  }
}

/** The error response's body: the API's code, message and hint, or worker_failed. */
function described(error) {
  const known = error instanceof Error && typeof error.code === 'string' && error.code !== '';
  const body = {
    code: known ? error.code : 'worker_failed',
    message: known ? error.message : `unexpected failure in the builder worker: ${messageOf(error)}`,
  };
  if (known && typeof error.hint === 'string') body.hint = error.hint;
  return body;
}

/** Answers one request (run gives the reply's JSON text); never rejects. */
async function answer(event) {
  const id = event.data?.id;
  let response;
  try {
    response = { id, ok: await run(event.data) };
  } catch (error) {
    response = { id, error: described(error) };
  }
  try {
    self.postMessage(response);
  } catch (error) {
    // Strings and the request's own id always clone; should posting fail anyway, say so.
    self.postMessage({ id, error: described(error) });
  }
}

// One request at a time, in the order they arrived (the first waits for the package to load,
// and the others wait behind it, refused ones included).
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(() => answer(event)).catch(() => {});
};
