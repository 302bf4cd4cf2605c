//! The findings about the token, worst first, with a one-line verdict above them.

use poolcheck_core::{Problem, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsListProps {
    pub problems: Vec<Problem>,
}

#[component]
pub fn ProblemsList(props: &ProblemsListProps) -> Html {
    let mut problems: Vec<&Problem> = props.problems.iter().collect();
    // Stable: problems of one severity keep the decoder's order.
    problems.sort_by_key(|problem| problem.severity);
    let items = problems.into_iter().map(problem_item);
    html! {
        <div class="problems">
            <p class={classes!("verdict", verdict_class(&props.problems))}>{verdict(&props.problems)}</p>
            if !props.problems.is_empty() {
                <ul class="problem-list">{ for items }</ul>
            }
        </div>
    }
}

/// One finding as a list item; every list of problems in the app (token, keys, filter lints)
/// renders them this way.
pub fn problem_item(problem: &Problem) -> Html {
    let (icon, word) = severity_marks(problem.severity);
    html! {
        <li class={classes!("problem", severity_class(problem.severity))}>
            <span class="problem-icon" aria-hidden="true">{icon}</span>
            <span class="visually-hidden">{word}{": "}</span>
            <code class="problem-code">{problem.code}</code>
            {" "}
            <span class="problem-message">{problem.message.clone()}</span>
            if let Some(hint) = &problem.hint {
                <p class="problem-hint">{hint.clone()}</p>
            }
        </li>
    }
}

fn severity_marks(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("✖", "Error"),
        Severity::Warning => ("⚠", "Warning"),
        Severity::Info => ("ℹ", "Note"),
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn count(problems: &[Problem], severity: Severity) -> usize {
    problems.iter().filter(|problem| problem.severity == severity).count()
}

fn plural(count: usize, word: &str) -> String {
    match count {
        1 => format!("1 {word}"),
        _ => format!("{count} {word}s"),
    }
}

/// "2 errors, 1 warning" or "No problems found".
pub fn verdict(problems: &[Problem]) -> String {
    let parts: Vec<String> =
        [(Severity::Error, "error"), (Severity::Warning, "warning"), (Severity::Info, "note")]
            .into_iter()
            .map(|(severity, word)| (count(problems, severity), word))
            .filter(|(count, _)| *count > 0)
            .map(|(count, word)| plural(count, word))
            .collect();
    match parts.is_empty() {
        true => "No problems found".to_owned(),
        false => parts.join(", "),
    }
}

fn verdict_class(problems: &[Problem]) -> &'static str {
    match problems.iter().map(|problem| problem.severity).min() {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        _ => "ok",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_counts_by_severity() {
        assert_eq!(verdict(&[]), "No problems found");
        let problems = [
            Problem::warning("w", "w"),
            Problem::error("e", "e"),
            Problem::error("e", "e"),
            Problem::info("i", "i"),
        ];
        assert_eq!(verdict(&problems), "2 errors, 1 warning, 1 note");
        assert_eq!(verdict_class(&problems), "error");
        assert_eq!(verdict_class(&problems[..1]), "warning");
    }
}
