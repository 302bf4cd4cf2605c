//! Filters made only of what Confluent Cloud documents (`==`, `!=`, `in`, `has()`, `!`, `&&`,
//! `||`, `.startsWith()`, `.endsWith()`, `.contains()`) on claim paths and string, integer and
//! boolean literals: parsed by a parser of their own and evaluated on the claims' JSON.
//!
//! Written by hand, beside cel, for speed. cel's parser builds a tree of boxed nodes and
//! owned strings with every node's offsets, which carets, explanations and lints need and a
//! verdict does not; its interpreter resolves every name through its scopes and dispatches
//! every operator by its name. Here a filter is one vector of nodes whose strings are spans
//! of its source, so compiling allocates almost nothing, and a token edit, which evaluates
//! every pool's filter, reads the JSON directly. cel's tree is built when first needed.
//!
//! Both halves are strict:
//! - The grammar is a subset of CEL's. Anything else (escapes, comments, other operators,
//!   reserved words, numbers other than plain decimal integers) is refused, and cel parses
//!   the filter, with its own errors.
//! - The evaluation answers only where its answer is certainly cel's: strings, integers and
//!   booleans compared with their own kind, claims that are there. Anything else (a missing
//!   claim, a float, another kind, what cel would call an error) is `None`, and cel decides.
//!
//! Tests: every corpus filter this parser accepts, cel accepts and reads alike
//! (`check_subset_parser`); where this path answers, cel answers the same
//! (`agreement_with_cel`); the `filter` fuzz target asserts both on every input.

use cel::common::ast::{Expr, LiteralValue, operators};
use serde_json::{Map, Value};

use super::budget::{Cost, element_of, size_of};
use super::guard::{is_ident_part, is_ident_start};

/// A filter of the documented subset. Nodes are in post-order: the root is the last.
#[derive(Debug)]
pub(super) struct Tree {
    nodes: Vec<Node>,
    /// The operands of `&&`/`||` chains and the elements of lists, by node index.
    parts: Vec<u32>,
}

/// A byte range of the source.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
}

#[derive(Debug, Clone, Copy)]
enum Node {
    /// A quoted string without escapes: its text between the quotes.
    Text(Span),
    Int(i64),
    Bool(bool),
    Variable(Span),
    Field {
        operand: u32,
        name: Span,
    },
    /// `has(operand.name)`.
    Has {
        operand: u32,
        name: Span,
    },
    List {
        first: u32,
        count: u32,
    },
    Not(u32),
    /// A chain `a && b && …` (`and`) or `a || b || …`.
    Chain {
        and: bool,
        first: u32,
        count: u32,
    },
    Compare {
        operator: Operator,
        left: u32,
        right: u32,
    },
    Method {
        method: Method,
        target: u32,
        argument: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Operator {
    Equals,
    NotEquals,
    In,
}

#[derive(Debug, Clone, Copy)]
enum Method {
    StartsWith,
    EndsWith,
    Contains,
}

/// The tree of `source` if the filter is in the subset. Run after the nesting guard, which
/// bounds this parser's recursion as it bounds cel's.
pub(super) fn parse(source: &str) -> Option<Tree> {
    // Spans are `u32`s (the guard allows far fewer bytes).
    u32::try_from(source.len()).ok()?;
    let mut parser = Parser {
        source,
        bytes: source.as_bytes(),
        at: 0,
        // A node takes about four bytes of a typical filter.
        tree: Tree { nodes: Vec::with_capacity(source.len() / 4 + 1), parts: Vec::new() },
        pending: Vec::new(),
    };
    parser.chain(false)?;
    parser.skip_space();
    (parser.at == source.len()).then_some(parser.tree)
}

struct Parser<'s> {
    source: &'s str,
    bytes: &'s [u8],
    at: usize,
    tree: Tree,
    /// Chain operands and list elements being read, moved to `tree.parts` when complete.
    pending: Vec<u32>,
}

impl<'s> Parser<'s> {
    fn push(&mut self, node: Node) -> Option<u32> {
        self.tree.nodes.push(node);
        u32::try_from(self.tree.nodes.len() - 1).ok()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips what cel's lexer calls whitespace (all of it at or below b' ').
    fn skip_space(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at)
            && byte <= b' '
            && matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C')
        {
            self.at += 1;
        }
    }

