//! Size and nesting guards that run before the CEL parser sees a filter.
//!
//! The parser (recursive descent) and the interpreter recurse once per nesting level,
//! and the browser gives wasm about 1 MiB of stack: a few hundred parentheses would overflow
//! it and kill the page. This scan is hand-written because it must run before any parsing;
//! it mirrors the CEL lexer closely enough to skip strings and comments, and otherwise
//! over-estimates: its figure is an upper bound on how deep parsing and evaluation recurse.

/// Longest filter accepted, in characters. Confluent Cloud tooling refused filters over 300
/// characters (a lint); this limit only keeps work per keystroke bounded.
pub const MAX_FILTER_CHARS: usize = 4096;

/// Largest nesting estimate accepted. Each bracket or `?` counts [`BRACKET_WEIGHT`], each
/// other operator (`.`, `[i]`, `!`, `-`, `+`, `==`, `in`, …) counts 1 within its `&&`/`||`
/// operand; the estimate is the deepest path, not a sum over siblings. Room for the CEL
/// conformance parse tests (32 parentheses, 30 chained conditionals); tested safe on a
/// 512 KiB stack, half of what wasm gets.
pub const MAX_NESTING: u32 = 180;

/// Parsing one bracket level costs the parser several rule frames: about five times what
/// one binary operator costs (measured), so brackets weigh five.
pub const BRACKET_WEIGHT: u32 = 5;

/// Why a filter was refused before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardError {
    TooLong {
        chars: usize,
    },
    /// The estimate passed [`MAX_NESTING`] at this byte offset.
    TooDeep {
        offset: usize,
    },
}

/// Checks the length and nesting of a filter before it is parsed.
pub fn check(source: &str) -> Result<(), GuardError> {
    // A filter has no more characters than bytes: count them only when that may matter.
    if source.len() > MAX_FILTER_CHARS {
        let chars = source.chars().count();
        if chars > MAX_FILTER_CHARS {
            return Err(GuardError::TooLong { chars });
        }
    }
    let mut scan = Scan::default();
    let bytes = source.as_bytes();
    let mut at = 0;
    // Whether the last token ends an operand, so that a `[` after it indexes.
    let mut after_operand = false;
    while let Some(&byte) = bytes.get(at) {
        let step = match byte {
            b'\'' | b'"' => string_end(bytes, at, false).map_or(1, |end| end - at),
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                bytes[at..].iter().position(|&b| b == b'\n').unwrap_or(bytes.len() - at)
            }
            b'&' if bytes.get(at + 1) == Some(&b'&') => {
                scan.logical_segment();
                2
            }
            b'|' if bytes.get(at + 1) == Some(&b'|') => {
                scan.logical_segment();
                2
            }
            b',' => {
                scan.sibling();
                1
            }
            b'[' if after_operand => {
                // An index is a postfix step: `a[0][1]` nests like `a.b.c`.
                scan.operator(1);
                scan.open();
                1
            }
            b'(' | b'[' | b'{' => {
                scan.open();
                1
            }
            b')' | b']' | b'}' => {
                scan.close();
                1
            }
            b'?' => {
                scan.conditional();
                1
            }
            b'.' | b'!' | b'-' | b'+' | b'*' | b'/' | b'%' | b'<' | b'>' | b'=' => {
                let two_char = matches!(bytes.get(at + 1), Some(b'='))
                    && matches!(byte, b'!' | b'<' | b'>' | b'=');
                scan.operator(1);
                if two_char { 2 } else { 1 }
            }
            b if is_ident_start(b) => {
                let len =
                    bytes[at..].iter().position(|&b| !is_ident_part(b)).unwrap_or(bytes.len() - at);
                let word = &bytes[at..at + len];
                match bytes.get(at + len) {
                    Some(b'\'' | b'"') if is_string_prefix(word) => {
                        let raw = word.iter().any(|b| b.eq_ignore_ascii_case(&b'r'));
                        match string_end(bytes, at + len, raw) {
                            Some(end) => end - at,
                            None => len,
                        }
                    }
                    _ => {
                        if word == b"in" {
                            scan.operator(1);
                        }
                        len
                    }
                }
            }
            _ => 1,
        };
        if scan.take_changed() && scan.running() > MAX_NESTING {
            return Err(GuardError::TooDeep { offset: at });
        }
        if !byte.is_ascii_whitespace() && !is_comment(bytes, at) {
            after_operand =
                is_ident_part(byte) || matches!(byte, b'\'' | b'"' | b')' | b']' | b'}');
        }
        at += step.max(1);
    }
    if scan.finish() > MAX_NESTING {
        return Err(GuardError::TooDeep { offset: source.len() });
    }
    Ok(())
}

fn is_comment(bytes: &[u8], at: usize) -> bool {
    bytes.get(at..at + 2) == Some(b"//")
}

// Inlined: the scan calls these for every byte, and the release profile's opt-level "z"
// leaves even one-line functions as calls.
#[inline(always)]
pub(super) fn is_ident_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

