//! Export: the scenario's providers, pools, authorities and certificate pools as the Confluent
//! CLI commands and the Terraform resources that create them.

use std::fmt::Write as _;

use serde_json::Value;

use super::quote::{hcl_string, shell_word};
use super::{ExportFormat, ExportOptions, InteropError, InteropErrorKind, client};
use crate::scenario::{CertificateAuthority, CertificatePool, Pool, Provider, Scenario};

/// The text of `options.format` for the scenario (or the selected pool).
pub fn export(scenario: &Scenario, options: &ExportOptions) -> Result<String, InteropError> {
    match options.format {
        ExportFormat::ConfluentCli => {
            let text = confluent_cli(&select(scenario, options)?);
            if text.contains('\0') {
                return Err(InteropError::new(
                    InteropErrorKind::Unrepresentable,
                    "a value holds a NUL character, which no shell argument can carry",
                ));
            }
            Ok(text)
        }
        ExportFormat::Terraform => Ok(terraform(&select(scenario, options)?)),
        ExportFormat::Java => client::java(scenario, options),
        ExportFormat::Librdkafka => client::librdkafka(scenario, options),
        ExportFormat::Kcat => client::kcat(scenario, options),
    }
}

/// What an export of definitions holds: everything, or the selected pools and their parents.
pub(super) struct Selection<'a> {
    pub providers: Vec<&'a Provider>,
    pub pools: Vec<&'a Pool>,
    pub authorities: Vec<&'a CertificateAuthority>,
    pub certificate_pools: Vec<&'a CertificatePool>,
}

pub(super) fn find_pool<'a>(scenario: &'a Scenario, id: &str) -> Result<&'a Pool, InteropError> {
    scenario.pools.iter().find(|pool| pool.id == id).ok_or_else(|| {
        not_found("identity pool", id, scenario.pools.iter().map(|pool| pool.id.as_str()))
    })
}

pub(super) fn find_certificate_pool<'a>(
    scenario: &'a Scenario,
    id: &str,
) -> Result<&'a CertificatePool, InteropError> {
    scenario.certificate_pools.iter().find(|pool| pool.id == id).ok_or_else(|| {
        not_found(
            "certificate pool",
            id,
            scenario.certificate_pools.iter().map(|pool| pool.id.as_str()),
        )
    })
}

fn not_found<'a>(noun: &str, id: &str, ids: impl Iterator<Item = &'a str>) -> InteropError {
    let ids: Vec<&str> = ids.collect();
    let known = if ids.is_empty() { "none".to_owned() } else { ids.join(", ") };
    InteropError::new(InteropErrorKind::NotFound, format!("no {noun} {id} in the scenario"))
        .with_hint(format!("the scenario's {noun}s: {known}"))
}

fn select<'a>(
    scenario: &'a Scenario,
    options: &ExportOptions,
) -> Result<Selection<'a>, InteropError> {
    if options.pool.is_none() && options.certificate_pool.is_none() {
        return Ok(Selection {
            providers: scenario.providers.iter().collect(),
            pools: scenario.pools.iter().collect(),
            authorities: scenario.certificate_authorities.iter().collect(),
            certificate_pools: scenario.certificate_pools.iter().collect(),
        });
    }
    let pools: Vec<&Pool> =
        options.pool.iter().map(|id| find_pool(scenario, id)).collect::<Result<_, _>>()?;
    let certificate_pools: Vec<&CertificatePool> = options
        .certificate_pool
        .iter()
        .map(|id| find_certificate_pool(scenario, id))
        .collect::<Result<_, _>>()?;
    Ok(Selection {
        providers: scenario
            .providers
            .iter()
            .filter(|provider| pools.iter().any(|pool| pool.provider == provider.id))
            .collect(),
        authorities: scenario
            .certificate_authorities
            .iter()
            .filter(|ca| certificate_pools.iter().any(|pool| pool.certificate_authority == ca.id))
            .collect(),
        pools,
        certificate_pools,
    })
}

/// An unknown member that holds text (`description`, `jwks_uri`…).
pub(super) fn extra<'a>(
    unknown: &'a serde_json::Map<String, Value>,
    name: &str,
) -> Option<&'a str> {
    unknown.get(name).and_then(Value::as_str).filter(|text| !text.is_empty())
}

fn display<'a>(name: &'a str, id: &'a str) -> &'a str {
    if name.is_empty() { id } else { name }
}

/// The documented default identity claim.
const DEFAULT_IDENTITY_CLAIM: &str = "claims.sub";

