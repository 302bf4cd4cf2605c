#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{json as json_of, poolcheck, stderr};

/// RFC 7519 §3.1 example token: iss "joe", exp 2011-03-22T18:43:00Z.
const TOKEN: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

#[test]
fn json_output_has_header_claims_and_problems() {
    let output = poolcheck(&["decode", TOKEN, "--json", "--now", "1767225600"], None);
    assert_eq!(output.status.code(), Some(0));
    let report = json_of(&output);
    assert_eq!(report["header"]["alg"], "HS256");
    assert_eq!(report["claims"]["iss"], "joe");
    let expired =
        report["problems"].as_array().unwrap().iter().find(|p| p["code"] == "expired").unwrap();
    assert_eq!(expired["severity"], "error");
    assert!(expired["message"].as_str().unwrap().contains("14 years ago"));
    assert_eq!(report["claim_rows"][1]["time"]["status"], "expired");
    assert_eq!(report["now"], 1_767_225_600);
}

#[test]
fn reads_stdin_with_dash_or_no_argument_and_files_with_at() {
    for args in [&["decode", "--json"][..], &["decode", "-", "--json"][..]] {
        let output = poolcheck(args, format!("Authorization: Bearer {TOKEN}\n").as_str());
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(json_of(&output)["claims"]["iss"], "joe");
    }
    let path = std::env::temp_dir().join(format!("poolcheck-decode-{}.jwt", std::process::id()));
    std::fs::write(&path, format!("\"{TOKEN}\"\n")).unwrap();
    let output = poolcheck(&["decode", &format!("@{}", path.display()), "--json"], None);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn text_output_has_sections() {
    let output = poolcheck(&["decode", TOKEN, "--now", "1767225600"], None);
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "JWS (HS256)",
        "Header",
        "Claims",
        "2011-03-22T18:43:00Z (expired 14 years ago)",
        "Problems",
        "expired",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn not_a_token_exits_2_with_one_line_on_stderr() {
    for (input, expected) in [
        ("hello", "no dots"),
        ("a.b", "2 dot-separated parts"),
        ("", "empty"),
        ("bm90IGpzb24.e30.", "header is not JSON"),
        ("{\"sub\":1}", "JSON, not a compact token"),
    ] {
        let output = poolcheck(&["decode", "--json"], Some(input));
        assert_eq!(output.status.code(), Some(2), "{input:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("poolcheck: ") && stderr.contains(expected),
            "{input:?}: {stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    let output = poolcheck(&["decode", "@/nonexistent/token"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("cannot read /nonexistent/token"));
}

#[test]
fn binary_garbage_never_panics() {
    let garbage: String =
        (0..2000u32).map(|i| char::from_u32(i * 7919 % 0x2FFF).unwrap_or('.')).collect();
    let output = poolcheck(&["decode", "--json"], garbage.as_str());
    assert!(matches!(output.status.code(), Some(0 | 2)));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

#[test]
fn a_negative_leeway_is_refused_as_scenarios_refuse_it() {
    for args in [&["decode", TOKEN, "--leeway=-5"][..], &["decode", TOKEN, "--leeway", "-5"]] {
        let output = poolcheck(args, None);
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        assert!(
            stderr(&output).contains("-5 is negative; leeway must be 0 or more"),
            "{}",
            stderr(&output)
        );
    }
    let output = poolcheck(&["decode", TOKEN, "--leeway", "0"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
