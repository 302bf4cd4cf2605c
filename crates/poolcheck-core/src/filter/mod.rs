//! Identity-pool filters: CEL expressions compiled once per edit and evaluated cheaply on
//! every token change, with an explanation of what decided each result and lints for what
//! Confluent Cloud may refuse.
//!
//! ```
//! use poolcheck_core::filter::{Bindings, CompiledFilter, FilterMode, FilterResult};
//! use serde_json::json;
//!
//! let filter = CompiledFilter::compile("claims.aud == 'kafka'", FilterMode::Claims).unwrap();
//! let token = Bindings::claims(&json!({"aud": "kafka"})).unwrap();
//! assert_eq!(filter.evaluate(&token), FilterResult::Match);
//! ```
//!
//! Two binding modes share one engine: OAuth pool filters read `claims` (the token payload);
//! certificate pool filters read bare distinguished-name attributes (`CN`, `OU`, …), see
//! [`Bindings::certificate`]. An empty certificate filter is false (documented by Confluent).

#[cfg(test)]
mod agreement;
mod ast;
mod bindings;
mod budget;
mod explain;
mod guard;
mod lint;
mod mint;
mod subset;

use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;

use cel::common::ast::{Expr, SourceInfo};
use cel::parser::PrattParser;
use cel::parser::pratt_parser::Lexer;
use cel::{IdedExpr, ResolveResult, Value};
use serde::{Deserialize, Serialize};

use crate::problem::{Problem, Severity};

pub use ast::Span;
pub use bindings::{BindingError, Bindings, CLAIMS_VARIABLE, MAX_VALUE_DEPTH, render};
pub use budget::MAX_EVALUATION_COST;
pub use explain::{ExplainStep, Explanation, StepOutcome};
pub use guard::{BRACKET_WEIGHT, MAX_FILTER_CHARS, MAX_NESTING};
pub use lint::{CONFLUENT_MAX_FILTER_CHARS, shared_issuer};
pub use mint::{MintKind, MintedClaims, claims_at};
#[doc(hidden)]
pub use subset::check_subset_parser;

/// Macros (`all`, `exists`, `map`, …) nested deeper than this are refused: each level
/// multiplies the work by the length of a list, and a page must stay responsive.
pub const MAX_MACRO_NESTING: usize = 2;

/// The parser's own nesting limit (one level per parenthesis, argument, list or map element,
/// index and conditional branch), what the ANTLR parser had: a backstop, as the nesting
/// guard refuses such filters first.
const MAX_PARSER_DEPTH: u16 = 96;

/// Syntax errors after which the parser stops recovering and reports what it has, as the
/// ANTLR parser did.
const MAX_PARSER_ERRORS: u32 = 30;

/// Which variables a filter reads and which operators Confluent Cloud documents for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FilterMode {
    /// OAuth identity pools: `claims` is the token payload.
    Claims,
    /// Certificate identity pools: bare attribute names such as `CN` and `OU`.
    Certificate,
}

/// A filter that does not compile, with where: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CompileError {
    /// Stable: `filter_syntax`, `filter_empty`, `filter_too_long`, `filter_too_deep`,
    /// `filter_macros_too_deep`.
    pub code: &'static str,
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// The source line the column points into.
    pub source_line: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub hint: Option<String>,
}

impl CompileError {
    fn at_offset(code: &'static str, message: String, source: &str, offset: usize) -> Self {
        let before = source.get(..offset).unwrap_or(source);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let column = before.get(line_start..).map_or(0, |text| text.chars().count()) + 1;
        Self::at_line(code, message, source, line, column)
    }

    fn at_line(
        code: &'static str,
        message: String,
        source: &str,
        line: usize,
        column: usize,
    ) -> Self {
        let source_line = source.lines().nth(line.saturating_sub(1)).unwrap_or_default().to_owned();
        Self { code, message, line: line.max(1), column: column.max(1), source_line, hint: None }
    }

    fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Spaces (tabs where the source line has them) and a `^` under the column.
    pub fn caret(&self) -> String {
        let mut caret: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        caret.push('^');
        caret
    }

    /// The source line with the caret under it, each prefixed by `| `.
    pub fn render(&self) -> String {
        format!("| {}\n| {}", self.source_line, self.caret())
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for CompileError {}

/// The outcome of a filter for one input. An evaluation error is no match (assumed for
/// Confluent Cloud), reported with its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FilterResult {
    Match,
    NoMatch,
    Error { message: String },
}

impl FilterResult {
    pub fn matched(&self) -> bool {
        *self == FilterResult::Match
    }

