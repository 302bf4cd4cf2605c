//! What each claim means, and what the time claims say relative to `now`.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::problem::Problem;
use crate::time::{MAX_UNIX, MIN_UNIX, human_duration, iso8601};

/// One top-level claim, explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ClaimRow {
    pub name: String,
    pub value: Value,
    pub meaning: Option<&'static str>,
    pub time: Option<TimeInfo>,
}

/// A NumericDate claim placed on the calendar and against the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TimeInfo {
    pub unix: i64,
    pub iso: String,
    pub relative: String,
    pub status: TimeStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimeStatus {
    Ok,
    Expired,
    NotYetValid,
    IssuedInFuture,
}

/// Why a token is outside its validity window, as a verifier refusing it would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TimeCause {
    Expired,
    NotYetValid,
    IssuedInFuture,
    /// A time claim is not a NumericDate, or `exp` is not after `iat`.
    BadTimeClaim,
}

/// The first time finding a verifier refuses on: its cause and the problem that reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeFailure {
    pub cause: TimeCause,
    /// Index into the problem list the finding was pushed to.
    pub problem: usize,
}

/// The clock and the tolerance the time checks use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Clock {
    pub now: i64,
    pub leeway_seconds: i64,
}

/// Registered claims (RFC 7519) first, then what identity providers commonly add.
const MEANINGS: &[(&str, &str)] = &[
    ("iss", "Issuer: who minted the token; must equal the identity provider's issuer URI exactly"),
    ("sub", "Subject: the workload or user the token is about"),
    ("aud", "Audience: who the token is meant for; a string or a list"),
    ("exp", "Expiration time: not valid at or after this instant"),
    ("nbf", "Not before: not valid before this instant"),
    ("iat", "Issued at: when the token was minted"),
    ("jti", "JWT ID: a unique identifier, used to detect replay"),
    ("azp", "Authorized party: the client the token was issued to"),
    ("scope", "Scopes granted, space-separated (OAuth 2.0)"),
    ("scp", "Scopes granted (Okta and Entra ID spelling; a list or a string)"),
    ("roles", "Roles granted to the subject (Entra ID app roles, Keycloak, Auth0 custom claims)"),
    ("groups", "Groups the subject belongs to"),
    ("tid", "Entra ID tenant ID"),
    ("oid", "Entra ID object ID of the subject: stable across applications"),
    ("appid", "Entra ID (v1 tokens) application ID of the client"),
    ("appidacr", "Entra ID (v1): how the client authenticated (0 public, 1 secret, 2 certificate)"),
    ("azpacr", "Entra ID (v2): how the client authenticated (0 public, 1 secret, 2 certificate)"),
    ("client_id", "OAuth client that requested the token (RFC 9068, Okta, Keycloak)"),
    ("cid", "Okta: client ID of the application that requested the token"),
    ("uid", "Okta: user ID of the subject"),
    ("email", "Email address of the subject"),
    ("email_verified", "Whether the identity provider verified the email address"),
    ("name", "Display name of the subject"),
    ("preferred_username", "Username the subject prefers (not unique, not stable)"),
    ("auth_time", "When the subject authenticated"),
    ("amr", "Authentication methods used (for example pwd, mfa, otp)"),
    ("acr", "Authentication context class: the assurance level of the authentication"),
    ("nonce", "Value from the authentication request, bound to the token against replay"),
    ("sid", "Session ID at the identity provider"),
    ("ver", "Token format version (Entra ID 1.0 or 2.0; Okta 1)"),
    ("idp", "Identity provider that authenticated the subject, when federated"),
    ("at_hash", "Hash of the access token issued alongside this ID token"),
    ("c_hash", "Hash of the authorization code issued alongside this ID token"),
    ("typ", "Token type claimed by the issuer (Keycloak: Bearer, ID, Refresh)"),
    ("realm_access", "Keycloak: realm roles granted to the subject"),
    ("resource_access", "Keycloak: client roles granted, per client"),
    ("gty", "Auth0: grant type that produced the token (client-credentials for machines)"),
    ("org_id", "Organization the token was issued for (Auth0 Organizations and others)"),
    ("upn", "Entra ID: user principal name"),
    ("unique_name", "Entra ID (v1): a human-readable name for the subject"),
    ("ipaddr", "Entra ID (v1): client IP address at authentication"),
    ("rh", "Entra ID internal claim used to revalidate tokens; opaque"),
    ("uti", "Entra ID token identifier, like jti; opaque"),
    ("xms_mirid", "Entra ID: resource ID of the managed identity"),
    ("repository", "GitHub Actions: owner/repository the workflow ran in"),
    ("repository_owner", "GitHub Actions: owner of the repository"),
    ("ref", "GitHub Actions: git ref that triggered the workflow"),
    ("workflow", "GitHub Actions: name of the workflow"),
    ("environment", "GitHub Actions: deployment environment of the job"),
    ("job_workflow_ref", "GitHub Actions: the workflow file and ref that ran the job"),
    ("hd", "Google: hosted domain of the Google Workspace account"),
    ("cnf", "Confirmation: the key the token is bound to (proof of possession)"),
    ("act", "Actor: who is acting on behalf of the subject (token exchange)"),
    ("may_act", "Who may act on behalf of the subject (token exchange)"),
];

