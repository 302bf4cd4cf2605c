//! The Pratt parser poolcheck uses agrees with cel's ANTLR parser, which it replaced: they
//! accept and refuse the same inputs, build the same trees (ids aside) and record the same
//! offsets for every node, but for the few kinds of node where they record different tokens
//! ([`recorded_elsewhere`]); there poolcheck's spans cover at least what they covered before.
//! The inputs: every string literal in the repository's Rust and JavaScript sources (tests,
//! examples, benches), every string in the example and fuzz-regression JSON, the fuzz filter
//! regressions and the cel-spec expressions in `tests/fixtures/cel-spec/`.
//!
//! Test-only (`#[cfg(test)] mod agreement` in `filter/mod.rs`): it reads the repository's
//! files to gather its inputs, which the library itself never does.
//!
//! The one input the parsers disagreed on, a line break in a one-line string, which the Pratt
//! lexer accepted, is fixed in the vendored cel (vendor/cel/PATCH.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr, SourceInfo};

use super::ast::{self, Span};
use super::{bindings, parse, syntax_error};

/// What a parser makes of one input.
#[derive(Debug)]
enum Parsed {
    Tree(Tree),
    /// Where poolcheck puts the caret: 1-based line and column.
    Refused(usize, usize),
}

/// A tree printed without ids, and in pre-order (map and struct entries included) each
/// node's offsets (start, end exclusive), whether it is a global call (`has` included), and
/// the span poolcheck derives from them.
#[derive(Debug, PartialEq)]
struct Tree {
    printed: String,
    offsets: Vec<(u32, u32)>,
    global_calls: Vec<bool>,
    spans: Vec<Option<Span>>,
}

fn antlr(source: &str) -> Parsed {
    match bindings::ENV.parser().parse_with_source_info(source) {
        Ok((expr, info)) => {
            // The ANTLR parser's stop is the last byte of the token, inclusive.
            let mut exclusive = SourceInfo::default();
            for id in ids(&expr) {
                if let Some((start, stop)) = info.offset_for(id) {
                    exclusive.add_offset(id, start, stop + 1);
                }
            }
            Parsed::Tree(tree(&expr, &exclusive, source))
        }
        // As poolcheck showed them: the first error's line and column.
        Err(errors) => {
            let (line, column) = errors.errors.first().map_or((1, 1), |error| error.pos);
            Parsed::Refused(
                usize::try_from(line).unwrap_or(1).max(1),
                usize::try_from(column).unwrap_or(1).max(1),
            )
        }
    }
}

fn pratt(source: &str) -> Parsed {
    match parse(source) {
        Ok((expr, info)) => Parsed::Tree(tree(&expr, &info, source)),
        Err(errors) => {
            let error = syntax_error(&errors, source);
            Parsed::Refused(error.line, error.column)
        }
    }
}

/// Every id in pre-order, map and struct entries included.
fn ids(root: &IdedExpr) -> Vec<u64> {
    nodes(root).into_iter().map(|(id, _)| id).collect()
}

fn nodes(root: &IdedExpr) -> Vec<(u64, Option<&IdedExpr>)> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        out.push((node.id, Some(node)));
        let mut children: Vec<&IdedExpr> = Vec::new();
        match &node.expr {
            Expr::Map(map) => {
                for entry in &map.entries {
                    out.push((entry.id, None));
                    if let EntryExpr::MapEntry(entry) = &entry.expr {
                        children.extend([&entry.key, &entry.value]);
                    }
                }
            }
            Expr::Struct(object) => {
                for entry in &object.entries {
                    out.push((entry.id, None));
                    if let EntryExpr::StructField(field) = &entry.expr {
                        children.push(&field.value);
                    }
                }
            }
            _ => children = ast::children(node),
        }
        stack.extend(children.into_iter().rev());
    }
    out
}

fn tree(root: &IdedExpr, info: &SourceInfo, source: &str) -> Tree {
    let spans = ast::spans(root, info, source);
    let nodes = nodes(root);
    Tree {
        printed: without_ids(&format!("{root:?}")),
        offsets: nodes
            .iter()
            .map(|(id, _)| info.offset_for(*id).unwrap_or((u32::MAX, u32::MAX)))
            .collect(),
        global_calls: nodes.iter().map(|(_, node)| node.is_some_and(is_global_call)).collect(),
        spans: nodes.iter().map(|(id, _)| spans.get(*id)).collect(),
    }
}

fn is_global_call(node: &IdedExpr) -> bool {
    match &node.expr {
        Expr::Call(call) => {
            call.target.is_none() && ast::operator_symbol(&call.func_name).is_none()
        }
        Expr::Select(select) => select.test,
        _ => false,
    }
}

