//! The identity-pool playground: examples, the outcome, the SASL extensions, providers,
//! pools, the assumptions and the scenario file. The token and clock are the app's own.

use poolcheck_core::simulate::{ASSUMPTIONS, PreparedProvider};
use yew::prelude::*;

use crate::components::provider_card::KeysSummary;
use crate::components::{OutcomeCard, PoolCard, ProviderCard, SaslPanel, ScenarioIo};
use crate::examples::EXAMPLES;
use crate::pools_state::{PoolsAction, PoolsState};

#[derive(Properties, PartialEq)]
pub struct PoolsViewProps {
    pub state: PoolsState,
    pub onaction: Callback<PoolsAction>,
}

#[function_component]
pub fn PoolsView(props: &PoolsViewProps) -> Html {
    let state = &props.state;
    let onaction = &props.onaction;
    let examples = EXAMPLES.iter().enumerate().map(|(index, example)| {
        let onclick = onaction.reform(move |_: MouseEvent| PoolsAction::LoadExample(index));
        html! { <li><button type="button" class="secondary" {onclick}>{example.label}</button></li> }
    });
    let provider_ids: Vec<String> = state.providers.iter().map(|p| p.provider.id.clone()).collect();
    let providers = state.providers.iter().zip(state.provider_keys.iter()).enumerate().map(
        |(index, (prepared, key))| {
            html! {
                <ProviderCard
                    key={*key}
                    {index}
                    provider={prepared.provider.clone()}
                    keys={keys_summary(prepared)}
                    onaction={onaction.clone()}
                />
            }
        },
    );
    let pools = state.pools.iter().zip(state.pool_keys.iter()).enumerate().map(
        |(index, (prepared, key))| {
            html! {
                <PoolCard
                    key={*key}
                    {index}
                    pool={prepared.pool.clone()}
                    result={state.report.pool_results.get(index).cloned()}
                    providers={provider_ids.clone()}
                    onaction={onaction.clone()}
                />
            }
        },
    );
    let assumptions = ASSUMPTIONS.iter().map(|assumption| {
        html! {
            <>
                <dt id={format!("assumption-{}", assumption.id)}><code>{assumption.id}</code></dt>
                <dd>{assumption.statement}</dd>
            </>
        }
    });
    let on_add_provider = onaction.reform(|_: MouseEvent| PoolsAction::AddProvider);
    let on_add_pool = onaction.reform(|_: MouseEvent| PoolsAction::AddPool);
    html! {
        <div class="pools-view">
            <div class="examples">
                <h3 id="examples-heading">{"Examples"}</h3>
                <ul class="example-list" aria-labelledby="examples-heading">{ for examples }</ul>
                <p class="help">{"Loading an example sets the Token field and fixes the clock at the example's instant."}</p>
            </div>
            if let Some(title) = &state.base.title {
                <div class="scenario-title">
                    <h3>{title.clone()}</h3>
                    if let Some(description) = &state.base.description {
                        <p class="muted">{description.clone()}</p>
                    }
                </div>
            }
            <OutcomeCard report={state.report.clone()} />
            <SaslPanel
                request={state.request.clone()}
                onlogicalcluster={onaction.reform(PoolsAction::SetLogicalCluster)}
                onidentitypoolid={onaction.reform(PoolsAction::SetIdentityPoolId)}
            />
            <section class="providers" aria-labelledby="providers-heading">
                <h3 id="providers-heading">{"Identity providers"}</h3>
                { for providers }
                <button type="button" onclick={on_add_provider}>{"Add provider"}</button>
            </section>
            <section class="pools" aria-labelledby="pools-heading">
                <h3 id="pools-heading">{"Identity pools"}</h3>
                { for pools }
                <button type="button" onclick={on_add_pool}>{"Add pool"}</button>
            </section>
            <section class="assumptions" aria-labelledby="assumptions-heading">
                <h3 id="assumptions-heading">{"Assumptions"}</h3>
                <p class="help">{"Rules the simulation relies on that no public source states."}</p>
                <dl>{ for assumptions }</dl>
            </section>
            <ScenarioIo
                import_error={state.import_error.clone()}
                export={state.export.clone()}
                onaction={onaction.clone()}
            />
        </div>
    }
}

fn keys_summary(prepared: &PreparedProvider) -> KeysSummary {
    match &prepared.keys {
        Ok(keys) => KeysSummary::Read { count: keys.keys.len(), problems: keys.problems.clone() },
        Err(error) => KeysSummary::Unreadable(error.to_string()),
    }
}