    /// Consumes `token` (after whitespace) if it is next.
    fn eat(&mut self, token: &[u8]) -> bool {
        self.skip_space();
        let found = self.next_is(token);
        if found {
            self.at += token.len();
        }
        found
    }

    /// Byte by byte: a slice comparison calls `memcmp` where code is optimised for size.
    fn next_is(&self, token: &[u8]) -> bool {
        token
            .iter()
            .enumerate()
            .all(|(offset, &byte)| self.bytes.get(self.at + offset) == Some(&byte))
    }

    /// `or := and ('||' and)*` (`and` false) or `and := relation ('&&' relation)*`: several
    /// operands become one chain node.
    fn chain(&mut self, and: bool) -> Option<u32> {
        let operand = |parser: &mut Self| if and { parser.relation() } else { parser.chain(true) };
        let first = operand(self)?;
        let operator: &[u8] = if and { b"&&" } else { b"||" };
        if !self.eat(operator) {
            return Some(first);
        }
        let base = self.pending.len();
        self.pending.push(first);
        loop {
            let next = operand(self)?;
            self.pending.push(next);
            if !self.eat(operator) {
                break;
            }
        }
        let (first, count) = self.take_pending(base)?;
        self.push(Node::Chain { and, first, count })
    }

    fn take_pending(&mut self, base: usize) -> Option<(u32, u32)> {
        let first = u32::try_from(self.tree.parts.len()).ok()?;
        let count = u32::try_from(self.pending.len() - base).ok()?;
        self.tree.parts.extend(self.pending.drain(base..));
        Some((first, count))
    }

    /// `relation := unary (('==' | '!=' | 'in') unary)*`, left to right as in cel.
    fn relation(&mut self) -> Option<u32> {
        let mut left = self.unary()?;
        loop {
            let operator = if self.eat(b"==") {
                Operator::Equals
            } else if self.eat(b"!=") {
                Operator::NotEquals
            } else if self.next_is(b"in") && !self.ident_byte_at(self.at + 2) {
                self.at += 2;
                Operator::In
            } else {
                return Some(left);
            };
            let right = self.unary()?;
            left = self.push(Node::Compare { operator, left, right })?;
        }
    }

    /// `unary := '!'? member`. Repeated `!` is left to cel, which folds pairs of them.
    fn unary(&mut self) -> Option<u32> {
        self.skip_space();
        if self.peek() == Some(b'!') {
            self.at += 1;
            self.skip_space();
            if self.peek() == Some(b'!') {
                return None;
            }
            let operand = self.member()?;
            return self.push(Node::Not(operand));
        }
        self.member()
    }

    /// `member := primary ('.' name ('(' or ')')?)*`: fields and the three string methods.
    fn member(&mut self) -> Option<u32> {
        let mut node = self.primary()?;
        while self.eat(b".") {
            self.skip_space();
            let name = self.name()?;
            if self.eat(b"(") {
                let method = match self.text(name) {
                    "startsWith" => Method::StartsWith,
                    "endsWith" => Method::EndsWith,
                    "contains" => Method::Contains,
                    _ => return None,
                };
                let argument = self.chain(false)?;
                if !self.eat(b")") {
                    return None;
                }
                node = self.push(Node::Method { method, target: node, argument })?;
            } else {
                node = self.push(Node::Field { operand: node, name })?;
            }
        }
        Some(node)
    }

