//! Claims a filter asks for: what "Mint a matching token" fills in, and the one change that
//! makes a token just miss. The filter's own requirements are read along the branch that
//! would make it true (both sides of `&&`, the first side of `||`, whose other side is made
//! false so that breaking the first gives a clean no match): equalities with a literal, `in`
//! (a literal in a claim, or a claim in a literal list), `startsWith`, `endsWith`, `contains`
//! and `has`. Anything else is named for the user to fill.

use cel::IdedExpr;
use cel::common::ast::{Expr, LiteralValue, operators};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lint::{Path, Step, path_of};
use super::{Bindings, CLAIMS_VARIABLE, CompiledFilter, FilterMode, FilterResult};

/// Claims made from a filter, and what they leave open.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct MintedClaims {
    /// The claims the filter's requirements ask for.
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, unknown>"))]
    pub claims: Map<String, Value>,
    /// Parts of the filter that could not be turned into claims, as written: the user fills
    /// these in.
    pub undetermined: Vec<String>,
    /// For a token that just misses: the one requirement these claims break.
    pub broken: Option<String>,
    /// What the filter says of these claims: `Some(true)` for a match, `Some(false)` for no
    /// match, `None` for an evaluation error.
    pub result: Option<bool>,
}

/// One thing the filter requires of a claim.
#[derive(Debug, Clone)]
enum Requirement {
    Equals(Vec<String>, Value),
    Holds(Vec<String>, Value),
    Prefix(Vec<String>, String),
    Suffix(Vec<String>, String),
    Substring(Vec<String>, String),
    Present(Vec<String>),
}

impl Requirement {
    fn path(&self) -> &[String] {
        match self {
            Self::Equals(path, _)
            | Self::Holds(path, _)
            | Self::Prefix(path, _)
            | Self::Suffix(path, _)
            | Self::Substring(path, _)
            | Self::Present(path) => path,
        }
    }

    /// Applied in this order, so a `has()` never stands in for a value another requirement
    /// sets.
    fn rank(&self) -> u8 {
        match self {
            Self::Equals(..) => 0,
            Self::Holds(..) => 1,
            Self::Prefix(..) | Self::Suffix(..) | Self::Substring(..) => 2,
            Self::Present(_) => 3,
        }
    }

    fn describe(&self) -> String {
        let name = format!("{CLAIMS_VARIABLE}.{}", self.path().join("."));
        match self {
            Self::Equals(_, value) => format!("{name} is no longer {value}"),
            Self::Holds(_, value) => format!("{name} no longer contains {value}"),
            Self::Prefix(_, prefix) => format!("{name} no longer starts with {prefix:?}"),
            Self::Suffix(_, suffix) => format!("{name} no longer ends with {suffix:?}"),
            Self::Substring(_, part) => format!("{name} no longer contains {part:?}"),
            Self::Present(_) => format!("{name} is absent"),
        }
    }
}

/// Which token to mint for a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MintKind {
    /// Claims the filter matches.
    Matching,
    /// The matching claims with one requirement broken, so the filter just misses.
    Missing,
}

impl CompiledFilter {
    /// Claims that should make this (claims) filter match; `undetermined` lists what could
    /// not be derived, and `result` says whether the claims do match.
    pub fn mint_matching(&self) -> MintedClaims {
        self.mint(MintKind::Matching, &Map::new())
    }

    /// Claims one change away from a match: the matching claims with one requirement broken
    /// (the last one whose breaking makes the filter say no match).
    pub fn mint_missing(&self) -> MintedClaims {
        self.mint(MintKind::Missing, &Map::new())
    }

