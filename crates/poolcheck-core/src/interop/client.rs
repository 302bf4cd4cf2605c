//! Client settings for one pool: Java `client.properties`, librdkafka properties and a kcat
//! command line, for OAuth (an identity pool) or mTLS (a certificate pool). Secrets and what
//! the scenario does not hold are `<placeholders>`; nothing secret is taken from the scenario.

use std::fmt::Write as _;

use super::export::{comment, extra, find_certificate_pool, find_pool};
use super::quote::{properties_value, shell_word};
use super::{ExportOptions, InteropError, InteropErrorKind};
use crate::scenario::{CertificatePool, Pool, Scenario};

/// Kafka 4.0's class; earlier clients have it in the `secured` package.
const CALLBACK_HANDLER: &str =
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";
const CALLBACK_HANDLER_BEFORE_4: &str =
    "org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerLoginCallbackHandler";
const LOGIN_MODULE: &str = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

enum Target<'a> {
    OAuth(&'a Pool),
    Mtls(&'a CertificatePool),
}

/// The pool the settings are for: the one named, else the client's single named pool, else
/// the scenario's only pool.
fn target<'a>(scenario: &'a Scenario, options: &ExportOptions) -> Result<Target<'a>, InteropError> {
    if let Some(id) = &options.certificate_pool {
        return find_certificate_pool(scenario, id).map(Target::Mtls);
    }
    if let Some(id) = &options.pool {
        return find_pool(scenario, id).map(Target::OAuth);
    }
    if let Some([id]) = scenario.request.named_pools().as_deref()
        && let Ok(pool) = find_pool(scenario, id)
    {
        return Ok(Target::OAuth(pool));
    }
    match (scenario.pools.as_slice(), scenario.certificate_pools.as_slice()) {
        ([pool], _) => Ok(Target::OAuth(pool)),
        ([], [pool]) => Ok(Target::Mtls(pool)),
        (pools, certificate_pools) => {
            let ids: Vec<&str> = pools
                .iter()
                .map(|pool| pool.id.as_str())
                .chain(certificate_pools.iter().map(|pool| pool.id.as_str()))
                .collect();
            Err(InteropError::new(
                InteropErrorKind::Ambiguous,
                "client settings are for one pool: choose it with the pool or certificate pool option",
            )
            .with_hint(if ids.is_empty() {
                "the scenario has no pools".to_owned()
            } else {
                format!("the scenario's pools: {}", ids.join(", "))
            }))
        }
    }
}

/// What the OAuth settings say about the pool: its cluster, id, token endpoint and a header.
struct OAuth {
    cluster: String,
    pool: String,
    token_endpoint: String,
    header: Vec<String>,
}

fn oauth(scenario: &Scenario, pool: &Pool) -> OAuth {
    let provider = scenario.providers.iter().find(|provider| provider.id == pool.provider);
    let mut header = vec![format!(
        "Client settings for identity pool {} of provider {}, written by poolcheck.",
        comment(&pool.id),
        comment(&pool.provider)
    )];
    header
        .push("Replace each <placeholder>; keep the client secret out of version control.".into());
    let token_endpoint = provider.and_then(|provider| extra(&provider.unknown, "token_endpoint"));
    if token_endpoint.is_none() {
        let issuer = provider.map_or("<issuer>", |provider| provider.issuer.trim_end_matches('/'));
        header.push(format!(
            "The token endpoint is the token_endpoint of {}/.well-known/openid-configuration.",
            comment(issuer)
        ));
    }
    OAuth {
        cluster: scenario
            .request
            .logical_cluster
            .clone()
            .filter(|cluster| !cluster.trim().is_empty())
            .unwrap_or_else(|| "<lkc-id>".to_owned()),
        pool: pool.id.clone(),
        token_endpoint: token_endpoint.unwrap_or("<token-endpoint-url>").to_owned(),
        header,
    }
}

fn mtls_header(pool: &CertificatePool) -> Vec<String> {
    vec![
        format!(
            "Client settings for certificate pool {} of certificate authority {}, written by poolcheck.",
            comment(&pool.id),
            comment(&pool.certificate_authority)
        ),
        "The client certificate must be issued under that authority and match the pool's filter."
            .into(),
    ]
}

fn refuse(message: String) -> InteropError {
    InteropError::new(InteropErrorKind::Unrepresentable, message)
}

/// A value inside the JAAS configuration's single quotes, which has no escapes poolcheck trusts
/// every client to read alike.
fn jaas_value(name: &str, value: &str) -> Result<String, InteropError> {
    if value.chars().any(|c| c.is_control() || "'\"\\;".contains(c)) {
        return Err(refuse(format!(
            "{name} {value:?} holds a quote, backslash, semicolon or control character, which sasl.jaas.config cannot carry"
        )));
    }
    Ok(format!("{name}='{value}'"))
}

