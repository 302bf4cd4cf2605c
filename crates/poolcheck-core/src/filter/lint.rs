//! Lints: what Confluent Cloud documents, may refuse, or what cannot work with this input.

use std::collections::HashSet;
use std::sync::Arc;

use cel::common::ast::{Expr, LiteralValue, SourceInfo, operators};
use cel::{Context, IdedExpr, Value};
use serde_json::Value as Json;

use super::FilterMode;
use super::ast::{self, operator_symbol};
use super::bindings::{self, Bindings, CLAIMS_VARIABLE};
use crate::json::kind as json_kind;
use crate::problem::Problem;

/// Filters longer than this were refused by Confluent Cloud tooling.
pub const CONFLUENT_MAX_FILTER_CHARS: usize = 300;

const DOCUMENTED_OPERATORS: [&str; 6] = [
    operators::EQUALS,
    operators::NOT_EQUALS,
    operators::IN,
    operators::LOGICAL_NOT,
    operators::LOGICAL_AND,
    operators::LOGICAL_OR,
];
const DOCUMENTED_METHODS: [&str; 3] = ["startsWith", "endsWith", "contains"];

fn documented_list(mode: FilterMode) -> &'static str {
    match mode {
        FilterMode::Claims => {
            "documented: ==, !=, in [..], in claims.list, has(claims.x), !, &&, ||, parentheses, \
             .startsWith(), .endsWith(), .contains()"
        }
        FilterMode::Certificate => {
            "documented: ==, !=, in, !, &&, ||, parentheses, .startsWith(), .endsWith(), \
             .contains()"
        }
    }
}

/// Lints that need only the filter: undocumented operators, length, always true.
pub(super) fn static_lints(
    source: &str,
    mode: FilterMode,
    expr: &IdedExpr,
    info: &SourceInfo,
) -> Vec<Problem> {
    let mut lints = Vec::new();
    for what in undocumented(source, mode, expr, info) {
        lints.push(
            Problem::warning(
                "filter_undocumented",
                format!(
                    "{what} is not among what Confluent Cloud documents for {} filters: it may \
                     refuse this filter",
                    pool_kind(mode)
                ),
            )
            .with_hint(documented_list(mode)),
        );
    }
    let chars = source.chars().count();
    if chars > CONFLUENT_MAX_FILTER_CHARS {
        lints.push(
            Problem::warning(
                "filter_over_300_characters",
                format!(
                    "the filter is {chars} characters long; Confluent Cloud tooling refused \
                     filters over {CONFLUENT_MAX_FILTER_CHARS}"
                ),
            )
            .with_hint("split the condition across several pools, or shorten claim values"),
        );
    }
    let no_variables = Context::with_env(Arc::clone(&bindings::ENV));
    if matches!(Value::resolve(expr, &no_variables), Ok(Value::Bool(true))) {
        lints.push(
            Problem::warning(
                "filter_always_true",
                format!(
                    "the filter is true whatever the {} says: every {} the provider issues \
                     gets this pool",
                    input_noun(mode),
                    input_noun(mode)
                ),
            )
            .with_hint("add a condition on a claim that identifies the workload, such as sub"),
        );
    }
    lints
}

fn pool_kind(mode: FilterMode) -> &'static str {
    match mode {
        FilterMode::Claims => "OAuth pool",
        FilterMode::Certificate => "certificate pool",
    }
}

fn input_noun(mode: FilterMode) -> &'static str {
    match mode {
        FilterMode::Claims => "token",
        FilterMode::Certificate => "certificate",
    }
}

/// Names of undocumented constructs, each once, in source order. Nodes a macro generated
/// (they carry the macro call's own position) are the macro's, not the user's.
fn undocumented(source: &str, mode: FilterMode, root: &IdedExpr, info: &SourceInfo) -> Vec<String> {
    let mut found: Vec<(u32, String)> = Vec::new();
    let mut macro_positions = HashSet::new();
    for (node, _) in ast::preorder(root) {
        let own = info.offset_for(node.id);
        let generated = own.is_some_and(|position| macro_positions.contains(&position));
        let what = match &node.expr {
            _ if generated => None,
            Expr::Comprehension(_) => {
                macro_positions.extend(own);
                Some(format!("the {}() macro", ast::macro_name(source, own)))
            }
            Expr::Call(call) => match operator_symbol(&call.func_name) {
                _ if DOCUMENTED_OPERATORS.contains(&call.func_name.as_str()) => None,
                Some(symbol) => Some(format!("the {symbol} operator")),
                None if call.target.is_some()
                    && DOCUMENTED_METHODS.contains(&call.func_name.as_str()) =>
                {
                    None
                }
                None => Some(format!("{}()", call.func_name)),
            },
            Expr::Select(select) if select.test && mode == FilterMode::Certificate => {
                Some("has()".to_owned())
            }
            Expr::Map(_) => Some("a map literal".to_owned()),
            Expr::Struct(_) => Some("a message literal".to_owned()),
            _ => None,
        };
        if let Some(what) = what {
            found.push((own.map_or(0, |(start, _)| start), what));
        }
    }
    found.sort_by_key(|(start, _)| *start);
    let mut seen = HashSet::new();
    found.into_iter().map(|(_, what)| what).filter(|what| seen.insert(what.clone())).collect()
}