    /// As [`Self::mint_matching`] or [`Self::mint_missing`], with `defaults` (an `iss`, the
    /// identity claim) added where the filter asks for nothing, before the filter judges.
    pub fn mint(&self, kind: MintKind, defaults: &Map<String, Value>) -> MintedClaims {
        let found = self.requirements();
        let with_defaults = |mut claims: Map<String, Value>| {
            merge(&mut claims, defaults.clone());
            claims
        };
        if kind == MintKind::Missing {
            // Breaking `iss` would have the token refused before any pool is asked.
            let breakable = found.required.iter().rev().filter(|r| r.path() != ["iss"]);
            for requirement in breakable {
                let mut claims = with_defaults(found.claims());
                if !break_requirement(&mut claims, requirement) {
                    continue;
                }
                let result = self.judge(&claims);
                if result == Some(false) {
                    let broken = Some(requirement.describe());
                    return MintedClaims {
                        claims,
                        undetermined: found.undetermined,
                        broken,
                        result,
                    };
                }
            }
        }
        let claims = with_defaults(found.claims());
        let result = self.judge(&claims);
        MintedClaims { claims, undetermined: found.undetermined, broken: None, result }
    }

    /// The claim this expression reads when it is a plain claim path (`claims.sub`,
    /// `claims["x-id"]`): where an identity claim's value goes in a minted token.
    pub fn claim_path(&self) -> Option<Vec<String>> {
        self.cel().and_then(claim_path)
    }

    fn judge(&self, claims: &Map<String, Value>) -> Option<bool> {
        let bindings = Bindings::claims(&Value::Object(claims.clone())).ok()?;
        match self.evaluate(&bindings) {
            FilterResult::Match => Some(true),
            FilterResult::NoMatch => Some(false),
            FilterResult::Error { .. } => None,
        }
    }

    fn requirements(&self) -> Requirements {
        let mut found = Requirements::default();
        let Some(expr) = self.cel() else { return found };
        if self.mode != FilterMode::Claims {
            found.undetermined.push(self.source.clone());
            return found;
        }
        // An explicit stack: the tree may be as deep as the nesting guard allows. `true`
        // marks a node that must hold, `false` one that must not.
        let mut stack = vec![(expr, true)];
        while let Some((node, holds)) = stack.pop() {
            match (requirement(node), holds) {
                (Found::And(left, right), true) => stack.extend([(right, true), (left, true)]),
                (Found::And(left, _), false) => stack.push((left, false)),
                (Found::Or(left, right), true) => stack.extend([(right, false), (left, true)]),
                (Found::Or(left, right), false) => stack.extend([(right, false), (left, false)]),
                (Found::Requirement(requirement), true) => found.required.push(requirement),
                (Found::Requirement(requirement), false) => found.excluded.push(requirement),
                (Found::Unknown, true) => found.undetermined.push(self.text_of(node)),
                (Found::Nothing | Found::Unknown, _) => {}
            }
        }
        found.required.sort_by_key(Requirement::rank);
        found
    }

    fn text_of(&self, node: &IdedExpr) -> String {
        self.program
            .as_ref()
            .and_then(|program| program.spans(&self.source).get(node.id))
            .and_then(|span| self.source.get(span.start..span.end))
            .unwrap_or(&self.source)
            .to_owned()
    }
}

/// What the filter requires, and what must not hold (the other sides of `||`).
#[derive(Default)]
struct Requirements {
    required: Vec<Requirement>,
    excluded: Vec<Requirement>,
    undetermined: Vec<String>,
}

impl Requirements {
    /// The required claims, with every excluded requirement on another claim made false.
    fn claims(&self) -> Map<String, Value> {
        let mut claims = build(&self.required);
        for excluded in &self.excluded {
            if self.required.iter().all(|r| r.path() != excluded.path()) {
                let mut made = build(std::slice::from_ref(excluded));
                if break_requirement(&mut made, excluded) {
                    merge(&mut claims, made);
                }
            }
        }
        claims
    }
}

/// Adds `other`'s claims where `claims` has none.
fn merge(claims: &mut Map<String, Value>, other: Map<String, Value>) {
    for (name, value) in other {
        match (claims.get_mut(&name), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => merge(inner, more),
            (Some(_), _) => {}
            (None, value) => {
                claims.insert(name, value);
            }
        }
    }
}

