//! Pretty JSON with syntax colours. Every piece of user text becomes a text node (Yew escapes
//! it), never markup.

use serde_json::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JsonViewProps {
    pub value: Value,
    /// Accessible name of the block, e.g. "Header JSON".
    pub label: AttrValue,
}

#[component]
pub fn JsonView(props: &JsonViewProps) -> Html {
    let pieces = pieces(&props.value).into_iter().map(|(kind, text)| match kind.class() {
        Some(class) => html! { <span class={class}>{text}</span> },
        None => html! { {text} },
    });
    html! {
        <pre class="json" aria-label={props.label.clone()} tabindex="0"><code>{ for pieces }</code></pre>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Key,
    String,
    Number,
    Literal,
    /// Brackets, commas, colons and indentation.
    Plain,
}

impl Piece {
    fn class(self) -> Option<&'static str> {
        match self {
            Piece::Key => Some("json-key"),
            Piece::String => Some("json-string"),
            Piece::Number => Some("json-number"),
            Piece::Literal => Some("json-literal"),
            Piece::Plain => None,
        }
    }
}

/// The value laid out like `serde_json::to_string_pretty`, split into coloured pieces.
pub fn pieces(value: &Value) -> Vec<(Piece, String)> {
    let mut out = Vec::new();
    write_value(value, 0, &mut out);
    out
}

fn push(out: &mut Vec<(Piece, String)>, piece: Piece, text: impl Into<String>) {
    let text = text.into();
    // Neighbouring punctuation merges into one text node: fewer DOM nodes per keystroke.
    if let (Piece::Plain, Some((Piece::Plain, last))) = (piece, out.last_mut()) {
        last.push_str(&text);
    } else {
        out.push((piece, text));
    }
}

fn indent(depth: usize) -> String {
    format!("\n{}", "  ".repeat(depth))
}

fn quoted(text: &str) -> String {
    // Serializing a string cannot fail; the fallback only satisfies the type.
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

fn write_value(value: &Value, depth: usize, out: &mut Vec<(Piece, String)>) {
    match value {
        Value::Null => push(out, Piece::Literal, "null"),
        Value::Bool(flag) => push(out, Piece::Literal, flag.to_string()),
        // With `arbitrary_precision` this is the number exactly as the token spelled it.
        Value::Number(number) => push(out, Piece::Number, number.to_string()),
        Value::String(text) => push(out, Piece::String, quoted(text)),
        Value::Array(items) if items.is_empty() => push(out, Piece::Plain, "[]"),
        Value::Object(members) if members.is_empty() => push(out, Piece::Plain, "{}"),
        Value::Array(items) => {
            push(out, Piece::Plain, "[");
            for (index, item) in items.iter().enumerate() {
                push(out, Piece::Plain, if index == 0 { "" } else { "," });
                push(out, Piece::Plain, indent(depth + 1));
                write_value(item, depth + 1, out);
            }
            push(out, Piece::Plain, indent(depth) + "]");
        }
        Value::Object(members) => {
            push(out, Piece::Plain, "{");
            for (index, (name, member)) in members.iter().enumerate() {
                push(out, Piece::Plain, if index == 0 { "" } else { "," });
                push(out, Piece::Plain, indent(depth + 1));
                push(out, Piece::Key, quoted(name));
                push(out, Piece::Plain, ": ");
                write_value(member, depth + 1, out);
            }
            push(out, Piece::Plain, indent(depth) + "}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn joined(value: &Value) -> String {
        pieces(value).into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn lays_out_like_serde_json_pretty() {
        let value = parse(
            r#"{"sub":"a\"b<script>","n":[1,2.50,-0,1e400,{}],"o":{"t":true,"f":false,"z":null},"e":[]}"#,
        );
        assert_eq!(joined(&value), serde_json::to_string_pretty(&value).unwrap());
    }

    #[test]
    fn numbers_keep_their_spelling() {
        let value = parse(r#"[2.50, 1e400, 12345678901234567890123]"#);
        let numbers: Vec<String> = pieces(&value)
            .into_iter()
            .filter(|(piece, _)| *piece == Piece::Number)
            .map(|(_, text)| text)
            .collect();
        // serde_json keeps digits exactly and only normalizes the exponent sign.
        assert_eq!(numbers, ["2.50", "1e+400", "12345678901234567890123"]);
    }

    #[test]
    fn classifies_keys_strings_and_literals() {
        let value = parse(r#"{"k":"v","b":null}"#);
        let kinds: Vec<(Piece, String)> =
            pieces(&value).into_iter().filter(|(piece, _)| *piece != Piece::Plain).collect();
        assert_eq!(
            kinds,
            [
                (Piece::Key, "\"k\"".to_owned()),
                (Piece::String, "\"v\"".to_owned()),
                (Piece::Key, "\"b\"".to_owned()),
                (Piece::Literal, "null".to_owned()),
            ]
        );
    }
}
