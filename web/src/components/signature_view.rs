//! The verdict on the token's signature, the findings behind it, and the key table.

use std::rc::Rc;

use poolcheck_core::verify::Verification;
use poolcheck_core::{Problem, Severity};
use yew::prelude::*;

use crate::components::problems_list::problem_item;

use super::KeyTable;
use crate::keys_state::{KeysState, NotChecked, ParsedKeys, SharedKeySet, Signature};

#[derive(Properties, PartialEq)]
pub struct SignatureViewProps {
    pub keys: Rc<KeysState>,
}

#[function_component]
pub fn SignatureView(props: &SignatureViewProps) -> Html {
    let keys = &props.keys;
    let verification = match &keys.signature {
        Signature::Checked(verification) => Some(verification.clone()),
        Signature::NotChecked(_) => None,
    };
    let mut problems: Vec<Problem> = Vec::new();
    if let ParsedKeys::Unreadable(error) = &keys.parsed {
        let problem = Problem::error("keys_unreadable", error.to_string());
        problems.push(match error.hint() {
            Some(hint) => problem.with_hint(hint),
            None => problem,
        });
    }
    if let ParsedKeys::Set(SharedKeySet(set)) = &keys.parsed {
        // The discovery document has its own box under the Keys field.
        problems.extend(
            set.problems.iter().filter(|problem| problem.code != "discovery_document").cloned(),
        );
    }
    if let Some(verification) = &verification {
        problems.extend(verification.problems.iter().cloned());
    }
    problems.sort_by_key(|problem| problem.severity);
    let (class, text) = verdict(&keys.signature);
    html! {
        <section class="signature" aria-labelledby="signature-heading">
            <h3 id="signature-heading">{"Signature"}</h3>
            <p class={classes!("signature-verdict", class)} aria-live="polite">{text}</p>
            if !problems.is_empty() {
                <ul class="signature-problems">
                    { for problems.iter().map(problem_item) }
                </ul>
            }
            if let ParsedKeys::Set(set) = &keys.parsed {
                if !set.0.keys.is_empty() {
                    <div class="table-scroll">
                        <KeyTable keys={set.clone()} {verification} />
                    </div>
                }
            }
        </section>
    }
}

/// The verdict's class and text, e.g. "Signature valid — key kid-b (#2)".
pub fn verdict(signature: &Signature) -> (&'static str, String) {
    let not_checked = |why: &str| ("unchecked", format!("Signature not checked: {why}"));
    match signature {
        Signature::NotChecked(NotChecked::NoKeys) => not_checked("paste keys"),
        Signature::NotChecked(NotChecked::KeysUnreadable) => not_checked("the keys cannot be read"),
        Signature::NotChecked(NotChecked::DiscoveryDocument) => {
            not_checked("a discovery document holds no keys; paste the key set it names")
        }
        Signature::NotChecked(NotChecked::NoToken) => not_checked("paste a token"),
        Signature::NotChecked(NotChecked::Encrypted) => {
            not_checked("an encrypted token (JWE) has no signature")
        }
        Signature::Checked(verification) => checked_verdict(verification),
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
    use poolcheck_core::keys::parse_keys;
    use poolcheck_core::verify::verify;

    const JWKS_THREE: &str = include_str!("../../../tests/fixtures/keys/jwks-three.json");
    const PS256: &str = include_str!("../../../tests/fixtures/keys/tokens/PS256.jwt");
    const RS384: &str = include_str!("../../../tests/fixtures/keys/tokens/RS384.jwt");

    fn checked(token: &str) -> Signature {
        let keys = parse_keys(JWKS_THREE, None).unwrap();
        Signature::Checked(Rc::new(verify(token, &keys)))
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
            verdict(&Signature::NotChecked(NotChecked::NoKeys)),
            ("unchecked", "Signature not checked: paste keys".into())
        );
    }
}