    /// `primary := '(' or ')' | '[' literals ']' | literal | variable | 'has(' field ')'`.
    fn primary(&mut self) -> Option<u32> {
        self.skip_space();
        match self.peek()? {
            b'(' => {
                self.at += 1;
                let inner = self.chain(false)?;
                self.eat(b")").then_some(inner)
            }
            b'[' => {
                self.at += 1;
                let base = self.pending.len();
                if !self.eat(b"]") {
                    loop {
                        let element = self.literal()?;
                        self.pending.push(element);
                        if self.eat(b"]") {
                            break;
                        }
                        if !self.eat(b",") {
                            return None;
                        }
                    }
                }
                let (first, count) = self.take_pending(base)?;
                self.push(Node::List { first, count })
            }
            byte if is_ident_start(byte) => {
                let word = self.word();
                match self.bytes(word) {
                    [b't', b'r', b'u', b'e'] => self.push(Node::Bool(true)),
                    [b'f', b'a', b'l', b's', b'e'] => self.push(Node::Bool(false)),
                    [b'h', b'a', b's'] if self.eat(b"(") => {
                        let field = self.member()?;
                        let Node::Field { operand, name } = self.tree.nodes[field as usize] else {
                            return None;
                        };
                        self.tree.nodes.pop();
                        let has = self.push(Node::Has { operand, name })?;
                        self.eat(b")").then_some(has)
                    }
                    _ if is_reserved(self.text(word)) => None,
                    // A global function call: not in the subset.
                    _ if self.eat(b"(") => None,
                    _ => self.push(Node::Variable(word)),
                }
            }
            _ => self.literal(),
        }
    }

