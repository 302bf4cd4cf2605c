// Starts the wasm app. Trunk.toml's pattern_script puts the hashed file names on the tag;
// a file rather than Trunk's inline loader keeps the CSP free of 'unsafe-inline'.
const tag = document.querySelector('script[data-js][data-wasm]');
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
