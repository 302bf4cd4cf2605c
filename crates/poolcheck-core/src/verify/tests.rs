use super::*;

#[test]
fn algorithm_names_round_trip_and_are_case_sensitive() {
    for alg in Algorithm::ALL {
        assert_eq!(Algorithm::from_name(alg.name()), Some(alg));
    }
    assert_eq!(Algorithm::from_name("hs256"), None);
    assert_eq!(Algorithm::from_name("none"), None);
}

#[test]
fn malformed_tokens_are_rejected_with_a_specific_problem() {
    let keys = KeySet::from_secret(&[7; 32]);
    let cases = [
        ("", "token_malformed"),
        ("a.b", "token_malformed"),
        ("a.b.c.d.e", "token_malformed"),
        ("e30=.e30.AAAA", "header_encoding"),
        ("e30.e3=0.AAAA", "payload_encoding"),
        ("bm90IGpzb24.e30.AAAA", "header_json"),
        ("W10.e30.AAAA", "header_json"),
        ("e30.e30.AAAA", "alg_missing"),
        // {"alg":"HS256","alg":"none"}
        ("eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.e30.AAAA", "header_duplicate_member"),
        // {"alg":"hs256"}
        ("eyJhbGciOiJoczI1NiJ9.e30.AAAA", "unsupported_alg"),
        // {"alg":"HS256","kid":1}
        ("eyJhbGciOiJIUzI1NiIsImtpZCI6MX0.e30.AAAA", "kid_not_string"),
        // {"alg":"HS256"} with no signature
        ("eyJhbGciOiJIUzI1NiJ9.e30.", "signature_missing"),
    ];
    for (token, code) in cases {
        let verification = verify_pasted(token, &keys);
        assert!(!verification.signature_valid, "{token}");
        assert_eq!(verification.outcome, Outcome::TokenRejected, "{token}");
        assert_eq!(verification.problems[0].code, code, "{token}: {:?}", verification.problems);
        assert_eq!(verification.candidates[0].reason, CandidateReason::TokenRejected);
    }
}
