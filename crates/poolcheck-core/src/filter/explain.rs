//! Why a filter matched or not: the value of every sub-expression that decided it, computed
//! by the same interpreter as the real evaluation, in the same order, with the same
//! short-circuits (an operand CEL skips is shown as not evaluated).

use cel::common::ast::{Expr, operators};
use cel::{IdedExpr, ResolveResult, Value};
use serde::Serialize;

use super::ast::{self, Span};
use super::bindings::{Bindings, render};
use super::{CompiledFilter, FilterResult};

/// One sub-expression and what it evaluated to. Steps come in pre-order; `depth` is the
/// nesting under the whole filter (depth 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExplainStep {
    pub depth: usize,
    /// The sub-expression as written (whitespace runs collapsed).
    pub expression: String,
    /// Where it is in the filter source.
    pub span: Option<Span>,
    pub outcome: StepOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepOutcome {
    /// The value, rendered like CEL (`"kafka"`, `["a", "b"]`, `true`).
    Value {
        value: String,
    },
    Error {
        message: String,
    },
    /// CEL skipped it; `reason` says why.
    NotEvaluated {
        reason: String,
    },
}

/// The result of a filter and the steps that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Explanation {
    pub result: FilterResult,
    pub steps: Vec<ExplainStep>,
}

enum Status {
    Evaluated(ResolveResult),
    Skipped(String),
}

pub(super) fn explain(filter: &CompiledFilter, bindings: &Bindings) -> Explanation {
    let Some(program) = &filter.program else {
        return Explanation {
            result: FilterResult::NoMatch,
            steps: vec![ExplainStep {
                depth: 0,
                expression: "(empty certificate filter)".to_owned(),
                span: None,
                outcome: StepOutcome::Value { value: "false".to_owned() },
            }],
        };
    };
    let expr = &program.parsed(&filter.source).expr;
    if let Err(message) = super::budget::check(expr, bindings, &program.clearance) {
        return Explanation {
            result: FilterResult::Error { message: message.clone() },
            steps: vec![ExplainStep {
                depth: 0,
                expression: collapse_whitespace(&filter.source),
                span: filter.span_of(expr.id),
                outcome: StepOutcome::Error { message },
            }],
        };
    }
    let root_result = Value::resolve(expr, &bindings.context);
    let result = FilterResult::of(&root_result);
    let mut steps = Vec::new();
    // An explicit stack: the tree may be as deep as the nesting guard allows.
    let mut stack = vec![(expr, 0, Status::Evaluated(root_result))];
    while let Some((node, depth, status)) = stack.pop() {
        let span = filter.span_of(node.id);
        let expression = span
            .and_then(|span| filter.source.get(span.start..span.end))
            .map(collapse_whitespace)
            .unwrap_or_default();
        let outcome = match &status {
            Status::Evaluated(Ok(value)) => StepOutcome::Value { value: render(value) },
            Status::Evaluated(Err(error)) => StepOutcome::Error { message: error.to_string() },
            Status::Skipped(reason) => StepOutcome::NotEvaluated { reason: reason.clone() },
        };
        steps.push(ExplainStep { depth, expression, span, outcome });
        if let Status::Evaluated(_) = status {
            let shown = operands(node, bindings);
            for (child, status) in shown.into_iter().rev() {
                stack.push((child, depth + 1, status));
            }
        }
    }
    Explanation { result, steps }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The operands worth showing under an evaluated node, each evaluated or skipped exactly as
/// the interpreter does it. Constants are left out of comparisons and calls: their text
/// already says their value.
fn operands<'e>(node: &'e IdedExpr, bindings: &Bindings) -> Vec<(&'e IdedExpr, Status)> {
    let eval = |expr: &IdedExpr| Value::resolve(expr, &bindings.context);
    match &node.expr {
        Expr::Call(call) => {
            let args: Vec<&IdedExpr> = call.args.iter().collect();
            match (call.func_name.as_str(), args.as_slice()) {
                (operators::LOGICAL_AND | operators::LOGICAL_OR, [left, right]) => {
                    let decisive = call.func_name == operators::LOGICAL_OR;
                    let left_result = eval(left);
                    let right_status = if matches!(left_result, Ok(Value::Bool(b)) if b == decisive)
                    {
                        let symbol = if decisive { "||" } else { "&&" };
                        Status::Skipped(format!(
                            "the left side is {decisive}, which decides `{symbol}`"
                        ))
                    } else {
                        Status::Evaluated(eval(right))
                    };
                    vec![(*left, Status::Evaluated(left_result)), (*right, right_status)]
                }
                (operators::CONDITIONAL, [condition, then, otherwise]) => {
                    let condition_result = eval(condition);
                    let (then_status, otherwise_status) = match condition_result {
                        Ok(Value::Bool(true)) => (
                            Status::Evaluated(eval(then)),
                            Status::Skipped("the condition is true".to_owned()),
                        ),
                        Ok(Value::Bool(false)) => (
                            Status::Skipped("the condition is false".to_owned()),
                            Status::Evaluated(eval(otherwise)),
                        ),
                        _ => (
                            Status::Skipped("the condition is not true or false".to_owned()),
                            Status::Skipped("the condition is not true or false".to_owned()),
                        ),
                    };
                    vec![
                        (*condition, Status::Evaluated(condition_result)),
                        (*then, then_status),
                        (*otherwise, otherwise_status),
                    ]
                }
                _ => {
                    // The interpreter evaluates arguments in order and stops at the first
                    // error; for a method it evaluates the receiver last.
                    let mut statuses = in_order_until_error(&args, eval);
                    let mut shown = Vec::new();
                    if let Some(target) = &call.target {
                        let failed = statuses.iter().any(|s| matches!(s, Status::Skipped(_)))
                            || statuses.iter().any(|s| matches!(s, Status::Evaluated(Err(_))));
                        let status = if failed {
                            Status::Skipped("an argument failed first".to_owned())
                        } else {
                            Status::Evaluated(eval(target))
                        };
                        shown.push((&**target, status));
                    }
                    shown.extend(args.into_iter().zip(statuses.drain(..)));
                    shown.retain(|(expr, _)| !ast::is_constant(expr));
                    shown
                }
            }
        }
        // `has(a.b)`: its operand, unless that is a bare variable (the whole token).
        Expr::Select(select) if select.test && !matches!(select.operand.expr, Expr::Ident(_)) => {
            vec![(&*select.operand, Status::Evaluated(eval(&select.operand)))]
        }
        // A macro: the list it iterates; its body runs once per element, with variables
        // of its own, and is not shown.
        Expr::Comprehension(comprehension) if !ast::is_constant(&comprehension.iter_range) => {
            vec![(&comprehension.iter_range, Status::Evaluated(eval(&comprehension.iter_range)))]
        }
        _ => Vec::new(),
    }
}

fn in_order_until_error(
    args: &[&IdedExpr],
    eval: impl Fn(&IdedExpr) -> ResolveResult,
) -> Vec<Status> {
    let mut failed = false;
    args.iter()
        .map(|arg| {
            if failed {
                return Status::Skipped("an earlier operand failed".to_owned());
            }
            let result = eval(arg);
            failed = result.is_err();
            Status::Evaluated(result)
        })
        .collect()
}
