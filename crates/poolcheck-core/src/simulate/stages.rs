//! The stage machinery both flows share: stages recorded in order, the first failure decides
//! the refusal, and one verdict shape for acceptance or refusal.

use serde::Serialize;

use super::assumptions::AssumptionId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum StageName {
    Request,
    Certificate,
    Authority,
    Chain,
    Decode,
    Provider,
    Key,
    Signature,
    Time,
    Pools,
    Principal,
}

impl StageName {
    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Request => "request",
            StageName::Certificate => "certificate",
            StageName::Authority => "authority",
            StageName::Chain => "chain",
            StageName::Decode => "decode",
            StageName::Provider => "provider",
            StageName::Key => "key",
            StageName::Signature => "signature",
            StageName::Time => "time",
            StageName::Pools => "pools",
            StageName::Principal => "principal",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum StageStatus {
    Passed,
    Failed,
    /// Not reached because an earlier stage failed.
    Skipped,
}

impl StageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::Passed => "passed",
            StageStatus::Failed => "failed",
            StageStatus::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Stage {
    pub stage: StageName,
    pub status: StageStatus,
    pub detail: String,
    /// The assumption this stage's rule rests on, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub assumption: Option<AssumptionId>,
}

/// Stages are recorded in order; the first failure decides the refusal and later stages
/// are skipped, but every pool is still evaluated so the user sees what would happen next.
pub(super) struct Run<Code> {
    pub stages: Vec<Stage>,
    pub refusal: Option<Refusal<Code>>,
}

pub(super) struct Refusal<Code> {
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
}

impl<Code> Refusal<Code> {
    pub fn new(code: Code, message: impl Into<String>, hint: Option<String>) -> Self {
        Self { code, message: message.into(), hint }
    }
}

impl<Code> Run<Code> {
    pub fn new() -> Self {
        Self { stages: Vec::new(), refusal: None }
    }

    fn failed(&self) -> bool {
        self.refusal.is_some()
    }

    pub fn pass(
        &mut self,
        stage: StageName,
        detail: impl Into<String>,
        assumption: Option<AssumptionId>,
    ) {
        let status = if self.failed() { StageStatus::Skipped } else { StageStatus::Passed };
        self.stages.push(Stage { stage, status, detail: detail.into(), assumption });
    }

    pub fn fail(
        &mut self,
        stage: StageName,
        refusal: Refusal<Code>,
        assumption: Option<AssumptionId>,
    ) {
        let status = if self.failed() { StageStatus::Skipped } else { StageStatus::Failed };
        self.stages.push(Stage { stage, status, detail: refusal.message.clone(), assumption });
        self.refusal.get_or_insert(refusal);
    }
}

/// The outcome shared by both flows: accepted as a principal through pools, or refused.
pub(super) struct Verdict<Code> {
    pub accepted: bool,
    pub principal: Option<String>,
    pub pools: Vec<String>,
    pub code: Option<Code>,
    pub message: String,
    pub hint: Option<String>,
}

impl<Code> Verdict<Code> {
    pub fn of(
        refusal: Option<Refusal<Code>>,
        principal: Option<String>,
        pools: Vec<String>,
    ) -> Self {
        match refusal {
            None => Self {
                accepted: true,
                message: format!(
                    "accepted as {} through {}",
                    principal.as_deref().unwrap_or("?"),
                    pools.join(", ")
                ),
                principal,
                pools,
                code: None,
                hint: None,
            },
            Some(refusal) => Self {
                accepted: false,
                principal: None,
                pools: Vec::new(),
                code: Some(refusal.code),
                message: refusal.message,
                hint: refusal.hint,
            },
        }
    }
}

crate::wire::serialize_as_str!(StageName, StageStatus);
