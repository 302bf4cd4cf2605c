//! What a `<poolcheck-embed>` frame shows: one view, compact (no navigation, no Input column
//! unless the view needs it), with editors unless read-only, and a link to the full app.

use std::rc::Rc;

use poolcheck_core::fragment::{self, ViewName};
use poolcheck_core::workspace::{Edit, PoolField, RequestField};
use yew::prelude::*;

use super::ViewProps;
use super::token_view::decoded_view;
use crate::components::{
    ChainDiagram, EmbedFooter, FilterOutcome, MtlsOutcome, OutcomeCard, PemInput, PoolList,
    PoolSummary, SaslPanel, SignatureView, TextField, TokenInput,
};
use crate::state::{Action, AppState, Embed};

#[component]
pub fn EmbedView(props: &ViewProps) -> Html {
    let Some(embed) = props.state.embed else { return Html::default() };
    let body = match embed.view {
        ViewName::Token => token(props, embed),
        ViewName::Filter => filter(props, embed),
        ViewName::Pools => pools(props, embed),
        ViewName::Certificates => certificates(props, embed),
    };
    html! {
        <main class={classes!("embed", format!("embed-{}", embed.view.as_str()))}>
            { body }
            <EmbedFooter share_fragment={share_fragment(&props.state, embed.view)} />
        </main>
    }
}

fn share_fragment(state: &AppState, view: ViewName) -> AttrValue {
    let scenario = state.workspace.scenario().without_signing_keys();
    let json = serde_json::to_string(&scenario).unwrap_or_default();
    AttrValue::from(fragment::share_view(&json, view))
}

fn token(props: &ViewProps, embed: Embed) -> Html {
    let workspace = &props.state.workspace;
    html! {
        <>
            if !embed.readonly {
                <TokenInput
                    value={AttrValue::from(workspace.token_text().to_owned())}
                    oninput={props.ondispatch.reform(|token| Action::Edit(Edit::SetToken { token }))}
                />
            }
            <SignatureView keys={workspace.keys().clone()} signature={workspace.signature().clone()} />
            { decoded_view(workspace.token()) }
        </>
    }
}

/// The first pool's filter against the token's claims.
fn filter(props: &ViewProps, embed: Embed) -> Html {
    let workspace = &props.state.workspace;
    let Some(prepared) = workspace.pools().first() else {
        return html! { <p class="muted">{"This embed has no filter."}</p> };
    };
    let result = workspace.explained_pool_result(0);
    let verdict = result.as_ref().map(|r| r.filter_verdict());
    html! {
        <div class="filter-embed">
            if embed.readonly {
                <pre class="filter-code"><code>{prepared.pool.filter.clone()}</code></pre>
            } else {
                <TextField
                    id="embed-filter"
                    label="Filter"
                    class="filter-input"
                    rows={3}
                    value={prepared.pool.filter.clone()}
                    oninput={props.ondispatch.reform(|value| {
                        Action::Edit(Edit::SetPool { index: 0, field: PoolField::Filter, value })
                    })}
                />
            }
            if let Some(verdict) = verdict {
                <p role="status">
                    <span class={classes!("badge", verdict.tone().as_str())}>{verdict.label()}</span>
                </p>
            }
            if let Some(result) = result {
                <FilterOutcome {result} />
            }
        </div>
    }
}

fn pools(props: &ViewProps, embed: Embed) -> Html {
    let state = &props.state;
    let workspace = &state.workspace;
    let ondispatch = &props.ondispatch;
    let oauth = workspace.oauth();
    let provider_ids: Vec<String> =
        workspace.providers().iter().map(|p| p.provider.id.clone()).collect();
    let summaries = workspace.pools().iter().zip(&state.cards.pools).enumerate().map(
        |(index, (prepared, key))| {
            let pool = &prepared.pool;
            let result = oauth.pool_results.get(index).cloned();
            let title = if pool.name.trim().is_empty() { &pool.id } else { &pool.name };
            html! {
                <PoolSummary key={*key} title={title.clone()} filter={pool.filter.clone()} {result} />
            }
        },
    );
    let request =
        |field| ondispatch.reform(move |value| Action::Edit(Edit::SetRequest { field, value }));
    html! {
        <>
            <OutcomeCard report={oauth.clone()} />
            if !embed.readonly {
                <SaslPanel
                    request={workspace.request().clone()}
                    onlogicalcluster={request(RequestField::LogicalCluster)}
                    onidentitypoolid={request(RequestField::IdentityPoolId)}
                />
            }
            <section class="pools" aria-label="Identity pools">
                if embed.readonly {
                    { for summaries }
                } else {
                    <PoolList
                        workspace={workspace.clone()}
                        pools={workspace.pools().clone()}
                        report={oauth.clone()}
                        keys={Rc::new(state.cards.pools.clone())}
                        token_epoch={workspace.token_reads()}
                        providers={Rc::new(provider_ids)}
                        ondispatch={ondispatch.clone()}
                    />
                }
            </section>
        </>
    }
}

fn certificates(props: &ViewProps, embed: Embed) -> Html {
    let workspace = &props.state.workspace;
    let report = workspace.mtls();
    let pools = workspace.certificate_pools().iter().enumerate().map(|(index, prepared)| {
        let pool = &prepared.pool;
        let title = if pool.name.trim().is_empty() { &pool.id } else { &pool.name };
        html! {
            <PoolSummary
                title={title.clone()}
                filter={pool.filter.clone()}
                result={workspace.certificate_pool_results().get(index).cloned()}
            />
        }
    });
    html! {
        <>
            if !embed.readonly {
                <PemInput
                    id="client-certificate"
                    label="Client certificate"
                    rows={4}
                    value={AttrValue::from(workspace.client_certificate().to_owned())}
                    help="The leaf first, then any intermediates."
                    oninput={props.ondispatch.reform(|pem| Action::Edit(Edit::SetClientCertificate { pem }))}
                />
            }
            if let Some(report) = report {
                <MtlsOutcome report={report.clone()} />
                <ChainDiagram report={report.clone()} />
            } else {
                <p class="muted">{"No client certificate."}</p>
            }
            <section class="pools" aria-label="Certificate pools">{ for pools }</section>
        </>
    }
}
