//! "Mint a matching token" / "Mint a token that just misses": what to sign for a pool. The
//! claims come from the pool's filter, with the provider's issuer and the identity claim added
//! where the filter asks for nothing; the key is the provider's demo `signing_key`. Signing
//! itself is [`super::sign`], which the app runs in its worker.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{CommandError, CommandErrorCode, KeyKind, SignOptions};
use crate::filter::{CompiledFilter, FilterMode, MintKind, MintedClaims, claims_at};
use crate::workspace::Workspace;

/// The identity claim's value in a minted token that the filter does not fix.
pub const MINTED_PRINCIPAL: &str = "poolcheck-minted-client";

/// A minted token's lifetime, from the scenario's `now`.
const MINTED_LIFETIME: &str = "+1h";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct MintRequest {
    pub pool: String,
    pub provider: String,
    pub minted: MintedClaims,
    /// What to sign: the claims above, the provider's key, `iat` and `exp` around the
    /// scenario's `now`.
    pub sign: SignOptions,
}

/// The signing request for a token that matches (or just misses) `pool_id`'s filter.
pub fn mint_request(
    workspace: &Workspace,
    pool_id: &str,
    kind: MintKind,
) -> Result<MintRequest, CommandError> {
    let pools = workspace.pools();
    let prepared = pools
        .iter()
        .find(|prepared| prepared.pool.id == pool_id)
        .ok_or_else(|| invalid(format!("there is no pool {pool_id:?}")))?;
    let pool = &prepared.pool;
    let filter = prepared.filter.as_ref().map_err(|error| {
        CommandError::new(
            CommandErrorCode::FilterDoesNotCompile,
            format!("pool {pool_id}'s filter does not compile: {error}"),
        )
    })?;
    let providers = workspace.providers();
    let provider = providers
        .iter()
        .map(|prepared| &prepared.provider)
        .find(|provider| provider.id == pool.provider)
        .ok_or_else(|| invalid(format!("pool {pool_id} names no provider of this scenario")))?;
    let key = provider.signing_key.as_ref().ok_or_else(|| {
        CommandError::new(
            CommandErrorCode::SigningKeyMissing,
            format!("provider {} carries no signing_key to mint with", provider.id),
        )
        .with_hint(
            "add the provider's demo private key as signing_key, or sign in the Build tab with \
             a key you paste",
        )
    })?;

    let mut defaults = Map::new();
    defaults.insert("iss".into(), provider.issuer.clone().into());
    let identity = pool.identity_claim.as_deref().or(provider.identity_claim.as_deref());
    let identity_path =
        CompiledFilter::compile(identity.unwrap_or("claims.sub"), FilterMode::Claims)
            .ok()
            .and_then(|compiled| compiled.claim_path());
    if let Some(path) = identity_path {
        let principal = claims_at(&path, MINTED_PRINCIPAL.into());
        defaults.extend(principal);
    }
    let minted = filter.mint(kind, &defaults);

    let claims = Value::Object(minted.claims.clone()).to_string();
    let sign = SignOptions {
        key: key.to_text(),
        key_kind: KeyKind::Keys,
        claims: Some(claims),
        exp: (!minted.claims.contains_key("exp")).then(|| MINTED_LIFETIME.to_owned()),
        now: Some(workspace.now()),
        ..SignOptions::default()
    };
    Ok(MintRequest { pool: pool.id.clone(), provider: provider.id.clone(), minted, sign })
}

fn invalid(message: String) -> CommandError {
    CommandError::new(CommandErrorCode::InvalidArgument, message)
}
