#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use poolcheck_core::filter::{
    BRACKET_WEIGHT, Bindings, CompiledFilter, FilterMode, FilterResult, MAX_EVALUATION_COST,
    MAX_FILTER_CHARS, MAX_NESTING, MAX_VALUE_DEPTH, StepOutcome, shared_issuer,
};
use serde_json::{Value, json};

fn token() -> Value {
    json!({
        "iss": "https://my.issuer.com",
        "sub": "repo:acme/app:ref:refs/heads/main",
        "aud": "confluent",
        "group": "kafka-admins",
        "groups": ["g-1", "g-2"],
        "roles": ["OrgAdminRole", "Reader"],
        "exp": 1_767_229_200,
        "ratio": 0.5,
        "email_verified": true,
        "x-tenant": "t1",
        "org": {"id": "o-7", "teams": ["red", "blue"], "meta": {"tier": "gold"}},
        "empty": null
    })
}

fn eval_with(source: &str, claims: &Value) -> FilterResult {
    let filter = CompiledFilter::compile(source, FilterMode::Claims)
        .unwrap_or_else(|e| panic!("{source}: {e}"));
    filter.evaluate(&Bindings::claims(claims).unwrap())
}

fn eval(source: &str) -> FilterResult {
    eval_with(source, &token())
}

fn matches(source: &str) {
    assert_eq!(eval(source), FilterResult::Match, "{source}");
}

fn no_match(source: &str) {
    assert_eq!(eval(source), FilterResult::NoMatch, "{source}");
}

fn error(source: &str) -> String {
    match eval(source) {
        FilterResult::Error { message } => message,
        other => panic!("{source}: expected an error, got {other:?}"),
    }
}

// ---- operators -------------------------------------------------------------------------

#[test]
fn equality_on_strings_numbers_booleans_lists_and_maps() {
    matches("claims.aud == 'confluent'");
    matches("claims.aud == \"confluent\"");
    no_match("claims.aud == 'Confluent'");
    matches("claims.aud != 'kafka'");
    no_match("claims.aud != 'confluent'");
    matches("claims.exp == 1767229200");
    matches("claims.exp != 1");
    matches("claims.ratio == 0.5");
    matches("claims.email_verified == true");
    matches("claims.groups == ['g-1', 'g-2']");
    no_match("claims.groups == ['g-2', 'g-1']");
    matches("claims.org.meta == {'tier': 'gold'}");
    matches("claims.empty == null");
    // Comparing different types is not an error in CEL: just not equal.
    no_match("claims.groups == 'g-1'");
}

#[test]
fn nested_maps_and_names_that_are_not_identifiers() {
    matches("claims.org.id == 'o-7'");
    matches("claims.org.meta.tier == 'gold'");
    matches("claims['x-tenant'] == 't1'");
    matches("claims.org['meta']['tier'] == 'gold'");
}

#[test]
fn in_on_list_literals_and_on_claim_lists() {
    matches("claims.aud in ['kafka', 'confluent']");
    no_match("claims.aud in ['kafka', 'flink']");
    matches("'g-2' in claims.groups");
    no_match("'g-3' in claims.groups");
    matches("'red' in claims.org.teams");
    // `in` on a map tests its keys.
    matches("'id' in claims.org");
}

#[test]
fn has_tests_presence_without_failing() {
    matches("has(claims.groups)");
    no_match("has(claims.nope)");
    matches("has(claims.org.meta.tier)");
    no_match("has(claims.org.nope)");
    // null is present.
    matches("has(claims.empty)");
    matches("!has(claims.nope) || claims.nope == 'x'");
}

#[test]
fn not_and_or_and_parentheses() {
    matches("!(claims.aud == 'kafka')");
    no_match("!claims.email_verified");
    matches("claims.aud == 'confluent' && claims.group != 'invalid_group'");
    no_match("claims.aud == 'confluent' && claims.group == 'invalid_group'");
    matches("claims.aud == 'kafka' || claims.aud == 'confluent'");
    matches("(claims.aud == 'kafka' || claims.aud == 'confluent') && 'g-1' in claims.groups");
    no_match("claims.aud == 'kafka' || (claims.aud == 'confluent' && 'g-9' in claims.groups)");
}

#[test]
fn string_methods() {
    matches("claims.sub.startsWith('repo:acme/')");
    no_match("claims.sub.startsWith('repo:other/')");
    matches("claims.sub.endsWith(':ref:refs/heads/main')");
    matches("claims.sub.contains('acme/app')");
    no_match("claims.sub.contains('ACME')");
}

#[test]
fn the_documented_examples() {
    matches("claims.iss == \"https://my.issuer.com\"");
    matches("claims.aud == \"confluent\" && claims.group != \"invalid_group\"");
    matches("claims.aud == 'confluent' && 'OrgAdminRole' in claims.roles");
    matches("'g-1' in claims.groups");
    no_match("claims.aud == '<client-id>' && 'OrgAdminRole' in claims.roles");
}