enum Found<'e> {
    And(&'e IdedExpr, &'e IdedExpr),
    Or(&'e IdedExpr, &'e IdedExpr),
    Requirement(Requirement),
    /// Always true: requires nothing.
    Nothing,
    Unknown,
}

fn requirement(node: &IdedExpr) -> Found<'_> {
    match &node.expr {
        Expr::Literal(LiteralValue::Boolean(value)) if *value.inner() => Found::Nothing,
        Expr::Select(select) if select.test => match claim_parent(&select.operand) {
            Some(mut path) => {
                path.push(select.field.clone());
                Found::Requirement(Requirement::Present(path))
            }
            None => Found::Unknown,
        },
        Expr::Call(call) => {
            let args = call.args.as_slice();
            match (call.func_name.as_str(), call.target.as_deref(), args) {
                (operators::LOGICAL_AND, None, [left, right]) => Found::And(left, right),
                (operators::LOGICAL_OR, None, [left, right]) => Found::Or(left, right),
                (operators::EQUALS, None, [left, right]) => {
                    match (claim_path(left), literal(right), claim_path(right), literal(left)) {
                        (Some(path), Some(value), _, _) | (_, _, Some(path), Some(value)) => {
                            Found::Requirement(Requirement::Equals(path, value))
                        }
                        _ => Found::Unknown,
                    }
                }
                (operators::IN, None, [element, collection]) => {
                    match (literal(element), claim_path(collection), claim_path(element)) {
                        (Some(value), Some(path), _) => {
                            Found::Requirement(Requirement::Holds(path, value))
                        }
                        (_, _, Some(path)) => match first_of_list(collection) {
                            Some(value) => Found::Requirement(Requirement::Equals(path, value)),
                            None => Found::Unknown,
                        },
                        _ => Found::Unknown,
                    }
                }
                (method @ ("startsWith" | "endsWith" | "contains"), Some(target), [argument]) => {
                    match (claim_path(target), literal(argument)) {
                        (Some(path), Some(Value::String(text))) => {
                            Found::Requirement(match method {
                                "startsWith" => Requirement::Prefix(path, text),
                                "endsWith" => Requirement::Suffix(path, text),
                                _ => Requirement::Substring(path, text),
                            })
                        }
                        _ => Found::Unknown,
                    }
                }
                _ => Found::Unknown,
            }
        }
        _ => Found::Unknown,
    }
}

/// `claims.a.b` or `claims["x-y"]` as field names; None for anything else (indexes too).
fn claim_path(expr: &IdedExpr) -> Option<Vec<String>> {
    claim_parent(expr).filter(|path| !path.is_empty())
}

/// As [`claim_path`], and `claims` itself as the empty path (what `has(claims.x)` tests in).
fn claim_parent(expr: &IdedExpr) -> Option<Vec<String>> {
    let Path { root, steps } = path_of(expr)?;
    if root != CLAIMS_VARIABLE {
        return None;
    }
    steps
        .into_iter()
        .map(|step| match step {
            Step::Field(name) => Some(name),
            Step::Index(_) => None,
        })
        .collect()
}

fn literal(expr: &IdedExpr) -> Option<Value> {
    match &expr.expr {
        Expr::Literal(LiteralValue::String(text)) => Some(Value::String(text.inner().to_string())),
        Expr::Literal(LiteralValue::Int(number)) => Some(Value::from(*number.inner())),
        Expr::Literal(LiteralValue::UInt(number)) => Some(Value::from(*number.inner())),
        Expr::Literal(LiteralValue::Double(number)) => {
            serde_json::Number::from_f64(*number.inner()).map(Value::Number)
        }
        Expr::Literal(LiteralValue::Boolean(value)) => Some(Value::Bool(*value.inner())),
        Expr::Literal(LiteralValue::Null) => Some(Value::Null),
        Expr::List(list) => {
            list.elements.iter().map(literal).collect::<Option<Vec<_>>>().map(Value::Array)
        }
        _ => None,
    }
}