    /// `Some(true)`, `Some(false)`, or `None` on an evaluation error.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            FilterResult::Match => Some(true),
            FilterResult::NoMatch => Some(false),
            FilterResult::Error { .. } => None,
        }
    }

    pub fn error(&self) -> Option<&str> {
        match self {
            FilterResult::Error { message } => Some(message),
            _ => None,
        }
    }

    fn of(result: &ResolveResult) -> Self {
        match result {
            Ok(Value::Bool(true)) => FilterResult::Match,
            Ok(Value::Bool(false)) => FilterResult::NoMatch,
            Ok(other) => FilterResult::Error {
                message: format!(
                    "the filter evaluates to {} (a {}), not to true or false",
                    render(other),
                    other.type_of()
                ),
            },
            Err(error) => FilterResult::Error { message: error.to_string() },
        }
    }
}

/// A parsed filter, ready to evaluate any number of times.
/// Cloning is cheap: the program is shared.
#[derive(Debug, Clone)]
pub struct CompiledFilter {
    source: String,
    mode: FilterMode,
    /// `None` for an empty certificate filter, which is false.
    program: Option<Rc<Program>>,
}

#[derive(Debug)]
struct Program {
    /// The filter in the documented subset's own form, if it is in the subset.
    subset: Option<subset::Tree>,
    /// cel's tree: parsed on compiling a filter outside the subset; otherwise when first
    /// needed (an explanation, a caret, a lint, an answer the subset leaves to cel).
    parsed: OnceCell<Parsed>,
    /// Found on first use, as the spans and lints: explanations, carets and lints need them,
    /// a verdict does not, so a scenario of 1,000 pools opens without them.
    reads: OnceCell<Vec<lint::Path>>,
    spans: OnceCell<ast::Spans>,
    lints: OnceCell<Vec<Problem>>,
    clearance: budget::Clearance,
}

#[derive(Debug)]
struct Parsed {
    expr: IdedExpr,
    info: SourceInfo,
}

impl Program {
    fn spans(&self, source: &str) -> &ast::Spans {
        self.spans.get_or_init(|| {
            let parsed = self.parsed(source);
            ast::spans(&parsed.expr, &parsed.info, source)
        })
    }

    /// cel's tree of the filter (`source`, which compiled).
    fn parsed(&self, source: &str) -> &Parsed {
        self.parsed.get_or_init(|| match parse(source) {
            Ok((expr, info)) => Parsed { expr, info },
            // Unreachable: cel parses every filter of the subset (tests and fuzzing check
            // it). Were it not so, evaluating this name fails, which is no match.
            Err(_) => Parsed {
                expr: IdedExpr {
                    id: 0,
                    expr: Expr::Ident("the filter parsers disagree on this filter".to_owned()),
                },
                info: SourceInfo::default(),
            },
        })
    }
}