#[test]
fn multi_line_filters_and_comments() {
    matches("claims.aud == 'confluent' // the audience\n  && 'g-1' in claims.groups");
}

// ---- evaluation errors are no match ----------------------------------------------------

#[test]
fn missing_claims_are_errors_that_do_not_match() {
    let message = error("claims.department == 'eng'");
    assert!(message.contains("department"), "{message}");
    let message = error("'x' in claims.teams");
    assert!(message.contains("teams"), "{message}");
    let message = error("claims.org.nope.deeper == 1");
    assert!(message.contains("nope"), "{message}");
    assert!(!eval("claims.nope == 'x'").matched());
    assert_eq!(eval("claims.nope == 'x'").as_bool(), None);
}

#[test]
fn type_errors_and_non_boolean_results_are_errors() {
    let message = error("claims.exp.startsWith('1')");
    assert!(message.contains("startsWith"), "{message}");
    assert!(error("'a' in claims.aud").contains("@in"));
    assert_eq!(
        error("claims.aud"),
        "the filter evaluates to \"confluent\" (a string), not to true or false"
    );
    assert!(error("undefined_variable == 1").contains("undefined_variable"));
}

#[test]
fn an_error_on_one_side_of_or_and_and_follows_cel() {
    // CEL's logical operators absorb an error when the other side decides the result.
    matches("claims.nope == 'x' || claims.aud == 'confluent'");
    no_match("claims.nope == 'x' && claims.aud == 'kafka'");
    assert!(eval("claims.nope == 'x' || claims.aud == 'kafka'").error().is_some());
}

#[test]
fn claims_must_be_an_object() {
    let error = Bindings::claims(&json!("text")).unwrap_err();
    assert_eq!(error.to_string(), "the claims are a string, not a JSON object");
}

#[test]
fn one_compiled_filter_evaluates_many_tokens() {
    let filter = CompiledFilter::compile("'g-1' in claims.groups", FilterMode::Claims).unwrap();
    for (groups, expected) in [(json!(["g-1"]), true), (json!([]), false), (json!(["g-2"]), false)]
    {
        let bindings = Bindings::claims(&json!({ "groups": groups })).unwrap();
        assert_eq!(filter.evaluate(&bindings).as_bool(), Some(expected));
    }
}

// ---- compile errors --------------------------------------------------------------------

#[test]
fn compile_errors_carry_line_column_and_a_caret() {
    let error = CompiledFilter::compile("claims.aud ==", FilterMode::Claims).unwrap_err();
    assert_eq!(error.code, "filter_syntax");
    assert_eq!((error.line, error.column), (1, 14));
    assert!(error.message.contains("the filter ends where it expects"), "{}", error.message);
    assert_eq!(error.source_line, "claims.aud ==");
    assert_eq!(error.caret(), "             ^");
    assert_eq!(error.render(), "| claims.aud ==\n|              ^");

    let error =
        CompiledFilter::compile("claims.aud == 'kafka' &&\n\tclaims.x ==== 1", FilterMode::Claims)
            .unwrap_err();
    assert_eq!((error.line, error.column), (2, 13));
    assert_eq!(error.source_line, "\tclaims.x ==== 1");
    assert_eq!(error.caret(), "\t           ^");
    assert!(error.to_string().starts_with("2:13: "), "{error}");
}

#[test]
fn columns_count_characters_not_bytes() {
    let error = CompiledFilter::compile("claims.é == 'ü' = 1", FilterMode::Claims).unwrap_err();
    assert_eq!((error.line, error.column), (1, 8));
}

#[test]
fn an_empty_oauth_filter_does_not_compile() {
    let error = CompiledFilter::compile("  ", FilterMode::Claims).unwrap_err();
    assert_eq!(error.code, "filter_empty");
}

#[test]
fn unclosed_strings_and_parentheses_are_syntax_errors() {
    for source in ["claims.aud == 'kafka", "(claims.aud == 'kafka'", "claims.aud == 'a')", "&&"] {
        let error = CompiledFilter::compile(source, FilterMode::Claims).unwrap_err();
        assert_eq!(error.code, "filter_syntax", "{source}");
    }
}

// ---- explanations ----------------------------------------------------------------------

fn explain(source: &str) -> Vec<(usize, String, String)> {
    let filter = CompiledFilter::compile(source, FilterMode::Claims).unwrap();
    let explanation = filter.explain(&Bindings::claims(&token()).unwrap());
    assert_eq!(explanation.result, filter.evaluate(&Bindings::claims(&token()).unwrap()));
    explanation
        .steps
        .into_iter()
        .map(|step| {
            let outcome = match step.outcome {
                StepOutcome::Value { value } => value,
                StepOutcome::Error { message } => format!("error: {message}"),
                StepOutcome::NotEvaluated { reason } => format!("not evaluated: {reason}"),
            };
            (step.depth, step.expression, outcome)
        })
        .collect()
}

