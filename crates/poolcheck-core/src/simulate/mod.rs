//! The simulator: how Confluent Cloud would treat a Kafka client's login for one scenario at
//! one instant, stage by stage, over OAuth and mTLS. Rules no public source states are
//! labelled with the id of an entry in [`ASSUMPTIONS`].
//!
//! One file per concern: `stages` (the machinery both flows share), `oauth`, `mtls`, `pools`
//! (what one pool makes of a credential), `prepared` (entries with keys, filters and chains
//! read once) and `assumptions`. The `workspace` module keeps prepared entries across edits;
//! `workspace::analyze` is its one-shot use.

mod assumptions;
mod mtls;
mod oauth;
mod pools;
mod prepared;
mod stages;

pub use assumptions::{ASSUMPTIONS, Assumption, AssumptionId};
pub use mtls::{MtlsCode, MtlsInput, MtlsReport, simulate_mtls};
pub use oauth::{
    Cause, KeptResults, OAuthInput, OAuthReport, RefusalCode, TokenInput, simulate_oauth,
    simulate_oauth_keeping_bindings,
};
pub use pools::{PoolResult, PoolStatus, Tone, evaluate_pool};
pub use prepared::{PreparedAuthority, PreparedCertificatePool, PreparedPool, PreparedProvider};
pub use stages::{Stage, StageName, StageStatus};

use serde::Serialize;

/// A whole scenario's outcome: every flow the scenario describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SimulationReport {
    /// Every simulated flow was accepted.
    pub accepted: bool,
    pub now: i64,
    pub leeway_seconds: i64,
    /// Absent only when the scenario has no token but a client certificate (mTLS only).
    pub oauth: Option<OAuthReport>,
    /// Present when the scenario has a client certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub mtls: Option<MtlsReport>,
    pub assumptions: &'static [Assumption],
}