fn first_of_list(expr: &IdedExpr) -> Option<Value> {
    match &expr.expr {
        Expr::List(list) => list.elements.first().and_then(literal),
        _ => None,
    }
}

/// `value` at `path` (nested objects made on the way), as claims.
pub fn claims_at(path: &[String], value: Value) -> Map<String, Value> {
    build(&[Requirement::Equals(path.to_vec(), value)])
}

fn build(requirements: &[Requirement]) -> Map<String, Value> {
    let mut claims = Map::new();
    for requirement in requirements {
        let Some(slot) = slot(&mut claims, requirement.path()) else { continue };
        match requirement {
            Requirement::Equals(_, value) => *slot = value.clone(),
            Requirement::Holds(_, value) => match slot {
                Value::Array(items) if !items.contains(value) => items.push(value.clone()),
                Value::Array(_) => {}
                _ => *slot = Value::Array(vec![value.clone()]),
            },
            Requirement::Prefix(_, prefix) => match slot {
                Value::String(text) if !text.starts_with(prefix.as_str()) => {
                    text.insert_str(0, prefix);
                }
                Value::String(_) => {}
                _ => *slot = Value::String(prefix.clone()),
            },
            Requirement::Suffix(_, suffix) | Requirement::Substring(_, suffix) => match slot {
                Value::String(text) if !text.contains(suffix.as_str()) => text.push_str(suffix),
                Value::String(_) => {}
                _ => *slot = Value::String(suffix.clone()),
            },
            Requirement::Present(_) => {
                if slot.is_null() {
                    *slot = Value::String("present".to_owned());
                }
            }
        }
    }
    claims
}

/// The value at `path`, created (as null, with objects on the way) when absent.
fn slot<'a>(claims: &'a mut Map<String, Value>, path: &[String]) -> Option<&'a mut Value> {
    let (last, parents) = path.split_last()?;
    let mut map = claims;
    for name in parents {
        let entry = map.entry(name.clone()).or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        map = entry.as_object_mut()?;
    }
    Some(map.entry(last.clone()).or_insert(Value::Null))
}

/// Changes the claims so `requirement` fails; false when it cannot be broken alone.
fn break_requirement(claims: &mut Map<String, Value>, requirement: &Requirement) -> bool {
    let Some(slot) = slot(claims, requirement.path()) else { return false };
    match requirement {
        Requirement::Equals(_, value) => {
            *slot = match value {
                Value::String(text) => Value::String(format!("{text}-other")),
                Value::Bool(flag) => Value::Bool(!flag),
                Value::Number(number) => match number.as_i64() {
                    Some(n) => Value::from(n.wrapping_add(1)),
                    None => Value::from(number.as_f64().unwrap_or_default() + 1.0),
                },
                _ => Value::String("other".to_owned()),
            }
        }
        Requirement::Holds(_, value) => match slot {
            Value::Array(items) => items.retain(|item| item != value),
            _ => return false,
        },
        Requirement::Prefix(_, prefix) => *slot = Value::String(format!("x-{prefix}")),
        Requirement::Suffix(_, suffix) => *slot = Value::String(format!("{suffix}-x")),
        Requirement::Substring(..) => *slot = Value::String(String::new()),
        Requirement::Present(path) => {
            let Some((last, parents)) = path.split_last() else { return false };
            let Some(parent) = slot_map(claims, parents) else { return false };
            parent.remove(last);
        }
    }
    true
}