fn step(depth: usize, expression: &str, outcome: &str) -> (usize, String, String) {
    (depth, expression.to_owned(), outcome.to_owned())
}

#[test]
fn explains_and_with_short_circuit() {
    assert_eq!(
        explain("claims.aud == 'kafka' && 'g-1' in claims.groups"),
        vec![
            step(0, "claims.aud == 'kafka' && 'g-1' in claims.groups", "false"),
            step(1, "claims.aud == 'kafka'", "false"),
            step(2, "claims.aud", "\"confluent\""),
            step(
                1,
                "'g-1' in claims.groups",
                "not evaluated: the left side is false, which decides `&&`"
            ),
        ]
    );
}

#[test]
fn explains_or_with_short_circuit_and_both_sides() {
    assert_eq!(
        explain("claims.aud == 'confluent' || claims.nope == 1"),
        vec![
            step(0, "claims.aud == 'confluent' || claims.nope == 1", "true"),
            step(1, "claims.aud == 'confluent'", "true"),
            step(2, "claims.aud", "\"confluent\""),
            step(1, "claims.nope == 1", "not evaluated: the left side is true, which decides `||`"),
        ]
    );
    assert_eq!(
        explain("claims.nope == 1 || claims.aud == 'x'"),
        vec![
            step(0, "claims.nope == 1 || claims.aud == 'x'", "error: No such key: nope"),
            step(1, "claims.nope == 1", "error: No such key: nope"),
            step(2, "claims.nope", "error: No such key: nope"),
            step(1, "claims.aud == 'x'", "false"),
            step(2, "claims.aud", "\"confluent\""),
        ]
    );
}

#[test]
fn explains_not_calls_has_and_in() {
    assert_eq!(
        explain("!(claims.sub.startsWith('repo:other/')) && has(claims.org.meta)"),
        vec![
            step(0, "!(claims.sub.startsWith('repo:other/')) && has(claims.org.meta)", "true"),
            step(1, "!(claims.sub.startsWith('repo:other/'))", "true"),
            step(2, "claims.sub.startsWith('repo:other/')", "false"),
            step(3, "claims.sub", "\"repo:acme/app:ref:refs/heads/main\""),
            step(1, "has(claims.org.meta)", "true"),
            step(
                2,
                "claims.org",
                "{\"id\": \"o-7\", \"meta\": {\"tier\": \"gold\"}, \"teams\": [\"red\", \"blue\"]}"
            ),
        ]
    );
    assert_eq!(
        explain("claims.aud in ['a', 'b']"),
        vec![step(0, "claims.aud in ['a', 'b']", "false"), step(1, "claims.aud", "\"confluent\""),]
    );
    assert_eq!(
        explain("size(claims.groups) > 1"),
        vec![
            step(0, "size(claims.groups) > 1", "true"),
            step(1, "size(claims.groups)", "2"),
            step(2, "claims.groups", "[\"g-1\", \"g-2\"]"),
        ]
    );
}

#[test]
fn explains_operands_skipped_after_an_error() {
    // A method's arguments are evaluated before its receiver; the first error stops it.
    assert_eq!(
        explain("claims.nope.startsWith(claims.missing)"),
        vec![
            step(0, "claims.nope.startsWith(claims.missing)", "error: No such key: missing"),
            step(1, "claims.nope", "not evaluated: an argument failed first"),
            step(2 - 1, "claims.missing", "error: No such key: missing"),
        ]
    );
    assert_eq!(
        explain("claims.nope == claims.missing"),
        vec![
            step(0, "claims.nope == claims.missing", "error: No such key: nope"),
            step(1, "claims.nope", "error: No such key: nope"),
            step(1, "claims.missing", "not evaluated: an earlier operand failed"),
        ]
    );
}

#[test]
fn explains_conditionals_and_macros() {
    assert_eq!(
        explain("claims.email_verified ? claims.aud == 'confluent' : claims.nope"),
        vec![
            step(0, "claims.email_verified ? claims.aud == 'confluent' : claims.nope", "true"),
            step(1, "claims.email_verified", "true"),
            step(1, "claims.aud == 'confluent'", "true"),
            step(2, "claims.aud", "\"confluent\""),
            step(1, "claims.nope", "not evaluated: the condition is true"),
        ]
    );
    assert_eq!(
        explain("claims.groups.exists(g, g.startsWith('g-'))"),
        vec![
            step(0, "claims.groups.exists(g, g.startsWith('g-'))", "true"),
            step(1, "claims.groups", "[\"g-1\", \"g-2\"]"),
        ]
    );
}