impl CompiledFilter {
    /// Parses a filter. Too long or too deeply nested input is refused before parsing,
    /// so no input can exhaust the stack.
    pub fn compile(source: &str, mode: FilterMode) -> Result<Self, CompileError> {
        if source.trim().is_empty() {
            return match mode {
                FilterMode::Certificate => {
                    Ok(Self { source: source.to_owned(), mode, program: None })
                }
                FilterMode::Claims => Err(CompileError::at_offset(
                    "filter_empty",
                    "the filter is empty".to_owned(),
                    source,
                    0,
                )
                .with_hint("an OAuth pool needs a filter, e.g. claims.aud == '<client-id>'")),
            };
        }
        guard::check(source).map_err(|error| guard_error(error, source))?;
        let subset = subset::parse(source);
        let parsed = match subset {
            Some(_) => OnceCell::new(),
            None => {
                let (expr, info) = parse(source).map_err(|errors| syntax_error(&errors, source))?;
                check_macro_nesting(&expr, &info, source)?;
                OnceCell::from(Parsed { expr, info })
            }
        };
        let program = Program {
            subset,
            parsed,
            reads: OnceCell::new(),
            spans: OnceCell::new(),
            lints: OnceCell::new(),
            clearance: budget::Clearance::default(),
        };
        Ok(Self { source: source.to_owned(), mode, program: Some(Rc::new(program)) })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn mode(&self) -> FilterMode {
        self.mode
    }

    /// Evaluates the filter: cheap, meant for every keystroke and every pool. A filter that
    /// would exceed [`MAX_EVALUATION_COST`] on this input is not run: an error, no match.
    pub fn evaluate(&self, bindings: &Bindings) -> FilterResult {
        let Some(program) = &self.program else { return FilterResult::NoMatch };
        // The documented subset on plain claims directly; cel decides the rest.
        if let Some(tree) = &program.subset
            && budget::clears(tree, &self.source, bindings, &program.clearance)
            && let Some(answer) = bindings.direct(tree, &self.source)
        {
            return if answer { FilterResult::Match } else { FilterResult::NoMatch };
        }
        let expr = &program.parsed(&self.source).expr;
        match budget::check(expr, bindings, &program.clearance) {
            Ok(()) => FilterResult::of(&Value::resolve(expr, &bindings.context)),
            Err(message) => FilterResult::Error { message },
        }
    }

    /// Evaluates the filter and the sub-expressions that decided it.
    pub fn explain(&self, bindings: &Bindings) -> Explanation {
        explain::explain(self, bindings)
    }

    /// Findings that depend on the filter alone: operators Confluent Cloud does not
    /// document, length over 300 characters, a filter true for every input.
    pub fn lints(&self) -> &[Problem] {
        match &self.program {
            Some(program) => program.lints.get_or_init(|| {
                let parsed = program.parsed(&self.source);
                lint::static_lints(&self.source, self.mode, &parsed.expr, &parsed.info)
            }),
            None => &[],
        }
    }

    /// Claims (or certificate attributes) the filter reads but the input lacks.
    pub fn missing_inputs(&self, bindings: &Bindings) -> Vec<Problem> {
        match &self.program {
            Some(program) => {
                let reads = program
                    .reads
                    .get_or_init(|| lint::unguarded_reads(&program.parsed(&self.source).expr));
                lint::missing_inputs(reads, self.mode, bindings)
            }
            None => Vec::new(),
        }
    }

    /// For an OAuth pool under a provider whose issuer many tenants share (Google, GitHub
    /// Actions, …): an error unless every way the filter can match constrains `sub` or `aud`.
    pub fn shared_issuer_lint(&self, issuer: &str) -> Option<Problem> {
        match (&self.program, self.mode) {
            (Some(program), FilterMode::Claims) => {
                lint::shared_issuer_lint(&program.parsed(&self.source).expr, issuer)
            }
            _ => None,
        }
    }

    /// Everything about this filter and one input: result, explanation and all lints
    /// (`issuer` adds the shared-issuer check).
    pub fn report(&self, bindings: &Bindings, issuer: Option<&str>) -> FilterReport {
        self.report_with(bindings, issuer, Detail::Explained)
    }

    /// [`CompiledFilter::report`], or for [`Detail::Verdict`] the result and only the lints
    /// that decide a pool's status (errors: Confluent Cloud would refuse the filter).
    pub fn report_with(
        &self,
        bindings: &Bindings,
        issuer: Option<&str>,
        detail: Detail,
    ) -> FilterReport {
        let shared_issuer = issuer.and_then(|issuer| self.shared_issuer_lint(issuer));
        let (result, explanation, lints) = match detail {
            Detail::Explained => {
                let explanation = self.explain(bindings);
                let mut lints = self.lints().to_vec();
                lints.extend(self.missing_inputs(bindings));
                lints.extend(shared_issuer);
                (explanation.result, explanation.steps, lints)
            }
            Detail::Verdict => (self.evaluate(bindings), Vec::new(), Vec::from_iter(shared_issuer)),
        };
        FilterReport {
            filter: self.source.clone(),
            mode: self.mode,
            result: result.as_bool(),
            error: result.error().map(str::to_owned),
            explanation,
            lints,
        }
    }

    /// cel's tree of the filter; `None` for an empty certificate filter.
    fn cel(&self) -> Option<&IdedExpr> {
        Some(&self.program.as_ref()?.parsed(&self.source).expr)
    }

    fn span_of(&self, id: u64) -> Option<Span> {
        self.program.as_ref()?.spans(&self.source).get(id)
    }
}

/// Evaluates an identity claim (a CEL path such as `claims.sub`) to the principal it names:
/// a non-empty string, or an integer written in decimal.
pub fn identity_value(expression: &str, bindings: &Bindings) -> Result<String, String> {
    let compiled = CompiledFilter::compile(expression, FilterMode::Claims)
        .map_err(|error| format!("{}:{}: {}", error.line, error.column, error.message))?;
    let program = compiled.program.as_ref().ok_or("the identity claim is empty")?;
    let expr = &program.parsed(&compiled.source).expr;
    budget::check(expr, bindings, &program.clearance)?;
    match Value::resolve(expr, &bindings.context) {
        Ok(Value::String(text)) if !text.is_empty() => Ok(text.to_string()),
        Ok(Value::String(_)) => Err("it is an empty string".to_owned()),
        Ok(Value::Int(number)) => Ok(number.to_string()),
        Ok(Value::UInt(number)) => Ok(number.to_string()),
        Ok(other) => Err(format!("it is {} (a {}), not a string", render(&other), other.type_of())),
        Err(error) => Err(error.to_string()),
    }
}

/// How much of a [`FilterReport`] to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// The result, every lint and every step that decided the result.
    #[default]
    Explained,
    /// The result and the error lints that decide a pool's status; no explanation and no
    /// warnings. Explaining costs about five times an evaluation, so a page of 1,000 pools
    /// explains only the cards it shows.
    Verdict,
}

