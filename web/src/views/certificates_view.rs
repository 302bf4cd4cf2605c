//! The Certificates (mTLS) view: the client certificate, the registered certificate
//! authorities and the certificate pools on the left; the outcome, the chain and the
//! inspection of every presented certificate on the right.

use std::rc::Rc;

use poolcheck_core::simulate::MtlsCode;
use poolcheck_core::workspace::{Edit, Entry};
use yew::prelude::*;

use super::{ViewProps, clock};
use crate::components::{
    AuthorityEditor, CertPoolEditor, CertificateInspection, ChainDiagram, ConfigExport,
    ConfigImport, MtlsOutcome, PemInput,
};
use crate::examples::{CERTIFICATES, fetch_on_click};
use crate::state::Action;

#[component]
pub fn CertificatesView(props: &ViewProps) -> Html {
    let state = &props.state;
    let workspace = &state.workspace;
    let ondispatch = &props.ondispatch;
    let edit = |make: fn(usize) -> Edit, index: usize| {
        ondispatch.reform(move |()| Action::Edit(make(index)))
    };
    let on_example = fetch_on_click(CERTIFICATES, ondispatch, Action::LoadCertificatesExample);
    let example_clients = state.example_clients.iter().enumerate().map(|(index, client)| {
        let onclick = ondispatch.reform(move |_: MouseEvent| Action::LoadExampleClient(index));
        html! {
            <button type="button" class="secondary" title={client.expected.clone()} {onclick}>
                {format!("Load client: {}", client.name)}
            </button>
        }
    });
    let authority_ids: Vec<String> =
        workspace.authorities().iter().map(|prepared| prepared.authority.id.clone()).collect();
    let authorities = workspace.authorities().iter().zip(&state.cards.authorities).enumerate().map(
        |(index, (prepared, key))| {
            let authority = &prepared.authority;
            let chain = match &prepared.chain {
                Ok(chain) => Ok(chain.iter().map(|c| c.display_name()).collect()),
                Err(error) => Err(format!("The chain cannot be read: {error}")),
            };
            html! {
                <AuthorityEditor
                    key={*key}
                    {index}
                    id={authority.id.clone()}
                    name={authority.name.clone()}
                    certificate_chain={authority.certificate_chain.clone()}
                    crl={authority.crl.clone().unwrap_or_default()}
                    require_crl={authority.require_crl}
                    {chain}
                    onedit={ondispatch.reform(move |(field, value)| {
                        Action::Edit(Edit::SetAuthority { index, field, value })
                    })}
                    onrequirecrl={ondispatch.reform(move |require| {
                        Action::Edit(Edit::SetRequireCrl { index, require })
                    })}
                    onremove={edit(|index| Edit::Remove { entry: Entry::Authority, index }, index)}
                />
            }
        },
    );
    let report = workspace.mtls();
    let pools = workspace.certificate_pools().iter().zip(&state.cards.certificate_pools).enumerate().map(
        |(index, (prepared, key))| {
            let pool = &prepared.pool;
            html! {
                <CertPoolEditor
                    key={*key}
                    {index}
                    id={pool.id.clone()}
                    name={pool.name.clone()}
                    certificate_authority={pool.certificate_authority.clone()}
                    external_identifier={pool.external_identifier.clone()}
                    filter={pool.filter.clone()}
                    authorities={authority_ids.clone()}
                    result={workspace.certificate_pool_results().get(index).cloned()}
                    onedit={ondispatch.reform(move |(field, value)| {
                        Action::Edit(Edit::SetCertificatePool { index, field, value })
                    })}
                    onremove={edit(|index| Edit::Remove { entry: Entry::CertificatePool, index }, index)}
                />
            }
        },
    );
    let client_error = report
        .filter(|report| report.code == Some(MtlsCode::CertificateUnreadable))
        .map(|report| AttrValue::from(report.message.clone()));
    let status = match report {
        None => String::new(),
        Some(report) if report.accepted => format!("mTLS outcome: {}", report.message),
        Some(report) => format!(
            "mTLS outcome: refused, {}",
            report.code.map_or_else(|| "no code".to_owned(), MtlsCode::name)
        ),
    };
    html! {
        <main class="workspace">
            <section class="pane pane-input" aria-labelledby="certs-input-heading">
                <h2 id="certs-input-heading">{"Client and registration"}</h2>
                <div class="button-row">
                    <button type="button" onclick={on_example}>{"Load mTLS example"}</button>
                    { for example_clients }
                </div>
                if let Some(error) = &state.example_error { <p class="field-error">{error.clone()}</p> }
                <PemInput
                    id="client-certificate"
                    label="Client certificate"
                    rows={8}
                    value={AttrValue::from(workspace.client_certificate().to_owned())}
                    help="The certificate the Kafka client presents: the leaf first, then any intermediates."
                    error={client_error}
                    oninput={ondispatch.reform(|pem| Action::Edit(Edit::SetClientCertificate { pem }))}
                />
                <section aria-labelledby="authorities-heading">
                    <h2 id="authorities-heading">{"Certificate authorities"}</h2>
                    { for authorities }
                    <button type="button" class="secondary" onclick={ondispatch.reform(|_: MouseEvent| Action::Edit(Edit::Add { entry: Entry::Authority }))}>
                        {"Add certificate authority"}
                    </button>
                </section>
                <section aria-labelledby="cert-pools-heading">
                    <h2 id="cert-pools-heading">{"Certificate pools"}</h2>
                    <p class="help">
                        {"Filters read the subject's attributes by name: "}
                        <code>{"O == 'Confluent' && OU.startsWith('kafka')"}</code>
                        {". An empty filter matches nothing."}
                    </p>
                    { for pools }
                    <button type="button" class="secondary" onclick={ondispatch.reform(|_: MouseEvent| Action::Edit(Edit::Add { entry: Entry::CertificatePool }))}>
                        {"Add certificate pool"}
                    </button>
                </section>
                <ConfigImport
                    prefix="certs-import"
                    owners={Rc::new(authority_ids.clone())}
                    certificates=true
                    report={state.interop.report.clone()}
                    error={state.interop.error.clone()}
                    fetching={Vec::<String>::new()}
                    fetch_error={None::<(String, String)>}
                    fetchable={Rc::new(Vec::new())}
                    importing={state.interop.importing()}
                    ondispatch={ondispatch.clone()}
                />
                <ConfigExport
                    prefix="certs-export"
                    certificates=true
                    export={state.interop.export.clone()}
                    ondispatch={ondispatch.clone()}
                />
                { clock(props) }
            </section>
            <section class="pane pane-output" aria-labelledby="certs-output-heading">
                <h2 id="certs-output-heading">{"mTLS outcome"}</h2>
                <p class="visually-hidden" role="status">{status}</p>
                if let Some(report) = report {
                    <MtlsOutcome report={report.clone()} />
                    if report.chain.is_some() {
                        <section aria-labelledby="chain-heading">
                            <h3 id="chain-heading">{"Chain"}</h3>
                            <ChainDiagram report={report.clone()} />
                        </section>
                    }
                    { for (0..report.certificates.len()).map(|position| html! {
                        <CertificateInspection {position} report={report.clone()} />
                    }) }
                } else {
                    <p class="muted">{"Paste or drop a client certificate, or load the mTLS example."}</p>
                }
            </section>
        </main>
    }
}