    /// A string without escapes, a decimal integer, or a boolean.
    fn literal(&mut self) -> Option<u32> {
        self.skip_space();
        match self.peek()? {
            quote @ (b'\'' | b'"') => {
                let start = self.at + 1;
                // Three quotes open a multi-line literal: left to cel.
                if self.bytes[start..].starts_with(&[quote, quote]) {
                    return None;
                }
                let length = self.bytes[start..].iter().position(|&byte| byte == quote)?;
                let end = start + length;
                if self.bytes[start..end].iter().any(|&b| matches!(b, b'\\' | b'\n' | b'\r')) {
                    return None;
                }
                self.at = end + 1;
                self.push(Node::Text(span(start, end)))
            }
            b'0'..=b'9' => {
                let start = self.at;
                let mut value: i64 = 0;
                while let Some(digit @ b'0'..=b'9') = self.peek() {
                    value = value.checked_mul(10)?.checked_add(i64::from(digit - b'0'))?;
                    self.at += 1;
                }
                // A leading zero, a suffix, a fraction or an exponent: left to cel.
                let leading_zero = self.bytes[start] == b'0' && self.at - start > 1;
                if leading_zero || self.ident_byte_at(self.at) || self.peek() == Some(b'.') {
                    return None;
                }
                self.push(Node::Int(value))
            }
            b't' | b'f' => {
                let word = self.word();
                match self.bytes(word) {
                    [b't', b'r', b'u', b'e'] => self.push(Node::Bool(true)),
                    [b'f', b'a', b'l', b's', b'e'] => self.push(Node::Bool(false)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A field or method name: an identifier that is not a keyword.
    fn name(&mut self) -> Option<Span> {
        if !is_ident_start(self.peek()?) {
            return None;
        }
        let word = self.word();
        (!is_reserved(self.text(word))).then_some(word)
    }

    /// The identifier at the current position (its first byte already checked).
    fn word(&mut self) -> Span {
        let start = self.at;
        while self.ident_byte_at(self.at) {
            self.at += 1;
        }
        span(start, self.at)
    }

    fn ident_byte_at(&self, at: usize) -> bool {
        self.bytes.get(at).is_some_and(|&byte| is_ident_part(byte))
    }

    fn text(&self, span: Span) -> &'s str {
        &self.source[span.start as usize..span.end as usize]
    }

    fn bytes(&self, span: Span) -> &'s [u8] {
        &self.bytes[span.start as usize..span.end as usize]
    }
}

/// Offsets fit: `parse` refuses a source longer than `u32::MAX` bytes first.
fn span(start: usize, end: usize) -> Span {
    Span { start: start as u32, end: end as u32 }
}

/// CEL's keywords and reserved words: never a variable or field name here.
fn is_reserved(word: &str) -> bool {
    const RESERVED: [&str; 21] = [
        "true",
        "false",
        "null",
        "in",
        "as",
        "break",
        "const",
        "continue",
        "else",
        "for",
        "function",
        "if",
        "import",
        "let",
        "loop",
        "package",
        "namespace",
        "return",
        "var",
        "void",
        "while",
    ];
    // Compared as integers: where code is optimised for size, comparing strings calls
    // `memcmp` once per keyword, and every identifier of every filter is tested.
    const fn packed(word: &[u8]) -> u128 {
        let mut bytes = [0u8; 16];
        let mut at = 0;
        while at < word.len() && at < 16 {
            bytes[at] = word[at];
            at += 1;
        }
        u128::from_le_bytes(bytes)
    }
    const PACKED: [u128; 21] = {
        let mut packed_words = [0u128; 21];
        let mut at = 0;
        while at < 21 {
            packed_words[at] = packed(RESERVED[at].as_bytes());
            at += 1;
        }
        packed_words
    };
    word.len() <= 9 && PACKED.contains(&packed(word.as_bytes()))
}

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

impl Tree {
    /// The filter's result, or `None` when cel must decide. `variables` must have no dotted
    /// name: cel would resolve `a.b` to a variable named so.
    pub(super) fn evaluate(&self, source: &str, variables: &Map<String, Value>) -> Option<bool> {
        let root = self.nodes.len().checked_sub(1)?;
        Evaluation { tree: self, source, variables }.boolean(root as u32)
    }
}

struct Evaluation<'a> {
    tree: &'a Tree,
    source: &'a str,
    variables: &'a Map<String, Value>,
}

// The small accessors are inlined: each is used several times per node evaluated, and the
// code is optimised for size, which would otherwise keep each a call.
impl<'a> Evaluation<'a> {
    #[inline(always)]
    fn node(&self, index: u32) -> Node {
        self.tree.nodes[index as usize]
    }

    #[inline(always)]
    fn parts(&self, first: u32, count: u32) -> &'a [u32] {
        &self.tree.parts[first as usize..(first + count) as usize]
    }

    /// (`get`, not indexing: indexing calls it and then checks for a panic, a second call
    /// where code is optimised for size. The parser made every span, so it is always there.)
    #[inline(always)]
    fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start as usize..span.end as usize).unwrap_or_default()
    }

    fn boolean(&self, index: u32) -> Option<bool> {
        match self.node(index) {
            // In cel, `false && x` and `x && false` are false whatever x is, an error
            // included; `true || x` and `x || true` likewise true. So one such part decides.
            Node::Chain { and, first, count } => {
                let absorbing = !and;
                let mut certain = true;
                for &part in self.parts(first, count) {
                    match self.boolean(part) {
                        Some(value) if value == absorbing => return Some(absorbing),
                        Some(_) => {}
                        None => certain = false,
                    }
                }
                certain.then_some(!absorbing)
            }
            Node::Not(operand) => self.boolean(operand).map(|value| !value),
            Node::Has { operand, name } => match self.resolve(operand)? {
                Value::Object(members) => Some(member(members, self.text(name)).is_some()),
                _ => None,
            },
            Node::Compare { operator: Operator::In, left, right } => {
                let item = self.scalar(left)?;
                if let Node::List { first, count } = self.node(right) {
                    let elements = self.parts(first, count).iter().map(|&e| self.scalar(e));
                    return contains(&item, elements);
                }
                match self.resolve(right)? {
                    Value::Array(items) => contains(&item, items.iter().map(json_scalar)),
                    Value::Object(members) => match item {
                        Scalar::Text(key) => Some(member(members, key).is_some()),
                        _ => None,
                    },
                    _ => None,
                }
            }
            Node::Compare { operator, left, right } => {
                let (left, right) = (self.scalar(left)?, self.scalar(right)?);
                let negated = operator == Operator::NotEquals;
                left.same_kind(&right).then(|| (left == right) != negated)
            }
            Node::Method { method, target, argument } => {
                let (Scalar::Text(target), Scalar::Text(argument)) =
                    (self.scalar(target)?, self.scalar(argument)?)
                else {
                    return None;
                };
                Some(match method {
                    Method::StartsWith => target.starts_with(argument),
                    Method::EndsWith => target.ends_with(argument),
                    Method::Contains => target.contains(argument),
                })
            }
            // An operand standing for a boolean: `true`, `claims.email_verified`.
            _ => match self.scalar(index)? {
                Scalar::Bool(value) => Some(value),
                _ => None,
            },
        }
    }

