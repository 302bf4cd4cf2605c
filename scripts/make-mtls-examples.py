#!/usr/bin/env python3
"""Generates examples/scenarios/mtls.json (committed output) from tests/fixtures/certs/.

A certificate identity pool example: one registered certificate authority (the example
issuing CA and its root, with the issuing CA's CRL, CRL required), two certificate pools with
distinguished-name filters, and the valid client as the client certificate. The extra member
`example_clients` lists alternative client certificates the web app offers as one-click
"Load client" buttons (scenarios keep members they do not know). The certificates themselves
are made by scripts/make-example-certs.sh; rerun this script after that one.

    python3 scripts/make-mtls-examples.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CERTS = ROOT / "tests" / "fixtures" / "certs"
OUT = ROOT / "examples" / "scenarios" / "mtls.json"
# 2027-01-01T00:00:00Z: after the fixtures' CRLs were issued (late 2026), before the valid
# certificates expire (2036).
NOW = 1798761600
CA_ID = "op-poolcheck-issuing-ca"


def pem(name: str) -> str:
    return (CERTS / name).read_text()


# (button label, fixture, what the simulation should say): shown in this order.
CLIENTS = [
    ("valid", "client-valid.pem", "accepted as orders-service through the Kafka clients pool"),
    ("EC (analytics)", "client-ec.pem", "accepted as analytics-ec through the analytics pool"),
    ("expired", "client-expired.pem", "refused: expired in 2021"),
    ("revoked", "client-revoked.pem", "refused: serial 1005 is on the issuing CA's CRL"),
    ("other CA", "client-other-ca.pem", "refused: issued by a CA that is not registered"),
    ("no clientAuth", "client-no-clientauth.pem", "accepted with a warning: its extended key usage lacks clientAuth"),
]


def scenario() -> dict:
    # Members the parser writes back on a round trip (token, request, providers, pools) are
    # spelled out, so the file equals its own round trip.
    return {
        "version": 1,
        "title": "mTLS: certificate identity pools",
        "description": (
            "Kafka clients authenticating with TLS client certificates issued by the "
            "Poolcheck Example Issuing CA (registered with its root and its CRL). "
            "Pools select clients by distinguished name; the principal is the certificate's CN. "
            "Load the other example clients to see an expired, a revoked and a foreign certificate refused."
        ),
        "now": NOW,
        "token": "",
        "request": {"identity_pool_id": None},
        "providers": [],
        "pools": [],
        "certificate_authorities": [
            {
                "id": CA_ID,
                "name": "Poolcheck Example Issuing CA",
                "certificate_chain": pem("ca-chain.pem"),
                "crl": pem("intermediate-ca.crl.pem"),
                "require_crl": True,
            }
        ],
        "certificate_pools": [
            {
                "id": "pool-kafka-clients",
                "name": "Kafka clients",
                "certificate_authority": CA_ID,
                "external_identifier": "CN",
                "filter": "O == 'Confluent' && OU.startsWith('kafka')",
            },
            {
                "id": "pool-analytics",
                "name": "Analytics",
                "certificate_authority": CA_ID,
                "external_identifier": "CN",
                "filter": "OU == 'kafka-analytics' && C == 'CH'",
            },
        ],
        "client_certificate": pem("client-valid.pem"),
        "example_clients": [
            {"name": name, "expected": expected, "pem": pem(file)} for name, file, expected in CLIENTS
        ],
    }


def main() -> None:
    OUT.write_text(json.dumps(scenario(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
