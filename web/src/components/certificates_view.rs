//! The Certificates (mTLS) view: the client certificate, the registered certificate
//! authorities and the certificate pools on the left; the outcome, the chain and the
//! inspection of every presented certificate on the right.

use yew::prelude::*;

use super::{
    AuthorityEditor, CertPoolEditor, CertificateInspection, ChainDiagram, MtlsOutcome, PemInput,
};
use crate::certs_state::{CertsAction, CertsState};

#[derive(Properties, PartialEq)]
pub struct CertificatesViewProps {
    pub certs: CertsState,
    pub onaction: Callback<CertsAction>,
    /// Shown under the inputs (the shared clock).
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn CertificatesView(props: &CertificatesViewProps) -> Html {
    let certs = &props.certs;
    let report = &certs.report;
    let onaction = &props.onaction;
    let on_example = onaction.reform(|_: MouseEvent| CertsAction::LoadExample);
    let example_clients = certs.example_clients.iter().enumerate().map(|(index, client)| {
        let onclick = onaction.reform(move |_: MouseEvent| CertsAction::LoadExampleClient(index));
        html! {
            <button type="button" class="secondary" title={client.expected.clone()} {onclick}>
                {format!("Load client: {}", client.name)}
            </button>
        }
    });
    let authority_ids: Vec<String> =
        certs.authorities.iter().map(|prepared| prepared.authority.id.clone()).collect();
    let authorities = certs.authorities.iter().enumerate().map(|(index, prepared)| {
        let authority = &prepared.authority;
        let chain = match &prepared.chain {
            Ok(chain) => Ok(chain.iter().map(|c| c.display_name()).collect()),
            Err(error) => Err(format!("The chain cannot be read: {error}")),
        };
        html! {
            <AuthorityEditor
                {index}
                id={authority.id.clone()}
                name={authority.name.clone()}
                certificate_chain={authority.certificate_chain.clone()}
                crl={authority.crl.clone().unwrap_or_default()}
                require_crl={authority.require_crl}
                {chain}
                onedit={onaction.reform(move |edit| CertsAction::EditAuthority(index, edit))}
                onremove={onaction.reform(move |()| CertsAction::RemoveAuthority(index))}
            />
        }
    });
    let pools = certs.pools.iter().enumerate().map(|(index, prepared)| {
        let pool = &prepared.pool;
        html! {
            <CertPoolEditor
                {index}
                id={pool.id.clone()}
                name={pool.name.clone()}
                certificate_authority={pool.certificate_authority.clone()}
                external_identifier={pool.external_identifier.clone()}
                filter={pool.filter.clone()}
                authorities={authority_ids.clone()}
                result={report.pool_results.get(index).cloned()}
                onedit={onaction.reform(move |edit| CertsAction::EditPool(index, edit))}
                onremove={onaction.reform(move |()| CertsAction::RemovePool(index))}
            />
        }
    });
    let blank = certs.client_certificate.trim().is_empty();
    let client_error = match (blank, report.code) {
        (false, Some("CERTIFICATE_UNREADABLE")) => Some(AttrValue::from(report.message.clone())),
        _ => None,
    };
    let status = if blank {
        String::new()
    } else if report.accepted {
        format!("mTLS outcome: {}", report.message)
    } else {
        format!("mTLS outcome: refused, {}", report.code.unwrap_or("no code"))
    };
    html! {
        <main class="workspace">
            <section class="pane pane-input" aria-labelledby="certs-input-heading">
                <h2 id="certs-input-heading">{"Client and registration"}</h2>
                <div class="button-row">
                    <button type="button" onclick={on_example}>{"Load mTLS example"}</button>
                    { for example_clients }
                </div>
                if let Some(error) = &certs.example_error { <p class="field-error">{error.clone()}</p> }
                <PemInput
                    id="client-certificate"
                    label="Client certificate"
                    rows={8}
                    value={certs.client_certificate.clone()}
                    help="The certificate the Kafka client presents: the leaf first, then any intermediates."
                    error={client_error}
                    oninput={onaction.reform(CertsAction::SetClientCertificate)}
                />
                <section aria-labelledby="authorities-heading">
                    <h2 id="authorities-heading">{"Certificate authorities"}</h2>
                    { for authorities }
                    <button type="button" class="secondary" onclick={onaction.reform(|_: MouseEvent| CertsAction::AddAuthority)}>
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
                    <button type="button" class="secondary" onclick={onaction.reform(|_: MouseEvent| CertsAction::AddPool)}>
                        {"Add certificate pool"}
                    </button>
                </section>
                { props.children.clone() }
            </section>
            <section class="pane pane-output" aria-labelledby="certs-output-heading">
                <h2 id="certs-output-heading">{"mTLS outcome"}</h2>
                <p class="visually-hidden" role="status">{status}</p>
                if blank {
                    <p class="muted">{"Paste or drop a client certificate, or load the mTLS example."}</p>
                } else {
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
                }
            </section>
        </main>
    }
}