    /// A literal, or the claim a path names, as a scalar.
    fn scalar(&self, index: u32) -> Option<Scalar<'a>> {
        match self.node(index) {
            Node::Text(span) => Some(Scalar::Text(self.text(span))),
            Node::Int(value) => Some(Scalar::Int(value)),
            Node::Bool(value) => Some(Scalar::Bool(value)),
            _ => json_scalar(self.resolve(index)?),
        }
    }

    /// The value a path (a variable with field selections) names, if present.
    fn resolve(&self, index: u32) -> Option<&'a Value> {
        match self.node(index) {
            Node::Variable(name) => self.variables.get(self.text(name)),
            Node::Field { operand, name } => {
                member(self.resolve(operand)?.as_object()?, self.text(name))
            }
            _ => None,
        }
    }
}

/// Objects of at most this many members are searched in order rather than by hash.
const SCANNED_MEMBERS: usize = 16;

/// A member of a JSON object. A token's claims are a few small objects, and hashing a name
/// with serde_json's SipHash costs more than passing over the names of other lengths or
/// first letters (the full comparison is a `memcmp` call where code is optimised for size).
fn member<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if object.len() > SCANNED_MEMBERS {
        return object.get(name);
    }
    let first = name.as_bytes().first();
    object.iter().find_map(|(key, value)| {
        let candidate = key.len() == name.len() && key.as_bytes().first() == first;
        (candidate && key == name).then_some(value)
    })
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

impl Tree {
    /// A bound on the work budget's estimate for the same filter in cel's tree
    /// (`budget::Estimate`): with `variables` as the input, or without them every input value
    /// as large as `largest`. Equal node for node, but for chains, whose binary shape in cel's
    /// tree is not known here: each of a chain's k − 1 operator nodes is counted as costing
    /// the whole chain.
    pub(super) fn estimate(
        &self,
        source: &str,
        variables: Option<&Map<String, Value>>,
        largest: u64,
    ) -> u64 {
        let Some(root) = self.nodes.len().checked_sub(1) else { return 0 };
        let empty = Map::new();
        let mut estimate = Estimate {
            paths: Evaluation { tree: self, source, variables: variables.unwrap_or(&empty) },
            largest,
            total: 0,
        };
        estimate.cost(root as u32);
        estimate.total
    }
}

struct Estimate<'a> {
    /// The input's values, none for the worst case: then every path is as large as `largest`.
    paths: Evaluation<'a>,
    largest: u64,
    total: u64,
}

