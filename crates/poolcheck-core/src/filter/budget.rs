//! A work budget per evaluation. The cel crate has no evaluation hooks, so the work a
//! compiled filter does is estimated against the actual input before it runs, and a filter
//! over the budget does not run: the page evaluates every filter on every keystroke.

use std::cell::Cell;

use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr, LiteralValue, operators};
use serde_json::Value;

use super::MAX_FILTER_CHARS;
use super::bindings::Bindings;
use super::subset::Tree;

/// Estimated steps one evaluation (with its explanation) may take. A step is one node of
/// the filter evaluated once, or one element or character a function walks.
pub const MAX_EVALUATION_COST: u64 = 1_000_000;

/// What a sub-expression costs and how large its value can be.
#[derive(Clone, Copy)]
pub(super) struct Cost {
    pub(super) steps: u64,
    /// A bound on the value's length: elements of a list or map, characters of a string.
    pub(super) size: u64,
    /// A bound on the size of each element, for macros that iterate over the value.
    pub(super) element: u64,
}

impl Cost {
    pub(super) fn scalar(steps: u64) -> Self {
        Self { steps, size: 1, element: 1 }
    }
}

/// What a filter's evaluations found about its worst case, kept with it: the largest input
/// value under which it stays within the budget, so that on a keystroke the estimate is skipped
/// for every pool whose input is no larger; and the smallest bound at which its worst case was
/// over, so that a filter whose worst case cannot be cleared (nested macros) is not estimated
/// twice on every keystroke.
#[derive(Debug)]
pub(super) struct Clearance {
    cleared: Cell<u64>,
    over: Cell<u64>,
}

impl Default for Clearance {
    fn default() -> Self {
        Self { cleared: Cell::new(0), over: Cell::new(u64::MAX) }
    }
}

/// `Err` with a message naming the budget when the filter may do more work than it allows.
pub(super) fn check(
    expr: &IdedExpr,
    bindings: &Bindings,
    clearance: &Clearance,
) -> Result<(), String> {
    let total = estimate_unless_cleared(
        bindings,
        clearance,
        |bound| worst_case(expr, bound),
        || Estimate::new(Some(bindings), bindings.largest).total(expr),
    );
    if total > MAX_EVALUATION_COST {
        return Err(format!(
            "evaluation exceeded its budget of {MAX_EVALUATION_COST} steps (estimated {total}): \
             the filter iterates over too much of this input",
        ));
    }
    Ok(())
}

/// Whether a filter of the documented subset is certainly within the budget on this input:
/// its estimate bounds cel's (`subset::Tree::estimate`), so cel's check would pass too.
/// Sharing the clearance with cel's check is sound for the same reason.
pub(super) fn clears(
    tree: &Tree,
    source: &str,
    bindings: &Bindings,
    clearance: &Clearance,
) -> bool {
    let total = estimate_unless_cleared(
        bindings,
        clearance,
        |bound| tree.estimate(source, None, bound),
        || tree.estimate(source, Some(&bindings.variables), bindings.largest),
    );
    total <= MAX_EVALUATION_COST
}

/// 0 when the filter's worst case is cleared for inputs no larger than this one; otherwise
/// the estimate for this input.
fn estimate_unless_cleared(
    bindings: &Bindings,
    clearance: &Clearance,
    worst_case: impl Fn(u64) -> u64,
    exact: impl FnOnce() -> u64,
) -> u64 {
    let largest = bindings.largest;
    if largest <= clearance.cleared.get() {
        return 0;
    }
    // Every size the input gives the estimate is at most its largest value, and every cost
    // grows with the sizes it is given (sums, products and maxima). So the estimate with
    // every input value taken as large as `bound` bounds the estimate of any input whose
    // largest value is within it. A power of two above this input's covers the next tokens.
    // The worst case grows with the bound too: once over at one bound, it is over at any larger.
    let bound = largest.checked_next_power_of_two().unwrap_or(u64::MAX);
    if bound < clearance.over.get() {
        if worst_case(bound) <= MAX_EVALUATION_COST {
            clearance.cleared.set(bound);
            return 0;
        }
        clearance.over.set(bound);
    }
    exact()
}

/// The estimate for an input of which nothing is known but that no value in it is larger
/// than `largest`.
fn worst_case(expr: &IdedExpr, largest: u64) -> u64 {
    Estimate::new(None, largest).total(expr)
}

struct Estimate<'a> {
    /// `None` for the worst case: every input value as large as `largest`.
    bindings: Option<&'a Bindings>,
    /// The largest list, map or string in the input: the bound when a size is unknown.
    largest: u64,
    /// Macro variables in scope, innermost last.
    scope: Vec<(&'a str, Cost)>,
    /// How many macro bodies enclose the node being estimated.
    body_depth: usize,
    /// Steps of every node outside macro bodies: the explanation evaluates each of them
    /// once more, so this bounds evaluation and explanation together.
    total: u64,
}

