//! The SASL extensions the client sends, and the client configuration lines that send them.

use poolcheck_core::scenario::Request;
use yew::prelude::*;

use crate::components::TextField;

#[derive(Properties, PartialEq)]
pub struct SaslPanelProps {
    pub request: Request,
    pub onlogicalcluster: Callback<String>,
    pub onidentitypoolid: Callback<String>,
}

#[component]
pub fn SaslPanel(props: &SaslPanelProps) -> Html {
    let cluster = props.request.logical_cluster.clone().unwrap_or_default();
    let pools = props.request.identity_pool_id.clone().unwrap_or_default();
    let several = props.request.named_pools().is_some_and(|ids| ids.len() > 1);
    html! {
        <section class="sasl" aria-labelledby="sasl-heading">
            <h3 id="sasl-heading">{"SASL extensions"}</h3>
            <div class="field-row">
                <TextField
                    id="sasl-logical-cluster"
                    label="logicalCluster"
                    value={cluster.clone()}
                    placeholder="lkc-…"
                    oninput={props.onlogicalcluster.clone()}
                />
                <TextField
                    id="sasl-identity-pool-id"
                    label="identityPoolId"
                    value={pools.clone()}
                    placeholder="auto pool mapping"
                    oninput={props.onidentitypoolid.clone()}
                />
            </div>
            <p class="help">
                {"identityPoolId: one pool ID, or several separated by commas. Blank: auto pool mapping (every matching pool of the token's provider)."}
            </p>
            <h4>{"Java client (sasl.jaas.config)"}</h4>
            <pre class="config">{java_config(&cluster, &pools)}</pre>
            <h4>{"librdkafka"}</h4>
            <pre class="config">{librdkafka_config(&cluster, &pools)}</pre>
            if several {
                <p class="help">
                    {"librdkafka separates extensions with commas, so check that your client passes several pool IDs through intact; naming one pool or using auto pool mapping avoids the question."}
                </p>
            }
        </section>
    }
}

fn java_config(cluster: &str, pools: &str) -> String {
    let mut extensions = format!("extension_logicalCluster='{}'", cluster.trim());
    if !pools.trim().is_empty() {
        extensions.push_str(&format!(" extension_identityPoolId='{}'", pools.trim()));
    }
    format!(
        "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required \\\n  clientId='<id>' clientSecret='<secret>' scope='<scope>' \\\n  {extensions};"
    )
}

fn librdkafka_config(cluster: &str, pools: &str) -> String {
    let mut line = format!("sasl.oauthbearer.extensions=logicalCluster={}", cluster.trim());
    if !pools.trim().is_empty() {
        line.push_str(&format!(",identityPoolId={}", pools.trim()));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_lines_name_both_extensions() {
        assert_eq!(
            librdkafka_config("lkc-1", " pool-a "),
            "sasl.oauthbearer.extensions=logicalCluster=lkc-1,identityPoolId=pool-a"
        );
        assert!(
            java_config("lkc-1", "pool-a")
                .ends_with("extension_logicalCluster='lkc-1' extension_identityPoolId='pool-a';")
        );
    }

    #[test]
    fn auto_pool_mapping_sends_no_pool_id() {
        assert_eq!(
            librdkafka_config("lkc-1", ""),
            "sasl.oauthbearer.extensions=logicalCluster=lkc-1"
        );
        assert!(!java_config("lkc-1", " ").contains("identityPoolId"));
    }
}