impl Estimate<'_> {
    fn cost(&mut self, index: u32) -> Cost {
        let cost = match self.paths.node(index) {
            Node::Text(span) => {
                Cost { steps: 1, size: u64::from(span.end - span.start), element: 1 }
            }
            Node::Int(_) | Node::Bool(_) => Cost::scalar(1),
            Node::Variable(_) => self.path(index, 1),
            Node::Field { operand, .. } => {
                let operand = self.cost(operand);
                self.path(index, operand.steps.saturating_add(1))
            }
            Node::Has { operand, .. } => Cost::scalar(self.cost(operand).steps.saturating_add(1)),
            Node::List { first, count } => {
                let (mut steps, mut element) = (1u64, None::<u64>);
                for &part in self.paths.parts(first, count) {
                    let cost = self.cost(part);
                    steps = steps.saturating_add(cost.steps);
                    element = Some(element.map_or(cost.size, |e| e.max(cost.size)));
                }
                Cost { steps, size: u64::from(count), element: element.unwrap_or(1) }
            }
            Node::Not(operand) => Cost::scalar(self.cost(operand).steps.saturating_add(1)),
            Node::Compare { operator, left, right } => {
                let (left, right) = (self.cost(left), self.cost(right));
                let walked = match operator {
                    Operator::In => right.size,
                    // Lists and strings of different lengths compare in one step.
                    _ => left.size.min(right.size).saturating_mul(left.element.min(right.element)),
                };
                Cost::scalar(sum([1, left.steps, right.steps, walked]))
            }
            Node::Method { target, argument, .. } => {
                let (target, argument) = (self.cost(target), self.cost(argument));
                Cost::scalar(sum([1, target.steps, argument.steps, target.size, argument.size]))
            }
            Node::Chain { first, count, .. } => {
                let parts = self.paths.parts(first, count);
                let operands =
                    parts.iter().fold(0u64, |s, &part| s.saturating_add(self.cost(part).steps));
                let operators = u64::from(count) - 1;
                let steps = operators.saturating_add(operands);
                self.total = self.total.saturating_add(operators.saturating_mul(steps));
                return Cost::scalar(steps);
            }
        };
        self.total = self.total.saturating_add(cost.steps);
        cost
    }

    /// A variable or field path: its value's bounds, read from the input when it is there.
    fn path(&self, index: u32, steps: u64) -> Cost {
        match self.paths.resolve(index) {
            Some(value) => Cost { steps, size: size_of(value), element: element_of(value) },
            None => Cost { steps, size: self.largest, element: self.largest },
        }
    }
}

fn sum<const N: usize>(terms: [u64; N]) -> u64 {
    terms.into_iter().fold(0, u64::saturating_add)
}

/// For tests and the fuzz harness: `Err` saying how, if this parser accepts `source` and cel's
/// parser refuses it or reads it otherwise. Both trees are written out alike, `&&` and `||`
/// chains flattened (cel balances them).
#[doc(hidden)]
pub fn check_subset_parser(source: &str) -> Result<(), String> {
    if super::guard::check(source).is_err() {
        return Ok(());
    }
    let Some(tree) = parse(source) else { return Ok(()) };
    let (expr, _) = super::parse(source)
        .map_err(|errors| format!("the subset accepts {source:?}, cel refuses it: {errors}"))?;
    let mut ours = String::new();
    tree.write(source, tree.nodes.len() as u32 - 1, &mut ours);
    let mut cels = String::new();
    write_cel(&expr, &mut cels);
    if ours == cels {
        Ok(())
    } else {
        Err(format!("{source:?}: the subset reads {ours}, cel reads {cels}"))
    }
}

