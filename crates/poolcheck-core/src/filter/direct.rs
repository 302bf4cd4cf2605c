//! A direct evaluation of filters made only of what Confluent Cloud documents (`==`, `!=`,
//! `in`, `has()`, `!`, `&&`, `||`, `.startsWith()`, `.endsWith()`, `.contains()`) on claim
//! paths and string, integer and boolean literals.
//!
//! Written by hand, beside the cel interpreter, for speed: cel walks the AST resolving every
//! name through its scopes and dispatching every operator by its name, on every evaluation,
//! and a token edit evaluates every pool's filter. This path reads the claims' JSON directly.
//! It answers only where its answer is certainly cel's: strings, integers and booleans
//! compared with their own kind, claims that are there. Anything else (a missing claim, a
//! float, another kind, what cel would call an error, anything undocumented) is `None`, and
//! cel decides. It walks cel's own tree, so compiling a filter costs nothing more.
//! `agreement_with_cel` checks both agree on every filter of the parser agreement corpus,
//! against many sets of claims.

use cel::IdedExpr;
use cel::common::ast::{Expr, LiteralValue, operators};
use serde_json::{Map, Value};

/// The values this path compares: each equals only a value of its own kind, as in cel (an
/// integer and a double may be equal in cel, so doubles are not among them).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scalar<'a> {
    Text(&'a str),
    Int(i64),
    Bool(bool),
}

impl Scalar<'_> {
    fn same_kind(&self, other: &Scalar<'_>) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// The filter's result, or `None` when cel must decide. `variables` must have no dotted
/// name: cel would resolve `a.b` to a variable named so. Recursion is bounded by the nesting
/// guard, as cel's own evaluation of the same tree is.
pub(super) fn evaluate(expr: &IdedExpr, variables: &Map<String, Value>) -> Option<bool> {
    let Expr::Call(call) = &expr.expr else {
        return match &expr.expr {
            Expr::Select(select) if select.test => match resolve(&select.operand, variables)? {
                Value::Object(members) => Some(members.contains_key(&select.field)),
                _ => None,
            },
            // An operand standing for a boolean: `true`, `claims.email_verified`.
            _ => match single(expr, variables)? {
                Scalar::Bool(value) => Some(value),
                _ => None,
            },
        };
    };
    match (call.func_name.as_str(), call.target.as_deref(), &call.args[..]) {
        // In cel, `false && x` and `x && false` are false whatever x is, an error or anything
        // undocumented included; `true || x` and `x || true` likewise true. So one such part
        // decides.
        (operators::LOGICAL_AND, None, parts) => decided_by(parts, false, variables),
        (operators::LOGICAL_OR, None, parts) => decided_by(parts, true, variables),
        (operators::LOGICAL_NOT, None, [operand]) => evaluate(operand, variables).map(|b| !b),
        (operators::EQUALS | operators::NOT_EQUALS, None, [left, right]) => {
            let (left, right) = (single(left, variables)?, single(right, variables)?);
            let negated = call.func_name == operators::NOT_EQUALS;
            left.same_kind(&right).then(|| (left == right) != negated)
        }
        (operators::IN, None, [item, collection]) => {
            let item = single(item, variables)?;
            match &collection.expr {
                Expr::List(list) if list.optional_indices.is_empty() => contains(
                    &item,
                    list.elements.iter().map(|element| match &element.expr {
                        Expr::Literal(literal) => literal_scalar(literal),
                        _ => None,
                    }),
                ),
                _ => match resolve(collection, variables)? {
                    Value::Array(items) => contains(&item, items.iter().map(json_scalar)),
                    Value::Object(members) => match item {
                        Scalar::Text(key) => Some(members.contains_key(key)),
                        _ => None,
                    },
                    _ => None,
                },
            }
        }
        (method @ ("startsWith" | "endsWith" | "contains"), Some(target), [argument]) => {
            let (Scalar::Text(target), Scalar::Text(argument)) =
                (single(target, variables)?, single(argument, variables)?)
            else {
                return None;
            };
            Some(match method {
                "startsWith" => target.starts_with(argument),
                "endsWith" => target.ends_with(argument),
                _ => target.contains(argument),
            })
        }
        _ => None,
    }
}

/// `absorbing` if a part is certainly it; otherwise the other value if every part is
/// certainly that; otherwise `None`.
fn decided_by(parts: &[IdedExpr], absorbing: bool, variables: &Map<String, Value>) -> Option<bool> {
    let mut certain = true;
    for part in parts {
        match evaluate(part, variables) {
            Some(value) if value == absorbing => return Some(absorbing),
            Some(_) => {}
            None => certain = false,
        }
    }
    certain.then_some(!absorbing)
}

/// Whether `item` is among `items`, when all are of its kind (`None` stands for another).
fn contains<'a>(
    item: &Scalar<'_>,
    items: impl Iterator<Item = Option<Scalar<'a>>>,
) -> Option<bool> {
    let mut found = false;
    for candidate in items {
        let candidate = candidate.filter(|candidate| candidate.same_kind(item))?;
        found |= candidate == *item;
    }
    Some(found)
}