impl<'a> Estimate<'a> {
    fn new(bindings: Option<&'a Bindings>, largest: u64) -> Self {
        Self { bindings, largest, scope: Vec::new(), body_depth: 0, total: 0 }
    }

    fn total(mut self, expr: &'a IdedExpr) -> u64 {
        self.node(expr);
        self.total
    }

    fn node(&mut self, node: &'a IdedExpr) -> Cost {
        let cost = self.cost(node);
        if self.body_depth == 0 {
            self.total = self.total.saturating_add(cost.steps);
        }
        cost
    }

    fn cost(&mut self, node: &'a IdedExpr) -> Cost {
        match &node.expr {
            Expr::Literal(LiteralValue::String(text)) => {
                Cost { steps: 1, size: text.inner().len() as u64, element: 1 }
            }
            Expr::Literal(LiteralValue::Bytes(_)) => {
                Cost { steps: 1, size: MAX_FILTER_CHARS as u64, element: 1 }
            }
            Expr::Literal(_) | Expr::Unspecified => Cost::scalar(1),
            Expr::Ident(name) => match self.scope.iter().rev().find(|(bound, _)| bound == name) {
                Some((_, cost)) => Cost { steps: 1, ..*cost },
                None => self.known(node),
            },
            Expr::Select(select) => {
                let operand = self.node(&select.operand);
                let steps = operand.steps.saturating_add(1);
                if select.test { Cost::scalar(steps) } else { Cost { steps, ..self.known(node) } }
            }
            Expr::List(list) => {
                let elements: Vec<Cost> = list.elements.iter().map(|e| self.node(e)).collect();
                self.collection(&elements, elements.len())
            }
            Expr::Map(map) => self.entries(map.entries.iter()),
            Expr::Struct(object) => self.entries(object.entries.iter()),
            Expr::Call(call) => {
                let target = call.target.as_deref().map(|t| self.node(t));
                let args: Vec<Cost> = call.args.iter().map(|a| self.node(a)).collect();
                let steps = target
                    .iter()
                    .chain(&args)
                    .fold(1u64, |sum, cost| sum.saturating_add(cost.steps));
                let (extra, value) = self.call(&call.func_name, target, &args);
                Cost { steps: steps.saturating_add(extra), ..value }
            }
            Expr::Comprehension(comprehension) => {
                let range = self.node(&comprehension.iter_range);
                self.body_depth += 1;
                let init = self.node(&comprehension.accu_init);
                // The accumulator of `map` and `filter` is appended to in place (cel 0.15),
                // so it costs no more per iteration than a scalar.
                self.scope.push((&comprehension.accu_var, Cost::scalar(0)));
                let element = match self.lookup(&comprehension.iter_range) {
                    Some(Value::Array(items)) => items.iter().map(element_of).max().unwrap_or(1),
                    Some(_) => 1,
                    None => self.largest,
                };
                let variable = Cost { steps: 0, size: range.element, element };
                self.scope.push((&comprehension.iter_var, variable));
                // A second variable (`all(k, v, …)` over a map) holds a value of any size.
                if let Some(second) = &comprehension.iter_var2 {
                    let value = Cost { steps: 0, size: self.largest, element: self.largest };
                    self.scope.push((second, value));
                }
                let cond = self.node(&comprehension.loop_cond);
                let step = self.node(&comprehension.loop_step);
                self.scope.truncate(
                    self.scope.len() - 1 - usize::from(comprehension.iter_var2.is_some()),
                );
                let result = self.node(&comprehension.result);
                self.scope.pop();
                self.body_depth -= 1;
                let per_item = cond.steps.saturating_add(step.steps).saturating_add(1);
                let steps = range
                    .size
                    .saturating_mul(per_item)
                    .saturating_add(range.steps)
                    .saturating_add(init.steps)
                    .saturating_add(result.steps);
                // `map` yields its body's values, `filter` the range's elements.
                Cost { steps, size: range.size, element: step.element.max(range.element) }
            }
        }
    }

