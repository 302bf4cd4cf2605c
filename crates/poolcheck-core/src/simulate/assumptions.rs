//! Rules the simulation relies on that no public source states, each shown with its id
//! wherever a stage rests on it.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum AssumptionId {
    IssuerExactMatch,
    Leeway,
    LogicalClusterRequired,
    AutoPoolUnion,
    FilterErrorNoMatch,
    PrincipalClaim,
    ChainAsOpenssl,
}

impl AssumptionId {
    pub fn as_str(self) -> &'static str {
        match self {
            AssumptionId::IssuerExactMatch => "issuer_exact_match",
            AssumptionId::Leeway => "leeway",
            AssumptionId::LogicalClusterRequired => "logical_cluster_required",
            AssumptionId::AutoPoolUnion => "auto_pool_union",
            AssumptionId::FilterErrorNoMatch => "filter_error_no_match",
            AssumptionId::PrincipalClaim => "principal_claim",
            AssumptionId::ChainAsOpenssl => "chain_as_openssl",
        }
    }
}

/// A rule the simulation relies on that no public source states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Assumption {
    pub id: AssumptionId,
    pub statement: &'static str,
}

pub const ASSUMPTIONS: &[Assumption] = &[
    Assumption {
        id: AssumptionId::IssuerExactMatch,
        statement: "the provider is the one whose issuer URI equals the token's iss exactly, as strings",
    },
    Assumption {
        id: AssumptionId::Leeway,
        statement: "exp, nbf and iat are checked with the scenario's leeway_seconds; Confluent Cloud does not publish the leeway it grants",
    },
    Assumption {
        id: AssumptionId::LogicalClusterRequired,
        statement: "a client that sends no logicalCluster extension is refused",
    },
    Assumption {
        id: AssumptionId::AutoPoolUnion,
        statement: "with no identityPoolId, every matching pool of the provider applies and the principal gets the union of their permissions",
    },
    Assumption {
        id: AssumptionId::FilterErrorNoMatch,
        statement: "a filter that fails to evaluate (a missing claim, a wrong type) counts as no match",
    },
    Assumption {
        id: AssumptionId::PrincipalClaim,
        statement: "the principal comes from the pool's identity claim when exactly one pool is named, otherwise from the provider's, falling back to claims.sub",
    },
    Assumption {
        id: AssumptionId::ChainAsOpenssl,
        statement: "the client chain is checked as `openssl verify` checks it against the registered chain: through the registered chain to its root, whose validity and path length count (a chain registered without its root is trusted from its last certificate, like -partial_chain); name constraints and critical extensions per RFC 5280; the one CRL applies to every certificate its issuer signed, and require_crl wants it to be the leaf issuer's (like -crl_check)",
    },
];

crate::wire::serialize_as_str!(AssumptionId);
