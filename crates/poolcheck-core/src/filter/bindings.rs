//! The variables a filter reads, converted once to CEL values so that evaluating many
//! filters against one token costs no conversion per filter.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use cel::objects::{Key, Map};
use cel::{Context, Env};
use serde_json::Value;

/// The standard CEL environment (functions, macros), built once: building it is costly.
pub(crate) static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

/// Values nested deeper than this are refused: converting, comparing and dropping CEL
/// values recurses, and real claims nest a few levels at most.
pub const MAX_VALUE_DEPTH: usize = 64;

/// The variable OAuth pool filters read.
pub const CLAIMS_VARIABLE: &str = "claims";

/// Variables for evaluating filters: `claims` for OAuth pools, bare distinguished-name
/// attribute names (`CN`, `OU`, …) for certificate pools.
pub struct Bindings {
    pub(crate) context: Context<'static, 'static>,
    /// The same variables as JSON, for finding what a filter reads but the input lacks.
    pub(crate) variables: serde_json::Map<String, Value>,
    /// The largest list, map or string in them, for every filter's work budget.
    pub(crate) largest: u64,
    /// No variable has a dotted name, which cel would resolve `a.b` to: filters may be
    /// evaluated directly on `variables`.
    plain_names: bool,
}

impl fmt::Debug for Bindings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bindings").field("variables", &self.variables).finish_non_exhaustive()
    }
}

/// Why input cannot become filter variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingError {
    /// Claims must be a JSON object.
    NotAnObject {
        found: &'static str,
    },
    TooDeep,
    /// A number too large for a double (`1e400`), which CEL would see as NaN; `path` is
    /// where it is, as a filter would select it (`claims.x`).
    NumberOutOfRange {
        path: String,
    },
}

impl BindingError {
    /// Puts `segment` in front of a number's path, on the way out of the recursion.
    fn within(self, segment: &str) -> Self {
        match self {
            BindingError::NumberOutOfRange { path } => {
                BindingError::NumberOutOfRange { path: format!("{segment}{path}") }
            }
            other => other,
        }
    }
}

impl fmt::Display for BindingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindingError::NotAnObject { found } => {
                write!(f, "the claims are {found}, not a JSON object")
            }
            BindingError::TooDeep => {
                write!(f, "the values are nested more than {MAX_VALUE_DEPTH} levels deep")
            }
            BindingError::NumberOutOfRange { path } => {
                write!(f, "{path} is a number too large for a double, so no filter can compare it")
            }
        }
    }
}

impl std::error::Error for BindingError {}

impl Bindings {
    /// Binds a token payload to `claims`, for OAuth pool filters.
    pub fn claims(claims: &Value) -> Result<Self, BindingError> {
        if !claims.is_object() {
            return Err(BindingError::NotAnObject { found: crate::json::kind(claims) });
        }
        let mut variables = serde_json::Map::new();
        variables.insert(CLAIMS_VARIABLE.to_owned(), claims.clone());
        Self::from_variables(variables)
    }

    /// Binds each attribute to a bare name, for certificate pool filters: `{"CN": "app",
    /// "OU": "kafka"}` lets a filter read `CN` and `OU`. Values are usually strings; pass a
    /// list for an attribute the certificate repeats. A name left out is an evaluation
    /// error for a filter that reads it (so the pool does not match).
    pub fn certificate(attributes: &serde_json::Map<String, Value>) -> Result<Self, BindingError> {
        Self::from_variables(attributes.clone())
    }

    fn from_variables(variables: serde_json::Map<String, Value>) -> Result<Self, BindingError> {
        let mut context = Context::with_env(Arc::clone(&ENV));
        for (name, value) in &variables {
            let value = to_cel(value, 0).map_err(|error| error.within(name))?;
            context.add_variable_from_value(name.as_str(), value);
        }
        let largest = variables.values().map(super::budget::largest).max().unwrap_or(1);
        let plain_names = variables.keys().all(|name| !name.contains('.'));
        Ok(Self { context, variables, largest, plain_names })
    }

    /// A filter's direct result on these variables, if it has one (`filter::subset`).
    pub(super) fn direct(&self, filter: &super::subset::Tree, source: &str) -> Option<bool> {
        self.plain_names.then(|| filter.evaluate(source, &self.variables)).flatten()
    }

    /// The bound variables as JSON.
    pub fn variables(&self) -> &serde_json::Map<String, Value> {
        &self.variables
    }
}