/// One-line meaning of a well-known claim name.
pub fn meaning(name: &str) -> Option<&'static str> {
    MEANINGS.iter().find(|(claim, _)| *claim == name).map(|(_, meaning)| *meaning)
}

/// Claims that are NumericDates (seconds since the epoch).
const TIME_CLAIMS: &[&str] = &["exp", "nbf", "iat", "auth_time"];

/// Explains every claim and adds problems for the time claims and malformed registered claims.
/// `time_failure` receives the first time finding a verifier refuses on.
pub fn explain(
    claims: &Map<String, Value>,
    clock: Clock,
    problems: &mut Vec<Problem>,
    time_failure: &mut Option<TimeFailure>,
) -> Vec<ClaimRow> {
    let rows = claims
        .iter()
        .map(|(name, value)| {
            let before = problems.len();
            let time = time_info(name, value, clock, problems);
            let cause = match &time {
                Some(info) => match info.status {
                    TimeStatus::Ok => None,
                    TimeStatus::Expired => Some(TimeCause::Expired),
                    TimeStatus::NotYetValid => Some(TimeCause::NotYetValid),
                    TimeStatus::IssuedInFuture => Some(TimeCause::IssuedInFuture),
                },
                None if problems.len() > before => Some(TimeCause::BadTimeClaim),
                None => None,
            };
            if let Some(cause) = cause
                && time_failure.is_none()
            {
                *time_failure = Some(TimeFailure { cause, problem: before });
            }
            ClaimRow { name: name.clone(), value: value.clone(), meaning: meaning(name), time }
        })
        .collect();
    check_registered_types(claims, problems);
    check_number_ranges(claims, problems);
    if !claims.contains_key("exp") {
        problems.push(
            Problem::warning("no_expiry", "the token has no `exp`: it never expires").with_hint(
                "identity providers always set exp; a token without one was probably made by hand",
            ),
        );
    }
    rows
}

/// exp − iat, when both are NumericDates.
pub fn lifetime_seconds(claims: &Map<String, Value>) -> Option<i64> {
    let exp = claims.get("exp").and_then(numeric_date)?;
    let iat = claims.get("iat").and_then(numeric_date)?;
    exp.checked_sub(iat)
}

/// Lifetime findings: an exp at or before iat (a time failure), and very long lifetimes.
pub fn check_lifetime(
    lifetime: Option<i64>,
    problems: &mut Vec<Problem>,
    time_failure: &mut Option<TimeFailure>,
) {
    match lifetime {
        Some(seconds) if seconds <= 0 => {
            time_failure.get_or_insert(TimeFailure {
                cause: TimeCause::BadTimeClaim,
                problem: problems.len(),
            });
            problems.push(Problem::error(
                "exp_before_iat",
                format!(
                    "`exp` is {} before `iat`: the token was never valid",
                    human_duration(seconds)
                ),
            ));
        }
        Some(seconds) if seconds > 86_400 => problems.push(Problem::info(
            "long_lifetime",
            format!(
                "the token lives {} (exp − iat); access tokens usually live minutes to hours",
                human_duration(seconds)
            ),
        )),
        _ => {}
    }
}

/// A NumericDate as whole seconds, for display and lifetimes. Fractions are truncated toward
/// the past (RFC 7519 allows them); values beyond year 9999 are not dates.
pub fn numeric_date(value: &Value) -> Option<i64> {
    numeric_date_bounds(value).map(|(floor, _)| floor)
}

/// A NumericDate rounded down and up; equal unless it has a fraction.
fn numeric_date_bounds(value: &Value) -> Option<(i64, i64)> {
    let number = value.as_number()?;
    let (floor, ceil) = match number.as_i64() {
        Some(whole) => (whole, whole),
        None => {
            let float = number.as_f64()?;
            // Bounds checked in f64 first: the cast saturates, but a saturated value is wrong.
            if !(MIN_UNIX as f64..=MAX_UNIX as f64).contains(&float.floor()) {
                return None;
            }
            (float.floor() as i64, float.ceil() as i64)
        }
    };
    (MIN_UNIX..=MAX_UNIX).contains(&floor).then_some((floor, ceil))
}