/// Why two trees differ, if they do. Offsets may differ only where the two parsers record
/// different tokens of the same node (see [`recorded_elsewhere`]); poolcheck's spans then
/// cover at least what they covered with the ANTLR parser.
fn disagreement(antlr: &Tree, pratt: &Tree, source: &str) -> Option<String> {
    if antlr.printed != pratt.printed {
        return Some(format!(
            "trees differ:\n  ANTLR {}\n  Pratt {}",
            antlr.printed, pratt.printed
        ));
    }
    for (index, (a, p)) in antlr.offsets.iter().zip(&pratt.offsets).enumerate() {
        if a != p && !recorded_elsewhere(*a, *p, pratt.global_calls[index], source) {
            return Some(format!("node {index}: offsets ANTLR {a:?}, Pratt {p:?}"));
        }
    }
    for (index, (a, p)) in antlr.spans.iter().zip(&pratt.spans).enumerate() {
        let covers = match (a, p) {
            (Some(a), Some(p)) => p.start <= a.start && a.end <= p.end,
            (a, p) => a == p,
        };
        if !covers {
            return Some(format!("node {index}: span ANTLR {a:?}, Pratt {p:?}"));
        }
    }
    None
}

/// Where the parsers legitimately record different tokens for one node (ANTLR first):
/// - a global call (`has` included): the `(`, the function's name before it;
/// - a message (`a.B{}`): the `{`, its name (or last `.`) before it;
/// - a negative number: the digits, the `-` before them;
/// - a leading-dot identifier (`.a`): the name, the `.` before it;
/// - a chain of `!` or `-` that folds into one operator (`!!!a` is `!a`): its first, its
///   last operator.
fn recorded_elsewhere(
    antlr: (u32, u32),
    pratt: (u32, u32),
    global_call: bool,
    source: &str,
) -> bool {
    let text = |(start, end): (u32, u32)| source.get(start as usize..end as usize);
    let (Some(a), Some(p)) = (text(antlr), text(pratt)) else { return false };
    let between = |from: (u32, u32), to: (u32, u32), allowed: fn(char) -> bool| {
        from.1 <= to.0 && text((from.1, to.0)).is_some_and(|gap| gap.chars().all(allowed))
    };
    let name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let blank = |c: char| c.is_whitespace();
    let name_or_blank =
        |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c.is_whitespace();
    match (a, p) {
        ("!", "!") | ("-", "-") => {
            antlr.0 < pratt.0
                && text((antlr.0, pratt.0))
                    .is_some_and(|run| run.chars().all(|c| a.contains(c) || c.is_whitespace()))
        }
        ("(", _) => global_call && p.chars().all(name) && between(pratt, antlr, blank),
        ("{", _) => p.chars().all(|c| name(c) || c == '.') && between(pratt, antlr, name_or_blank),
        (_, "-") => a.starts_with(|c: char| c.is_ascii_digit()) && between(pratt, antlr, blank),
        (_, ".") => a.chars().all(name) && between(pratt, antlr, blank),
        _ => false,
    }
}

/// The `Debug` form of a tree without its `id: N` fields.
fn without_ids(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("id: ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            out.push_str("id: ");
            rest = after;
        } else {
            rest = after[digits..].strip_prefix(", ").unwrap_or(&after[digits..]);
        }
    }
    out.push_str(rest);
    out
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if !matches!(name.to_str(), Some("node_modules" | "target" | "dist" | "vendor")) {
                files(&path, extensions, out);
            }
        } else if extensions.iter().any(|ext| path.extension().is_some_and(|e| e == *ext)) {
            out.push(path);
        }
    }
}

/// The string literals of a Rust or JavaScript source, unescaped (close enough for both:
/// `\n`, `\t`, `\\`, quotes, `\u{…}`, `\xNN`, line continuations), comments skipped.
fn string_literals(code: &str, javascript: bool) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        if c == '/' && next == Some('/') {
            at += chars[at..].iter().position(|&c| c == '\n').unwrap_or(chars.len() - at);
        } else if c == '/' && next == Some('*') {
            at += 2;
            while at + 1 < chars.len() && !(chars[at] == '*' && chars[at + 1] == '/') {
                at += 1;
            }
            at += 2;
        } else if !javascript
            && c == 'r'
            && matches!(next, Some('"' | '#'))
            && !ident_before(&chars, at)
        {
            let hashes = chars[at + 1..].iter().take_while(|&&c| c == '#').count();
            let open = at + 1 + hashes;
            if chars.get(open) != Some(&'"') {
                at += 1;
                continue;
            }
            let close: String =
                std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let body: String = chars[open + 1..].iter().collect();
            let len = body.find(&close).map_or(body.len(), |at| body[..at].chars().count());
            out.push(body.chars().take(len).collect());
            let end = open + 1 + len;
            at = end + 1 + hashes;
        } else if !javascript && c == '\'' {
            // A char literal or a lifetime: skip it.
            at += match (next, chars.get(at + 2)) {
                (Some('\\'), _) => {
                    chars[at + 1..].iter().position(|&c| c == '\'').map_or(1, |p| p + 2)
                }
                (_, Some('\'')) => 3,
                _ => 1,
            };
        } else if c == '"' || (javascript && (c == '\'' || c == '`')) {
            let (text, end) = quoted(&chars, at + 1, c);
            out.push(text);
            at = end;
        } else {
            at += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], at: usize) -> bool {
    at > 0 && (chars[at - 1].is_alphanumeric() || chars[at - 1] == '_')
}

