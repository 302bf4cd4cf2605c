//! The Identity pools view: the shared inputs on the left; on the right the examples, the
//! outcome, the SASL extensions, providers, pools, the assumptions and the scenario file.

use std::rc::Rc;

use poolcheck_core::simulate::{ASSUMPTIONS, PreparedProvider};
use poolcheck_core::workspace::{Edit, Entry, RequestField};
use yew::prelude::*;

use super::{ViewProps, input_pane, scenario_io};
use crate::components::provider_card::KeysSummary;
use crate::components::{
    ConfigExport, ConfigImport, Disclosure, OutcomeCard, PoolList, ProviderCard, SaslPanel,
};
use crate::examples::{EXAMPLES, fetch_on_click};
use crate::state::{Action, Task};

#[component]
pub fn PoolsView(props: &ViewProps) -> Html {
    let state = &props.state;
    let workspace = &state.workspace;
    let ondispatch = &props.ondispatch;
    let edit = |make: fn(usize) -> Edit, index: usize| {
        ondispatch.reform(move |()| Action::Edit(make(index)))
    };
    let examples = EXAMPLES.iter().map(|example| {
        let onclick = fetch_on_click(example.file, ondispatch, Action::LoadExample);
        html! { <li><button type="button" class="secondary" {onclick}>{example.label}</button></li> }
    });
    let provider_ids: Vec<String> =
        workspace.providers().iter().map(|p| p.provider.id.clone()).collect();
    let providers = workspace.providers().iter().zip(&state.cards.providers).enumerate().map(
        |(index, (prepared, key))| {
            html! {
                <ProviderCard
                    key={*key}
                    {index}
                    provider={prepared.provider.clone()}
                    keys={keys_summary(prepared)}
                    onedit={ondispatch.reform(move |(field, value)| {
                        Action::Edit(Edit::SetProvider { index, field, value })
                    })}
                    onremove={edit(|index| Edit::Remove { entry: Entry::Provider, index }, index)}
                />
            }
        },
    );
    let oauth = workspace.oauth();
    let minting = state.builder.job.as_ref().and_then(|job| match &job.task {
        Task::Mint { pool, .. } => Some(AttrValue::from(pool.clone())),
        _ => None,
    });
    let assumptions = ASSUMPTIONS.iter().map(|assumption| {
        let id = assumption.id.as_str();
        html! {
            <>
                <dt id={format!("assumption-{id}")}><code>{id}</code></dt>
                <dd>{assumption.statement}</dd>
            </>
        }
    });
    let add = |entry| ondispatch.reform(move |_: MouseEvent| Action::Edit(Edit::Add { entry }));
    let request =
        |field| ondispatch.reform(move |value| Action::Edit(Edit::SetRequest { field, value }));
    let base = workspace.base();
    html! {
        <main class="workspace">
            { input_pane(props) }
            <section class="pane pane-output" aria-labelledby="pools-view-heading">
                <h2 id="pools-view-heading">{"Identity pools"}</h2>
                <div class="pools-view">
                    <div class="examples">
                        <h3 id="examples-heading">{"Examples"}</h3>
                        <ul class="example-list" aria-labelledby="examples-heading">{ for examples }</ul>
                        <p class="help">{"Loading an example sets the Token field and fixes the clock at the example's instant."}</p>
                    </div>
                    if let Some(title) = &base.title {
                        <div class="scenario-title">
                            <h3>{title.clone()}</h3>
                            if let Some(description) = &base.description {
                                <p class="muted">{description.clone()}</p>
                            }
                        </div>
                    }
                    <OutcomeCard report={oauth.clone()} />
                    <SaslPanel
                        request={workspace.request().clone()}
                        onlogicalcluster={request(RequestField::LogicalCluster)}
                        onidentitypoolid={request(RequestField::IdentityPoolId)}
                    />
                    <section class="providers" aria-labelledby="providers-heading">
                        <h3 id="providers-heading">{"Identity providers"}</h3>
                        { for providers }
                        <button type="button" onclick={add(Entry::Provider)}>{"Add provider"}</button>
                    </section>
                    <section class="pools" aria-labelledby="pools-heading">
                        <h3 id="pools-heading">{"Identity pools"}</h3>
                        <PoolList
                            workspace={workspace.clone()}
                            pools={workspace.pools().clone()}
                            report={oauth.clone()}
                            keys={Rc::new(state.cards.pools.clone())}
                            token_epoch={workspace.token_reads()}
                            providers={Rc::new(provider_ids.clone())}
                            ondispatch={ondispatch.clone()}
                            {minting}
                            mint={state.builder.mint.clone()}
                            mintable=true
                        />
                        <button type="button" onclick={add(Entry::Pool)}>{"Add pool"}</button>
                    </section>
                    // Made when first opened: their code loads with the app's late file.
                    <Disclosure class="config-io" summary="Confluent Cloud: import and export">
                        <ConfigImport
                            prefix="pools-import"
                            owners={Rc::new(provider_ids.clone())}
                            certificates=false
                            report={state.interop.report.clone()}
                            error={state.interop.error.clone()}
                            fetching={state.interop.fetching.clone()}
                            fetch_error={state.interop.fetch_error.clone()}
                            fetchable={state.interop.fetchable.clone()}
                            importing={state.interop.importing()}
                            ondispatch={ondispatch.clone()}
                        />
                        <ConfigExport
                            prefix="pools-export"
                            certificates=false
                            export={state.interop.export.clone()}
                            ondispatch={ondispatch.clone()}
                        />
                    </Disclosure>
                    <section class="assumptions" aria-labelledby="assumptions-heading">
                        <h3 id="assumptions-heading">{"Assumptions"}</h3>
                        <p class="help">{"Rules the simulation relies on that no public source states."}</p>
                        <dl>{ for assumptions }</dl>
                    </section>
                    { scenario_io(props) }
                </div>
            </section>
        </main>
    }
}

fn keys_summary(prepared: &PreparedProvider) -> KeysSummary {
    match &prepared.keys {
        Ok(keys) => KeysSummary::Read { count: keys.keys.len(), problems: keys.problems.clone() },
        Err(error) => KeysSummary::Unreadable(error.to_string()),
    }
}