fn time_info(
    name: &str,
    value: &Value,
    clock: Clock,
    problems: &mut Vec<Problem>,
) -> Option<TimeInfo> {
    if !TIME_CLAIMS.contains(&name) {
        return None;
    }
    let Some((unix, ceil)) = numeric_date_bounds(value) else {
        problems.push(
            Problem::error(
                "bad_numeric_date",
                format!("`{name}` is {value}, not seconds since 1970 between year 0 and 9999"),
            )
            .with_hint("NumericDate claims are JSON numbers, not strings or milliseconds"),
        );
        return None;
    };
    // Validity is decided on the exact value, shown in whole seconds. `now` and the leeway are
    // whole, so `date > t` and `date <= t` against any whole `t` hold exactly when they hold
    // for the date rounded up: a fractional `exp` expires after its second starts, and a
    // fractional `nbf` or `iat` is still in the future during it.
    let delta = ceil.saturating_sub(clock.now);
    let span = human_duration(delta);
    let leeway = clock.leeway_seconds;
    let (status, relative) = match name {
        "exp" if delta <= 0 && delta.saturating_neg() >= leeway => {
            (TimeStatus::Expired, format!("expired {span} ago"))
        }
        "exp" if delta <= 0 => (TimeStatus::Ok, format!("expired {span} ago, within the leeway")),
        "exp" => (TimeStatus::Ok, format!("expires in {span}")),
        "nbf" if delta > leeway => {
            (TimeStatus::NotYetValid, format!("not valid for another {span}"))
        }
        "nbf" if delta > 0 => (TimeStatus::Ok, format!("valid in {span}, within the leeway")),
        "nbf" => (TimeStatus::Ok, format!("valid since {span} ago")),
        "iat" if delta > leeway => {
            (TimeStatus::IssuedInFuture, format!("issued {span} in the future"))
        }
        _ if delta > 0 => (TimeStatus::Ok, format!("in {span}")),
        _ => (TimeStatus::Ok, format!("{span} ago")),
    };
    let iso = iso8601(unix);
    match status {
        TimeStatus::Expired => problems.push(
            Problem::error("expired", format!("the token expired {span} ago ({iso})"))
                .with_hint("get a fresh token; if it should still be valid, check the clock of the machine that minted it"),
        ),
        TimeStatus::NotYetValid => problems.push(
            Problem::error("not_yet_valid", format!("the token is not valid until {iso} ({span} from now)"))
                .with_hint("the issuer's clock is ahead of yours, or `nbf` was set on purpose"),
        ),
        TimeStatus::IssuedInFuture => problems.push(
            Problem::warning("issued_in_future", format!("`iat` is {span} in the future ({iso})"))
                .with_hint("clock skew between the issuer and this clock; Confluent advises keeping skew under 300 s"),
        ),
        TimeStatus::Ok => {}
    }
    Some(TimeInfo { unix, iso, relative, status })
}

/// JSON allows numbers no double holds (`1e400`); filters see them as NaN, so say which.
fn check_number_ranges(claims: &Map<String, Value>, problems: &mut Vec<Problem>) {
    for (name, value) in claims {
        if let Some(path) = crate::json::out_of_range_number(value, &format!("claims.{name}")) {
            problems.push(
                Problem::warning(
                    "number_out_of_range",
                    format!("claim `{name}` holds a number too large for a double ({path})"),
                )
                .with_hint(
                    "a filter that reads it cannot be evaluated, so the pool does not match",
                ),
            );
        }
    }
}

