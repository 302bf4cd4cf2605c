//! Walking the CEL AST: children in source order, source spans, and names for operators.

use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr, SourceInfo, operators};
use serde::Serialize;

use super::guard;

/// Byte offsets into the filter source: `source[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The direct sub-expressions of `expr`, in the order they appear in the source.
pub(crate) fn children(expr: &IdedExpr) -> Vec<&IdedExpr> {
    let mut found = Vec::new();
    for_each_child(expr, |child| found.push(child));
    found
}

/// [`children`] without a vector: compiling walks every node, and allocating per node was a
/// tenth of it.
pub(crate) fn for_each_child<'a>(expr: &'a IdedExpr, mut visit: impl FnMut(&'a IdedExpr)) {
    let entry = |entry: &'a cel::common::ast::IdedEntryExpr| match &entry.expr {
        EntryExpr::MapEntry(map_entry) => {
            visit(&map_entry.key);
            visit(&map_entry.value);
        }
        EntryExpr::StructField(field) => visit(&field.value),
    };
    match &expr.expr {
        Expr::Call(call) => {
            call.target.as_deref().into_iter().chain(&call.args).for_each(visit);
        }
        Expr::Select(select) => visit(&select.operand),
        Expr::List(list) => list.elements.iter().for_each(visit),
        Expr::Map(map) => map.entries.iter().for_each(entry),
        Expr::Struct(object) => object.entries.iter().for_each(entry),
        Expr::Comprehension(comprehension) => {
            for child in [
                &comprehension.iter_range,
                &comprehension.accu_init,
                &comprehension.loop_cond,
                &comprehension.loop_step,
                &comprehension.result,
            ] {
                visit(child);
            }
        }
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => {}
    }
}

/// Every node in pre-order with its depth, without recursion (the tree may be as deep as the
/// nesting guard allows).
pub(crate) fn preorder(root: &IdedExpr) -> Vec<(&IdedExpr, usize)> {
    let mut out = Vec::new();
    let mut stack = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        out.push((node, depth));
        for child in children(node).into_iter().rev() {
            stack.push((child, depth + 1));
        }
    }
    out
}

/// The source span of every node, its sub-expressions and closing bracket included. The
/// parser records only each node's own token (the operator, the `(` of a call), so spans
/// are unions over sub-trees, computed in post-order (children come after their parent in
/// pre-order, so walking it backwards visits children first).
pub(crate) fn spans(root: &IdedExpr, info: &SourceInfo, source: &str) -> Spans {
    let nodes = preorder(root);
    let last_id = nodes.iter().map(|(node, _)| node.id).max().unwrap_or_default();
    let mut spans = Spans(vec![None; usize::try_from(last_id).map_or(0, |id| id + 1)]);
    for (node, _) in nodes.into_iter().rev() {
        let own = info.offset_for(node.id).map(|(start, end)| Span {
            start: start as usize,
            end: (end as usize).min(source.len()),
        });
        let mut span = children(node)
            .into_iter()
            .filter_map(|child| spans.get(child.id))
            .chain(own)
            .reduce(|a, b| Span { start: a.start.min(b.start), end: a.end.max(b.end) });
        if let Some(found) = &mut span {
            extend_to_delimiters(node, source, found);
            close_open_brackets(source, found);
        }
        if let Some(slot) = usize::try_from(node.id).ok().and_then(|id| spans.0.get_mut(id)) {
            *slot = span;
        }
    }
    spans
}

/// Every node's span, indexed by node id. The parser numbers nodes upwards from 1 as it reads
/// tokens, so the largest id is bounded by the filter's length (the guard's 4,096 characters),
/// and a vector is faster to read than a map: an explanation reads one span per step.
#[derive(Debug)]
pub(crate) struct Spans(Vec<Option<Span>>);

impl Spans {
    pub(crate) fn get(&self, id: u64) -> Option<Span> {
        usize::try_from(id).ok().and_then(|id| self.0.get(id)).copied().flatten()
    }
}