/// Both trees are written alike: calls under cel's function names.
impl Tree {
    fn write(&self, source: &str, index: u32, out: &mut String) {
        let text = |span: Span| &source[span.start as usize..span.end as usize];
        let parts = |first: u32, count: u32| &self.parts[first as usize..(first + count) as usize];
        match self.nodes[index as usize] {
            Node::Text(span) => out.push_str(&format!("{:?}", text(span))),
            Node::Int(value) => out.push_str(&value.to_string()),
            Node::Bool(value) => out.push_str(&value.to_string()),
            Node::Variable(name) => out.push_str(text(name)),
            Node::Field { operand, name } | Node::Has { operand, name } => {
                let has = matches!(self.nodes[index as usize], Node::Has { .. });
                out.push_str(if has { "(has " } else { "(. " });
                self.write(source, operand, out);
                out.push_str(&format!(" {})", text(name)));
            }
            Node::List { first, count } => self.write_all("[", parts(first, count), source, out),
            Node::Not(operand) => self.write_all(operators::LOGICAL_NOT, &[operand], source, out),
            Node::Chain { and, first, count } => {
                let mut flat = Vec::new();
                self.flatten(and, parts(first, count), &mut flat);
                let name = if and { operators::LOGICAL_AND } else { operators::LOGICAL_OR };
                self.write_all(name, &flat, source, out);
            }
            Node::Compare { operator, left, right } => {
                let name = match operator {
                    Operator::Equals => operators::EQUALS,
                    Operator::NotEquals => operators::NOT_EQUALS,
                    Operator::In => operators::IN,
                };
                self.write_all(name, &[left, right], source, out);
            }
            Node::Method { method, target, argument } => {
                let name = match method {
                    Method::StartsWith => "startsWith",
                    Method::EndsWith => "endsWith",
                    Method::Contains => "contains",
                };
                self.write_all(name, &[target, argument], source, out);
            }
        }
    }

    fn flatten(&self, and: bool, parts: &[u32], flat: &mut Vec<u32>) {
        for &part in parts {
            match self.nodes[part as usize] {
                Node::Chain { and: inner, first, count } if inner == and => {
                    let nested = &self.parts[first as usize..(first + count) as usize];
                    self.flatten(and, nested, flat);
                }
                _ => flat.push(part),
            }
        }
    }

    fn write_all(&self, name: &str, nodes: &[u32], source: &str, out: &mut String) {
        write_call(name, nodes, out, |&node, out| self.write(source, node, out));
    }
}

/// `(name operand …)` for a call, `[ element … ]` for a list (`name` "[").
fn write_call<T>(name: &str, operands: &[T], out: &mut String, write: impl Fn(&T, &mut String)) {
    let (open, close) =
        if name == "[" { ("[".to_owned(), " ]") } else { (format!("({name}"), ")") };
    out.push_str(&open);
    for operand in operands {
        out.push(' ');
        write(operand, out);
    }
    out.push_str(close);
}