    /// Extra steps a function takes beyond evaluating its operands, and its value's bounds.
    fn call(&self, function: &str, target: Option<Cost>, args: &[Cost]) -> (u64, Cost) {
        let operands: Vec<Cost> = target.into_iter().chain(args.iter().copied()).collect();
        match (function, operands.as_slice()) {
            ("size", [operand]) => (operand.size, Cost::scalar(0)),
            (operators::IN, [_, collection]) => (collection.size, Cost::scalar(0)),
            (operators::EQUALS | operators::NOT_EQUALS, [left, right]) => {
                // Lists and strings of different lengths compare in one step.
                let walked = left.size.min(right.size);
                (walked.saturating_mul(left.element.min(right.element)), Cost::scalar(0))
            }
            (operators::ADD, [left, right]) => {
                let size = left.size.saturating_add(right.size);
                (size, Cost { steps: 0, size, element: left.element.max(right.element) })
            }
            (operators::CONDITIONAL, [_, then, otherwise]) => (
                0,
                Cost {
                    steps: 0,
                    size: then.size.max(otherwise.size),
                    element: then.element.max(otherwise.element),
                },
            ),
            (operators::INDEX, [collection, _]) => {
                (0, Cost { steps: 0, size: collection.element, element: self.largest })
            }
            (
                operators::LOGICAL_AND
                | operators::LOGICAL_OR
                | operators::LOGICAL_NOT
                | operators::NOT_STRICTLY_FALSE
                | operators::LESS
                | operators::LESS_EQUALS
                | operators::GREATER
                | operators::GREATER_EQUALS,
                _,
            ) => (0, Cost::scalar(0)),
            ("contains" | "startsWith" | "endsWith" | "matches", _) => {
                let walked = operands.iter().fold(0u64, |sum, o| sum.saturating_add(o.size));
                (walked, Cost::scalar(0))
            }
            // Any other function may walk and return everything its operands hold.
            _ => {
                let size = operands
                    .iter()
                    .fold(1u64, |sum, o| sum.saturating_add(o.size.saturating_mul(o.element)));
                (size, Cost { steps: 0, size, element: self.largest })
            }
        }
    }

    fn entries(
        &mut self,
        entries: impl Iterator<Item = &'a cel::common::ast::IdedEntryExpr>,
    ) -> Cost {
        let mut values = Vec::new();
        for entry in entries {
            match &entry.expr {
                EntryExpr::MapEntry(map_entry) => {
                    let key = self.node(&map_entry.key);
                    let value = self.node(&map_entry.value);
                    values.push(Cost { steps: key.steps.saturating_add(value.steps), ..value });
                }
                EntryExpr::StructField(field) => values.push(self.node(&field.value)),
            }
        }
        self.collection(&values, values.len())
    }

    fn collection(&self, elements: &[Cost], count: usize) -> Cost {
        Cost {
            steps: elements.iter().fold(1u64, |sum, e| sum.saturating_add(e.steps)),
            size: count as u64,
            element: elements.iter().map(|e| e.size).max().unwrap_or(1),
        }
    }

    /// Bounds for a variable or field path, read from the input when the path is in it.
    fn known(&self, node: &IdedExpr) -> Cost {
        match self.lookup(node) {
            Some(value) => Cost { steps: 1, size: size_of(value), element: element_of(value) },
            None => Cost { steps: 1, size: self.largest, element: self.largest },
        }
    }

    /// The input value at a path of input variables and fields (not macro variables).
    fn lookup(&self, node: &IdedExpr) -> Option<&'a Value> {
        match &node.expr {
            Expr::Ident(name) if !self.scope.iter().any(|(bound, _)| bound == name) => {
                self.bindings?.variables.get(name)
            }
            Expr::Select(select) if !select.test => {
                self.lookup(&select.operand)?.as_object()?.get(&select.field)
            }
            _ => None,
        }
    }
}

pub(super) fn size_of(value: &Value) -> u64 {
    match value {
        Value::Array(items) => items.len() as u64,
        Value::Object(members) => members.len() as u64,
        Value::String(text) => text.len() as u64,
        _ => 1,
    }
}

/// The largest size of an element of a list, or of a key of a map (what macros iterate).
pub(super) fn element_of(value: &Value) -> u64 {
    match value {
        Value::Array(items) => items.iter().map(size_of).max().unwrap_or(1),
        Value::Object(members) => members.keys().map(|k| k.len() as u64).max().unwrap_or(1),
        _ => 1,
    }
}

