#!/usr/bin/env python3
"""Generates the example scenarios in examples/scenarios/ (committed output).

Each example is a realistic identity provider (Auth0, Okta, Entra ID, Keycloak, Cloudentity,
Google) with a key pair of our own under examples/keys/ (demo keys: never use them for
anything real), a token signed with it, and identity pools with filters. Keys are made once
and reused, so re-running only re-signs the tokens. Needs python3 and the openssl CLI.

    python3 scripts/make-examples.py
"""
import base64
import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
KEYS = ROOT / "examples" / "keys"
OUT = ROOT / "examples" / "scenarios"
NOW = 1767258000  # 2026-01-01T09:00:00Z: every example is evaluated at this instant
ISSUED = NOW - 600  # tokens were minted ten minutes earlier


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def openssl(*args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["openssl", *args], input=data, check=True, capture_output=True).stdout


def key(name: str, kind: str) -> pathlib.Path:
    path = KEYS / f"{name}.pem"
    if not path.exists():
        if kind == "rsa":
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(path))
        else:
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(path))
    return path


def public_jwk(path: pathlib.Path, kind: str, kid: str, alg: str) -> dict:
    der = openssl("pkey", "-in", str(path), "-pubout", "-outform", "DER")
    if kind == "rsa":
        modulus = openssl("rsa", "-in", str(path), "-noout", "-modulus").decode().strip().split("=", 1)[1]
        n = bytes.fromhex(modulus)
        return {"kty": "RSA", "use": "sig", "alg": alg, "kid": kid, "n": b64url(n), "e": "AQAB"}
    point = der[-65:]  # SubjectPublicKeyInfo for P-256 ends with the uncompressed point 04‖x‖y
    assert point[0] == 4
    return {"kty": "EC", "use": "sig", "alg": alg, "kid": kid, "crv": "P-256", "x": b64url(point[1:33]), "y": b64url(point[33:])}


def private_jwk(path: pathlib.Path, kind: str, kid: str, alg: str) -> dict:
    """The public JWK plus its private members (RFC 7518 §6.3.2, §6.2.2), read from openssl's
    text dump: the scenario's demo signing_key, so the app can mint tokens for its pools."""
    fields, name = {}, None
    for line in openssl("pkey", "-in", str(path), "-text", "-noout").decode().splitlines():
        if line.startswith(" ") and name:
            fields[name] += line.strip().replace(":", "")
        else:
            name = line.split(":")[0] if line.endswith(":") else None
            if name:
                fields[name] = ""
    value = lambda field: b64url(bytes.fromhex(fields[field]).lstrip(b"\x00") or b"\x00")
    jwk = public_jwk(path, kind, kid, alg)
    if kind == "rsa":
        names = {"d": "privateExponent", "p": "prime1", "q": "prime2", "dp": "exponent1", "dq": "exponent2", "qi": "coefficient"}
        return dict(jwk, **{member: value(field) for member, field in names.items()})
    return dict(jwk, d=b64url(bytes.fromhex(fields["priv"]).rjust(32, b"\x00")))


def der_ecdsa_to_raw(der: bytes, size: int) -> bytes:
    """openssl emits ECDSA signatures as DER SEQUENCE{r, s}; JWS wants r‖s, fixed width."""
    assert der[0] == 0x30
    index = 2 if der[1] < 0x80 else 3
    parts = []
    for _ in range(2):
        assert der[index] == 0x02
        length = der[index + 1]
        value = der[index + 2 : index + 2 + length]
        parts.append(value.lstrip(b"\x00").rjust(size, b"\x00"))
        index += 2 + length
    return b"".join(parts)


def sign(path: pathlib.Path, kind: str, header: dict, claims: dict) -> str:
    signing_input = f"{b64url(json.dumps(header, separators=(',', ':')).encode())}.{b64url(json.dumps(claims, separators=(',', ':')).encode())}"
    signature = openssl("dgst", "-sha256", "-sign", str(path), data=signing_input.encode())
    if kind == "ec":
        signature = der_ecdsa_to_raw(signature, 32)
    return f"{signing_input}.{b64url(signature)}"