/// The unescaped body of a literal whose opening quote is before `at`, and where it ends.
fn quoted(chars: &[char], mut at: usize, quote: char) -> (String, usize) {
    let mut text = String::new();
    while let Some(&c) = chars.get(at) {
        at += 1;
        if c == quote {
            break;
        }
        if c != '\\' {
            text.push(c);
            continue;
        }
        let Some(&escaped) = chars.get(at) else { break };
        at += 1;
        match escaped {
            'n' => text.push('\n'),
            't' => text.push('\t'),
            'r' => text.push('\r'),
            '0' => text.push('\0'),
            '\n' => {
                while chars.get(at).is_some_and(|c| c.is_whitespace()) {
                    at += 1;
                }
            }
            'u' | 'x' => {
                let braced = chars.get(at) == Some(&'{');
                let digits: String = if braced {
                    chars[at + 1..].iter().take_while(|&&c| c != '}').collect()
                } else {
                    chars[at..].iter().take(if escaped == 'u' { 4 } else { 2 }).collect()
                };
                at += digits.chars().count() + if braced { 2 } else { 0 };
                let decoded = u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32);
                text.push(decoded.unwrap_or('\u{fffd}'));
            }
            other => text.push(other),
        }
    }
    (text, at)
}

fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_strings(item, out)),
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                out.push(key.clone());
                json_strings(item, out);
            }
        }
        _ => {}
    }
}

/// Every input, by where it comes from.
pub(super) fn inputs() -> Vec<(&'static str, BTreeSet<String>)> {
    let root = repo();
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();

    let mut rust = Vec::new();
    for dir in ["crates", "web/src"] {
        files(&root.join(dir), &["rs"], &mut rust);
    }
    let mut javascript = Vec::new();
    for dir in ["tests", "web", "crates/poolcheck-wasm"] {
        files(&root.join(dir), &["js", "mjs"], &mut javascript);
    }
    let sources: BTreeSet<String> = rust
        .iter()
        .flat_map(|path| string_literals(&read(path), false))
        .chain(javascript.iter().flat_map(|path| string_literals(&read(path), true)))
        .collect();

    let mut json = Vec::new();
    for dir in ["examples", "fuzz/regressions"] {
        files(&root.join(dir), &["json"], &mut json);
    }
    let mut documents = Vec::new();
    for path in &json {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&read(path)) {
            json_strings(&value, &mut documents);
        }
    }

    let mut fuzz = Vec::new();
    files(&root.join("fuzz/regressions/filter"), &["bin"], &mut fuzz);
    let fuzz = fuzz
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .map(|data| {
            let source = data.split(|&byte| byte == 0).next().unwrap_or_default();
            String::from_utf8_lossy(source).into_owned()
        })
        .collect();

    let spec = read(&root.join("tests/fixtures/cel-spec/expressions.jsonl"))
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|entry| entry["expr"].as_str().map(str::to_owned))
        .collect();

    vec![
        ("string literals in Rust and JavaScript sources", sources),
        ("strings in example and fuzz-regression JSON", documents.into_iter().collect()),
        ("fuzz filter regressions", fuzz),
        ("cel-spec expressions", spec),
    ]
}

#[test]
fn the_pratt_parser_agrees_with_the_antlr_parser() {
    // The ANTLR parser is unguarded here (the cel-spec has deep inputs): a large stack.
    let report = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(compare_all)
        .map(|thread| thread.join());
    match report {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(report))) => panic!("{report}"),
        other => panic!("the comparison did not finish: {other:?}"),
    }
}

fn compare_all() -> Result<(), String> {
    let mut failures = Vec::new();
    let mut counts = Vec::new();
    let mut seen = BTreeSet::new();
    for (origin, sources) in inputs() {
        if sources.is_empty() {
            failures.push(format!("no {origin} found"));
        }
        let (mut accepted, mut refused, mut same_caret) = (0, 0, 0);
        for source in sources {
            if !seen.insert(source.clone()) {
                continue;
            }
            match (antlr(&source), pratt(&source)) {
                (Parsed::Tree(a), Parsed::Tree(p)) => match disagreement(&a, &p, &source) {
                    None => accepted += 1,
                    Some(why) => failures.push(format!("{source:?}: {why}")),
                },
                (Parsed::Refused(a_line, a_column), Parsed::Refused(p_line, p_column)) => {
                    refused += 1;
                    same_caret += usize::from((a_line, a_column) == (p_line, p_column));
                }
                (antlr, pratt) => failures.push(format!(
                    "{source:?}: ANTLR {}, Pratt {}",
                    verdict(&antlr),
                    verdict(&pratt)
                )),
            }
        }
        counts.push(format!(
            "{origin}: {accepted} accepted by both, {refused} refused by both \
             ({same_caret} with the caret at the same place)"
        ));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} disagreements:\n{}\n\nCompared:\n{}",
            failures.len(),
            failures.join("\n"),
            counts.join("\n")
        ))
    }
}

fn verdict(parsed: &Parsed) -> &'static str {
    match parsed {
        Parsed::Tree(..) => "accepts",
        Parsed::Refused(..) => "refuses",
    }
}