/// One filter against one input, for the CLI's `--json` and the UI.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FilterReport {
    pub filter: String,
    pub mode: FilterMode,
    /// `None` when evaluation failed (which counts as no match).
    pub result: Option<bool>,
    pub error: Option<String>,
    pub explanation: Vec<ExplainStep>,
    pub lints: Vec<Problem>,
}

impl FilterReport {
    /// An error-severity lint means Confluent Cloud would refuse the pool's filter, whatever
    /// it evaluates to: `simulate` marks the pool refused and `filter` does not match.
    pub fn refused_by_lints(&self) -> bool {
        self.lints.iter().any(|lint| lint.severity == Severity::Error)
    }
}

fn guard_error(error: guard::GuardError, source: &str) -> CompileError {
    match error {
        guard::GuardError::TooLong { chars } => CompileError::at_offset(
            "filter_too_long",
            format!("the filter is {chars} characters long; the limit is {MAX_FILTER_CHARS}"),
            source,
            source.char_indices().nth(MAX_FILTER_CHARS).map_or(source.len(), |(at, _)| at),
        ),
        guard::GuardError::TooDeep { offset } => CompileError::at_offset(
            "filter_too_deep",
            format!("the filter is nested too deeply (more than {MAX_NESTING} levels)"),
            source,
            offset,
        )
        .with_hint("split long chains with && or ||, or remove redundant parentheses"),
    }
}

/// Parses a filter with cel's Pratt parser, with the offset of every node: byte ranges,
/// end exclusive.
pub(crate) fn parse(
    source: &str,
) -> Result<(IdedExpr, cel::common::ast::SourceInfo), cel::ParseErrors> {
    // The standard macros and the optional syntax (`a.?b`), as `Env::stdlib().parser()`.
    PrattParser::new()
        .max_recursion_depth(MAX_PARSER_DEPTH)
        .error_recovery_limit(MAX_PARSER_ERRORS)
        .enable_optional_syntax(true)
        .parse_with_source_info(source)
}

fn syntax_error(errors: &cel::ParseErrors, source: &str) -> CompileError {
    // Errors without a place, the parser's limits, sort first. Passing the depth limit
    // explains what follows it; after the error-recovery limit, the first error says more.
    let Some(first) = errors
        .errors
        .iter()
        .find(|error| error.msg.starts_with("expression recursion limit exceeded"))
        .or_else(|| errors.errors.iter().find(|error| error.pos.0 > 0))
        .or(errors.errors.first())
    else {
        return CompileError::at_offset("filter_syntax", "syntax error".to_owned(), source, 0);
    };
    let offset = byte_offset(source, first.pos);
    let mut message = first
        .msg
        .strip_prefix("Syntax error: ")
        .unwrap_or(&first.msg)
        .replace("expecting expression", "expecting an expression")
        .replace("mismatched input '<EOF>' expecting", "the filter ends where it expects")
        .replace("mismatched input <EOF> expecting", "the filter ends where it expects")
        .replace("<EOF>", "the end of the filter");
    // The parser leaves out what it did not expect.
    let unexpected = match message.as_str() {
        "unexpected character" => source.get(offset..).and_then(|rest| rest.chars().next()),
        _ => None,
    }
    .map(String::from)
    .or_else(|| if message == "unexpected token" { token_at(source, offset) } else { None });
    if let Some(text) = unexpected {
        message.push_str(&format!(" '{text}'"));
    }
    match errors.errors.len() {
        0 | 1 => {}
        2 => message.push_str(" (and 1 more error)"),
        count => message.push_str(&format!(" (and {} more errors)", count - 1)),
    }
    CompileError::at_offset("filter_syntax", message, source, offset)
}

/// The text of the token at `offset`.
fn token_at(source: &str, offset: usize) -> Option<String> {
    let rest = source.get(offset..)?;
    let token = Lexer::new(rest).lex();
    rest.get(token.start..token.end).filter(|text| !text.is_empty()).map(str::to_owned)
}

