//! The verdict on the token's signature, the findings behind it, and the key table.

use poolcheck_core::verify::Verification;
use poolcheck_core::workspace::{KeysOutcome, NotChecked, SignatureReport};
use poolcheck_core::{Problem, Severity};
use yew::prelude::*;

use super::KeyTable;
use crate::components::problems_list::problem_item;

#[derive(Properties, PartialEq)]
pub struct SignatureViewProps {
    pub keys: KeysOutcome,
    pub signature: SignatureReport,
}

#[component]
pub fn SignatureView(props: &SignatureViewProps) -> Html {
    let verification = match &props.signature {
        SignatureReport::Checked(verification) => Some(verification.clone()),
        SignatureReport::NotChecked { .. } => None,
    };
    let mut problems: Vec<Problem> = Vec::new();
    match &props.keys {
        KeysOutcome::Unreadable(error) => {
            let problem = Problem::error("keys_unreadable", error.to_string());
            problems.push(match error.hint() {
                Some(hint) => problem.with_hint(hint),
                None => problem,
            });
        }
        // The discovery document has its own box under the Keys field.
        KeysOutcome::Set(set) if set.is_discovery() => {}
        KeysOutcome::Set(set) => problems.extend(set.problems.iter().cloned()),
        KeysOutcome::Empty => {}
    }
    if let Some(verification) = &verification {
        problems.extend(verification.problems.iter().cloned());
    }
    problems.sort_by_key(|problem| problem.severity);
    let (class, text) = verdict(&props.signature);
    html! {
        <section class="signature" aria-labelledby="signature-heading">
            <h3 id="signature-heading">{"Signature"}</h3>
            <p class={classes!("signature-verdict", class)} aria-live="polite">{text}</p>
            if !problems.is_empty() {
                <ul class="signature-problems">
                    { for problems.iter().map(problem_item) }
                </ul>
            }
            if let KeysOutcome::Set(set) = &props.keys {
                if !set.keys.is_empty() {
                    <div class="table-scroll">
                        <KeyTable keys={set.clone()} {verification} />
                    </div>
                }
            }
        </section>
    }
}

/// The verdict's class and text, e.g. "Signature valid — key kid-b (#2)".
pub fn verdict(signature: &SignatureReport) -> (&'static str, String) {
    let not_checked = |why: &str| ("unchecked", format!("Signature not checked: {why}"));
    match signature {
        SignatureReport::NotChecked { reason } => match reason {
            NotChecked::NoKeys => not_checked("paste keys"),
            NotChecked::KeysUnreadable => not_checked("the keys cannot be read"),
            NotChecked::DiscoveryDocument => {
                not_checked("a discovery document holds no keys; paste the key set it names")
            }
            NotChecked::NoToken => not_checked("paste a token"),
            NotChecked::Encrypted => not_checked("an encrypted token (JWE) has no signature"),
        },
        SignatureReport::Checked(verification) => checked_verdict(verification),
    }
}

fn checked_verdict(verification: &Verification) -> (&'static str, String) {
    if let Some(key) = &verification.key {
        let number = key.index.saturating_add(1);
        let text = match &key.kid {
            Some(kid) => format!("Signature valid — key {kid} (#{number})"),
            None => format!("Signature valid — key #{number}"),
        };
        return ("valid", text);
    }
    // The core ends with one error saying why (or, for a refused token, has only that error).
    let why = verification
        .problems
        .iter()
        .rev()
        .find(|problem| problem.severity == Severity::Error)
        .map_or("no key verified it", |problem| problem.message.as_str());
    ("invalid", format!("Signature not valid: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    use poolcheck_core::keys::parse_keys;
    use poolcheck_core::verify::verify_pasted;

    const JWKS_THREE: &str = include_str!("../../../tests/fixtures/keys/jwks-three.json");
    const PS256: &str = include_str!("../../../tests/fixtures/keys/tokens/PS256.jwt");
    const RS384: &str = include_str!("../../../tests/fixtures/keys/tokens/RS384.jwt");

    fn checked(token: &str) -> SignatureReport {
        let keys = parse_keys(JWKS_THREE, None).unwrap();
        SignatureReport::Checked(Rc::new(verify_pasted(token, &keys)))
    }

    #[test]
    fn the_verdict_names_the_key_or_the_reason() {
        assert_eq!(
            verdict(&checked(PS256)),
            ("valid", "Signature valid — key rsa-2048-b (#3)".into())
        );
        assert_eq!(
            verdict(&checked(RS384)),
            ("invalid", "Signature not valid: no key has kid \"rsa-3072\"".into())
        );
        assert_eq!(
            verdict(&SignatureReport::NotChecked { reason: NotChecked::NoKeys }),
            ("unchecked", "Signature not checked: paste keys".into())
        );
    }
}
