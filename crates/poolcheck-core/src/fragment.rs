//! What the URL fragment can preload: `#token=<token>&now=<unix seconds>`, or a whole
//! scenario as `#scenario=<base64url of its JSON>` (the share link the Identity pools view makes).
//!
//! The fragment never leaves the browser (it is not sent with requests), which is why a
//! token may be shared this way and never in a query string.

use crate::b64;
use percent_encoding::percent_decode_str;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub token: Option<String>,
    pub now: Option<i64>,
    /// The scenario JSON a share link carries; an undecodable one is kept as its raw text so
    /// the import reports why it is not a scenario.
    pub scenario: Option<String>,
}

/// The fragment that carries a scenario: compact JSON, base64url without padding.
pub fn share(scenario_json: &str) -> String {
    format!("#scenario={}", b64::encode(scenario_json))
}

/// Parses `location.hash` (with or without the leading `#`). Unknown or malformed
/// parameters are ignored: a bad link should still open the app.
pub fn parse(hash: &str) -> Fragment {
    let mut fragment = Fragment::default();
    let params = hash.strip_prefix('#').unwrap_or(hash);
    for param in params.split('&') {
        let Some((name, raw_value)) = param.split_once('=') else { continue };
        // `+` is a legitimate base64 character in pasted tokens, so it is kept, not a space.
        let Ok(value) = percent_decode_str(raw_value).decode_utf8() else { continue };
        match name {
            "token" => fragment.token = Some(value.into_owned()),
            "now" => fragment.now = value.trim().parse().ok().or(fragment.now),
            "scenario" => {
                let decoded =
                    b64::decode(&value).ok().and_then(|d| String::from_utf8(d.bytes).ok());
                fragment.scenario = Some(decoded.unwrap_or_else(|| value.into_owned()));
            }
            _ => {}
        }
    }
    fragment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_token_and_now() {
        let fragment = parse("#token=aaa.bbb.ccc&now=1767225600");
        assert_eq!(fragment.token.as_deref(), Some("aaa.bbb.ccc"));
        assert_eq!(fragment.now, Some(1_767_225_600));
    }

    #[test]
    fn percent_decodes_the_token() {
        let fragment = parse("#token=Bearer%20aaa.bbb.ccc%3D");
        assert_eq!(fragment.token.as_deref(), Some("Bearer aaa.bbb.ccc="));
    }

    #[test]
    fn ignores_what_it_does_not_understand() {
        assert_eq!(parse(""), Fragment::default());
        assert_eq!(parse("#"), Fragment::default());
        assert_eq!(parse("#section-2"), Fragment::default());
        assert_eq!(parse("#token=%FF&now=soon&x=1"), Fragment::default());
    }

    #[test]
    fn a_share_link_carries_a_scenario() {
        let json = r#"{"version":1,"token":"a.b.c"}"#;
        assert_eq!(parse(&share(json)).scenario.as_deref(), Some(json));
        assert_eq!(parse("#scenario=not*base64").scenario.as_deref(), Some("not*base64"));
    }

    #[test]
    fn negative_times_are_allowed() {
        assert_eq!(parse("now=-1").now, Some(-1));
    }
}