fn slot_map<'a>(
    claims: &'a mut Map<String, Value>,
    path: &[String],
) -> Option<&'a mut Map<String, Value>> {
    let mut map = claims;
    for name in path {
        map = map.get_mut(name)?.as_object_mut()?;
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn compile(source: &str) -> CompiledFilter {
        CompiledFilter::compile(source, FilterMode::Claims).unwrap()
    }

    #[test]
    fn a_typical_filter_gives_matching_claims_and_a_near_miss() {
        let filter = compile(
            "claims.aud == 'kafka' && 'admins' in claims.groups && claims.sub.startsWith('svc-') \
             && has(claims.tenant)",
        );
        let matching = filter.mint_matching();
        assert_eq!(
            Value::Object(matching.claims.clone()),
            json!({ "aud": "kafka", "groups": ["admins"], "sub": "svc-", "tenant": "present" })
        );
        assert_eq!(matching.result, Some(true));
        assert!(matching.undetermined.is_empty());

        let missing = filter.mint_missing();
        assert_eq!(missing.result, Some(false));
        assert_eq!(missing.broken.as_deref(), Some("claims.tenant is absent"));
        assert_eq!(missing.claims.len(), 3);
    }

    #[test]
    fn nested_claims_lists_and_alternatives() {
        let filter =
            compile("claims.realm_access.role in ['ops', 'admin'] || claims.sub == 'root'");
        let matching = filter.mint_matching();
        assert_eq!(
            Value::Object(matching.claims),
            json!({ "realm_access": { "role": "ops" }, "sub": "root-other" })
        );
        assert_eq!(matching.result, Some(true));
        let missing = filter.mint_missing();
        assert_eq!(
            missing.broken.as_deref(),
            Some("claims.realm_access.role is no longer \"ops\"")
        );
        assert_eq!(missing.result, Some(false));
    }

    #[test]
    fn what_cannot_be_derived_is_named() {
        let filter = compile("claims.aud == 'kafka' && size(claims.groups) > 2 && claims.exp > 0");
        let matching = filter.mint_matching();
        assert_eq!(Value::Object(matching.claims), json!({ "aud": "kafka" }));
        assert_eq!(matching.undetermined, ["size(claims.groups) > 2", "claims.exp > 0"]);
        assert_eq!(matching.result, None, "the claims lack groups and exp");
    }

    #[test]
    fn numbers_and_booleans_keep_their_types() {
        let filter = compile("claims.level == 3 && claims.verified == true && claims.ratio == 0.5");
        let matching = filter.mint_matching();
        assert_eq!(
            Value::Object(matching.claims),
            json!({ "level": 3, "verified": true, "ratio": 0.5 })
        );
        assert_eq!(matching.result, Some(true));
        assert_eq!(filter.mint_missing().broken.as_deref(), Some("claims.ratio is no longer 0.5"));
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;
    use crate::scenario::Scenario;

    /// Every example pool: claims minted from its filter match it, and the near miss misses,
    /// unless the filter has parts that cannot be derived.
    #[test]
    fn every_example_pool_gets_a_match_and_a_near_miss() {
        let examples = [
            include_str!("../../../../examples/scenarios/auth0.json"),
            include_str!("../../../../examples/scenarios/okta.json"),
            include_str!("../../../../examples/scenarios/entra.json"),
            include_str!("../../../../examples/scenarios/keycloak.json"),
            include_str!("../../../../examples/scenarios/cloudentity.json"),
            include_str!("../../../../examples/scenarios/google.json"),
        ];
        let mut pools = 0;
        for text in examples {
            let scenario = Scenario::parse(text).unwrap();
            for pool in &scenario.pools {
                let filter = CompiledFilter::compile(&pool.filter, FilterMode::Claims).unwrap();
                let matching = filter.mint_matching();
                assert!(
                    matching.undetermined.is_empty(),
                    "{}: {:?}",
                    pool.filter,
                    matching.undetermined
                );
                assert_eq!(matching.result, Some(true), "{}: {:?}", pool.filter, matching.claims);
                let missing = filter.mint_missing();
                assert_eq!(missing.result, Some(false), "{}: {:?}", pool.filter, missing.claims);
                assert!(missing.broken.is_some(), "{}", pool.filter);
                pools += 1;
            }
        }
        assert_eq!(pools, 9, "every example pool was minted");
    }
}
