//! How the vendored cel crate resolves a qualified name such as `a.b.c`: the most specific
//! variable wins, in the innermost scope that has any of it. Its shortcut (only `a` is looked
//! up when nothing is named under `a.`) must give the same answers as the full search.

use std::collections::HashMap;
use std::sync::Arc;

use cel::{Context, Env, Program, Value};

fn map(entries: &[(&str, Value)]) -> Value {
    let entries: HashMap<String, Value> =
        entries.iter().map(|(key, value)| ((*key).to_owned(), value.clone())).collect();
    Value::from(entries)
}

fn eval(context: &Context, source: &str) -> Result<Value, String> {
    let program = Program::compile(source).map_err(|error| error.to_string())?;
    program.execute(context).map_err(|error| error.to_string())
}

/// `a` = {b: {c: 1}}, as a filter's `claims` is bound.
fn context_with_a() -> Context<'static, 'static> {
    let mut context = Context::with_env(Arc::new(Env::stdlib()));
    context.add_variable_from_value("a", map(&[("b", map(&[("c", Value::Int(1))]))]));
    context
}

#[test]
fn fields_are_selected_on_the_root_variable() {
    let context = context_with_a();
    assert_eq!(eval(&context, "a.b.c"), Ok(Value::Int(1)));
    assert_eq!(eval(&context, "has(a.b.c)"), Ok(Value::Bool(true)));
    assert_eq!(eval(&context, "has(a.b.d)"), Ok(Value::Bool(false)));
    assert!(eval(&context, "a.b.d").unwrap_err().contains("d"), "a missing field is an error");
}

#[test]
fn an_unknown_root_is_an_undeclared_reference_to_the_root() {
    let context = context_with_a();
    let error = eval(&context, "nope.b.c").unwrap_err();
    assert!(error.contains("nope") && !error.contains("nope.b"), "{error}");
}

#[test]
fn a_dotted_variable_is_more_specific_than_its_root() {
    let mut context = context_with_a();
    context.add_variable_from_value("a.b", map(&[("c", Value::Int(2))]));
    assert_eq!(eval(&context, "a.b.c"), Ok(Value::Int(2)));
    // The root still answers for names the dotted variable does not cover.
    context.add_variable_from_value("a", map(&[("x", Value::Int(3))]));
    assert_eq!(eval(&context, "a.x"), Ok(Value::Int(3)));
}

#[test]
fn a_dotted_variable_in_an_outer_scope_loses_to_the_root_in_an_inner_one() {
    let mut context = context_with_a();
    context.add_variable_from_value("x.y", Value::Int(7));
    // The comprehension's `x` is the innermost scope that has any of `x.y`.
    assert_eq!(eval(&context, "[{'y': 5}].all(x, x.y == 5)"), Ok(Value::Bool(true)));
    assert_eq!(eval(&context, "x.y"), Ok(Value::Int(7)));
}

#[test]
fn a_comprehension_variable_shadows_a_root_of_the_same_name() {
    let context = context_with_a();
    assert_eq!(eval(&context, "[{'b': {'c': 9}}].exists(a, a.b.c == 9)"), Ok(Value::Bool(true)));
    assert_eq!(
        eval(&context, "[{'b': 2}].map(x, x.b + a.b.c)"),
        Ok(Value::from(vec![Value::Int(3)]))
    );
}

#[test]
fn a_type_is_only_ever_the_whole_name() {
    let context = context_with_a();
    assert_eq!(eval(&context, "type(1) == int"), Ok(Value::Bool(true)));
    // `int` as the root of a longer name is not the type: nothing is named `int`.
    let error = eval(&context, "int.b").unwrap_err();
    assert!(error.contains("int"), "{error}");
}