fn write_cel(expr: &cel::IdedExpr, out: &mut String) {
    match &expr.expr {
        Expr::Literal(LiteralValue::String(text)) => out.push_str(&format!("{:?}", text.inner())),
        Expr::Literal(LiteralValue::Int(value)) => out.push_str(&value.inner().to_string()),
        Expr::Literal(LiteralValue::Boolean(value)) => out.push_str(&value.inner().to_string()),
        Expr::Ident(name) => out.push_str(name),
        Expr::Select(select) => {
            out.push_str(if select.test { "(has " } else { "(. " });
            write_cel(&select.operand, out);
            out.push_str(&format!(" {})", select.field));
        }
        Expr::List(list) => write_call("[", &list.elements, out, write_cel),
        Expr::Call(call) => {
            let name = call.func_name.as_str();
            let mut operands: Vec<&cel::IdedExpr> =
                call.target.as_deref().into_iter().chain(&call.args).collect();
            // cel balances `&&` and `||` chains: flattened, as the subset's chains are.
            if name == operators::LOGICAL_AND || name == operators::LOGICAL_OR {
                let mut flat = Vec::new();
                while let Some(node) = operands.pop() {
                    match &node.expr {
                        Expr::Call(inner) if inner.func_name == name && inner.target.is_none() => {
                            operands.extend(&inner.args);
                        }
                        _ => flat.push(node),
                    }
                }
                flat.reverse();
                operands = flat;
            }
            write_call(name, &operands, out, |node, out| write_cel(node, out));
        }
        other => out.push_str(&format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{Bindings, CompiledFilter, FilterMode, FilterResult, agreement};

    /// What cel alone makes of the filter, without the direct path or the work budget.
    fn by_cel(filter: &CompiledFilter, bindings: &Bindings) -> FilterResult {
        filter.cel().map_or(FilterResult::NoMatch, |expr| {
            FilterResult::of(&cel::Value::resolve(expr, &bindings.context))
        })
    }

    fn tree(filter: &CompiledFilter) -> Option<&super::Tree> {
        filter.program.as_ref()?.subset.as_ref()
    }

    fn direct(filter: &CompiledFilter, bindings: &Bindings) -> Option<bool> {
        bindings.direct(tree(filter)?, &filter.source)
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

    /// Objects past `SCANNED_MEMBERS` are searched by hash, smaller ones in order: the same
    /// answers either way.
    #[test]
    fn members_are_found_in_small_and_large_objects() {
        for size in [1, super::SCANNED_MEMBERS, super::SCANNED_MEMBERS + 1, 40] {
            let members: serde_json::Map<String, serde_json::Value> =
                (0..size).map(|i| (format!("k{i}"), json!(format!("v{i}")))).collect();
            let bindings = claims(json!({ "o": members }));
            let last = size - 1;
            for (source, expected) in [
                (format!("claims.o.k{last} == 'v{last}'"), true),
                (format!("has(claims.o.k{last}) && !has(claims.o.k{size})"), true),
                (format!("'k0' in claims.o && !('k{size}' in claims.o)"), true),
                ("claims.o.k0 == 'v1'".to_owned(), false),
            ] {
                let filter = CompiledFilter::compile(&source, FilterMode::Claims).unwrap();
                assert_eq!(direct(&filter, &bindings), Some(expected), "{source} ({size})");
                assert_eq!(by_cel(&filter, &bindings).as_bool(), Some(expected), "{source}");
            }
        }
    }

    #[test]
    fn a_dotted_variable_name_leaves_every_filter_to_cel() {
        let attributes = json!({"CN": "app", "a.b": "x"});
        let bindings = Bindings::certificate(attributes.as_object().unwrap()).unwrap();
        let filter = CompiledFilter::compile("CN == 'app'", FilterMode::Certificate).unwrap();
        assert_eq!(direct(&filter, &bindings), None);
        assert_eq!(filter.evaluate(&bindings), FilterResult::Match);
    }

    /// Every filter of the parser agreement corpus that the subset's parser accepts, cel's
    /// accepts and reads alike; and the corpus exercises it.
    #[test]
    fn the_subset_parser_reads_what_cel_reads() {
        let mut accepted = 0;
        for (_, sources) in agreement::inputs() {
            for source in sources {
                super::check_subset_parser(&source).unwrap();
                let guarded = super::super::guard::check(&source).is_ok();
                accepted += usize::from(guarded && super::parse(&source).is_some());
            }
        }
        assert!(accepted > 200, "the subset accepts only {accepted} corpus filters");
    }

    #[test]
    fn what_is_outside_the_subset_is_left_to_cels_parser() {
        for source in [
            r#"claims.aud == "it\'s""#,
            "claims.aud == '''kafka'''",
            "claims.aud == r'kafka'",
            "claims.n == 0x10 || claims.n == 1u || claims.n == 1.0 || claims.n == 007",
            "claims.n == -1",
            "claims.aud == 'kafka' // a comment",
            "!!claims.admin",
            "claims['aud'] == 'x'",
            "size(claims.groups) == 1",
            "claims.groups.exists(g, g == 'a')",
            "claims.aud in ['a', claims.sub]",
            "claims.aud in ['a',]",
            "has(claims)",
            "claims.null == 'x'",
            "claims.aud == null",
            "claims.n < 3",
            "claims.n == 9223372036854775808",
            "`claims`.aud == 'x'",
        ] {
            assert!(super::parse(source).is_none(), "{source}");
        }
        for source in
            ["claims.aud == 'kafka'", "has(claims.a.b) || !(claims.x in [1, 2])", "''.contains('')"]
        {
            assert!(super::parse(source).is_some(), "{source}");
            super::check_subset_parser(source).unwrap();
        }
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