/// A literal, or the claim a path names, as a scalar.
fn single<'a>(expr: &'a IdedExpr, variables: &'a Map<String, Value>) -> Option<Scalar<'a>> {
    match &expr.expr {
        Expr::Literal(literal) => literal_scalar(literal),
        _ => json_scalar(resolve(expr, variables)?),
    }
}

fn literal_scalar(literal: &LiteralValue) -> Option<Scalar<'_>> {
    match literal {
        LiteralValue::String(text) => Some(Scalar::Text(text.inner())),
        LiteralValue::Int(number) => Some(Scalar::Int(*number.inner())),
        LiteralValue::Boolean(value) => Some(Scalar::Bool(*value.inner())),
        _ => None,
    }
}

/// The value a path (an identifier with field selections, not absolute) names, if present.
fn resolve<'a>(expr: &IdedExpr, variables: &'a Map<String, Value>) -> Option<&'a Value> {
    match &expr.expr {
        // (A byte compared: `starts_with('.')` encodes the char and calls `memcmp`.)
        Expr::Ident(root) if root.as_bytes().first() != Some(&b'.') => variables.get(root),
        Expr::Select(select) if !select.test => {
            resolve(&select.operand, variables)?.as_object()?.get(&select.field)
        }
        _ => None,
    }
}