/// The byte offset of the parser's position: a 1-based line and a 1-based column in bytes.
fn byte_offset(source: &str, (line, column): (isize, isize)) -> usize {
    let (Ok(line), Ok(column)) = (usize::try_from(line), usize::try_from(column)) else {
        return 0;
    };
    let line_start: usize =
        source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(source.len())
}

/// Refuses macros nested more than [`MAX_MACRO_NESTING`] deep.
fn check_macro_nesting(
    expr: &IdedExpr,
    info: &cel::common::ast::SourceInfo,
    source: &str,
) -> Result<(), CompileError> {
    let mut stack = vec![(expr, 0usize)];
    while let Some((node, nesting)) = stack.pop() {
        let nesting = match &node.expr {
            Expr::Comprehension(_) => nesting + 1,
            _ => nesting,
        };
        if nesting > MAX_MACRO_NESTING {
            let offset = info.offset_for(node.id).map_or(0, |(start, _)| start as usize);
            return Err(CompileError::at_offset(
                "filter_macros_too_deep",
                format!("macros are nested more than {MAX_MACRO_NESTING} deep"),
                source,
                offset,
            ));
        }
        ast::for_each_child(node, |child| stack.push((child, nesting)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `depth` nested lists: the parser folds nested parentheses into one level.
    fn nested(depth: usize) -> String {
        format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn the_parser_refuses_nesting_just_over_its_depth_limit() {
        // The guard refuses these first: the parser's own limit is checked without it.
        let limit = usize::from(MAX_PARSER_DEPTH);
        assert!(parse(&nested(limit)).is_ok());
        let source = nested(limit + 1);
        let error = syntax_error(&parse(&source).unwrap_err(), &source);
        assert_eq!(error.message, "expression recursion limit exceeded: 96 (and 1 more error)");
        let error = CompiledFilter::compile(&source, FilterMode::Claims);
        assert_eq!(error.unwrap_err().code, "filter_too_deep");
    }

    #[test]
    fn the_parser_stops_recovering_just_over_its_error_limit() {
        let limit = MAX_PARSER_ERRORS as usize;
        let message = format!("error recovery attempt limit exceeded: {MAX_PARSER_ERRORS}");
        let gives_up = |errors: usize| {
            let source = vec!["#"; errors].join(" ");
            parse(&source).unwrap_err().errors.iter().any(|error| error.msg == message)
        };
        assert!(!gives_up(limit));
        assert!(gives_up(limit + 1));
        // The caret still points at the first error, not at the limit's (which has no place).
        let error =
            CompiledFilter::compile(&format!("1 {}", "# ".repeat(limit + 1)), FilterMode::Claims);
        assert_eq!(error.unwrap_err().column, 3);
    }

    #[test]
    fn a_line_break_ends_a_one_line_string() {
        for source in ["claims.x == 'a\nb'", "claims.x == \"a\r\nb\"", "claims.x == r'a\nb'"] {
            let error = CompiledFilter::compile(source, FilterMode::Claims).unwrap_err();
            assert_eq!(
                (error.code, error.line, error.column),
                ("filter_syntax", 1, 13),
                "{source:?}"
            );
        }
        assert!(CompiledFilter::compile("claims.x == '''a\nb'''", FilterMode::Claims).is_ok());
    }

    #[test]
    fn syntax_errors_read_well() {
        let message = |source: &str| {
            let error = CompiledFilter::compile(source, FilterMode::Claims).unwrap_err();
            format!("{}: {}", error.column, error.message)
        };
        assert_eq!(message("claims.aud =="), "14: the filter ends where it expects an expression");
        assert_eq!(message("claims.aud == 'kafka"), "15: unterminated string literal");
        assert_eq!(message("(claims.aud == 'kafka'"), "23: expected ')'");
        assert_eq!(
            message("claims.sub.startsWith('a'"),
            "26: the filter ends where it expects ')'"
        );
        assert_eq!(
            message("claims.aud == 'a')"),
            "18: mismatched input ')' expecting the end of the filter"
        );
        assert_eq!(message("&&"), "1: unexpected token '&&'");
        assert_eq!(message("claims.x ==== 1"), "12: unexpected token '==' (and 1 more error)");
        assert_eq!(message("claims.é == 1"), "8: unexpected character 'é' (and 1 more error)");
        assert_eq!(message("has(1)"), "5: invalid argument to has() macro");
        assert_eq!(message("claims.x.exists(1, true)"), "17: argument must be a simple name");
        assert_eq!(message("a ? b"), "6: expected ':' in conditional expression");
    }
}