/// One step of a path a filter reads: `claims.a`, `claims["x-y"]`, `claims.groups[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Step {
    Field(String),
    Index(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Path {
    pub(super) root: String,
    pub(super) steps: Vec<Step>,
}

impl Path {
    pub(super) fn text(&self, steps: usize) -> String {
        let mut text = self.root.clone();
        for step in self.steps.iter().take(steps) {
            match step {
                Step::Field(name) if is_identifier(name) => {
                    text.push('.');
                    text.push_str(name);
                }
                Step::Field(name) => {
                    text.push('[');
                    text.push_str(&serde_json::to_string(name).unwrap_or_default());
                    text.push(']');
                }
                Step::Index(index) => text.push_str(&format!("[{index}]")),
            }
        }
        text
    }

    fn starts_with(&self, prefix: &Path) -> bool {
        self.root == prefix.root && self.steps.starts_with(&prefix.steps)
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The path an expression reads, when it is a variable followed by fields and constant
/// indexes.
pub(super) fn path_of(expr: &IdedExpr) -> Option<Path> {
    let mut steps = Vec::new();
    let mut current = expr;
    loop {
        match &current.expr {
            Expr::Ident(root) => {
                steps.reverse();
                return Some(Path { root: root.clone(), steps });
            }
            Expr::Select(select) if !select.test => {
                steps.push(Step::Field(select.field.clone()));
                current = &select.operand;
            }
            Expr::Call(call) if call.func_name == operators::INDEX && call.target.is_none() => {
                let [operand, index] = call.args.as_slice() else { return None };
                steps.push(match &index.expr {
                    Expr::Literal(LiteralValue::String(name)) => Step::Field(name.to_string()),
                    Expr::Literal(LiteralValue::Int(number)) => Step::Index(*number.inner()),
                    _ => return None,
                });
                current = operand;
            }
            _ => return None,
        }
    }
}

/// Paths the filter reads, and paths it tests with `has()` (reading under those is guarded).
fn read_paths(root: &IdedExpr) -> (Vec<Path>, Vec<Path>) {
    let mut reads: Vec<Path> = Vec::new();
    let mut tested = Vec::new();
    let mut local_names = HashSet::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if let Expr::Comprehension(comprehension) = &node.expr {
            local_names.insert(comprehension.iter_var.clone());
            local_names.extend(comprehension.iter_var2.clone());
            local_names.insert(comprehension.accu_var.clone());
        }
        if let Expr::Select(select) = &node.expr
            && select.test
            && let Some(mut path) = path_of(&select.operand)
        {
            if !path.steps.is_empty() {
                reads.push(path.clone());
            }
            path.steps.push(Step::Field(select.field.clone()));
            tested.push(path);
            continue;
        }
        if let Some(path) = path_of(node) {
            reads.push(path);
            continue;
        }
        let first_child = stack.len();
        ast::for_each_child(node, |child| stack.push(child));
        stack[first_child..].reverse();
    }
    reads.retain(|path| !local_names.contains(&path.root));
    let mut seen = HashSet::new();
    reads.retain(|path| seen.insert(path.clone()));
    (reads, tested)
}

/// The paths a filter reads that no `has()` tests first: what [`missing_inputs`] looks up in
/// each input. They depend on the filter alone, so they are found once, when it compiles.
pub(super) fn unguarded_reads(root: &IdedExpr) -> Vec<Path> {
    let (mut reads, tested) = read_paths(root);
    reads.retain(|path| !tested.iter().any(|guarded| path.starts_with(guarded)));
    reads
}

pub(super) fn missing_inputs(
    reads: &[Path],
    mode: FilterMode,
    bindings: &Bindings,
) -> Vec<Problem> {
    let mut lints = Vec::new();
    let mut reported = HashSet::new();
    for path in reads {
        let Some(finding) = first_missing(path, mode, bindings) else { continue };
        if reported.insert(finding.message.clone()) {
            lints.push(finding);
        }
    }
    lints
}

fn first_missing(path: &Path, mode: FilterMode, bindings: &Bindings) -> Option<Problem> {
    let noun = input_noun(mode);
    let Some(mut value) = bindings.variables().get(&path.root) else {
        let message = match mode {
            FilterMode::Claims => format!(
                "the filter reads {}, which is not defined: OAuth pool filters read {CLAIMS_VARIABLE}",
                path.root
            ),
            FilterMode::Certificate => {
                format!("the filter reads {}, which the certificate does not have", path.root)
            }
        };
        return Some(
            Problem::warning("filter_reads_missing", message)
                .with_hint("reading it is an error, so the pool does not match"),
        );
    };
    for (index, step) in path.steps.iter().enumerate() {
        let next = match (step, value) {
            (Step::Field(name), Json::Object(members)) => members.get(name),
            (Step::Index(at), Json::Array(items)) => {
                usize::try_from(*at).ok().and_then(|at| items.get(at))
            }
            (_, other) => {
                return Some(Problem::warning(
                    "filter_reads_missing",
                    format!(
                        "the filter reads {}, but {} is {}",
                        path.text(path.steps.len()),
                        path.text(index),
                        json_kind(other)
                    ),
                ));
            }
        };
        match next {
            Some(found) => value = found,
            None => {
                let missing = path.text(index + 1);
                return Some(
                    Problem::warning(
                        "filter_reads_missing",
                        format!("the filter reads {missing}, which the {noun} does not have"),
                    )
                    .with_hint(format!(
                        "reading it is an error, so the pool does not match; if it is optional, \
                         test it first: has({missing}) && …"
                    )),
                );
            }
        }
    }
    None
}

/// Issuers whose one key set signs tokens for every customer of a multi-tenant service:
/// anyone with an account there can mint a token with this `iss`.
const SHARED_ISSUERS: [(&str, &str); 6] = [
    ("https://accounts.google.com", "Google"),
    // Google ID tokens may carry the issuer without its scheme.
    ("accounts.google.com", "Google"),
    ("https://token.actions.githubusercontent.com", "GitHub Actions"),
    ("https://gitlab.com", "GitLab.com CI/CD"),
    ("https://app.terraform.io", "HCP Terraform"),
    ("https://agent.buildkite.com", "Buildkite"),
];

/// The service that shares this issuer among all its customers, if it is one poolcheck knows.
/// Runs for every pool on every token edit, so it compares without allocating.
pub fn shared_issuer(issuer: &str) -> Option<&'static str> {
    let normalized = issuer.trim().trim_end_matches('/');
    SHARED_ISSUERS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(normalized))
        .map(|(_, service)| *service)
}

