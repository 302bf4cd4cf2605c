//! Writing values where other tools read them back. Hand-written: each is a few lines, and
//! the crates for POSIX quoting (shlex, shell-escape) quote for a different set of shells or
//! escape more than needed; the tests check each against an independent parser.

/// One POSIX shell word: bare when every character is safe, else single-quoted, a `'` written
/// as `'\''` (a single-quoted string has no escapes; newlines and `$` are literal in it).
/// NUL cannot be in an argument; exports refuse it first.
pub fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// An HCL quoted string: the JSON-like escapes, `${` and `%{` doubled to stay literal
/// (template interpolation and directives), other control characters as `\uXXXX`.
pub fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str(r"\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Java `.properties` value as `Properties.load` reads it (ISO 8859-1): backslash escapes
/// for `\`, line breaks, tabs and a leading space; every character outside printable ASCII as
/// `\uXXXX` (UTF-16 units). After the key, `=`, `:`, `#` and `!` are literal, so they stay
/// readable (`clientId='…'` in `sasl.jaas.config`).
pub fn properties_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        match c {
            '\\' => out.push_str(r"\\"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            '\t' => out.push_str(r"\t"),
            '\u{c}' => out.push_str(r"\f"),
            ' ' if index == 0 => out.push_str(r"\ "),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_bare_only_when_safe() {
        assert_eq!(shell_word("op-4EY"), "op-4EY");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("claims.sub == 'x'"), r"'claims.sub == '\''x'\'''");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
    }

    #[test]
    fn hcl_strings_keep_templates_literal() {
        assert_eq!(hcl_string("${var} %{if}"), r#""$${var} %%{if}""#);
        assert_eq!(hcl_string("$x %d"), r#""$x %d""#);
        assert_eq!(hcl_string("a\"b\\c\n\u{1}"), r#""a\"b\\c\n\u0001""#);
    }

    #[test]
    fn properties_values_escape_what_load_would_read_otherwise() {
        assert_eq!(properties_value(" a=b:c#!"), r"\ a=b:c#!");
        assert_eq!(properties_value("é😀"), r"\u00E9\uD83D\uDE00");
        assert_eq!(properties_value("a b\n"), r"a b\n");
    }
}