#[inline(always)]
pub(super) fn is_ident_part(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// `r'…'` is a raw string, `b'…'` bytes, `br'…'` raw bytes (the lexer has no `rb`).
fn is_string_prefix(word: &[u8]) -> bool {
    matches!(word, b"r" | b"R" | b"b" | b"B" | b"br" | b"bR" | b"Br" | b"BR")
}

/// The byte just past the string literal starting with the quote at `start`, or `None` when
/// the lexer would not read a string there (unterminated, a newline in a one-line string, a
/// bad escape): it then skips the quote alone and reads on, and so does the scan.
pub(crate) fn string_end(bytes: &[u8], start: usize, raw: bool) -> Option<usize> {
    let quote = *bytes.get(start)?;
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    if triple && let Some(end) = body_end(bytes, start + 3, quote, true, raw) {
        return Some(end);
    }
    body_end(bytes, start + 1, quote, false, raw)
}

fn body_end(bytes: &[u8], mut at: usize, quote: u8, triple: bool, raw: bool) -> Option<usize> {
    loop {
        let byte = *bytes.get(at)?;
        if byte == quote {
            if !triple {
                return Some(at + 1);
            }
            if bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote) {
                return Some(at + 3);
            }
        }
        if !triple && (byte == b'\n' || byte == b'\r') {
            return None;
        }
        if byte == b'\\' && !raw {
            at += escape_len(&bytes[at..])?;
        } else {
            at += 1;
        }
    }
}

/// Length of a valid escape sequence at the start of `rest` (which begins with `\`).
fn escape_len(rest: &[u8]) -> Option<usize> {
    let hex = |from: usize, count: usize| {
        rest.get(from..from + count)
            .filter(|digits| digits.iter().all(u8::is_ascii_hexdigit))
            .map(|_| from + count)
    };
    match *rest.get(1)? {
        b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'"' | b'\'' | b'\\' | b'?' | b'`' => {
            Some(2)
        }
        b'0'..=b'3' => rest
            .get(2..4)
            .filter(|digits| digits.iter().all(|d| (b'0'..=b'7').contains(d)))
            .map(|_| 4),
        b'x' | b'X' => hex(2, 2),
        b'u' => hex(2, 4),
        b'U' => hex(2, 8),
        _ => None,
    }
}

/// One bracket level, split into `,`-separated elements, each into `&&`/`||` operands.
#[derive(Debug, Default, Clone, Copy)]
struct Frame {
    /// Operators in the current operand: left-recursive rules nest once per operator.
    ops: u32,
    /// Deepest closed bracket group in the current operand, its weight included.
    child: u32,
    /// Deepest finished operand of the current element.
    operand_best: u32,
    /// `&&`/`||` operands in the current element: the parser balances them into a tree.
    logical_segments: u32,
    /// `?` in the current element: a conditional chain nests once per `?`, across `||`.
    conditionals: u32,
    /// Deepest finished element of this level: a sibling, not on the current path.
    best: u32,
}

impl Frame {
    fn logical_depth(&self) -> u32 {
        2 * self.logical_segments.max(1).next_power_of_two().trailing_zeros()
    }

    fn end_operand(&mut self) {
        self.operand_best = self.operand_best.max(self.ops.saturating_add(self.child));
        self.ops = 0;
        self.child = 0;
    }

    fn element_depth(mut self) -> u32 {
        self.end_operand();
        self.operand_best.saturating_add(self.conditionals).saturating_add(self.logical_depth())
    }

    fn end_element(&mut self) {
        self.best = self.best.max(self.element_depth());
        *self = Self { best: self.best, ..Self::default() };
    }

    fn depth(self) -> u32 {
        self.best.max(self.element_depth())
    }

    /// What this level adds to the path into a bracket group still open in it.
    fn on_path(&self) -> u32 {
        self.ops.saturating_add(self.conditionals).saturating_add(self.logical_depth())
    }
}

#[derive(Debug)]
struct Scan {
    frames: Vec<Frame>,
    /// Whether a frame changed since [`Scan::take_changed`]: the running depth, which walks
    /// every open level, is worked out again only then, not for every byte.
    changed: bool,
}

impl Default for Scan {
    fn default() -> Self {
        Self { frames: vec![Frame::default()], changed: false }
    }
}