/// JSON to CEL: integers that fit stay integers (so `claims.exp > 1700000000` compares
/// ints), others become doubles; a number no double holds is an error, not NaN.
fn to_cel(value: &Value, depth: usize) -> Result<cel::Value, BindingError> {
    if depth > MAX_VALUE_DEPTH {
        return Err(BindingError::TooDeep);
    }
    Ok(match value {
        Value::Null => cel::Value::Null,
        Value::Bool(b) => cel::Value::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => cel::Value::Int(i),
            (None, Some(u)) => cel::Value::UInt(u),
            (None, None) => cel::Value::Float(
                crate::json::finite_f64(n)
                    .ok_or(BindingError::NumberOutOfRange { path: String::new() })?,
            ),
        },
        Value::String(s) => cel::Value::String(Arc::new(s.clone())),
        Value::Array(items) => cel::Value::List(Arc::new(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_cel(item, depth + 1).map_err(|e| e.within(&format!("[{i}]"))))
                .collect::<Result<_, _>>()?,
        )),
        Value::Object(members) => {
            let mut map = HashMap::with_capacity(members.len());
            for (name, member) in members {
                let member =
                    to_cel(member, depth + 1).map_err(|e| e.within(&format!(".{name}")))?;
                map.insert(Key::String(Arc::new(name.clone())), member);
            }
            cel::Value::Map(Map { map: Arc::new(map) })
        }
    })
}

/// Values longer than this are cut in explanations.
const MAX_RENDERED_CHARS: usize = 160;
/// Lists and maps nested deeper than this render as `…`.
const MAX_RENDERED_DEPTH: usize = 4;

/// A CEL value as CEL-like text: strings in double quotes, map keys sorted (CEL maps have
/// no order), long values cut with `…`.
pub fn render(value: &cel::Value) -> String {
    let mut out = String::new();
    render_into(value, 0, &mut out);
    if out.chars().count() > MAX_RENDERED_CHARS {
        let mut cut: String = out.chars().take(MAX_RENDERED_CHARS - 1).collect();
        cut.push('…');
        return cut;
    }
    out
}

fn render_into(value: &cel::Value, depth: usize, out: &mut String) {
    // Rendering stops well past what is shown: cut huge values early.
    if out.len() > MAX_RENDERED_CHARS * 4 {
        return;
    }
    match value {
        cel::Value::Null => out.push_str("null"),
        cel::Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        cel::Value::Int(i) => out.push_str(&i.to_string()),
        cel::Value::UInt(u) => {
            out.push_str(&u.to_string());
            out.push('u');
        }
        cel::Value::Float(f) => out.push_str(&format!("{f:?}")),
        cel::Value::String(s) => out.push_str(&quote(s)),
        cel::Value::Bytes(b) => out.push_str(&format!("b{}", quote(&String::from_utf8_lossy(b)))),
        cel::Value::List(items) if depth >= MAX_RENDERED_DEPTH && !items.is_empty() => {
            out.push_str("[…]");
        }
        cel::Value::List(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                render_into(item, depth + 1, out);
            }
            out.push(']');
        }
        cel::Value::Map(map) if depth >= MAX_RENDERED_DEPTH && !map.map.is_empty() => {
            out.push_str("{…}");
        }
        cel::Value::Map(map) => {
            let mut entries: Vec<(String, &cel::Value)> =
                map.map.iter().map(|(key, value)| (render_key(key), value)).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            out.push('{');
            for (index, (key, value)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key);
                out.push_str(": ");
                render_into(value, depth + 1, out);
            }
            out.push('}');
        }
        other => out.push_str(&format!("<{}>", other.type_of())),
    }
}

fn render_key(key: &Key) -> String {
    match key {
        Key::String(s) => quote(s),
        Key::Int(i) => i.to_string(),
        Key::Uint(u) => format!("{u}u"),
        Key::Bool(b) => b.to_string(),
    }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn claims_must_be_an_object() {
        assert_eq!(
            Bindings::claims(&json!([1])).map(|_| ()),
            Err(BindingError::NotAnObject { found: "a list" })
        );
    }

    #[test]
    fn too_deep_values_are_refused() {
        let mut value = json!(1);
        for _ in 0..200 {
            value = json!([value]);
        }
        assert_eq!(
            Bindings::claims(&json!({ "deep": value })).map(|_| ()),
            Err(BindingError::TooDeep)
        );
    }

    #[test]
    fn numbers_too_large_for_a_double_are_named() {
        let claims: Value = serde_json::from_str(r#"{"x": 1e400}"#).unwrap();
        assert_eq!(
            Bindings::claims(&claims).map(|_| ()),
            Err(BindingError::NumberOutOfRange { path: "claims.x".into() })
        );
        let nested: Value = serde_json::from_str(r#"{"a": {"b": [1, -1e999]}}"#).unwrap();
        assert_eq!(
            Bindings::claims(&nested).map(|_| ()).unwrap_err().to_string(),
            "claims.a.b[1] is a number too large for a double, so no filter can compare it"
        );
        assert!(Bindings::claims(&serde_json::from_str(r#"{"x": 1e300}"#).unwrap()).is_ok());
    }

    #[test]
    fn values_render_like_cel() {
        let value = to_cel(&json!({"b": [1, "x", null, true], "a": 1.5}), 0).unwrap();
        assert_eq!(render(&value), r#"{"a": 1.5, "b": [1, "x", null, true]}"#);
        let long = to_cel(&json!("y".repeat(500)), 0).unwrap();
        assert_eq!(render(&long).chars().count(), MAX_RENDERED_CHARS);
        let deep = to_cel(&json!([[[[[["z"]]]]]]), 0).unwrap();
        assert_eq!(render(&deep), "[[[[[…]]]]]");
    }
}
