//! What the URL fragment can preload: `#token=<token>&now=<unix seconds>`, or a whole
//! scenario as `#scenario=<base64url of its JSON>` (the share link the Identity pools view makes),
//! and `view=` (the tab to show). A `<poolcheck-embed>` frame adds `embed=<view>` (one compact
//! view), `filter=` (a filter embed's expression), `readonly=1`, and `theme=` and `host=`,
//! which only the page's boot script reads.
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
    /// The view to open.
    pub view: Option<ViewName>,
    /// Render only this view, compactly, for a `<poolcheck-embed>` frame.
    pub embed: Option<ViewName>,
    /// A filter embed's expression.
    pub filter: Option<String>,
    /// Results without editors.
    pub readonly: bool,
}

/// The views a link can open or an embed can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewName {
    Token,
    /// One filter against the token's claims.
    Filter,
    Pools,
    Certificates,
}

impl ViewName {
    pub const ALL: [ViewName; 4] =
        [ViewName::Token, ViewName::Filter, ViewName::Pools, ViewName::Certificates];

    pub fn as_str(self) -> &'static str {
        match self {
            ViewName::Token => "token",
            ViewName::Filter => "filter",
            ViewName::Pools => "pools",
            ViewName::Certificates => "certificates",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|view| view.as_str() == name)
    }
}

/// The fragment that carries a scenario: compact JSON, base64url without padding.
pub fn share(scenario_json: &str) -> String {
    format!("#scenario={}", b64::encode(scenario_json))
}

/// A share link that opens `view`.
pub fn share_view(scenario_json: &str, view: ViewName) -> String {
    format!("{}&view={}", share(scenario_json), view.as_str())
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
            "view" => fragment.view = ViewName::from_name(&value).or(fragment.view),
            "embed" => fragment.embed = ViewName::from_name(&value).or(fragment.embed),
            "filter" => fragment.filter = Some(value.into_owned()),
            "readonly" => fragment.readonly = value != "0",
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
    fn embeds_name_their_view_filter_and_mode() {
        let fragment = parse(
            "#embed=filter&theme=dark&host=https%3A%2F%2Fdocs.example.com&filter=claims.aud%20%3D%3D%20'a%2Bb'&readonly=1",
        );
        assert_eq!(fragment.embed, Some(ViewName::Filter));
        assert_eq!(fragment.filter.as_deref(), Some("claims.aud == 'a+b'"));
        assert!(fragment.readonly);
        assert_eq!(fragment.view, None);
        assert_eq!(parse("#embed=sideways").embed, None);
        let link = share_view("{}", ViewName::Pools);
        assert_eq!(parse(&link).view, Some(ViewName::Pools));
        assert_eq!(parse(&link).scenario.as_deref(), Some("{}"));
    }

    #[test]
    fn negative_times_are_allowed() {
        assert_eq!(parse("now=-1").now, Some(-1));
    }
}
