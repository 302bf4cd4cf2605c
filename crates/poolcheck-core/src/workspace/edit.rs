//! The edits a workspace takes: what a view, the CLI or a script can change, as serde values
//! so a JavaScript caller sends the same edits the app does.

use serde::{Deserialize, Serialize};

use crate::keys::SecretEncoding;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProviderField {
    Id,
    Name,
    Issuer,
    Keys,
    IdentityClaim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PoolField {
    Id,
    Name,
    Provider,
    IdentityClaim,
    Filter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AuthorityField {
    Id,
    Name,
    CertificateChain,
    Crl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CertificatePoolField {
    Id,
    Name,
    CertificateAuthority,
    ExternalIdentifier,
    Filter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RequestField {
    LogicalCluster,
    /// One pool ID or several separated by commas; blank means auto pool mapping.
    IdentityPoolId,
}

/// Which list an add, remove or duplicate applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    Provider,
    Pool,
    Authority,
    CertificatePool,
}

/// One change to the workspace. Indexes out of range leave it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// The Token field, as pasted (any accepted form).
    SetToken {
        token: String,
    },
    SetNow {
        now: i64,
    },
    SetLeeway {
        seconds: i64,
    },
    /// The Token view's own Keys field; `secret` says the text is an HMAC secret.
    SetKeys {
        text: String,
        secret: Option<SecretEncoding>,
    },
    SetRequest {
        field: RequestField,
        value: String,
    },
    SetProvider {
        index: usize,
        field: ProviderField,
        value: String,
    },
    SetPool {
        index: usize,
        field: PoolField,
        value: String,
    },
    SetAuthority {
        index: usize,
        field: AuthorityField,
        value: String,
    },
    SetRequireCrl {
        index: usize,
        require: bool,
    },
    SetCertificatePool {
        index: usize,
        field: CertificatePoolField,
        value: String,
    },
    SetClientCertificate {
        pem: String,
    },
    /// Appends a new entry with a fresh id and a starting filter.
    Add {
        entry: Entry,
    },
    Remove {
        entry: Entry,
        index: usize,
    },
    /// Inserts a copy with a fresh id right after the original.
    Duplicate {
        entry: Entry,
        index: usize,
    },
}