/// A JSON value as the bindings give it to cel: integers that fit stay integers; other
/// numbers become doubles, which this path leaves to cel.
fn json_scalar(value: &Value) -> Option<Scalar<'_>> {
    match value {
        Value::String(text) => Some(Scalar::Text(text)),
        Value::Bool(value) => Some(Scalar::Bool(*value)),
        Value::Number(number) => number.as_i64().map(Scalar::Int),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{Bindings, CompiledFilter, FilterMode, FilterResult, agreement};

    /// What cel alone makes of the filter, without the direct path or the work budget.
    fn by_cel(filter: &CompiledFilter, bindings: &Bindings) -> FilterResult {
        let program = filter.program.as_ref().map(|program| &program.expr);
        program.map_or(FilterResult::NoMatch, |expr| {
            FilterResult::of(&cel::Value::resolve(expr, &bindings.context))
        })
    }

    fn direct(filter: &CompiledFilter, bindings: &Bindings) -> Option<bool> {
        bindings.direct(&filter.program.as_ref()?.expr)
    }

    fn claims(value: serde_json::Value) -> Bindings {
        Bindings::claims(&value).unwrap()
    }

    fn token() -> Bindings {
        claims(json!({
            "iss": "https://idp.example.com/", "sub": "svc-orders", "aud": "kafka",
            "exp": 1767229200, "email_verified": true, "score": 1.5, "big": 18446744073709551615u64,
            "groups": ["admins", "kafka-writers"], "mixed": ["a", 1], "tenant": {"id": "t1"},
        }))
    }

    /// The direct answer for a filter on `token()`, asserted to be cel's.
    fn answer(source: &str) -> Option<bool> {
        let filter = CompiledFilter::compile(source, FilterMode::Claims).unwrap();
        let bindings = token();
        let answer = direct(&filter, &bindings);
        if let Some(value) = answer {
            assert_eq!(by_cel(&filter, &bindings).as_bool(), Some(value), "{source}");
        }
        answer
    }

    #[test]
    fn documented_operators_on_strings_integers_and_booleans_are_answered_directly() {
        for (source, expected) in [
            ("claims.aud == 'kafka'", true),
            ("claims.aud != 'kafka'", false),
            ("'admins' in claims.groups", true),
            ("'guests' in claims.groups", false),
            ("claims.aud in ['kafka', 'other']", true),
            ("'id' in claims.tenant", true),
            ("claims.sub.startsWith('svc-') && claims.iss.endsWith('.com/')", true),
            ("claims.sub.contains('order')", true),
            ("has(claims.tenant.id) && !has(claims.azp)", true),
            ("claims.exp == 1767229200 && claims.email_verified", true),
            ("claims.email_verified == false || claims.tenant.id == 't2'", false),
            ("true", true),
        ] {
            assert_eq!(answer(source), Some(expected), "{source}");
        }
    }

    #[test]
    fn what_cel_must_decide_is_left_to_it() {
        for source in [
            // A missing claim or a field of a non-map: errors in cel.
            "claims.azp == 'x'",
            "has(claims.aud.x)",
            "claims.tenant.missing.startsWith('a')",
            // Another kind, a double, an integer past i64: cel's heterogeneous equality.
            "claims.aud == 1",
            "claims.score == 1",
            "claims.big == 1",
            "'a' in claims.mixed",
            "claims.groups == ['admins', 'kafka-writers']",
            // Not a boolean: an error in cel.
            "claims.aud",
            "'a' in 'abc'",
            // Undocumented: cel decides the whole filter.
            "size(claims.groups) == 2",
            "claims.exp > 0",
            "claims.groups.exists(g, g == 'admins')",
        ] {
            assert_eq!(answer(source), None, "{source}");
        }
    }

    #[test]
    fn one_absorbing_part_decides_whatever_the_others_are() {
        // cel: `false && error` and `error && false` are false; `||` likewise with true.
        assert_eq!(answer("claims.azp == 'x' && claims.aud == 'other'"), Some(false));
        assert_eq!(answer("claims.aud == 'other' && claims.azp == 'x'"), Some(false));
        assert_eq!(answer("claims.azp == 'x' || claims.aud == 'kafka'"), Some(true));
        assert_eq!(answer("claims.azp == 'x' && claims.aud == 'kafka'"), None);
        assert_eq!(answer("!(claims.azp == 'x') || claims.aud == 'other'"), None);
    }

    #[test]
    fn a_dotted_variable_name_leaves_every_filter_to_cel() {
        let attributes = json!({"CN": "app", "a.b": "x"});
        let bindings = Bindings::certificate(attributes.as_object().unwrap()).unwrap();
        let filter = CompiledFilter::compile("CN == 'app'", FilterMode::Certificate).unwrap();
        assert_eq!(direct(&filter, &bindings), None);
        assert_eq!(filter.evaluate(&bindings), FilterResult::Match);
    }

    /// Every filter of the parser agreement corpus (the repository's filters, the fuzz
    /// regressions, the cel-spec expressions) against claims of many shapes, including the
    /// claims that make each one match and just miss: where the direct path answers, cel
    /// answers the same.
    #[test]
    fn agreement_with_cel() {
        let fixed = [
            json!({}),
            json!({"aud": "kafka", "sub": "svc-1", "groups": ["a", "b"], "admin": true, "n": 3}),
            json!({"aud": ["kafka", "x"], "sub": 1, "groups": "a", "admin": "true", "n": 3.0}),
            json!({"aud": {"kafka": 1}, "groups": [1, 2], "n": -1, "tenant": {"id": "t1"}}),
        ];
        let attributes = [json!({"CN": "app", "OU": "kafka", "O": "Confluent", "C": "Canada"})];
        let (mut compared, mut decided, mut filters_decided) = (0usize, 0usize, 0usize);
        let sources: std::collections::BTreeSet<String> =
            agreement::inputs().into_iter().flat_map(|(_, inputs)| inputs).collect();
        for source in &sources {
            for mode in [FilterMode::Claims, FilterMode::Certificate] {
                let Ok(filter) = CompiledFilter::compile(source, mode) else { continue };
                let mut inputs: Vec<Bindings> = match mode {
                    FilterMode::Claims => fixed.iter().cloned().map(claims).collect(),
                    FilterMode::Certificate => attributes
                        .iter()
                        .map(|value| Bindings::certificate(value.as_object().unwrap()).unwrap())
                        .collect(),
                };
                if mode == FilterMode::Claims {
                    for minted in [filter.mint_matching(), filter.mint_missing()] {
                        if let Ok(bindings) = Bindings::claims(&minted.claims.into()) {
                            inputs.push(bindings);
                        }
                    }
                }
                let decided_before = decided;
                for bindings in &inputs {
                    compared += 1;
                    if let Some(value) = direct(&filter, bindings) {
                        decided += 1;
                        assert_eq!(
                            by_cel(&filter, bindings).as_bool(),
                            Some(value),
                            "{source:?} on {:?}",
                            bindings.variables()
                        );
                    }
                }
                filters_decided += usize::from(decided > decided_before);
            }
        }
        // The corpus exercises the direct path, not only cel: about 1,000 answers for 336
        // filters when this was written.
        assert!(
            filters_decided > 300,
            "{decided} of {compared} answered directly, for {filters_decided} filters"
        );
    }
}