/// A comment line's text: line breaks and other control characters become spaces.
pub(super) fn comment(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

fn confluent_cli(selection: &Selection<'_>) -> String {
    let mut out = String::from(
        "# Confluent CLI commands for a POSIX shell, written by poolcheck.\n\
         # Confluent Cloud assigns the ids on create: replace the provider and certificate\n\
         # authority ids below with the ones the create commands print.\n",
    );
    let flag = |out: &mut String, name: &str, value: &str| {
        let _ = write!(out, " --{name} {}", shell_word(value));
    };
    for provider in &selection.providers {
        let _ = write!(out, "\n# Identity provider {}\n", comment(&provider.id));
        let jwks_uri = extra(&provider.unknown, "jwks_uri");
        if jwks_uri.is_none() {
            let _ = writeln!(
                out,
                "# The scenario has no jwks_uri: take it from {}/.well-known/openid-configuration",
                comment(provider.issuer.trim_end_matches('/'))
            );
        }
        out.push_str("confluent iam provider create ");
        out.push_str(&shell_word(display(&provider.name, &provider.id)));
        flag(&mut out, "issuer-uri", &provider.issuer);
        flag(&mut out, "jwks-uri", jwks_uri.unwrap_or("<jwks-uri>"));
        if let Some(description) = extra(&provider.unknown, "description") {
            flag(&mut out, "description", description);
        }
        if let Some(claim) = &provider.identity_claim {
            flag(&mut out, "identity-claim", claim);
        }
        out.push('\n');
        for pool in selection.pools.iter().filter(|pool| pool.provider == provider.id) {
            pool_command(&mut out, pool);
        }
    }
    // Pools whose provider is not in the scenario keep its id.
    for pool in &selection.pools {
        if !selection.providers.iter().any(|provider| provider.id == pool.provider) {
            out.push('\n');
            pool_command(&mut out, pool);
        }
    }
    for ca in &selection.authorities {
        let _ = write!(out, "\n# Certificate authority {}\n", comment(&ca.id));
        out.push_str("confluent iam certificate-authority create ");
        out.push_str(&shell_word(display(&ca.name, &ca.id)));
        let description = extra(&ca.unknown, "description").unwrap_or(display(&ca.name, &ca.id));
        flag(&mut out, "description", description);
        let chain = if ca.certificate_chain.is_empty() {
            "<certificate-chain-pem>"
        } else {
            &ca.certificate_chain
        };
        flag(&mut out, "certificate-chain", chain);
        flag(&mut out, "certificate-chain-filename", chain_filename(ca));
        match (&ca.crl, extra(&ca.unknown, "crl_url")) {
            (Some(crl), _) => flag(&mut out, "crl-chain", crl),
            (None, Some(url)) => flag(&mut out, "crl-url", url),
            (None, None) => {}
        }
        if ca.require_crl {
            out.push_str(" --require-crl-on-client-certificate");
        }
        out.push('\n');
        for pool in selection.certificate_pools.iter().filter(|p| p.certificate_authority == ca.id)
        {
            certificate_pool_command(&mut out, pool);
        }
    }
    for pool in &selection.certificate_pools {
        if !selection.authorities.iter().any(|ca| ca.id == pool.certificate_authority) {
            out.push('\n');
            certificate_pool_command(&mut out, pool);
        }
    }
    out
}

fn pool_command(out: &mut String, pool: &Pool) {
    out.push_str("confluent iam pool create ");
    out.push_str(&shell_word(display(&pool.name, &pool.id)));
    let _ = write!(out, " --provider {}", shell_word(&pool.provider));
    let claim = pool.identity_claim.as_deref().unwrap_or(DEFAULT_IDENTITY_CLAIM);
    let _ = write!(out, " --identity-claim {}", shell_word(claim));
    let _ = write!(out, " --filter {}", shell_word(&pool.filter));
    if let Some(description) = extra(&pool.unknown, "description") {
        let _ = write!(out, " --description {}", shell_word(description));
    }
    out.push('\n');
}

fn certificate_pool_command(out: &mut String, pool: &CertificatePool) {
    out.push_str("confluent iam certificate-pool create ");
    out.push_str(&shell_word(display(&pool.name, &pool.id)));
    let _ = write!(out, " --provider {}", shell_word(&pool.certificate_authority));
    let _ = write!(out, " --external-identifier {}", shell_word(&pool.external_identifier));
    let _ = write!(out, " --filter {}", shell_word(&pool.filter));
    if let Some(description) = extra(&pool.unknown, "description") {
        let _ = write!(out, " --description {}", shell_word(description));
    }
    out.push('\n');
}

fn chain_filename(ca: &CertificateAuthority) -> &str {
    extra(&ca.unknown, "certificate_chain_filename").unwrap_or("certificate.pem")
}

/// Terraform names: letters, digits, `_` and `-`, starting with a letter or `_`; unique per
/// resource type.
fn slugs<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for name in names {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.ends_with('_') {
                slug.push('_');
            }
        }
        let mut slug = slug.trim_matches('_').to_owned();
        if slug.is_empty() || slug.starts_with(|c: char| c.is_ascii_digit()) {
            slug.insert(0, '_');
        }
        let mut unique = slug.clone();
        let mut n = 2;
        while taken.contains(&unique) {
            unique = format!("{slug}_{n}");
            n += 1;
        }
        taken.push(unique);
    }
    taken
}