def scenario(name, title, description, provider, kind, kid, alg, claims, pools, request=None, published=None):
    """Writes one example; `published` replaces the provider's JWKS (default: the signing key)."""
    path = key(name, kind)
    jwk = public_jwk(path, kind, kid, alg)
    header = {"alg": alg, "typ": "JWT", "kid": kid}
    token = sign(path, kind, header, claims)
    document = {
        "version": 1,
        "title": title,
        "description": description,
        "now": NOW,
        "leeway_seconds": 0,
        "token": token,
        "request": request or {"logical_cluster": "lkc-7q2x9d", "identity_pool_id": None},
        "providers": [dict(provider, jwks={"keys": published or [jwk]}, signing_key=private_jwk(path, kind, kid, alg))],
        "pools": pools,
    }
    (OUT / f"{name}.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def main():
    KEYS.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)

    auth0_issuer = "https://poolcheck-demo.us.auth0.com/"
    scenario(
        "auth0", "Auth0 machine-to-machine",
        "An Auth0 client-credentials token. Auth0 issuers end in a slash: the provider must be registered with it.",
        {"id": "op-auth0", "name": "Auth0 (demo tenant)", "issuer": auth0_issuer, "identity_claim": "claims.sub"},
        "rsa", "Yq3lFp0bS-2mWr8T4nZkA", "RS256",
        {"iss": auth0_issuer, "sub": "N4xGq7hKc1TzB2mV9pLw@clients", "aud": "https://kafka.poolcheck.example/",
         "iat": ISSUED, "exp": ISSUED + 86400, "gty": "client-credentials", "azp": "N4xGq7hKc1TzB2mV9pLw",
         "scope": "kafka:produce kafka:consume"},
        [
            {"id": "pool-auth0-apps", "name": "Kafka apps", "provider": "op-auth0", "identity_claim": "claims.sub",
             "filter": "claims.aud == 'https://kafka.poolcheck.example/' && claims.gty == 'client-credentials'"},
            {"id": "pool-auth0-admins", "name": "Admins", "provider": "op-auth0", "identity_claim": "claims.sub",
             "filter": "has(claims.permissions) && 'kafka:admin' in claims.permissions"},
        ],
    )
    okta_issuer = "https://poolcheck-demo.okta.com/oauth2/default"
    scenario(
        "okta", "Okta custom authorization server",
        "An Okta access token from the default authorization server; the client names its pool in identityPoolId.",
        {"id": "op-okta", "name": "Okta", "issuer": okta_issuer, "identity_claim": "claims.sub"},
        "rsa", "kP3c8dJwQ0vYx5Lr2NhTzE6mUa9sGf1bW7oIeR4yHqs", "RS256",
        {"ver": 1, "jti": "AT.q7Fz2xW9bL0pK4mN8vR3sT6yU1cE5gH", "iss": okta_issuer, "aud": "api://kafka",
         "iat": ISSUED, "exp": ISSUED + 3600, "cid": "0oa9poolcheckdemo5d7", "scp": ["kafka.produce", "kafka.consume"],
         "sub": "0oa9poolcheckdemo5d7"},
        [
            {"id": "pool-okta-producers", "name": "Producers", "provider": "op-okta", "identity_claim": "claims.cid",
             "filter": "claims.aud == 'api://kafka' && 'kafka.produce' in claims.scp"},
            {"id": "pool-okta-readers", "name": "Read-only", "provider": "op-okta",
             "filter": "claims.aud == 'api://kafka' && claims.scp == ['kafka.consume']"},
        ],
        request={"logical_cluster": "lkc-7q2x9d", "identity_pool_id": "pool-okta-producers"},
    )
    tenant = "8c1f4a2e-5b7d-4e3a-9f60-2d4b8e1c7a35"
    entra_issuer = f"https://login.microsoftonline.com/{tenant}/v2.0"
    app_id = "5d2e9b71-0c3f-4a86-b1e7-93f4c2a8d610"
    scenario(
        "entra", "Microsoft Entra ID app role",
        "An Entra ID v2.0 client-credentials token carrying an app role. A v1 token (sts.windows.net issuer) would be refused with a named near miss.",
        {"id": "op-entra", "name": "Entra ID", "issuer": entra_issuer, "identity_claim": "claims.oid"},
        "rsa", "JYhAcTPMZ_LX6DBlOWQ7Hn0NeXE", "RS256",
        {"aud": app_id, "iss": entra_issuer, "iat": ISSUED, "nbf": ISSUED, "exp": ISSUED + 3899,
         "aio": "k2BgYDi8tPdemoAQ==", "azp": "f3c86e2a-7d41-4b09-a5e2-6c1d9b0f4e73", "azpacr": "1",
         "oid": "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18", "rh": "0.AVAAdemo.", "roles": ["Kafka.Producer"],
         "sub": "b7e0d2c4-19a6-4f3e-8d51-0a6c2e9f7b18", "tid": tenant, "uti": "p0olCh3ckDeMo", "ver": "2.0"},
        [
            {"id": "pool-entra-producers", "name": "Producers", "provider": "op-entra", "identity_claim": "claims.oid",
             "filter": f"claims.aud == '{app_id}' && 'Kafka.Producer' in claims.roles"},
        ],
    )
    keycloak_issuer = "https://keycloak.poolcheck.example/realms/kafka"
    old_key = public_jwk(key("keycloak-rotated", "rsa"), "rsa", "8tZ1v3qOQ4cFw1rH0dLkS9yXbM2pN7aE5uGjV6iTn0o", "RS256")
    scenario(
        "keycloak", "Keycloak after a key rotation",
        "A Keycloak service-account token signed with the realm's new key, but the provider's JWKS still holds only the old one: KID lookup fails. Add the realm's current key to fix it.",
        {"id": "op-keycloak", "name": "Keycloak realm kafka", "issuer": keycloak_issuer, "identity_claim": "claims.preferred_username"},
        "rsa", "R2xq7mWc4Kp9Ts0bVn1Yz3Hd6Fg8Ja5Le2Uo4Ii7Qr", "RS256",
        {"exp": ISSUED + 300, "iat": ISSUED, "jti": "5b1c3e2a-6d4f-4a7b-9c8e-1f0a2b3c4d5e", "iss": keycloak_issuer,
         "aud": "kafka-broker", "sub": "3f6c9e12-8b4a-47d5-a0e3-c2b71d945f08", "typ": "Bearer", "azp": "kafka-producer",
         "realm_access": {"roles": ["kafka-producer", "offline_access"]}, "scope": "profile email",
         "clientId": "kafka-producer", "preferred_username": "service-account-kafka-producer"},
        [
            {"id": "pool-keycloak-producers", "name": "Producers", "provider": "op-keycloak",
             "filter": "'kafka-producer' in claims.realm_access.roles && claims.azp == 'kafka-producer'"},
        ],
        published=[old_key],
    )

    cloudentity_issuer = "https://poolcheck.us.authz.cloudentity.io/poolcheck/kafka"
    scenario(
        "cloudentity", "Cloudentity M2M client (ES256)",
        "A Cloudentity machine-to-machine token signed with ES256, mapped by auto pool mapping.",
        {"id": "op-cloudentity", "name": "Cloudentity", "issuer": cloudentity_issuer, "identity_claim": "claims.sub"},
        "ec", "229547418391442219913232458316346226540", "ES256",
        {"acr": "1", "aud": ["fe11bc101a834add902baf7b9f61dc10", "kafka"], "exp": ISSUED + 3600, "iat": ISSUED,
         "iss": cloudentity_issuer, "jti": "2c9f5e1a-7b3d-4e6f-8a0b-1c2d3e4f5a6b", "nbf": ISSUED,
         "scp": ["introspect_tokens", "revoke_tokens"], "st": "public", "sub": "fe11bc101a834add902baf7b9f61dc10",
         "tid": "poolcheck"},
        [
            {"id": "pool-cloudentity", "name": "Kafka clients", "provider": "op-cloudentity",
             "filter": "'kafka' in claims.aud && claims.tid == 'poolcheck'"},
        ],
    )
    google_issuer = "https://accounts.google.com"
    scenario(
        "google", "Google service account (shared issuer)",
        "A Google-signed ID token for a service account. accounts.google.com is shared by every Google customer, so Confluent Cloud requires a condition on sub or aud; the second pool lacks one.",
        {"id": "op-google", "name": "Google", "issuer": google_issuer, "identity_claim": "claims.email"},
        "rsa", "a4b8f1e2c6d0937e5b1f2a8c4d6e0b3f7a9c1d5e", "RS256",
        {"aud": "kafka-poolcheck-demo", "azp": "108273645091827364510", "email": "kafka-producer@poolcheck-demo.iam.gserviceaccount.com",
         "email_verified": True, "exp": ISSUED + 3600, "iat": ISSUED, "iss": google_issuer, "sub": "108273645091827364510"},
        [
            {"id": "pool-google-producer", "name": "Producer service account", "provider": "op-google",
             "filter": "claims.sub == '108273645091827364510' && claims.aud == 'kafka-poolcheck-demo'"},
            {"id": "pool-google-any-verified", "name": "Any verified Google account", "provider": "op-google",
             "filter": "claims.email_verified == true"},
        ],
    )


if __name__ == "__main__":
    main()