#[test]
fn explanation_spans_point_into_the_source() {
    let source = "claims.aud == 'x' && 'g-1' in claims.groups";
    let filter = CompiledFilter::compile(source, FilterMode::Claims).unwrap();
    let explanation = filter.explain(&Bindings::claims(&token()).unwrap());
    for step in explanation.steps {
        let span = step.span.unwrap();
        assert_eq!(&source[span.start..span.end], step.expression);
    }
}

// ---- lints -----------------------------------------------------------------------------

fn lint_codes(source: &str) -> Vec<&'static str> {
    CompiledFilter::compile(source, FilterMode::Claims)
        .unwrap()
        .lints()
        .iter()
        .map(|lint| lint.code)
        .collect()
}

fn lint_messages(source: &str, mode: FilterMode) -> Vec<String> {
    CompiledFilter::compile(source, mode)
        .unwrap()
        .lints()
        .iter()
        .map(|lint| lint.message.clone())
        .collect()
}

#[test]
fn documented_filters_have_no_lints() {
    for source in [
        "claims.iss == \"https://my.issuer.com\"",
        "claims.aud == 'confluent' && claims.group != 'invalid_group'",
        "claims.aud == 'c' && 'OrgAdminRole' in claims.roles",
        "'g' in claims.groups || claims.aud in ['a', 'b']",
        "has(claims.x) && !(claims.sub.startsWith('a') || claims.sub.endsWith('b'))",
        "claims.sub.contains('x')",
    ] {
        assert_eq!(lint_codes(source), Vec::<&str>::new(), "{source}");
    }
}

#[test]
fn undocumented_functions_macros_and_operators_are_warned_once_each() {
    let messages = lint_messages(
        "size(claims.groups) > 1 && size(claims.roles) < 5 && claims.groups.all(g, g.size() > 0) \
         && claims.exp + 1 > 0 && claims['x-tenant'].matches('t.*') && {'a': 1}.a == 1",
        FilterMode::Claims,
    );
    let names: Vec<&str> =
        messages.iter().map(|message| message.split(" is not among").next().unwrap()).collect();
    assert_eq!(
        names,
        [
            "size()",
            "the > operator",
            "the < operator",
            "the all() macro",
            "the + operator",
            "the […] (index) operator",
            "matches()",
            "a map literal",
        ]
    );
    assert!(
        messages[0].ends_with(
            "Confluent Cloud documents for OAuth pool filters: it may refuse this filter"
        )
    );
    for macro_name in ["exists", "exists_one", "map", "filter"] {
        let source = format!("claims.groups.{macro_name}(g, g == 'a') == claims.groups");
        let messages = lint_messages(&source, FilterMode::Claims);
        assert!(
            messages.iter().any(|m| m.starts_with(&format!("the {macro_name}() macro"))),
            "{macro_name}: {messages:?}"
        );
        assert!(!messages.iter().any(|m| m.contains("+") || m.contains("?:")), "{messages:?}");
    }
    let messages = lint_messages("claims.aud == 'x' ? true : -claims.exp < 0", FilterMode::Claims);
    assert_eq!(messages.len(), 3, "{messages:?}");
}

#[test]
fn certificate_filters_have_their_own_documented_list() {
    assert_eq!(
        lint_messages(
            "CN == 'x' && OU.startsWith('kafka') && O in ['a', 'b']",
            FilterMode::Certificate
        ),
        Vec::<String>::new()
    );
    let messages = lint_messages("has(CN.x)", FilterMode::Certificate);
    assert_eq!(messages.len(), 1);
    assert!(messages[0].starts_with(
        "has() is not among what Confluent Cloud documents for certificate pool filters"
    ));
}

#[test]
fn filters_over_300_characters_are_warned() {
    let long = ["claims.aud == 'confluent'"; 12].join(" && ");
    assert!(long.len() > 300);
    assert_eq!(lint_codes(&long), ["filter_over_300_characters"]);
    let just_under = format!("claims.aud == '{}'", "a".repeat(300 - 16));
    assert_eq!(just_under.chars().count(), 300);
    assert!(lint_codes(&just_under).is_empty());
}

#[test]
fn constant_true_filters_are_warned() {
    for source in [
        "true",
        "1 == 1",
        "true || claims.aud == 'x'",
        "claims.aud == 'x' || true",
        "!false",
        "'a' in ['a']",
    ] {
        assert!(lint_codes(source).contains(&"filter_always_true"), "{source}");
    }
    for source in [
        "claims.aud == 'x'",
        "false",
        "true && claims.aud == 'x'",
        "has(claims.x) || true == false",
    ] {
        assert!(!lint_codes(source).contains(&"filter_always_true"), "{source}");
    }
}

