//! Issuer matching: Confluent Cloud picks the identity provider whose issuer URI equals the
//! token's `iss` (exact string equality is assumed, see the domain brief). When nothing
//! matches exactly, the near misses people actually make are named.

use serde::Serialize;

/// How a provider's issuer relates to the token's `iss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum IssuerMatch {
    Exact,
    /// Equal except for a trailing `/` (Auth0 issuers end in one; people drop it).
    TrailingSlash,
    /// Equal except for `http` versus `https`.
    Scheme,
    /// Equal except for letter case.
    Case,
    /// Equal except for leading or trailing whitespace.
    Whitespace,
    /// The same Entra ID tenant, but v1 (`sts.windows.net`) versus v2 (`login.microsoftonline.com/…/v2.0`) tokens.
    EntraVersion,
    Different,
}

impl IssuerMatch {
    /// Explains a near miss; `None` for exact matches and unrelated issuers.
    pub fn explain(self, token_issuer: &str, provider_issuer: &str) -> Option<String> {
        let difference = match self {
            IssuerMatch::Exact | IssuerMatch::Different => return None,
            IssuerMatch::TrailingSlash => "they differ only by a trailing slash",
            IssuerMatch::Scheme => "they differ only by http versus https",
            IssuerMatch::Case => {
                "they differ only in letter case; issuers compare case-sensitively"
            }
            IssuerMatch::Whitespace => "they differ only by surrounding whitespace",
            IssuerMatch::EntraVersion => {
                "the same Entra ID tenant, but one is a v1 issuer (sts.windows.net) and the other v2 \
                 (login.microsoftonline.com/…/v2.0); set accessTokenAcceptedVersion in the app manifest, \
                 or register the issuer the tokens carry"
            }
        };
        Some(format!(
            "issuer `{token_issuer}` does not equal provider `{provider_issuer}`: {difference}"
        ))
    }
}

/// Compares the token's `iss` with a provider's issuer URI.
pub fn compare(token_issuer: &str, provider_issuer: &str) -> IssuerMatch {
    if token_issuer == provider_issuer {
        return IssuerMatch::Exact;
    }
    if token_issuer.trim() == provider_issuer.trim() {
        return IssuerMatch::Whitespace;
    }
    let (token, provider) = (token_issuer.trim(), provider_issuer.trim());
    if token.trim_end_matches('/') == provider.trim_end_matches('/') {
        return IssuerMatch::TrailingSlash;
    }
    if without_scheme(token) == without_scheme(provider) && without_scheme(token).is_some() {
        return IssuerMatch::Scheme;
    }
    if token.trim_end_matches('/').eq_ignore_ascii_case(provider.trim_end_matches('/')) {
        return IssuerMatch::Case;
    }
    match (entra_tenant(token), entra_tenant(provider)) {
        (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => IssuerMatch::EntraVersion,
        _ => IssuerMatch::Different,
    }
}

fn without_scheme(uri: &str) -> Option<&str> {
    let rest = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://"))?;
    Some(rest.trim_end_matches('/'))
}

/// The tenant of an Entra ID issuer, v1 or v2.
fn entra_tenant(uri: &str) -> Option<&str> {
    let rest = uri
        .strip_prefix("https://sts.windows.net/")
        .or_else(|| uri.strip_prefix("https://login.microsoftonline.com/"))?;
    rest.split('/').next().filter(|tenant| !tenant.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_near_misses() {
        let auth0 = "https://dev-x.us.auth0.com/";
        assert_eq!(compare(auth0, auth0), IssuerMatch::Exact);
        assert_eq!(compare(auth0, "https://dev-x.us.auth0.com"), IssuerMatch::TrailingSlash);
        assert_eq!(
            compare("http://kc.example/realms/a", "https://kc.example/realms/a"),
            IssuerMatch::Scheme
        );
        assert_eq!(
            compare("https://KC.example/realms/A", "https://kc.example/realms/a"),
            IssuerMatch::Case
        );
        assert_eq!(compare(" https://x", "https://x"), IssuerMatch::Whitespace);
        assert_eq!(
            compare(
                "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
                "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"
            ),
            IssuerMatch::EntraVersion
        );
        assert_eq!(
            compare("https://accounts.google.com", "https://token.actions.githubusercontent.com"),
            IssuerMatch::Different
        );
    }

    #[test]
    fn explains_in_one_line_naming_both_issuers() {
        let message = IssuerMatch::TrailingSlash.explain("https://x/", "https://x").unwrap();
        assert_eq!(
            message,
            "issuer `https://x/` does not equal provider `https://x`: they differ only by a trailing slash"
        );
        assert_eq!(IssuerMatch::Exact.explain("a", "a"), None);
    }
}