pub(super) fn java(scenario: &Scenario, options: &ExportOptions) -> Result<String, InteropError> {
    let (header, settings) = match target(scenario, options)? {
        Target::OAuth(pool) => {
            let oauth = oauth(scenario, pool);
            let jaas = [
                jaas_value("clientId", "<client-id>")?,
                jaas_value("clientSecret", "<client-secret>")?,
                jaas_value("scope", "<scope>")?,
                jaas_value("extension_logicalCluster", &oauth.cluster)?,
                jaas_value("extension_identityPoolId", &oauth.pool)?,
            ];
            let mut header = oauth.header;
            header.push(format!("Kafka clients before 4.0: {CALLBACK_HANDLER_BEFORE_4}"));
            let settings = vec![
                ("bootstrap.servers", "<bootstrap-server>".to_owned()),
                ("security.protocol", "SASL_SSL".to_owned()),
                ("sasl.mechanism", "OAUTHBEARER".to_owned()),
                ("sasl.oauthbearer.token.endpoint.url", oauth.token_endpoint),
                ("sasl.login.callback.handler.class", CALLBACK_HANDLER.to_owned()),
                ("sasl.jaas.config", format!("{LOGIN_MODULE} required {};", jaas.join(" "))),
            ];
            (header, settings)
        }
        Target::Mtls(pool) => {
            let mut header = mtls_header(pool);
            header.push(
                "With PEM files instead: ssl.keystore.type=PEM, ssl.keystore.certificate.chain and ssl.keystore.key."
                    .into(),
            );
            let settings = vec![
                ("bootstrap.servers", "<bootstrap-server>".to_owned()),
                ("security.protocol", "SSL".to_owned()),
                ("ssl.keystore.type", "PKCS12".to_owned()),
                ("ssl.keystore.location", "<client-keystore.p12>".to_owned()),
                ("ssl.keystore.password", "<keystore-password>".to_owned()),
                ("ssl.key.password", "<key-password>".to_owned()),
            ];
            (header, settings)
        }
    };
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {line}");
    }
    for (key, value) in settings {
        let _ = writeln!(out, "{key}={}", properties_value(&value));
    }
    Ok(out)
}

/// Header lines and `(key, value)` settings.
type Settings = (Vec<String>, Vec<(&'static str, String)>);

/// librdkafka's settings, each `key=value`; its files and `-X` have no escapes, so a value
/// with a line break is refused, and the extensions, split at `,` and `=`, refuse those too.
fn librdkafka_settings(
    scenario: &Scenario,
    options: &ExportOptions,
) -> Result<Settings, InteropError> {
    let (header, settings) = match target(scenario, options)? {
        Target::OAuth(pool) => {
            let oauth = oauth(scenario, pool);
            for (name, value) in
                [("logicalCluster", &oauth.cluster), ("identityPoolId", &oauth.pool)]
            {
                if value.contains([',', '=']) {
                    return Err(refuse(format!(
                        "{name} {value:?} holds ',' or '=', which sasl.oauthbearer.extensions cannot carry"
                    )));
                }
            }
            let extensions =
                format!("logicalCluster={},identityPoolId={}", oauth.cluster, oauth.pool);
            let settings = vec![
                ("bootstrap.servers", "<bootstrap-server>".to_owned()),
                ("security.protocol", "SASL_SSL".to_owned()),
                ("sasl.mechanisms", "OAUTHBEARER".to_owned()),
                ("sasl.oauthbearer.method", "oidc".to_owned()),
                ("sasl.oauthbearer.client.id", "<client-id>".to_owned()),
                ("sasl.oauthbearer.client.secret", "<client-secret>".to_owned()),
                ("sasl.oauthbearer.scope", "<scope>".to_owned()),
                ("sasl.oauthbearer.token.endpoint.url", oauth.token_endpoint),
                ("sasl.oauthbearer.extensions", extensions),
            ];
            (oauth.header, settings)
        }
        Target::Mtls(pool) => {
            let settings = vec![
                ("bootstrap.servers", "<bootstrap-server>".to_owned()),
                ("security.protocol", "SSL".to_owned()),
                ("ssl.certificate.location", "<client-certificate.pem>".to_owned()),
                ("ssl.key.location", "<client-key.pem>".to_owned()),
                ("ssl.key.password", "<key-password>".to_owned()),
            ];
            (mtls_header(pool), settings)
        }
    };
    if let Some((key, _)) = settings.iter().find(|(_, value)| value.contains(['\n', '\r', '\0'])) {
        return Err(refuse(format!(
            "{key} holds a line break or NUL, which librdkafka properties cannot carry"
        )));
    }
    Ok((header, settings))
}

pub(super) fn librdkafka(
    scenario: &Scenario,
    options: &ExportOptions,
) -> Result<String, InteropError> {
    let (header, settings) = librdkafka_settings(scenario, options)?;
    let mut out = String::new();
    for line in header {
        let _ = writeln!(out, "# {line}");
    }
    for (key, value) in settings {
        let _ = writeln!(out, "{key}={value}");
    }
    Ok(out)
}

/// One line: `kcat -b … -X key=value … -L` (list the cluster's metadata), each argument
/// quoted for a POSIX shell.
pub(super) fn kcat(scenario: &Scenario, options: &ExportOptions) -> Result<String, InteropError> {
    let (_, settings) = librdkafka_settings(scenario, options)?;
    let mut out = String::from("kcat");
    for (key, value) in settings {
        if key == "bootstrap.servers" {
            let _ = write!(out, " -b {}", shell_word(&value));
        } else {
            let _ = write!(out, " -X {}", shell_word(&format!("{key}={value}")));
        }
    }
    out.push_str(" -L\n");
    Ok(out)
}