#[test]
fn shared_issuers_require_a_condition_on_sub_or_aud() {
    assert_eq!(shared_issuer("https://accounts.google.com"), Some("Google"));
    assert_eq!(shared_issuer("accounts.google.com"), Some("Google"));
    assert_eq!(shared_issuer(" HTTPS://Accounts.Google.com/ "), Some("Google"));
    assert_eq!(shared_issuer("https://gitlab.com.evil.example"), None);
    assert_eq!(
        shared_issuer("https://token.actions.githubusercontent.com/"),
        Some("GitHub Actions")
    );
    assert_eq!(shared_issuer("https://my-tenant.okta.com/oauth2/default"), None);
    assert_eq!(shared_issuer("https://login.microsoftonline.com/abc/v2.0"), None);

    let lint = |source: &str, issuer: &str| {
        CompiledFilter::compile(source, FilterMode::Claims).unwrap().shared_issuer_lint(issuer)
    };
    let github = "https://token.actions.githubusercontent.com";
    let refused = lint("claims.repository_owner == 'acme'", github).unwrap();
    assert_eq!(refused.code, "filter_shared_issuer_unconstrained");
    assert_eq!(refused.severity, poolcheck_core::Severity::Error);
    assert!(refused.message.contains("GitHub Actions"), "{}", refused.message);
    for unconstrained in [
        "claims.sub != 'x'",
        "has(claims.sub)",
        "claims.sub == ''",
        "claims.sub.startsWith('repo:acme/') || claims.repository_owner == 'acme'",
        "!(claims.aud == 'x')",
        "claims.subject == 'x'",
    ] {
        assert!(lint(unconstrained, github).is_some(), "{unconstrained}");
    }
    for constrained in [
        "claims.sub == 'repo:acme/app:ref:refs/heads/main'",
        "'repo:acme/app:ref:refs/heads/main' == claims.sub",
        "claims.aud == 'my-client' && claims.email_verified",
        "claims.sub.startsWith('repo:acme/') && claims.ref == 'refs/heads/main'",
        "claims.aud in ['a', 'b']",
        "'my-client' in claims.aud",
        "claims.sub.startsWith('repo:acme/') || claims.aud == 'x'",
    ] {
        assert_eq!(lint(constrained, github), None, "{constrained}");
    }
    assert_eq!(lint("claims.repository_owner == 'acme'", "https://acme.okta.com"), None);
    // Certificate filters have no issuer.
    let cert = CompiledFilter::compile("CN == 'x'", FilterMode::Certificate).unwrap();
    assert_eq!(cert.shared_issuer_lint(github), None);
}

#[test]
fn claims_the_token_lacks_are_named() {
    let filter = CompiledFilter::compile(
        "claims.aud == 'confluent' && 'g' in claims.teams && claims['x-y'] == 1 \
         && claims.org.meta.region == 'eu' && claims.aud.x == 1 && claims.groups[5] == 'a' \
         && claims.teams == []",
        FilterMode::Claims,
    )
    .unwrap();
    let messages: Vec<String> = filter
        .missing_inputs(&Bindings::claims(&token()).unwrap())
        .into_iter()
        .map(|lint| lint.message)
        .collect();
    assert_eq!(
        messages,
        [
            "the filter reads claims.teams, which the token does not have",
            "the filter reads claims[\"x-y\"], which the token does not have",
            "the filter reads claims.org.meta.region, which the token does not have",
            "the filter reads claims.aud.x, but claims.aud is a string",
            "the filter reads claims.groups[5], which the token does not have",
        ]
    );
}

#[test]
fn claims_guarded_by_has_or_bound_by_macros_are_not_missing() {
    let filter = CompiledFilter::compile(
        "(has(claims.teams) && 'g' in claims.teams) || claims.groups.exists(g, g.x == 1)",
        FilterMode::Claims,
    )
    .unwrap();
    assert!(filter.missing_inputs(&Bindings::claims(&token()).unwrap()).is_empty());
    let filter = CompiledFilter::compile("has(claims.nope.x)", FilterMode::Claims).unwrap();
    let lints = filter.missing_inputs(&Bindings::claims(&token()).unwrap());
    assert_eq!(lints.len(), 1);
    assert_eq!(lints[0].message, "the filter reads claims.nope, which the token does not have");
}

#[test]
fn reading_anything_but_claims_in_an_oauth_filter_is_named() {
    let filter = CompiledFilter::compile("token.aud == 'x'", FilterMode::Claims).unwrap();
    let lints = filter.missing_inputs(&Bindings::claims(&token()).unwrap());
    assert_eq!(
        lints[0].message,
        "the filter reads token, which is not defined: OAuth pool filters read claims"
    );
}

