#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Replays every saved fuzz input (`fuzz/regressions/<target>/*`) through the target's
//! harness: CI does not fuzz, but what fuzzing found stays fixed.

use std::path::Path;

use poolcheck_fuzz_harness::TARGETS;

#[test]
fn every_saved_fuzz_input_runs_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    for (name, harness) in TARGETS {
        let dir = root.join(name);
        let mut inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        inputs.sort();
        assert!(!inputs.is_empty(), "{} holds no input for the {name} harness", dir.display());
        for input in inputs {
            eprintln!("{name}: {}", input.display());
            harness(&std::fs::read(&input).unwrap());
        }
    }
}

#[test]
fn a_certificate_input_splits_as_it_was_joined() {
    use poolcheck_fuzz_harness::{join_cert_input, split_cert_input};
    let joined = join_cert_input(3, [b"leaf", b"", b"ca"], b"crl");
    assert_eq!(split_cert_input(&joined), (3, [&b"leaf"[..], b"", b"ca"], &b"crl"[..]));
    assert_eq!(split_cert_input(&[]), (0, [&[][..]; 3], &[][..]));
    assert_eq!(split_cert_input(&[1, 0, 9, 7]), (1, [&[7][..], &[], &[]], &[][..]));
}