pub(super) fn shared_issuer_lint(root: &IdedExpr, issuer: &str) -> Option<Problem> {
    let service = shared_issuer(issuer)?;
    if requires_sub_or_aud(root) {
        return None;
    }
    Some(
        Problem::error(
            "filter_shared_issuer_unconstrained",
            format!(
                "{} is shared by every {service} customer, and this filter can match without a \
                 condition on claims.sub or claims.aud: Confluent Cloud refuses such pools since \
                 30 April 2026",
                issuer.trim()
            ),
        )
        .with_hint(
            "require sub or aud in every branch, e.g. claims.sub == 'repo:my-org/my-repo:ref:refs/heads/main' \
             && … or claims.aud == '<your audience>'",
        ),
    )
}

/// Whether every way the filter can be true includes a positive condition on `claims.sub`
/// or `claims.aud` against a non-empty literal. Recurses only through `&&`, `||` and `?:`,
/// whose depth the nesting guard bounds.
fn requires_sub_or_aud(expr: &IdedExpr) -> bool {
    let Expr::Call(call) = &expr.expr else { return false };
    match (call.func_name.as_str(), call.target.as_deref(), call.args.as_slice()) {
        (operators::LOGICAL_AND, None, [left, right]) => {
            requires_sub_or_aud(left) || requires_sub_or_aud(right)
        }
        (operators::LOGICAL_OR, None, [left, right]) => {
            requires_sub_or_aud(left) && requires_sub_or_aud(right)
        }
        (operators::CONDITIONAL, None, [_, then, otherwise]) => {
            requires_sub_or_aud(then) && requires_sub_or_aud(otherwise)
        }
        (operators::EQUALS, None, [left, right]) => {
            (is_sub_or_aud(left) && is_nonempty_string(right))
                || (is_nonempty_string(left) && is_sub_or_aud(right))
        }
        (operators::IN, None, [item, list]) => {
            (is_sub_or_aud(item) && is_list_of_nonempty_strings(list))
                || (is_nonempty_string(item) && is_sub_or_aud(list))
        }
        (method, Some(target), [argument]) if DOCUMENTED_METHODS.contains(&method) => {
            is_sub_or_aud(target) && is_nonempty_string(argument)
        }
        _ => false,
    }
}

fn is_sub_or_aud(expr: &IdedExpr) -> bool {
    path_of(expr).is_some_and(|path| {
        path.root == CLAIMS_VARIABLE
            && matches!(path.steps.as_slice(), [Step::Field(name)] if name == "sub" || name == "aud")
    })
}

fn is_nonempty_string(expr: &IdedExpr) -> bool {
    matches!(&expr.expr, Expr::Literal(LiteralValue::String(text)) if !text.inner().is_empty())
}

fn is_list_of_nonempty_strings(expr: &IdedExpr) -> bool {
    matches!(&expr.expr, Expr::List(list) if !list.elements.is_empty() && list.elements.iter().all(is_nonempty_string))
}