fn terraform(selection: &Selection<'_>) -> String {
    let mut out = String::from(
        "# Resources for the Confluent Terraform provider (confluentinc/confluent), written by poolcheck.\n",
    );
    let attribute = |out: &mut String, name: &str, value: &str| {
        let _ = writeln!(out, "  {name} = {}", hcl_string(value));
    };
    let provider_slugs = slugs(selection.providers.iter().map(|p| display(&p.name, &p.id)));
    for (provider, slug) in selection.providers.iter().zip(&provider_slugs) {
        let _ = writeln!(out, "\nresource \"confluent_identity_provider\" \"{slug}\" {{");
        attribute(&mut out, "display_name", display(&provider.name, &provider.id));
        attribute(
            &mut out,
            "description",
            extra(&provider.unknown, "description")
                .unwrap_or(display(&provider.name, &provider.id)),
        );
        attribute(&mut out, "issuer", &provider.issuer);
        attribute(
            &mut out,
            "jwks_uri",
            extra(&provider.unknown, "jwks_uri").unwrap_or("<jwks-uri>"),
        );
        if let Some(claim) = &provider.identity_claim {
            attribute(&mut out, "identity_claim", claim);
        }
        out.push_str("}\n");
    }
    let pool_slugs = slugs(selection.pools.iter().map(|p| display(&p.name, &p.id)));
    for (pool, slug) in selection.pools.iter().zip(&pool_slugs) {
        let _ = writeln!(out, "\nresource \"confluent_identity_pool\" \"{slug}\" {{");
        let parent = selection
            .providers
            .iter()
            .zip(&provider_slugs)
            .find(|(provider, _)| provider.id == pool.provider)
            .map_or_else(
                || hcl_string(&pool.provider),
                |(_, slug)| format!("confluent_identity_provider.{slug}.id"),
            );
        let _ = writeln!(out, "  identity_provider {{\n    id = {parent}\n  }}");
        attribute(&mut out, "display_name", display(&pool.name, &pool.id));
        attribute(
            &mut out,
            "description",
            extra(&pool.unknown, "description").unwrap_or(display(&pool.name, &pool.id)),
        );
        attribute(
            &mut out,
            "identity_claim",
            pool.identity_claim.as_deref().unwrap_or(DEFAULT_IDENTITY_CLAIM),
        );
        attribute(&mut out, "filter", &pool.filter);
        out.push_str("}\n");
    }
    let ca_slugs = slugs(selection.authorities.iter().map(|ca| display(&ca.name, &ca.id)));
    for (ca, slug) in selection.authorities.iter().zip(&ca_slugs) {
        let _ = writeln!(out, "\nresource \"confluent_certificate_authority\" \"{slug}\" {{");
        attribute(&mut out, "display_name", display(&ca.name, &ca.id));
        attribute(
            &mut out,
            "description",
            extra(&ca.unknown, "description").unwrap_or(display(&ca.name, &ca.id)),
        );
        attribute(&mut out, "certificate_chain_filename", chain_filename(ca));
        let chain = if ca.certificate_chain.is_empty() {
            "<certificate-chain-pem>"
        } else {
            &ca.certificate_chain
        };
        attribute(&mut out, "certificate_chain", chain);
        match (&ca.crl, extra(&ca.unknown, "crl_url")) {
            (Some(crl), _) => attribute(&mut out, "crl_chain", crl),
            (None, Some(url)) => attribute(&mut out, "crl_url", url),
            (None, None) => {}
        }
        let _ = writeln!(out, "  require_crl_on_client_certificate = {}", ca.require_crl);
        out.push_str("}\n");
    }
    let pool_slugs = slugs(selection.certificate_pools.iter().map(|p| display(&p.name, &p.id)));
    for (pool, slug) in selection.certificate_pools.iter().zip(&pool_slugs) {
        let _ = writeln!(out, "\nresource \"confluent_certificate_pool\" \"{slug}\" {{");
        let parent = selection
            .authorities
            .iter()
            .zip(&ca_slugs)
            .find(|(ca, _)| ca.id == pool.certificate_authority)
            .map_or_else(
                || hcl_string(&pool.certificate_authority),
                |(_, slug)| format!("confluent_certificate_authority.{slug}.id"),
            );
        let _ = writeln!(out, "  certificate_authority {{\n    id = {parent}\n  }}");
        attribute(&mut out, "display_name", display(&pool.name, &pool.id));
        attribute(
            &mut out,
            "description",
            extra(&pool.unknown, "description").unwrap_or(display(&pool.name, &pool.id)),
        );
        attribute(&mut out, "external_identifier", &pool.external_identifier);
        attribute(&mut out, "filter", &pool.filter);
        out.push_str("}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_names_are_valid_and_unique() {
        let names = ["My OIDC Provider: Okta", "my oidc provider okta", "42", "", "ÉQUIPE"];
        assert_eq!(
            slugs(names.into_iter()),
            ["my_oidc_provider_okta", "my_oidc_provider_okta_2", "_42", "_", "quipe"]
        );
    }
}