#[test]
fn report_combines_result_explanation_and_lints() {
    let filter =
        CompiledFilter::compile("claims.teams == ['a'] || true", FilterMode::Claims).unwrap();
    let report =
        filter.report(&Bindings::claims(&token()).unwrap(), Some("https://accounts.google.com"));
    assert_eq!(report.result, Some(true));
    assert_eq!(report.error, None);
    let codes: Vec<&str> = report.lints.iter().map(|lint| lint.code).collect();
    assert_eq!(
        codes,
        ["filter_always_true", "filter_reads_missing", "filter_shared_issuer_unconstrained"]
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["mode"], "claims");
    assert_eq!(json["explanation"][0]["outcome"]["kind"], "value");
    assert_eq!(json["explanation"][0]["depth"], 0);
    assert_eq!(json["explanation"][0]["span"]["start"], 0);

    let report = CompiledFilter::compile("claims.nope == 1", FilterMode::Claims)
        .unwrap()
        .report(&Bindings::claims(&token()).unwrap(), None);
    assert_eq!(report.result, None);
    assert_eq!(report.error.as_deref(), Some("No such key: nope"));
}

// ---- certificate mode ------------------------------------------------------------------

fn certificate() -> Bindings {
    let attributes =
        json!({"CN": "billing-app", "OU": "kafka-clients", "O": "Confluent", "C": "Canada"});
    Bindings::certificate(attributes.as_object().unwrap()).unwrap()
}

fn cert_eval(source: &str) -> FilterResult {
    CompiledFilter::compile(source, FilterMode::Certificate).unwrap().evaluate(&certificate())
}

#[test]
fn certificate_filters_read_bare_attribute_names() {
    assert_eq!(cert_eval("CN == 'billing-app'"), FilterResult::Match);
    assert_eq!(cert_eval("C == 'Canada' && O == 'Confluent'"), FilterResult::Match);
    assert_eq!(cert_eval("OU.startsWith(\"kafka\")"), FilterResult::Match);
    assert_eq!(cert_eval("CN == 'other'"), FilterResult::NoMatch);
    // Case-sensitive names and values.
    assert_eq!(cert_eval("CN == 'Billing-App'"), FilterResult::NoMatch);
    assert!(cert_eval("cn == 'billing-app'").error().is_some());
}

#[test]
fn an_empty_certificate_filter_is_false() {
    let filter = CompiledFilter::compile("", FilterMode::Certificate).unwrap();
    assert_eq!(filter.evaluate(&certificate()), FilterResult::NoMatch);
    let explanation = filter.explain(&certificate());
    assert_eq!(explanation.result, FilterResult::NoMatch);
    assert_eq!(explanation.steps.len(), 1);
    assert!(filter.lints().is_empty());
}

#[test]
fn reading_an_attribute_the_certificate_lacks_is_an_error_and_a_lint() {
    let filter =
        CompiledFilter::compile("UID == 'u1' || CN == 'billing-app'", FilterMode::Certificate)
            .unwrap();
    // CEL's || absorbs the error when the other side is true.
    assert_eq!(filter.evaluate(&certificate()), FilterResult::Match);
    let filter = CompiledFilter::compile("UID == 'u1'", FilterMode::Certificate).unwrap();
    let result = filter.evaluate(&certificate());
    assert_eq!(result.error(), Some("Undeclared reference to 'UID'"));
    let lints = filter.missing_inputs(&certificate());
    assert_eq!(lints[0].message, "the filter reads UID, which the certificate does not have");
}

// ---- guards ----------------------------------------------------------------------------

/// Runs `work` on a thread with a 512 KiB stack: half of what wasm gets.
fn on_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(512 * 1024).spawn(work).unwrap().join().unwrap()
}

fn compile_and_run(source: String) -> Result<FilterResult, &'static str> {
    let filter = CompiledFilter::compile(&source, FilterMode::Claims).map_err(|e| e.code)?;
    let bindings = Bindings::claims(&json!({"a": {"b": 1}})).unwrap();
    let result = filter.evaluate(&bindings);
    let explanation = filter.explain(&bindings);
    assert_eq!(explanation.result, result);
    let _ = filter.missing_inputs(&bindings);
    let _ = filter.shared_issuer_lint("https://accounts.google.com");
    Ok(result)
}

