#![no_main]
// The body lives in crates/poolcheck-fuzz-harness so `cargo test` replays fuzz/regressions.
libfuzzer_sys::fuzz_target!(|data: &[u8]| poolcheck_fuzz_harness::cert(data));
