//! JSON parsing that keeps what serde_json's `Value` would hide: duplicate member names
//! (serde_json silently keeps the last one) and where they are. Numbers are kept exactly as
//! written (the workspace enables `arbitrary_precision`), and member order is preserved.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// serde_json hands an `arbitrary_precision` number to a visitor as a one-entry map under
/// this key; `serde_json::Value`'s own visitor checks the same token.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A parsed document and the JSON Pointers of every member name that appeared twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Value,
    pub duplicate_members: Vec<String>,
}

/// Why text is not JSON, with the 1-based position serde_json reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct JsonError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (line {}, column {})", self.message, self.line, self.column)
    }
}

impl std::error::Error for JsonError {}

/// Parses one JSON document. serde_json's recursion limit (128) bounds nesting depth.
pub fn parse(bytes: &[u8]) -> Result<Parsed, JsonError> {
    let mut duplicate_members = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = ValueSeed { location: Location::Root, duplicates: &mut duplicate_members }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| {
            let text = e.to_string();
            // serde_json appends " at line L column C"; the position is reported separately.
            let message = match text.rfind(" at line ") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            };
            JsonError { message, line: e.line(), column: e.column() }
        })?;
    Ok(Parsed { value, duplicate_members })
}

/// A value's JSON type, as a phrase for messages ("a string", "an object").
/// A number as a finite double, or `None` when it overflows one (`1e400`): kept exactly
/// as written, such a number is valid JSON that CEL can only see as infinity or NaN.
pub fn finite_f64(number: &Number) -> Option<f64> {
    number.as_f64().filter(|f| f.is_finite())
}

/// The path of the first number in `value` that [`finite_f64`] refuses, written after
/// `prefix` as CEL would select it (`.name`, `[index]`).
pub fn out_of_range_number(value: &Value, prefix: &str) -> Option<String> {
    match value {
        Value::Number(n) if finite_f64(n).is_none() => Some(prefix.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| out_of_range_number(item, &format!("{prefix}[{i}]"))),
        Value::Object(members) => members
            .iter()
            .find_map(|(name, member)| out_of_range_number(member, &format!("{prefix}.{name}"))),
        _ => None,
    }
}

pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Escapes a member name for a JSON Pointer (RFC 6901).
pub fn pointer_segment(name: &str) -> Cow<'_, str> {
    if name.contains(['~', '/']) {
        Cow::Owned(name.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(name)
    }
}

/// Where a value is, as a chain up to the root: written out as a JSON Pointer only for a
/// duplicate member, so a large document is parsed without a string per value.
#[derive(Clone, Copy)]
enum Location<'p> {
    Root,
    Item(&'p Location<'p>, usize),
    Member(&'p Location<'p>, &'p str),
}

impl Location<'_> {
    fn pointer(&self) -> String {
        match self {
            Location::Root => String::new(),
            Location::Item(parent, index) => format!("{}/{index}", parent.pointer()),
            Location::Member(parent, name) => {
                format!("{}/{}", parent.pointer(), pointer_segment(name))
            }
        }
    }
}

struct ValueSeed<'a, 'p> {
    location: Location<'p>,
    duplicates: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let location = Location::Item(&self.location, items.len());
            match seq
                .next_element_seed(ValueSeed { location, duplicates: &mut *self.duplicates })?
            {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if name == NUMBER_TOKEN && members.is_empty() {
                let digits: String = map.next_value()?;
                return digits
                    .parse::<Number>()
                    .map(Value::Number)
                    .map_err(serde::de::Error::custom);
            }
            let location = Location::Member(&self.location, &name);
            let value =
                map.next_value_seed(ValueSeed { location, duplicates: &mut *self.duplicates })?;
            if members.contains_key(&name) {
                self.duplicates.push(location.pointer());
            }
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicate_members_at_any_depth() {
        let parsed = parse(br#"{"a":1,"b":{"c":1,"c":2},"a":3,"l":[{"x":1,"x":1}]}"#).unwrap();
        assert_eq!(parsed.duplicate_members, ["/b/c", "/a", "/l/0/x"]);
        assert_eq!(parsed.value["a"], 3);
    }

    #[test]
    fn keeps_big_numbers_and_order_exactly() {
        let text = r#"{"z":12345678901234567890123,"a":1.50,"n":-9007199254740993}"#;
        let parsed = parse(text.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&parsed.value).unwrap(), text);
    }

    #[test]
    fn reports_position_of_syntax_errors() {
        let error = parse(b"{\n  \"a\": tru }").unwrap_err();
        assert_eq!((error.line, error.column), (2, 11));
        assert!(error.message.contains("expected ident"), "{}", error.message);
        assert!(parse(b"{} x").is_err());
    }

    #[test]
    fn refuses_pathological_nesting_without_overflowing() {
        let deep = "[".repeat(100_000);
        let error = parse(deep.as_bytes()).unwrap_err();
        assert!(error.message.contains("recursion limit"), "{}", error.message);
    }
}