impl Scan {
    fn top(&mut self) -> &mut Frame {
        self.changed = true;
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    fn operator(&mut self, weight: u32) {
        let top = self.top();
        top.ops = top.ops.saturating_add(weight);
    }

    fn conditional(&mut self) {
        let top = self.top();
        top.conditionals = top.conditionals.saturating_add(BRACKET_WEIGHT);
    }

    fn logical_segment(&mut self) {
        let top = self.top();
        top.end_operand();
        top.logical_segments = top.logical_segments.max(1).saturating_add(1);
    }

    fn sibling(&mut self) {
        self.top().end_element();
    }

    fn open(&mut self) {
        self.changed = true;
        self.frames.push(Frame::default());
    }

    /// A closer without an opener is a syntax error the parser reports; it adds nothing.
    fn close(&mut self) {
        if self.frames.len() > 1
            && let Some(child) = self.frames.pop()
        {
            let weighted = child.depth().saturating_add(BRACKET_WEIGHT);
            let top = self.top();
            top.child = top.child.max(weighted);
        }
    }

    /// A lower bound of the final estimate, known so far: the enclosing levels count only
    /// what lies on the path into the innermost one, whose own siblings are bounded by it.
    fn running(&self) -> u32 {
        let Some((innermost, enclosing)) = self.frames.split_last() else {
            return 0;
        };
        let path = enclosing.iter().fold(0u32, |total, frame| {
            total.saturating_add(frame.on_path()).saturating_add(BRACKET_WEIGHT)
        });
        path.saturating_add(innermost.depth())
    }

    /// The estimate for the whole filter, closing levels left open (a syntax error anyway).
    fn finish(mut self) -> u32 {
        while self.frames.len() > 1 {
            self.close();
        }
        self.top().depth()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(source: &str) -> bool {
        check(source).is_ok()
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        let parens = "(".repeat(200);
        assert!(depth_ok(&format!("claims.x == '{parens}'")));
        assert!(depth_ok(&format!("claims.x == \"{parens}\"")));
        assert!(depth_ok(&format!("claims.x == '''{parens}\n'''")));
        assert!(depth_ok(&format!("claims.x == r'\\{parens}'")));
        assert!(depth_ok(&format!("claims.x == b'{parens}'")));
        assert!(depth_ok(&format!("true // {parens}\n")));
    }

    #[test]
    fn a_quote_the_lexer_does_not_read_as_a_string_does_not_hide_brackets() {
        let parens = "(".repeat(40);
        // An unterminated string, a newline in a one-line string, a bad escape, a raw string
        // that ends at its first quote: the lexer skips the quote and reads the brackets.
        assert!(!depth_ok(&format!("'{parens}")));
        assert!(!depth_ok(&format!("'x\n{parens}'")));
        assert!(!depth_ok(&format!("'\\q{parens}'")));
        assert!(!depth_ok(&format!("r'\\' + {parens}'")));
        // `ar` is an identifier, not a raw-string prefix: `\'` escapes the quote.
        assert!(depth_ok(&format!("ar'\\' + {parens} '")));
    }

    #[test]
    fn long_logical_chains_and_lists_are_not_deep() {
        let clauses = ["claims.aud == 'kafka'"; 150].join(" && ");
        assert!(depth_ok(&clauses));
        let items = ["claims.a.b"; 300].join(", ");
        assert!(depth_ok(&format!("claims.x in [{items}]")));
    }

    #[test]
    fn operators_after_a_bracket_group_count_on_its_path() {
        let inner = format!("{}1{}", "(".repeat(30), ")".repeat(30));
        assert!(depth_ok(&format!("{inner}{}", " + 1".repeat(30))));
        assert!(!depth_ok(&format!("{inner}{}", " + 1".repeat(31))));
    }

    #[test]
    fn each_index_is_a_level() {
        // `.l` and the bracket weight of the deepest index's contents come on top.
        let chain = |indexes: usize| format!("claims.l{}", "[0]".repeat(indexes));
        let room = (MAX_NESTING - 1 - BRACKET_WEIGHT) as usize;
        assert!(depth_ok(&chain(room)));
        assert!(!depth_ok(&chain(room + 1)));
        // A list literal is a bracket, not an index.
        assert!(depth_ok(&format!("{}1{}", "[".repeat(36), "]".repeat(36))));
    }

    #[test]
    fn finished_siblings_do_not_add_to_the_depth() {
        let mut tree = "claims.aud == 'kafka'".to_owned();
        for _ in 0..12 {
            tree = format!("({tree} || {tree})");
            if tree.len() > MAX_FILTER_CHARS / 2 {
                break;
            }
        }
        assert!(depth_ok(&tree));
        let siblings = ["(((claims.a == 1)))"; 100].join(" + ");
        assert!(depth_ok(&format!("({siblings}) == 1")));
    }

    #[test]
    fn conditionals_chain_across_logical_operators() {
        let chain = |count: usize| format!("{}1", "true || true ? 1 : ".repeat(count));
        let room = (MAX_NESTING / BRACKET_WEIGHT) as usize;
        assert!(depth_ok(&chain(room - 4)));
        assert!(!depth_ok(&chain(room + 1)));
    }

    #[test]
    fn the_limits_are_reported() {
        assert_eq!(
            check(&"a".repeat(MAX_FILTER_CHARS + 1)),
            Err(GuardError::TooLong { chars: MAX_FILTER_CHARS + 1 })
        );
        let levels = (MAX_NESTING / BRACKET_WEIGHT) as usize;
        assert_eq!(check(&"(".repeat(levels + 10)), Err(GuardError::TooDeep { offset: levels }));
        assert!(check(&"a".repeat(MAX_FILTER_CHARS)).is_ok());
    }
}