/// Adds what the AST leaves out: the name before a global call's `(` or a message's `{`, the
/// rest of a token the parser records only the start of, and the closing bracket of calls,
/// macros, lists, maps and indexes.
fn extend_to_delimiters(node: &IdedExpr, source: &str, span: &mut Span) {
    let closer = match &node.expr {
        Expr::Call(call) if call.func_name == operators::INDEX => Some(b']'),
        Expr::Call(call) if operator_symbol(&call.func_name).is_none() => Some(b')'),
        Expr::Select(select) if select.test => Some(b')'),
        Expr::Comprehension(_) => Some(b')'),
        Expr::List(_) => Some(b']'),
        Expr::Map(_) | Expr::Struct(_) => Some(b'}'),
        _ => None,
    };
    // The opener after a name: what a call without arguments or an empty message lacks.
    let named = match &node.expr {
        Expr::Call(call) if call.target.is_none() && operator_symbol(&call.func_name).is_none() => {
            Some(b'(')
        }
        Expr::Select(select) if select.test => Some(b'('),
        Expr::Struct(_) => Some(b'{'),
        _ => None,
    };
    let bytes = source.as_bytes();
    if let Some(opener) = named {
        let before = &bytes[..span.start.min(bytes.len())];
        let name_start = before
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.'))
            .map_or(0, |at| at + 1);
        span.start = name_start;
        let after = bytes.get(span.end..).unwrap_or_default();
        let name = after
            .iter()
            .take_while(|b| {
                b.is_ascii_alphanumeric() || b.is_ascii_whitespace() || **b == b'_' || **b == b'.'
            })
            .count();
        if after.get(name) == Some(&opener) {
            span.end += name + 1;
        }
    }
    match &node.expr {
        // The parser records a negative number's sign (`-1`), a leading dot (`.a`), the last
        // of a chain of `!` or `-` (`!!!a`, which is `!a`): the rest is on either side.
        Expr::Literal(_) if source.get(span.start..span.end) == Some("-") => {
            let after = bytes.get(span.end..).unwrap_or_default();
            let blank = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
            span.end += blank + number_len(&after[blank..]);
        }
        Expr::Ident(_) if source.get(span.start..span.end) == Some(".") => {
            let after = bytes.get(span.end..).unwrap_or_default();
            let blank = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let name = after[blank..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            span.end += blank + name;
        }
        Expr::Call(call)
            if call.func_name == operators::LOGICAL_NOT || call.func_name == operators::NEGATE =>
        {
            span.start = unary_chain_start(bytes, span.start);
        }
        _ => {}
    }
    if let Expr::Select(select) = &node.expr {
        // The parser records the `.` (for `has`, its name): the field name follows.
        let after = bytes.get(span.end..).unwrap_or_default();
        let mut blank = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if select.test && after.get(blank) == Some(&b'.') {
            blank += 1;
            blank += after[blank..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        }
        let name = match after.get(blank) {
            Some(b'`') => after[blank + 1..].iter().position(|b| *b == b'`').map_or(0, |at| at + 2),
            _ => after[blank..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count(),
        };
        if name > 0 {
            span.end += blank + name;
        }
    }
    if let Some(closer) = closer {
        let after = bytes.get(span.end..).unwrap_or_default();
        if let Some(at) = after.iter().position(|b| !(b.is_ascii_whitespace() || *b == b','))
            && after.get(at) == Some(&closer)
        {
            span.end += at + 1;
        }
    }
}

/// The length of the number at the start of `text`: decimal or hexadecimal, with a
/// fraction, an exponent or a `u` suffix.
fn number_len(text: &[u8]) -> usize {
    if text.len() > 1 && text[0] == b'0' && matches!(text[1], b'x' | b'X') {
        return 2 + text[2..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
    }
    let mut at = text.iter().take_while(|b| b.is_ascii_digit() || **b == b'.').count();
    if matches!(text.get(at), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(text.get(at + 1), Some(b'+' | b'-')));
        let digits = text[(at + 1 + sign).min(text.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 {
            at += 1 + sign + digits;
        }
    }
    at
}

/// Where a chain of unary `!` or `-` ending with the one at `at` starts: the first `-` of a
/// run right after an operand is a subtraction, not part of the chain.
fn unary_chain_start(bytes: &[u8], at: usize) -> usize {
    let Some(&op) = bytes.get(at) else { return at };
    let mut start = at;
    let mut scan = at;
    while scan > 0 {
        let previous = bytes[scan - 1];
        if previous.is_ascii_whitespace() {
            scan -= 1;
        } else if previous == op {
            scan -= 1;
            start = scan;
        } else {
            let operand_end = previous.is_ascii_alphanumeric()
                || matches!(previous, b'_' | b')' | b']' | b'}' | b'\'' | b'"' | b'`');
            if op == b'-' && operand_end && start < at {
                start +=
                    1 + bytes[start + 1..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            }
            break;
        }
    }
    start
}

/// Extends a span over the closing brackets its text opens but does not close, as in
/// `!(a.b(c)` where the AST leaves out the parentheses around an operand.
fn close_open_brackets(source: &str, span: &mut Span) {
    let bytes = source.as_bytes();
    let mut open: u32 = 0;
    let mut at = span.start;
    while at < span.end.min(bytes.len()) {
        match bytes[at] {
            b'\'' | b'"' => {
                at = guard::string_end(bytes, at, false).unwrap_or(at + 1);
                continue;
            }
            b'(' | b'[' | b'{' => open += 1,
            b')' | b']' | b'}' => open = open.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    while open > 0 {
        let after = bytes.get(span.end..).unwrap_or_default();
        let blank = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
        match after.get(blank) {
            Some(b')' | b']' | b'}') => {
                span.end += blank + 1;
                open -= 1;
            }
            _ => break,
        }
    }
}

/// How an operator is written in source, or `None` for a named function.
pub(crate) fn operator_symbol(function: &str) -> Option<&'static str> {
    Some(match function {
        operators::LOGICAL_AND => "&&",
        operators::LOGICAL_OR => "||",
        operators::LOGICAL_NOT => "!",
        operators::EQUALS => "==",
        operators::NOT_EQUALS => "!=",
        operators::IN => "in",
        operators::LESS => "<",
        operators::LESS_EQUALS => "<=",
        operators::GREATER => ">",
        operators::GREATER_EQUALS => ">=",
        operators::ADD => "+",
        operators::SUBSTRACT => "-",
        operators::MULTIPLY => "*",
        operators::DIVIDE => "/",
        operators::MODULO => "%",
        operators::NEGATE => "- (negation)",
        operators::CONDITIONAL => "?: (conditional)",
        operators::INDEX => "[…] (index)",
        operators::OPT_INDEX => "[?…] (optional index)",
        operators::OPT_SELECT => ".? (optional field)",
        operators::NOT_STRICTLY_FALSE => "@not_strictly_false",
        _ => return None,
    })
}

/// The macro a comprehension was expanded from, read from the source before its `(`.
pub(crate) fn macro_name(source: &str, span_of_call: Option<(u32, u32)>) -> &str {
    let Some((open, _)) = span_of_call else { return "a macro" };
    let before = source.get(..open as usize).unwrap_or_default();
    let trimmed = before.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(0, |(at, c)| at + c.len_utf8());
    match trimmed.get(start..) {
        Some(name) if !name.is_empty() => name,
        _ => "a macro",
    }
}

/// Whether a sub-expression is a constant whose value its text already shows.
pub(crate) fn is_constant(expr: &IdedExpr) -> bool {
    match &expr.expr {
        Expr::Literal(_) => true,
        Expr::List(list) => list.elements.iter().all(|e| matches!(e.expr, Expr::Literal(_))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of every node's span, in pre-order.
    fn span_texts(source: &str) -> Vec<&str> {
        let (expr, info) = super::super::parse(source).unwrap();
        let spans = spans(&expr, &info, source);
        preorder(&expr)
            .into_iter()
            .map(|(node, _)| spans.get(node.id).map_or("", |span| &source[span.start..span.end]))
            .collect()
    }

    #[test]
    fn spans_cover_whole_tokens() {
        assert_eq!(span_texts("claims.x > -1"), ["claims.x > -1", "claims.x", "claims", "-1"]);
        assert_eq!(span_texts("-1.5e3 == - 0x1F"), ["-1.5e3 == - 0x1F", "-1.5e3", "- 0x1F"]);
        assert_eq!(span_texts(".claims.x"), [".claims.x", ".claims"]);
        assert_eq!(span_texts("!!!claims.a"), ["!!!claims.a", "claims.a", "claims"]);
        assert_eq!(
            span_texts("1 - -claims.a"),
            ["1 - -claims.a", "1", "-claims.a", "claims.a", "claims"]
        );
        assert_eq!(
            span_texts("1 - ---claims.a"),
            ["1 - ---claims.a", "1", "---claims.a", "claims.a", "claims"]
        );
    }

    #[test]
    fn spans_of_calls_include_the_name_and_the_brackets() {
        assert_eq!(span_texts("size() == 0"), ["size() == 0", "size()", "0"]);
        assert_eq!(span_texts("size (claims.g)"), ["size (claims.g)", "claims.g", "claims"]);
        assert_eq!(span_texts("has(claims.a)"), ["has(claims.a)", "claims"]);
        assert_eq!(span_texts("a.B{}"), ["a.B{}"]);
        assert_eq!(span_texts("B {f: 1}"), ["B {f: 1}", "1"]);
    }
}