#[test]
fn nesting_at_the_limit_compiles_and_runs_on_a_small_stack() {
    // Brackets alone; brackets with one operator each; brackets with a `?` each.
    let levels = (MAX_NESTING / BRACKET_WEIGHT) as usize;
    let with_op = (MAX_NESTING / (BRACKET_WEIGHT + 1)) as usize;
    let with_question = (MAX_NESTING / (2 * BRACKET_WEIGHT)) as usize;
    let shapes: Vec<String> = vec![
        format!("{}true{}", "(".repeat(levels), ")".repeat(levels)),
        format!("{}true{}", "!(".repeat(with_op), ")".repeat(with_op)),
        format!("{}1{} == 1", "-(".repeat(with_op - 1), ")".repeat(with_op - 1)),
        format!("{}1{} == 1", "[".repeat(levels - 1), "]".repeat(levels - 1)),
        format!("{}1{} == 1", "{1: ".repeat(levels - 1), "}".repeat(levels - 1)),
        format!("{}'a'{}", "'a'.startsWith(".repeat(with_op), ")".repeat(with_op)),
        format!("{}true{}", "true ? (".repeat(with_question), ") : false".repeat(with_question)),
        format!("1{} > 0", " + 1".repeat(MAX_NESTING as usize - 1)),
        format!("1{}", " == 1".repeat(MAX_NESTING as usize)),
        format!("claims.a{} == 1", ".b".repeat(MAX_NESTING as usize - 2)),
        format!("[1]{} == 1", "[0]".repeat((MAX_NESTING - 1 - BRACKET_WEIGHT) as usize)),
        format!("{}true", "!".repeat(MAX_NESTING as usize)),
        format!("{}1 == 1", "-".repeat(MAX_NESTING as usize - 1)),
        // A syntax error at the bottom makes the parser recover there.
        format!("{}claims.a == == {}", "(".repeat(levels - 1), ")".repeat(levels - 1)),
        // Long but flat: && and || chains are balanced trees.
        vec!["claims.a.b == 1"; 200].join(" && "),
        vec!["claims.a.b == 1"; 200].join(" || "),
        // Mixed: brackets and operators on one path.
        format!("{}claims.a.b{}", "(1 + ".repeat(with_op - 1), ")".repeat(with_op - 1)),
    ];
    for source in shapes {
        let shown = source.chars().take(40).collect::<String>();
        let outcome = on_small_stack(move || compile_and_run(source));
        assert!(matches!(outcome, Ok(_) | Err("filter_syntax")), "{shown}…: {outcome:?}");
    }
}

#[test]
fn nesting_past_the_limit_is_refused_before_parsing() {
    let shapes: Vec<String> = vec![
        format!("{}true{}", "(".repeat(1000), ")".repeat(1000)),
        format!("{}1{} == 1", "[".repeat(500), "]".repeat(500)),
        format!("{}true{}", "!(".repeat(1000), ")".repeat(1000)),
        format!("1{} > 0", " + 1".repeat(800)),
        format!("claims.a{} == 1", ".b".repeat(1500)),
        format!("{}true", "!".repeat(4000)),
        format!("{}1", "-".repeat(4000)),
        format!("{}1", "true ? 1 : ".repeat(300)),
        "(".repeat(4000),
        format!("{}'unterminated", "(".repeat(100)),
    ];
    for source in shapes {
        let shown = source.chars().take(40).collect::<String>();
        let outcome = on_small_stack(move || compile_and_run(source));
        assert_eq!(outcome, Err("filter_too_deep"), "{shown}…");
    }
}

#[test]
fn too_deep_errors_point_where_the_limit_was_passed() {
    let error = CompiledFilter::compile(
        &format!("claims.a == 1 &&\n{}", "(".repeat(50)),
        FilterMode::Claims,
    )
    .unwrap_err();
    assert_eq!(error.code, "filter_too_deep");
    assert_eq!((error.line, error.column), (2, 36));
}

#[test]
fn index_chains_are_refused_past_the_limit() {
    let chain = |indexes: usize| format!("claims.l{} == 1", "[0]".repeat(indexes));
    let error = CompiledFilter::compile(&chain(1000), FilterMode::Claims).unwrap_err();
    assert_eq!(error.code, "filter_too_deep");
    assert!(error.message.contains(&format!("more than {MAX_NESTING} levels")), "{error}");
    // `.l`, `==` and the bracket weight of the deepest index's contents come on top.
    let room = (MAX_NESTING - 2 - BRACKET_WEIGHT) as usize;
    let over = chain(room + 1);
    assert_eq!(on_small_stack(move || compile_and_run(over)), Err("filter_too_deep"));
    let under = chain(room);
    assert!(on_small_stack(move || compile_and_run(under)).is_ok());
}

fn compiles_and_matches(source: String) {
    let shown = source.chars().take(40).collect::<String>();
    let outcome = on_small_stack(move || compile_and_run(source));
    assert_eq!(outcome, Ok(FilterResult::Match), "{shown}…");
}

#[test]
fn harmless_nesting_is_accepted() {
    // A balanced tree of `(A || B)` five levels deep; the last leaf matches.
    let leaves = ["claims.aud == 'kafka'", "claims.a.b == 1"];
    let mut tree = leaves.map(str::to_owned);
    for _ in 0..5 {
        tree = [format!("({} || {})", tree[0], tree[0]), format!("({} || {})", tree[0], tree[1])];
    }
    compiles_and_matches(tree[1].clone());
    // From the CEL conformance suite's parse tests (cel-spec, section `parse`).
    compiles_and_matches(format!("({}7{}) == 7", "(".repeat(32), ")".repeat(32)));
    compiles_and_matches(format!("{}true", "true ? true : ".repeat(30)));
}