fn check_registered_types(claims: &Map<String, Value>, problems: &mut Vec<Problem>) {
    for name in ["iss", "sub", "jti"] {
        if let Some(value) = claims.get(name).filter(|value| !value.is_string()) {
            problems.push(Problem::error(
                "bad_claim_type",
                format!("`{name}` is {value}; RFC 7519 requires a string"),
            ));
        }
    }
    if let Some(aud) = claims.get("aud") {
        let well_formed = match aud {
            Value::String(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if !well_formed {
            problems.push(Problem::error(
                "bad_claim_type",
                format!("`aud` is {aud}; it must be a string or a list of strings"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_767_225_600;

    fn explained(claims: Value, leeway_seconds: i64) -> (Vec<ClaimRow>, Vec<Problem>) {
        let mut problems = Vec::new();
        let map = claims.as_object().cloned().unwrap_or_default();
        let rows = explain(&map, Clock { now: NOW, leeway_seconds }, &mut problems, &mut None);
        (rows, problems)
    }

    fn codes(problems: &[Problem]) -> Vec<&'static str> {
        problems.iter().map(|p| p.code).collect()
    }

    #[test]
    fn explains_known_claims_in_token_order() {
        let (rows, problems) = explained(json!({"sub": "svc", "x-custom": 1, "exp": NOW + 840}), 0);
        assert_eq!(
            rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["sub", "x-custom", "exp"]
        );
        assert!(rows[0].meaning.unwrap().starts_with("Subject"));
        assert_eq!(rows[1].meaning, None);
        let exp = rows[2].time.as_ref().unwrap();
        assert_eq!((exp.relative.as_str(), exp.status), ("expires in 14 min", TimeStatus::Ok));
        assert_eq!(exp.iso, "2026-01-01T00:14:00Z");
        assert!(problems.is_empty());
    }

    #[test]
    fn flags_expired_not_yet_valid_and_future_iat() {
        let (rows, problems) =
            explained(json!({"exp": NOW - 3 * 86_400, "nbf": NOW + 600, "iat": NOW + 600}), 0);
        assert_eq!(rows[0].time.as_ref().unwrap().relative, "expired 3 days ago");
        assert_eq!(codes(&problems), ["expired", "not_yet_valid", "issued_in_future"]);
    }

    #[test]
    fn leeway_forgives_small_skew_and_exp_is_exclusive() {
        let (_, problems) =
            explained(json!({"exp": NOW - 30, "nbf": NOW + 30, "iat": NOW + 30}), 60);
        assert!(problems.is_empty(), "{problems:?}");
        let (rows, problems) = explained(json!({"exp": NOW}), 0);
        assert_eq!(rows[0].time.as_ref().unwrap().status, TimeStatus::Expired);
        assert_eq!(codes(&problems), ["expired"]);
    }

    #[test]
    fn fractional_time_claims_are_compared_exactly() {
        let status = |claims: Value| explained(claims, 0).0[0].time.as_ref().unwrap().status;
        assert_eq!(status(json!({"exp": NOW as f64 + 0.5})), TimeStatus::Ok);
        assert_eq!(status(json!({"exp": NOW as f64 - 0.5})), TimeStatus::Expired);
        assert_eq!(status(json!({"nbf": NOW as f64 + 0.9})), TimeStatus::NotYetValid);
        assert_eq!(status(json!({"nbf": NOW as f64 - 0.1})), TimeStatus::Ok);
        assert_eq!(status(json!({"iat": NOW as f64 + 0.9})), TimeStatus::IssuedInFuture);
        // Whole seconds: exp is exclusive, nbf inclusive.
        assert_eq!(status(json!({"exp": NOW})), TimeStatus::Expired);
        assert_eq!(status(json!({"exp": NOW + 1})), TimeStatus::Ok);
        assert_eq!(status(json!({"nbf": NOW})), TimeStatus::Ok);
        assert_eq!(status(json!({"nbf": NOW + 1})), TimeStatus::NotYetValid);
        // Leeway applies to the exact value too.
        let (_, problems) = explained(json!({"exp": NOW as f64 - 0.5, "nbf": NOW as f64 + 0.9}), 1);
        assert!(problems.is_empty(), "{problems:?}");
        let (rows, _) = explained(json!({"exp": NOW as f64 + 0.5}), 0);
        assert_eq!(rows[0].time.as_ref().unwrap().iso, "2026-01-01T00:00:00Z");
    }

    #[test]
    fn reports_malformed_registered_claims() {
        let (_, problems) = explained(
            json!({"exp": "1767225600", "iat": 1e300, "iss": 5, "aud": ["a", 1], "sub": "x"}),
            0,
        );
        assert_eq!(
            codes(&problems),
            ["bad_numeric_date", "bad_numeric_date", "bad_claim_type", "bad_claim_type"]
        );
    }

    #[test]
    fn fractional_dates_and_lifetime() {
        let claims = json!({"iat": 1000.9, "exp": 4600.2});
        let map = claims.as_object().unwrap();
        assert_eq!(numeric_date(&map["iat"]), Some(1000));
        assert_eq!(lifetime_seconds(map), Some(3600));
        let mut problems = Vec::new();
        let mut failure = None;
        check_lifetime(Some(-5), &mut problems, &mut failure);
        check_lifetime(Some(3 * 86_400), &mut problems, &mut failure);
        assert_eq!(failure, Some(TimeFailure { cause: TimeCause::BadTimeClaim, problem: 0 }));
        assert_eq!(codes(&problems), ["exp_before_iat", "long_lifetime"]);
    }
}