/// The largest size anywhere in a value.
pub(super) fn largest(value: &Value) -> u64 {
    let inner = match value {
        Value::Array(items) => items.iter().map(largest).max(),
        Value::Object(members) => members.iter().map(|(k, v)| largest(v).max(k.len() as u64)).max(),
        _ => None,
    };
    inner.unwrap_or(1).max(size_of(value))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::filter::{CompiledFilter, FilterMode};

    /// Claims of every shape the estimate reads: strings, lists of strings and numbers, maps,
    /// nesting, and a list far larger than the rest.
    fn inputs() -> Vec<Bindings> {
        let many: Vec<String> = (0..300).map(|i| format!("group-{i}")).collect();
        [
            json!({}),
            json!({ "sub": "svc-a", "aud": "kafka", "groups": ["admin", "dev"], "scp": "a b" }),
            json!({ "groups": many, "sub": "x", "nested": { "l": [[1, 2], [3]], "m": { "k": "v" } } }),
            json!({ "l": (0..2_000).collect::<Vec<u32>>(), "s": "y".repeat(5_000) }),
        ]
        .iter()
        .map(|claims| Bindings::claims(claims).unwrap())
        .collect()
    }

    /// The clearance is sound only if the worst case bounds the estimate of every input no
    /// larger than it; the documented subset's estimate may stand in for cel's only if it is
    /// never lower, for an input and in the worst case. Checked on every filter the parser
    /// agreement test reads.
    #[test]
    fn the_worst_case_and_the_subset_estimate_bound_the_estimate() {
        let bindings = inputs();
        let (mut checked, mut subset_checked) = (0, 0);
        for (_, sources) in super::super::agreement::inputs() {
            for source in sources {
                let Ok(filter) = CompiledFilter::compile(&source, FilterMode::Claims) else {
                    continue;
                };
                let Some(expr) = filter.cel() else { continue };
                for input in &bindings {
                    let exact = Estimate::new(Some(input), input.largest).total(expr);
                    let bound = worst_case(expr, input.largest);
                    assert!(bound >= exact, "{source}: worst case {bound} < estimate {exact}");
                    checked += 1;
                    let Some(tree) = filter.program.as_ref().and_then(|p| p.subset.as_ref()) else {
                        continue;
                    };
                    let ours = tree.estimate(&source, Some(&input.variables), input.largest);
                    assert!(ours >= exact, "{source}: the subset's {ours} < cel's {exact}");
                    let worst = tree.estimate(&source, None, input.largest);
                    assert!(worst >= bound, "{source}: the subset's worst case {worst} < {bound}");
                    subset_checked += 1;
                }
            }
        }
        assert!(checked > 4_000, "only {checked} filter and input pairs were checked");
        assert!(subset_checked > 800, "only {subset_checked} pairs of the subset were checked");
    }

    /// Over the budget, a filter of the subset gets cel's verdict and message.
    #[test]
    fn a_subset_filter_over_the_budget_is_refused_as_cel_refuses_it() {
        let source = "claims.a == claims.b";
        let filter = CompiledFilter::compile(source, FilterMode::Claims).unwrap();
        assert!(filter.program.as_ref().unwrap().subset.is_some());
        // Lists of 1,001 elements, one of them 1,001 characters long: comparing them may walk
        // 1,001 × 1,001 characters.
        let mut list = vec![json!("y"); 1_000];
        list.push(json!("y".repeat(1_001)));
        let bindings = Bindings::claims(&json!({ "a": list, "b": list })).unwrap();
        let message = filter.evaluate(&bindings).error().map(str::to_owned).unwrap_or_default();
        assert!(message.starts_with("evaluation exceeded its budget"), "{message}");
    }

    #[test]
    fn a_filter_cleared_on_a_small_input_is_still_refused_on_a_larger_one() {
        let filter =
            CompiledFilter::compile("claims.l.all(x, claims.l.all(y, y >= 0))", FilterMode::Claims)
                .unwrap();
        let list = |count: u32| json!({ "l": (0..count).collect::<Vec<u32>>() });
        let small = Bindings::claims(&list(10)).unwrap();
        let large = Bindings::claims(&list(2_000)).unwrap();
        assert!(filter.evaluate(&small).matched());
        assert!(filter.program.as_ref().unwrap().clearance.cleared.get() >= 10);
        let message = filter.evaluate(&large).error().map(str::to_owned).unwrap_or_default();
        assert!(message.starts_with("evaluation exceeded its budget"), "{message}");
        assert!(filter.evaluate(&small).matched(), "the clearance is kept");
    }

    #[test]
    fn a_filter_whose_worst_case_is_over_is_estimated_once_per_evaluation() {
        let filter =
            CompiledFilter::compile("claims.l.all(x, claims.l.all(y, y >= 0))", FilterMode::Claims)
                .unwrap();
        // A long string makes the worst case assume a list of 8,192: over the budget; the
        // list itself has 10 elements, so the exact estimate is far within it.
        let claims = json!({ "l": (0..10).collect::<Vec<u32>>(), "s": "y".repeat(5_000) });
        let bindings = Bindings::claims(&claims).unwrap();
        let clearance = &filter.program.as_ref().unwrap().clearance;
        assert!(filter.evaluate(&bindings).matched());
        assert_eq!((clearance.cleared.get(), clearance.over.get()), (0, 8_192));
        assert!(filter.evaluate(&bindings).matched(), "the exact estimate still decides");
        // A smaller input is tried again: its worst case may be within the budget.
        let small = Bindings::claims(&json!({ "l": [1, 2, 3] })).unwrap();
        assert!(filter.evaluate(&small).matched());
        assert!(clearance.cleared.get() >= 3);
    }
}
