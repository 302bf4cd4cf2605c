#!/usr/bin/env python3
"""Generates examples/workshop/workshop.json (committed output): one scenario with ten
exercises, easiest first, for an OAuth/OIDC and mTLS workshop (examples/workshop/README.md).

Tokens are signed like the examples (scripts/make-examples.py, whose helpers this imports)
with the demo keys in examples/keys/; certificates come from tests/fixtures/certs/ (made by
scripts/make-example-certs.sh). Every provider carries its demo signing_key. The scenario's
`now` is fixed, so the tokens stay valid. Needs python3 and the openssl CLI.

    python3 scripts/make-workshop.py
    cargo run -p poolcheck-cli -- exercise examples/workshop/workshop.json   # all unsolved: exit 1
"""
import importlib.util
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CERTS = ROOT / "tests" / "fixtures" / "certs"
OUT = ROOT / "examples" / "workshop" / "workshop.json"

_spec = importlib.util.spec_from_file_location("make_examples", ROOT / "scripts" / "make-examples.py")
examples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(examples)

# 2027-01-01T00:00:00Z, the mTLS example's instant: after the fixtures' CRLs were issued,
# before the valid certificates expire. Tokens are signed ten minutes earlier.
NOW = 1798761600
ISSUED = NOW - 600
CLUSTER = "lkc-7q2x9d"
AUTO = {"logical_cluster": CLUSTER, "identity_pool_id": None}


def pem(name: str) -> str:
    return (CERTS / name).read_text()


class Idp:
    """A demo identity provider: its key file, kid and algorithm."""

    def __init__(self, name, kind, kid, alg="RS256"):
        self.path = examples.key(name, kind)
        self.kind, self.kid, self.alg = kind, kid, alg

    def jwk(self):
        return examples.public_jwk(self.path, self.kind, self.kid, self.alg)

    def signing_key(self):
        return examples.private_jwk(self.path, self.kind, self.kid, self.alg)

    def token(self, claims, lifetime=3600):
        claims = {"iat": ISSUED, "exp": ISSUED + lifetime, **claims}
        return examples.sign(self.path, self.kind, {"alg": self.alg, "typ": "JWT", "kid": self.kid}, claims)


OKTA = Idp("okta", "rsa", "kP3c8dJwQ0vYx5Lr2NhTzE6mUa9sGf1bW7oIeR4yHqs")
AUTH0 = Idp("auth0", "rsa", "Yq3lFp0bS-2mWr8T4nZkA")
ENTRA = Idp("entra", "rsa", "JYhAcTPMZ_LX6DBlOWQ7Hn0NeXE")
GOOGLE = Idp("google", "rsa", "a4b8f1e2c6d0937e5b1f2a8c4d6e0b3f7a9c1d5e")
KEYCLOAK = Idp("keycloak", "rsa", "R2xq7mWc4Kp9Ts0bVn1Yz3Hd6Fg8Ja5Le2Uo4Ii7Qr")
KEYCLOAK_OLD = Idp("keycloak-rotated", "rsa", "8tZ1v3qOQ4cFw1rH0dLkS9yXbM2pN7aE5uGjV6iTn0o")
CLOUDENTITY = Idp("cloudentity", "ec", "229547418391442219913232458316346226540", "ES256")

OKTA_ISSUER = "https://poolcheck-demo.okta.com/oauth2/default"
AUTH0_ISSUER = "https://poolcheck-demo.us.auth0.com/"
TENANT = "8c1f4a2e-5b7d-4e3a-9f60-2d4b8e1c7a35"
ENTRA_V2 = f"https://login.microsoftonline.com/{TENANT}/v2.0"
ENTRA_V1 = f"https://sts.windows.net/{TENANT}/"
ENTRA_APP = "5d2e9b71-0c3f-4a86-b1e7-93f4c2a8d610"
ENTRA_OID = "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18"
GOOGLE_ISSUER = "https://accounts.google.com"
GOOGLE_SA = "108273645091827364510"
KEYCLOAK_ISSUER = "https://keycloak.poolcheck.example/realms/kafka"
CLOUDENTITY_ISSUER = "https://poolcheck.us.authz.cloudentity.io/poolcheck/kafka"
CA_ID = "op-poolcheck-issuing-ca"
AUTH0_AUD = "https://kafka.poolcheck.example/"


