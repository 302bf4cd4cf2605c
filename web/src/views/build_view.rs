//! The Build tab: a signing key on the left (generated in the worker, or pasted), the header
//! and claims on the right, and the signed token, one click from the Token field.

use poolcheck_core::alg::Algorithm;
use yew::prelude::*;

use super::ViewProps;
use crate::components::{CommandErrorNote, JobProgress, KeyPanel, SignedToken, TokenDraft};
use crate::state::{Action, BuilderAction, Task};

#[component]
pub fn BuildView(props: &ViewProps) -> Html {
    let state = &props.state;
    let builder = &state.builder;
    let build = |make: fn(String) -> BuilderAction| {
        props.ondispatch.reform(move |value| Action::Builder(make(value)))
    };
    let act =
        |action: BuilderAction| props.ondispatch.reform(move |()| Action::Builder(action.clone()));
    let providers: Vec<String> =
        state.workspace.providers().iter().map(|p| p.provider.id.clone()).collect();
    let is_hmac = builder.alg.hmac_min_key_bytes().is_some();
    let onshort = props.ondispatch.reform(|event: Event| {
        let checked = event.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
        Action::Builder(BuilderAction::SetAllowShortSecret(checked))
    });
    // A mint runs from the Identity pools view and reports there.
    let job = builder.job.as_ref().filter(|job| !matches!(job.task, Task::Mint { .. }));
    html! {
        <main class="workspace build-view">
            <section class="pane pane-input" aria-labelledby="build-key-heading">
                <h2 id="build-key-heading">{"Signing key"}</h2>
                <KeyPanel
                    alg={builder.alg}
                    bits={builder.bits}
                    kid={AttrValue::from(builder.kid.clone())}
                    key_text={AttrValue::from(builder.key_text.clone())}
                    key_kind={builder.key_kind}
                    forms={builder.key.clone()}
                    busy={job.is_some()}
                    {providers}
                    onalg={props.ondispatch.reform(|alg: Algorithm| Action::Builder(BuilderAction::SetAlg(alg)))}
                    onbits={props.ondispatch.reform(|bits| Action::Builder(BuilderAction::SetBits(bits)))}
                    onkid={build(BuilderAction::SetKid)}
                    onkeytext={build(BuilderAction::SetKeyText)}
                    onkeykind={props.ondispatch.reform(|kind| Action::Builder(BuilderAction::SetKeyKind(kind)))}
                    ongenerate={act(BuilderAction::Generate)}
                    onusekeys={act(BuilderAction::UseJwksAsKeys)}
                    onuseprovider={props.ondispatch.reform(|index| Action::Builder(BuilderAction::UseJwksForProvider(index)))}
                />
            </section>
            <section class="pane pane-output" aria-labelledby="build-token-heading">
                <h2 id="build-token-heading">{"Token"}</h2>
                <p class="help">{"Signing happens in this page, off the main thread; the key never leaves it."}</p>
                <TokenDraft
                    header={AttrValue::from(builder.header.clone())}
                    claims={AttrValue::from(builder.claims.clone())}
                    onheader={build(BuilderAction::SetHeader)}
                    onclaims={build(BuilderAction::SetClaims)}
                    onhelper={props.ondispatch.reform(|helper| Action::Builder(BuilderAction::Helper(helper)))}
                    ontemplate={props.ondispatch.reform(|index| Action::Builder(BuilderAction::Template(index)))}
                />
                if is_hmac {
                    <div class="field checkbox">
                        <input id="build-short-secret" type="checkbox" checked={builder.allow_short_secret} onchange={onshort} />
                        <label for="build-short-secret">{"Sign even with a secret shorter than the hash (RFC 7518 §3.2 forbids it)"}</label>
                    </div>
                }
                <button type="button" class="primary" onclick={act(BuilderAction::Sign).reform(|_: MouseEvent| ())} disabled={job.is_some()}>
                    {format!("Sign with {}", builder.alg)}
                </button>
                if let Some(job) = job {
                    <JobProgress label={job.task.progress()} oncancel={act(BuilderAction::Cancel)} />
                }
                if let Some(error) = &builder.error {
                    <CommandErrorNote error={error.clone()} />
                }
                if let Some(signed) = &builder.signed {
                    <SignedToken signed={signed.clone()} onuse={act(BuilderAction::UseToken)} />
                }
            </section>
        </main>
    }
}