#[test]
fn long_logical_chains_compile_or_are_refused() {
    for joiner in ["||", "&&"] {
        // The parser balances `&&` and `||` chains into trees, so they are shallow.
        let source = vec!["a"; 1000].join(joiner);
        let outcome = on_small_stack(move || compile_and_run(source));
        assert!(matches!(outcome, Ok(FilterResult::Error { .. })), "{outcome:?}");
        let source = vec!["claims.a.b == 1"; 200].join(joiner);
        compiles_and_matches(source);
        let source = vec!["true"; 1000].join(joiner);
        let outcome = on_small_stack(move || compile_and_run(source));
        assert_eq!(outcome, Err("filter_too_long"));
    }
}

#[test]
fn overlong_filters_are_refused() {
    let source = format!("claims.a == '{}'", "x".repeat(MAX_FILTER_CHARS));
    let error = CompiledFilter::compile(&source, FilterMode::Claims).unwrap_err();
    assert_eq!(error.code, "filter_too_long");
    assert_eq!(error.column, MAX_FILTER_CHARS + 1);
    let at_limit = format!("claims.a == '{}'", "x".repeat(MAX_FILTER_CHARS - 14));
    assert_eq!(at_limit.chars().count(), MAX_FILTER_CHARS);
    assert!(CompiledFilter::compile(&at_limit, FilterMode::Claims).is_ok());
}

#[test]
fn macros_nested_three_deep_are_refused() {
    let two = "claims.l.all(a, claims.l.all(b, a == b))";
    assert!(CompiledFilter::compile(two, FilterMode::Claims).is_ok());
    let three = "claims.l.all(a, claims.l.all(b, claims.l.all(c, a == c)))";
    let error = CompiledFilter::compile(three, FilterMode::Claims).unwrap_err();
    assert_eq!(error.code, "filter_macros_too_deep");
}

#[test]
fn deep_claims_evaluate_on_a_small_stack() {
    let mut value = json!("leaf");
    for _ in 0..MAX_VALUE_DEPTH - 1 {
        value = json!({ "n": value });
    }
    let outcome = on_small_stack(move || {
        let claims = json!({ "deep": value });
        let filter = CompiledFilter::compile(
            "claims.deep == claims.deep && has(claims.deep.n)",
            FilterMode::Claims,
        )
        .unwrap();
        filter.explain(&Bindings::claims(&claims).unwrap()).result
    });
    assert_eq!(outcome, FilterResult::Match);
}

// ---- work budget -----------------------------------------------------------------------

fn list_of(count: usize) -> Value {
    Value::Array((0..count).map(|i| json!(i)).collect())
}

#[test]
fn hostile_macros_over_large_lists_are_refused_quickly_with_the_budget_named() {
    let claims = json!({ "l": list_of(10_000) });
    for source in [
        "claims.l.all(x, claims.l.all(y, y >= 0))",
        "size(claims.l.map(x, claims.l.map(y, y))) > 0",
    ] {
        let started = std::time::Instant::now();
        let filter = CompiledFilter::compile(source, FilterMode::Claims).unwrap();
        let bindings = Bindings::claims(&claims).unwrap();
        let result = filter.evaluate(&bindings);
        let message = result.error().unwrap_or_else(|| panic!("{source}: {result:?}"));
        assert!(
            message.starts_with(&format!(
                "evaluation exceeded its budget of {MAX_EVALUATION_COST} steps"
            )),
            "{message}"
        );
        assert!(!result.matched());
        let report = filter.report(&bindings, None);
        assert_eq!(report.result, None, "an evaluation error, which counts as no match");
        assert_eq!(report.error.as_deref(), Some(message));
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{source}");
    }
}

#[test]
fn realistic_filters_over_large_tokens_evaluate_normally() {
    let groups: Vec<String> = (0..500).map(|i| format!("kafka-team-{i}")).collect();
    let mut with_g = groups.clone();
    with_g[499] = "g".to_owned();
    assert_eq!(
        eval_with("'g' in claims.groups", &json!({ "groups": with_g })),
        FilterResult::Match
    );
    assert_eq!(
        eval_with("claims.groups.exists(g, g.startsWith('kafka-'))", &json!({ "groups": groups })),
        FilterResult::Match
    );
    let hundred = list_of(100);
    assert_eq!(
        eval_with(
            "claims.a.all(x, claims.b.exists(y, y == x))",
            &json!({ "a": hundred, "b": hundred })
        ),
        FilterResult::Match
    );
}

#[test]
fn macros_over_a_map_of_a_list_multiply() {
    let claims = json!({ "l": list_of(2_000) });
    let result = eval_with("claims.l.map(x, x).all(y, claims.l.exists(z, z == y))", &claims);
    let message = result.error().unwrap_or_default();
    assert!(message.contains("budget"), "{message}");
    assert!(eval_with("claims.l.map(x, x).all(y, y >= 0)", &claims).matched());
}