def provider(id, name, issuer, idp, identity_claim="claims.sub", jwks=None):
    return {"id": id, "name": name, "issuer": issuer, "jwks": {"keys": jwks or [idp.jwk()]},
            "identity_claim": identity_claim, "signing_key": idp.signing_key()}


def pool(id, name, provider, filter, identity_claim=None):
    entry = {"id": id, "name": name, "provider": provider}
    if identity_claim:
        entry["identity_claim"] = identity_claim
    entry["filter"] = filter
    return entry


def okta_token(sub, aud, **claims):
    return OKTA.token({"ver": 1, "iss": OKTA_ISSUER, "aud": aud, "cid": sub, "sub": sub, **claims})


def auth0_token(sub, **claims):
    return AUTH0.token({"iss": AUTH0_ISSUER, "sub": sub, "aud": AUTH0_AUD, **claims}, lifetime=86400)


def google_token(sub, aud, email):
    return GOOGLE.token({"aud": aud, "azp": sub, "email": email, "email_verified": True,
                         "iss": GOOGLE_ISSUER, "sub": sub})


def main() -> None:
    providers = [
        provider("op-okta", "Okta", OKTA_ISSUER, OKTA),
        # The bug of exercise 6: Auth0's issuer is registered without its trailing slash.
        provider("op-auth0", "Auth0 (demo tenant)", AUTH0_ISSUER.rstrip("/"), AUTH0),
        provider("op-entra", "Entra ID (v2.0 tokens)", ENTRA_V2, ENTRA, "claims.oid"),
        provider("op-google", "Google", GOOGLE_ISSUER, GOOGLE, "claims.email"),
        # The bug of exercise 9: the realm rotated its key; the JWKS still holds the old one.
        provider("op-keycloak", "Keycloak realm kafka", KEYCLOAK_ISSUER, KEYCLOAK,
                 "claims.preferred_username", jwks=[KEYCLOAK_OLD.jwk()]),
        provider("op-cloudentity", "Cloudentity", CLOUDENTITY_ISSUER, CLOUDENTITY),
    ]
    pools = [
        pool("pool-okta-orders", "Orders service", "op-okta", "has(claims.sub)"),
        pool("pool-okta-admins", "Kafka admins", "op-okta", "has(claims.groups)"),
        pool("pool-auth0-apps", "Kafka apps", "op-auth0", f"claims.aud == '{AUTH0_AUD}'", "claims.sub"),
        pool("pool-entra-producers", "Producers", "op-entra",
             f"claims.aud == '{ENTRA_APP}' && 'Kafka.Producer' in claims.roles", "claims.oid"),
        # The bug of exercise 5: no condition on sub or aud under a shared issuer.
        pool("pool-google-producer", "Producer service account", "op-google", "claims.email_verified == true"),
        pool("pool-keycloak-producers", "Producers", "op-keycloak",
             "'kafka-producer' in claims.realm_access.roles && claims.azp == 'kafka-producer'"),
        # The bug of exercise 7: a Cloudentity pool created under the Okta provider.
        pool("pool-cloudentity-payments", "Payments", "op-okta", "'kafka' in claims.aud && claims.tid == 'poolcheck'"),
    ]
    pool_index = {entry["id"]: index for index, entry in enumerate(pools)}
    provider_index = {entry["id"]: index for index, entry in enumerate(providers)}

    orders = okta_token("0oa9ordersdemo5d7", "api://kafka", scp=["kafka.produce"])
    billing = okta_token("0oa9billingdemo8k2", "api://billing", scp=["billing.read"])
    m2m = auth0_token("N4xGq7hKc1TzB2mV9pLw@clients", gty="client-credentials", azp="N4xGq7hKc1TzB2mV9pLw",
                      scope="kafka:produce kafka:consume")
    user_code = auth0_token("auth0|65f1c0ffee0000000000demo", azp="Zc7Kq1spaDemoClient0", scope="openid profile")
    user_password = auth0_token("auth0|65f1c0ffee0000000001demo", gty="password", azp="Zc7Kq1spaDemoClient0")
    google_producer = google_token(GOOGLE_SA, "kafka-poolcheck-demo",
                                   "kafka-producer@poolcheck-demo.iam.gserviceaccount.com")
    google_other_sa = google_token("104958372615243987106", "kafka-poolcheck-demo",
                                   "reporting@someone-elses-project.iam.gserviceaccount.com")
    google_person = google_token("117364029183746502918", "32555940559.apps.googleusercontent.com",
                                 "someone@gmail.com")
    entra_v1 = ENTRA.token({"aud": "api://kafka-poolcheck", "iss": ENTRA_V1, "nbf": ISSUED, "appid": ENTRA_APP,
                            "appidacr": "1", "idp": ENTRA_V1, "oid": ENTRA_OID, "roles": ["Kafka.Producer"],
                            "sub": ENTRA_OID, "tid": TENANT, "ver": "1.0"})
    keycloak = KEYCLOAK.token({"jti": "5b1c3e2a-6d4f-4a7b-9c8e-1f0a2b3c4d5e", "iss": KEYCLOAK_ISSUER,
                               "aud": "kafka-broker", "sub": "3f6c9e12-8b4a-47d5-a0e3-c2b71d945f08", "typ": "Bearer",
                               "azp": "kafka-producer", "realm_access": {"roles": ["kafka-producer", "offline_access"]},
                               "clientId": "kafka-producer", "preferred_username": "service-account-kafka-producer"})
    cloudentity = CLOUDENTITY.token({"acr": "1", "aud": ["fe11bc101a834add902baf7b9f61dc10", "kafka"],
                                     "iss": CLOUDENTITY_ISSUER, "nbf": ISSUED, "st": "public",
                                     "sub": "fe11bc101a834add902baf7b9f61dc10", "tid": "poolcheck"})

    entra_v1_provider = {"id": "op-entra-v1", "name": "Entra ID (v1.0 tokens)", "issuer": ENTRA_V1,
                         "jwks": {"keys": [ENTRA.jwk()]}, "identity_claim": "claims.oid"}
    entra_v1_pool = pool("pool-entra-v1-producers", "Producers (v1.0 tokens)", "op-entra-v1",
                         "claims.aud == 'api://kafka-poolcheck' && 'Kafka.Producer' in claims.roles", "claims.oid")

    exercises = [
        {
            "id": "scope-by-audience",
            "title": "Scope a pool by audience",
            "instructions": "Every application in the Okta org can get a token, and the *Orders service* pool "
                            "admits them all. Change its filter so it admits only tokens issued *for Kafka*: "
                            "the audience `api://kafka`.",
            "kind": "filter",
            "target": {"pool": "pool-okta-orders"},
            "cases": [
                {"name": "the orders service's token (aud api://kafka)", "token": orders, "expect": "match"},
                {"name": "the billing API's token (aud api://billing)", "token": billing, "expect": "no_match"},
                {"name": "another Kafka client", "claims": {"iss": OKTA_ISSUER, "sub": "0oa9analytics", "aud": "api://kafka"},
                 "expect": "match"},
            ],
            "hints": ["The audience is the `aud` claim.", "Compare it with `==`: `claims.aud == '…'`."],
            "solution": "claims.aud == 'api://kafka'",
        },
        {
            "id": "admit-one-group",
            "title": "Admit one group, not another",
            "instructions": "Only members of the Okta group `kafka-admins` belong in the *Kafka admins* pool; "
                            "members of `kafka-readonly` must stay out, and so must tokens with no `groups` claim.",
            "kind": "filter",
            "target": {"pool": "pool-okta-admins"},
            "cases": [
                {"name": "an admin", "claims": {"sub": "00u1admin", "aud": "api://kafka", "groups": ["staff", "kafka-admins"]},
                 "expect": "match"},
                {"name": "a read-only user", "claims": {"sub": "00u2reader", "aud": "api://kafka",
                                                         "groups": ["staff", "kafka-readonly"]}, "expect": "no_match"},
                {"name": "no groups claim", "claims": {"sub": "0oa9ordersdemo5d7", "aud": "api://kafka"}, "expect": "no_match"},
            ],
            "hints": ["`'x' in claims.list` tests membership.",
                      "A missing claim makes the filter fail, which counts as no match; `has(claims.groups)` says so outright."],
            "solution": "has(claims.groups) && 'kafka-admins' in claims.groups",
        },
        {
            "id": "auth0-machine-to-machine",
            "title": "Auth0: machines only",
            "instructions": "Auth0 issues tokens for the Kafka API to users too. The *Kafka apps* pool must admit "
                            "only machine-to-machine clients: Auth0 marks their tokens with the grant type "
                            "`gty: client-credentials`.",
            "kind": "filter",
            "target": {"pool": "pool-auth0-apps"},
            "cases": [
                {"name": "an M2M client (client credentials)", "token": m2m, "expect": "match"},
                {"name": "a user who signed in (no gty)", "token": user_code, "expect": "no_match"},
                {"name": "a user via the password grant", "token": user_password, "expect": "no_match"},
            ],
            "hints": ["Decode the three tokens: which claim tells them apart?",
                      "User tokens may have no `gty` at all: guard with `has(claims.gty)`."],
            "solution": f"claims.aud == '{AUTH0_AUD}' && has(claims.gty) && claims.gty == 'client-credentials'",
        },
        {
            "id": "certificate-pool-by-name",
            "title": "A certificate pool by O and OU",
            "instructions": "The *Kafka clients* certificate pool should admit Confluent's `kafka-clients` "
                            "unit only, but `OU.startsWith('kafka')` also lets the edge fleet in. Tighten it "
                            "(certificate filters read the subject's attributes: `O`, `OU`, `CN`, `C`, …).",
            "kind": "filter",
            "target": {"certificate_pool": "pool-kafka-clients"},
            "cases": [
                {"name": "orders-service (OU kafka-clients)", "client_certificate": pem("client-valid.pem"), "expect": "match"},
                {"name": "expired-client (OU kafka-clients; expiry is the chain's business)",
                 "client_certificate": pem("client-expired.pem"), "expect": "match"},
                {"name": "edge-ed25519 (OU kafka-edge)", "client_certificate": pem("client-ed25519.pem"), "expect": "no_match"},
                {"name": "analytics-ec (O Confluent 東京)", "client_certificate": pem("client-ec.pem"), "expect": "no_match"},
            ],
            "hints": ["`poolcheck cert inspect` lists each certificate's filter bindings.",
                      "orders-service has two OUs; the filter sees the last one, `kafka-clients`."],
            "solution": "O == 'Confluent' && OU == 'kafka-clients'",
        },
        {
            "id": "shared-issuer",
            "title": "Google: a shared issuer",
            "instructions": "`https://accounts.google.com` signs tokens for every Google customer. Confluent Cloud "
                            "refuses a pool under such an issuer unless its filter has a meaningful condition on "
                            "`sub` or `aud`. Make the *Producer service account* pool admit your producer only.",
            "kind": "filter",
            "target": {"pool": "pool-google-producer"},
            "cases": [
                {"name": "your producer service account", "token": google_producer, "expect": "match"},
                {"name": "another customer's service account, same audience", "token": google_other_sa, "expect": "no_match"},
                {"name": "someone's personal Google account", "token": google_person, "expect": "no_match"},
            ],
            "hints": ["`email_verified` is true for every Google account.",
                      "Pin the service account's `sub`, and the audience you asked Google for."],
            "solution": f"claims.sub == '{GOOGLE_SA}' && claims.aud == 'kafka-poolcheck-demo'",
        },
        {
            "id": "issuer-trailing-slash",
            "title": "Auth0: the trailing slash",
            "instructions": "An Auth0 machine-to-machine client is refused with `JWT_PROCESSING_FAILED`. Its token "
                            "is fine: find what in the provider's registration differs from the token's `iss`, "
                            "and fix the scenario so the client is accepted.",
            "kind": "outcome",
            "given": {"token": m2m, "request": AUTO},
            "expect": {"oauth": {"accepted": True, "principal": "N4xGq7hKc1TzB2mV9pLw@clients", "pools": ["pool-auth0-apps"]}},
            "hints": ["Compare the token's `iss` with the provider's issuer character by character.",
                      "Auth0 issuers end with `/`; issuers are compared exactly."],
            "solution": [{"op": "replace", "path": f"/providers/{provider_index['op-auth0']}/issuer", "value": AUTH0_ISSUER}],
        },
        {
            "id": "pool-of-another-provider",
            "title": "identityPoolId names another provider's pool",
            "instructions": "A Cloudentity client sends `identityPoolId=pool-cloudentity-payments` and is refused "
                            "with `POOL_PROVIDER_MISMATCH`. The client is right; the pool was set up wrongly. "
                            "Fix the scenario.",
            "kind": "outcome",
            "given": {"token": cloudentity, "request": {"logical_cluster": CLUSTER, "identity_pool_id": "pool-cloudentity-payments"}},
            "expect": {"oauth": {"accepted": True, "principal": "fe11bc101a834add902baf7b9f61dc10",
                                 "pools": ["pool-cloudentity-payments"]}},
            "hints": ["A pool belongs to one identity provider: which one is this pool's?",
                      "The token's issuer selects the provider; only that provider's pools can be named."],
            "solution": [{"op": "replace", "path": f"/pools/{pool_index['pool-cloudentity-payments']}/provider",
                          "value": "op-cloudentity"}],
        },
        {
            "id": "entra-v1-and-v2",
            "title": "Entra ID: v1.0 and v2.0 issuers",
            "instructions": "A new producer's Entra ID app registration issues *v1.0* access tokens, whose issuer is "
                            "`https://sts.windows.net/<tenant>/`, not the v2.0 issuer the provider is registered "
                            "with. Accept it through a pool of its own, without breaking v2.0 clients.",
            "kind": "outcome",
            "given": {"token": entra_v1, "request": AUTO},
            "expect": {"oauth": {"accepted": True, "principal": ENTRA_OID, "pools": ["pool-entra-v1-producers"]}},
            "hints": ["Decode the token: look at `iss` and `ver`.",
                      "One provider has one issuer: register a second provider for the v1.0 issuer (same tenant, "
                      "same keys) and give it a pool.",
                      "The other fix lives in Entra: set `accessTokenAcceptedVersion` to 2 in the app's manifest."],
            "solution": [
                {"op": "add", "path": "/providers/-", "value": entra_v1_provider},
                {"op": "add", "path": "/pools/-", "value": entra_v1_pool},
            ],
        },
        {
            "id": "key-rotation",
            "title": "Keycloak: after a key rotation",
            "instructions": "The Keycloak realm rotated its signing key this morning; its producer is now refused "
                            "with `KID_LOOKUP_FAILED`. Fix the provider's keys.",
            "kind": "outcome",
            "given": {"token": keycloak, "request": AUTO},
            "expect": {"oauth": {"accepted": True, "principal": "service-account-kafka-producer",
                                 "pools": ["pool-keycloak-producers"]}},
            "hints": ["Compare the token header's `kid` with the `kid`s in the provider's JWKS.",
                      "Add the realm's current public key (its JWKS at `…/protocol/openid-connect/certs`); keep "
                      "the old one until its tokens expire."],
            "solution": [{"op": "add", "path": f"/providers/{provider_index['op-keycloak']}/jwks/keys/-", "value": KEYCLOAK.jwk()}],
        },
        {
            "id": "revoked-certificate",
            "title": "A revoked client certificate",
            "instructions": "The certificate of `revoked-client` was revoked yesterday, yet it still connects. "
                            "Make the cluster refuse it with `CERT_REVOKED`.",
            "kind": "outcome",
            "given": {"token": "", "client_certificate": pem("client-revoked.pem")},
            "expect": {"mtls": {"refused": "CERT_REVOKED"}},
            "hints": ["Revocation is checked only against a CRL the certificate authority is registered with.",
                      "The issuing CA's CRL is `tests/fixtures/certs/intermediate-ca.crl.pem`."],
            "solution": [{"op": "add", "path": "/certificate_authorities/0/crl", "value": pem("intermediate-ca.crl.pem")}],
        },
    ]

    document = {
        "version": 1,
        "title": "Workshop: identity pools and certificate pools",
        "description": "Ten exercises, easiest first: write pool filters, then fix the scenario so clients are "
                       "accepted or refused as they should be. Check them with `poolcheck exercise`.",
        "now": NOW,
        "leeway_seconds": 0,
        "token": orders,
        "request": AUTO,
        "providers": providers,
        "pools": pools,
        "certificate_authorities": [
            {"id": CA_ID, "name": "Poolcheck Example Issuing CA", "certificate_chain": pem("ca-chain.pem"),
             "require_crl": False},
        ],
        "certificate_pools": [
            {"id": "pool-kafka-clients", "name": "Kafka clients", "certificate_authority": CA_ID,
             "external_identifier": "CN", "filter": "O == 'Confluent' && OU.startsWith('kafka')"},
            {"id": "pool-edge", "name": "Edge fleet", "certificate_authority": CA_ID,
             "external_identifier": "CN", "filter": "OU == 'kafka-edge'"},
        ],
        "client_certificate": pem("client-valid.pem"),
        "exercises": exercises,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
