#!/usr/bin/env bash
# Regenerates the example certificates and CRLs in tests/fixtures/certs/ with the openssl CLI
# (tested with OpenSSL 3.0). Keys are fresh on every run and are not kept, so every file (and
# every fingerprint a test pins) changes: rerun the tests and update their known answers after.
# Dates and serials are fixed, so validity and revocation answers do not change.
#
# Usage: scripts/make-example-certs.sh [--large-keys-only | --hierarchies-only] [OUTPUT_DIR]
#   --large-keys-only   makes only the RSA-8192 / P-521 chain (large_key_chain below) and
#                       refreshes openssl-view.txt, leaving every other file as it is.
#   --hierarchies-only  makes only the small hierarchies of hierarchies() below (name
#                       constraints, anchors, a revoked intermediate), their openssl verify
#                       verdicts (openssl-verify.txt), and refreshes openssl-view.txt.
set -euo pipefail

only=
case ${1:-} in
  --large-keys-only | --hierarchies-only)
    only=$1
    shift
    ;;
esac
out=${1:-"$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/certs"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

valid_from=20250101000000Z
valid_to=20360101000000Z

cat >"$work/openssl.cnf" <<'EOF'
# CA_DIR and CA_MD are set per call, so one file serves every CA.
oid_section = poolcheck_oids
[poolcheck_oids]
# An attribute no DN table knows, to show how unknown OIDs are displayed.
poolcheckTeam = 1.3.6.1.4.1.55555.1.1

[ca]
default_ca = ca_default
[ca_default]
dir = $ENV::CA_DIR
database = $dir/index.txt
new_certs_dir = $dir/new
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = $ENV::CA_MD
policy = policy_anything
unique_subject = no
copy_extensions = none
email_in_dn = yes
default_crl_days = 3650
[policy_anything]
commonName = optional

[req]
distinguished_name = dn
string_mask = $ENV::REQ_STRING_MASK
[dn]

[root_ca]
basicConstraints = critical, CA:true, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[intermediate_ca]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[no_certsign_ca]
basicConstraints = critical, CA:true
keyUsage = critical, digitalSignature, cRLSign
[client_rich]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectAltName = DNS:orders.kafka.example.com, DNS:*.orders.example.com, email:orders@example.com, URI:spiffe://example.com/ns/payments/sa/orders, IP:10.0.0.7, IP:2001:db8::7
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
[client_server_only]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth

# Name constraints (RFC 5280 4.2.1.10) of every kind poolcheck processes.
[nc_root]
basicConstraints = critical, CA:true, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, permitted;DNS:example.com, permitted;email:example.com, permitted;IP:10.0.0.0/255.0.0.0, permitted;URI:.example.com, excluded;DNS:blocked.example.com
[dn_root]
basicConstraints = critical, CA:true, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, permitted;dirName:dn_permitted
[dn_permitted]
C = CA
O = Confluent
[nc_client_ok]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:orders.example.com, email:orders@example.com, IP:10.1.2.3, URI:spiffe://svc.example.com/orders
[nc_client_evil_dns]
basicConstraints = critical, CA:false
extendedKeyUsage = clientAuth
subjectAltName = DNS:evil.attacker.net
[nc_client_excluded]
basicConstraints = critical, CA:false
extendedKeyUsage = clientAuth
subjectAltName = DNS:x.blocked.example.com
[nc_client_evil_ip]
basicConstraints = critical, CA:false
extendedKeyUsage = clientAuth
subjectAltName = IP:192.168.1.1
[nc_client_evil_uri]
basicConstraints = critical, CA:false
extendedKeyUsage = clientAuth
subjectAltName = URI:https://evil.attacker.net/orders
[client_critical_unknown]
basicConstraints = critical, CA:false
extendedKeyUsage = clientAuth
1.3.6.1.4.1.55555.2.1 = critical, ASN1:UTF8String:must-understand
[root_pathlen0]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
EOF
export OPENSSL_CONF="$work/openssl.cnf"
# Every call reads the config, so these need a value even where no CA is involved.
export CA_DIR="$work" CA_MD=sha256 REQ_STRING_MASK=utf8only

# new_ca NAME: an empty CA database in $work/NAME.
new_ca() {
  mkdir -p "$work/$1/new"
  : >"$work/$1/index.txt"
  echo 1000 >"$work/$1/crlnumber"
}

# key NAME TYPE: a private key in $work/NAME.key (rsaBITS, p256, p384, p521, ed25519).
key() {
  case $2 in
    rsa*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" -out "$work/$1.key" ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1.key" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$work/$1.key" ;;
    p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$work/$1.key" ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$work/$1.key" ;;
  esac 2>/dev/null
}

# issue NAME SUBJECT ISSUER EXTENSIONS SERIAL START END MD [SIGOPT...]: signs NAME's key with
# ISSUER's (ISSUER = NAME self-signs) and writes $out/NAME.pem.
issue() {
  local name=$1 subject=$2 issuer=$3 ext=$4 serial=$5 start=$6 end=$7 md=$8
  shift 8
  local sigopts=()
  for opt in "$@"; do sigopts+=(-sigopt "$opt"); done
  openssl req -new -key "$work/$name.key" -subj "$subject" -utf8 -multivalue-rdn \
    -out "$work/$name.csr"
  echo "$serial" >"$work/$issuer/serial"
  local signer=(-cert "$out/$issuer.pem")
  [ "$issuer" = "$name" ] && signer=(-selfsign)
  CA_DIR="$work/$issuer" CA_MD="$md" openssl ca -batch -notext -utf8 -preserveDN \
    -keyfile "$work/$issuer.key" "${signer[@]}" ${sigopts[@]+"${sigopts[@]}"} \
    -extensions "$ext" -startdate "$start" -enddate "$end" \
    -in "$work/$name.csr" -out "$out/$name.pem" 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
}

# crl ISSUER NAME [MD]: the CRL of ISSUER's database, as $out/NAME.crl.pem.
crl() {
  CA_DIR="$work/$1" CA_MD="${3:-sha256}" openssl ca -gencrl -keyfile "$work/$1.key" \
    -cert "$out/$1.pem" -crldays 3650 -out "$out/$2.crl.pem" 2>/dev/null
}

# A chain with the largest keys poolcheck verifies: an RSA-8192 root and a P-521 issuing CA,
# each with a client and a CRL (the root's lists nothing, the P-521 CA's lists 6002).
large_key_chain() {
  key root-rsa8192 rsa8192
  new_ca root-rsa8192
  issue root-rsa8192 "/C=CA/O=Poolcheck Examples/CN=Poolcheck RSA-8192 Root CA" root-rsa8192 \
    root_ca 01 "$valid_from" "$valid_to" sha512
  key intermediate-p521 p521
  new_ca intermediate-p521
  issue intermediate-p521 "/C=CA/O=Poolcheck Examples/CN=Poolcheck P-521 Issuing CA" \
    root-rsa8192 intermediate_ca 02 "$valid_from" "$valid_to" sha512 \
    rsa_padding_mode:pss rsa_pss_saltlen:64
  key client-rsa8192-root p256
  issue client-rsa8192-root "/C=CA/O=Confluent/OU=kafka-clients/CN=under-rsa8192-root" \
    root-rsa8192 client 6101 "$valid_from" "$valid_to" sha384
  key client-p521 p384
  issue client-p521 "/C=CA/O=Confluent/OU=kafka-clients/CN=under-p521" \
    intermediate-p521 client 6001 "$valid_from" "$valid_to" sha512
  key client-p521-revoked p256
  issue client-p521-revoked "/C=CA/O=Confluent/OU=kafka-clients/CN=revoked-under-p521" \
    intermediate-p521 client 6002 "$valid_from" "$valid_to" sha512
  CA_DIR="$work/intermediate-p521" CA_MD=sha512 openssl ca -revoke "$out/client-p521-revoked.pem" \
    -keyfile "$work/intermediate-p521.key" -cert "$out/intermediate-p521.pem" \
    -crl_reason keyCompromise 2>/dev/null
  crl intermediate-p521 intermediate-p521 sha512
  crl root-rsa8192 root-rsa8192 sha256
  cat "$out/client-p521.pem" "$out/intermediate-p521.pem" >"$out/client-p521-chain.pem"
  cat "$out/client-p521-revoked.pem" "$out/intermediate-p521.pem" \
    >"$out/client-p521-revoked-chain.pem"
}

# OpenSSL's view of every certificate, as an independent known answer for the tests:
# NAME SHA256-FINGERPRINT SERIAL-HEX.
write_openssl_view() {
  for pem in "$out"/*.pem; do
    name=$(basename "$pem" .pem)
    case $name in *-chain | *.crl | ca-chain) continue ;; esac
    fingerprint=$(openssl x509 -in "$pem" -noout -fingerprint -sha256 | cut -d= -f2)
    serial=$(openssl x509 -in "$pem" -noout -serial | cut -d= -f2)
    echo "$name $fingerprint $serial"
  done >"$out/openssl-view.txt"
}

# Small hierarchies for what RFC 5280 says beyond signatures: name constraints, the checks on
# a registered root above a registered intermediate, and an intermediate revoked by its root.
# Each case's `openssl verify` verdict goes to openssl-verify.txt (CASE: OK | error N), which
# the core tests compare with poolcheck's.
hierarchies() {
  key nc-root p256
  new_ca nc-root
  issue nc-root "/C=CA/O=Poolcheck Examples/CN=Poolcheck Name-Constrained Root" nc-root \
    nc_root 01 "$valid_from" "$valid_to" sha256
  local client
  local name section cn serial
  for client in ok:nc_client_ok:orders-service:7001 evil-dns:nc_client_evil_dns:evil-dns:7002 \
    excluded:nc_client_excluded:excluded-dns:7003 evil-ip:nc_client_evil_ip:evil-ip:7004 \
    evil-uri:nc_client_evil_uri:evil-uri:7005 no-san:client:orders-service:7006 \
    cn-host:client:evil.attacker.net:7007 \
    critical-unknown:client_critical_unknown:must-understand:7008; do
    IFS=: read -r name section cn serial <<<"$client"
    key "nc-client-$name" p256
    issue "nc-client-$name" "/C=CA/O=Confluent/OU=kafka-clients/CN=$cn" nc-root "$section" \
      "$serial" "$valid_from" "$valid_to" sha256
  done
  key nc-client-evil-email p256
  issue nc-client-evil-email "/C=CA/O=Confluent/CN=mallory/emailAddress=mallory@attacker.net" \
    nc-root client 7099 "$valid_from" "$valid_to" sha256

  key dn-root p256
  new_ca dn-root
  issue dn-root "/C=CA/O=Poolcheck Examples/CN=Poolcheck DN-Constrained Root" dn-root dn_root \
    01 "$valid_from" "$valid_to" sha256
  key dn-client-ok p256
  issue dn-client-ok "/C=CA/O=Confluent/OU=kafka-clients/CN=dn-ok" dn-root client 7101 \
    "$valid_from" "$valid_to" sha256
  key dn-client-evil p256
  issue dn-client-evil "/C=US/O=Attacker/CN=dn-evil" dn-root client 7102 \
    "$valid_from" "$valid_to" sha256

  # pathlen:0 on a root above an intermediate: only a chain that checks the root refuses it.
  key pl0-root p256
  new_ca pl0-root
  issue pl0-root "/C=CA/O=Poolcheck Examples/CN=Poolcheck Pathlen-0 Root" pl0-root \
    root_pathlen0 01 "$valid_from" "$valid_to" sha256
  key pl0-intermediate p256
  new_ca pl0-intermediate
  issue pl0-intermediate "/C=CA/O=Poolcheck Examples/CN=Poolcheck Pathlen-0 Intermediate" \
    pl0-root intermediate_ca 02 "$valid_from" "$valid_to" sha256
  key pl0-client p256
  issue pl0-client "/C=CA/O=Confluent/OU=kafka-clients/CN=under-pathlen-0" pl0-intermediate \
    client 7201 "$valid_from" "$valid_to" sha256
  cat "$out/pl0-intermediate.pem" "$out/pl0-root.pem" >"$out/pl0-ca-chain.pem"

  # A root that expired in 2021 above an intermediate that is still valid.
  key old-root p256
  new_ca old-root
  issue old-root "/C=CA/O=Poolcheck Examples/CN=Poolcheck Expired Root" old-root root_ca 01 \
    20200101000000Z 20210101000000Z sha256
  key old-intermediate p256
  new_ca old-intermediate
  issue old-intermediate "/C=CA/O=Poolcheck Examples/CN=Poolcheck Intermediate Of Expired Root" \
    old-root intermediate_ca 02 20200101000000Z "$valid_to" sha256
  key old-client p256
  issue old-client "/C=CA/O=Confluent/OU=kafka-clients/CN=under-expired-root" old-intermediate \
    client 7301 "$valid_from" "$valid_to" sha256
  cat "$out/old-intermediate.pem" "$out/old-root.pem" >"$out/old-ca-chain.pem"

  # An intermediate its root revoked; its own CRL lists nothing.
  key rv-root p256
  new_ca rv-root
  issue rv-root "/C=CA/O=Poolcheck Examples/CN=Poolcheck Revoking Root" rv-root root_ca 01 \
    "$valid_from" "$valid_to" sha256
  key rv-intermediate p256
  new_ca rv-intermediate
  issue rv-intermediate "/C=CA/O=Poolcheck Examples/CN=Poolcheck Revoked Intermediate" \
    rv-root intermediate_ca 02 "$valid_from" "$valid_to" sha256
  key rv-client p256
  issue rv-client "/C=CA/O=Confluent/OU=kafka-clients/CN=under-revoked-intermediate" \
    rv-intermediate client 7401 "$valid_from" "$valid_to" sha256
  CA_DIR="$work/rv-root" openssl ca -revoke "$out/rv-intermediate.pem" -keyfile "$work/rv-root.key" \
    -cert "$out/rv-root.pem" -crl_reason cACompromise 2>/dev/null
  crl rv-root rv-root
  crl rv-intermediate rv-intermediate
  cat "$out/rv-intermediate.pem" "$out/rv-root.pem" >"$out/rv-ca-chain.pem"
  cat "$out/rv-client.pem" "$out/rv-intermediate.pem" >"$out/rv-client-chain.pem"

  write_openssl_verdicts
}

# verdict CASE OPENSSL-VERIFY-ARGS...: one line of openssl-verify.txt.
verdict() {
  local case=$1 output
  shift
  if output=$(cd "$out" && openssl verify -attime 1900000000 "$@" 2>&1); then
    echo "$case: OK"
  else
    echo "$case: error $(sed -n 's/^error \([0-9]*\) .*/\1/p' <<<"$output" | head -n 1)"
  fi
}

write_openssl_verdicts() {
  {
    for name in ok evil-dns excluded evil-ip evil-uri no-san cn-host critical-unknown evil-email; do
      verdict "nc-client-$name" -CAfile nc-root.pem "nc-client-$name.pem"
    done
    verdict dn-client-ok -CAfile dn-root.pem dn-client-ok.pem
    verdict dn-client-evil -CAfile dn-root.pem dn-client-evil.pem
    verdict pl0-whole-chain -CAfile pl0-ca-chain.pem pl0-client.pem
    verdict pl0-partial-chain -partial_chain -CAfile pl0-intermediate.pem pl0-client.pem
    verdict old-whole-chain -CAfile old-ca-chain.pem old-client.pem
    verdict old-partial-chain -partial_chain -CAfile old-intermediate.pem old-client.pem
    verdict rv-registered-intermediate -crl_check_all -CRLfile rv-root.crl.pem \
      -CRLfile rv-intermediate.crl.pem -CAfile rv-ca-chain.pem rv-client.pem
    verdict rv-presented-intermediate -crl_check_all -CRLfile rv-root.crl.pem \
      -CRLfile rv-intermediate.crl.pem -CAfile rv-root.pem -untrusted rv-intermediate.pem rv-client.pem
    verdict rv-root-crl-only-leaf-check -crl_check -CRLfile rv-root.crl.pem -CAfile rv-ca-chain.pem \
      rv-client.pem
  } >"$out/openssl-verify.txt"
}

case $only in
  --large-keys-only)
    large_key_chain
    write_openssl_view
    echo "wrote the large-key chain to $out"
    exit 0
    ;;
  --hierarchies-only)
    hierarchies
    write_openssl_view
    echo "wrote the hierarchies to $out"
    exit 0
    ;;
esac

# Root (RSA 3072, PKCS#1 v1.5 SHA-256 self-signature).
key root-ca rsa3072
new_ca root-ca
issue root-ca "/C=CA/O=Poolcheck Examples/CN=Poolcheck Example Root CA" root-ca root_ca \
  01 "$valid_from" "$valid_to" sha256

# Intermediate (P-384 key), signed by the root with RSA-PSS SHA-256.
key intermediate-ca p384
new_ca intermediate-ca
issue intermediate-ca "/C=CA/O=Poolcheck Examples/OU=Kafka/CN=Poolcheck Example Issuing CA" \
  root-ca intermediate_ca 02 "$valid_from" "$valid_to" sha256 \
  rsa_padding_mode:pss rsa_pss_saltlen:32

# Clients of the intermediate (ECDSA P-384 SHA-384 signatures).
# The rich one: RSA key, DC/C/ST/L/O/OU x2, a multi-valued RDN (CN+UID), non-ASCII values,
# emailAddress, serialNumber, street, title and an attribute with an unregistered OID.
key client-valid rsa2048
issue client-valid "/DC=com/DC=example/C=CA/ST=Québec/L=Montréal/street=1 Rue du Port/O=Confluent/OU=payments/OU=kafka-clients/CN=orders-service+UID=svc-orders/emailAddress=orders@example.com/serialNumber=SN-0042/title=Order processor/poolcheckTeam=Équipe paiements" \
  intermediate-ca client_rich 1001 "$valid_from" "$valid_to" sha384
# The EC one uses the legacy string types: PrintableString, T61String (Latin-1) and BMPString.
key client-ec p256
REQ_STRING_MASK=default issue client-ec "/C=CH/L=Zürich/O=Confluent 東京/OU=kafka-analytics/CN=analytics-ec" \
  intermediate-ca client 1002 "$valid_from" "$valid_to" sha384
key client-ed25519 ed25519
issue client-ed25519 "/C=DE/O=Confluent/OU=kafka-edge/CN=edge-ed25519" \
  intermediate-ca client 1003 "$valid_from" "$valid_to" sha384
key client-expired p256
issue client-expired "/C=CA/O=Confluent/OU=kafka-clients/CN=expired-client" \
  intermediate-ca client 1004 20200101000000Z 20210101000000Z sha384
key client-revoked p256
issue client-revoked "/C=CA/O=Confluent/OU=kafka-clients/CN=revoked-client" \
  intermediate-ca client 1005 "$valid_from" "$valid_to" sha384
key client-not-yet-valid p256
issue client-not-yet-valid "/C=CA/O=Confluent/OU=kafka-clients/CN=future-client" \
  intermediate-ca client 1006 20350101000000Z "$valid_to" sha384
key client-no-clientauth p256
issue client-no-clientauth "/C=CA/O=Confluent/OU=kafka-clients/CN=server-only" \
  intermediate-ca client_server_only 1007 "$valid_from" "$valid_to" sha384

# The intermediate's CRL lists client-revoked (PEM and DER).
CA_DIR="$work/intermediate-ca" CA_MD=sha384 openssl ca -revoke "$out/client-revoked.pem" \
  -keyfile "$work/intermediate-ca.key" -cert "$out/intermediate-ca.pem" \
  -crl_reason keyCompromise 2>/dev/null
crl intermediate-ca intermediate-ca sha384
openssl crl -in "$out/intermediate-ca.crl.pem" -outform DER -out "$out/intermediate-ca.crl.der"
crl root-ca root-ca

# Failure fixtures.
# A CA below the intermediate, whose pathlen:0 forbids it.
key sub-ca p256
new_ca sub-ca
issue sub-ca "/C=CA/O=Poolcheck Examples/CN=Poolcheck Sub CA" \
  intermediate-ca intermediate_ca 1100 "$valid_from" "$valid_to" sha384
key client-under-sub-ca p256
issue client-under-sub-ca "/C=CA/O=Confluent/OU=kafka-clients/CN=under-sub-ca" \
  sub-ca client 2001 "$valid_from" "$valid_to" sha256
# A CA without keyCertSign, signed by the root with PKCS#1 v1.5 SHA-256.
key no-certsign-ca p256
new_ca no-certsign-ca
issue no-certsign-ca "/C=CA/O=Poolcheck Examples/CN=Poolcheck No-CertSign CA" \
  root-ca no_certsign_ca 03 "$valid_from" "$valid_to" sha256
key client-under-no-certsign p256
issue client-under-no-certsign "/C=CA/O=Confluent/OU=kafka-clients/CN=under-no-certsign" \
  no-certsign-ca client 3001 "$valid_from" "$valid_to" sha256
# A certificate signed by client-ec, which is not a CA (ECDSA P-256 SHA-256).
new_ca client-ec
key client-under-leaf p256
issue client-under-leaf "/C=CA/O=Confluent/OU=kafka-clients/CN=under-leaf" \
  client-ec client 4001 "$valid_from" "$valid_to" sha256

# Another CA (Ed25519 root) and its client: does not chain to the example root.
key other-ca ed25519
new_ca other-ca
issue other-ca "/C=US/O=Other Examples/CN=Other Example Root CA" other-ca root_ca \
  01 "$valid_from" "$valid_to" null
key client-other-ca p256
issue client-other-ca "/C=US/O=Confluent/OU=kafka-clients/CN=other-ca-client" \
  other-ca client 5001 "$valid_from" "$valid_to" null
crl other-ca other-ca null

# A CRL naming the intermediate as issuer but signed by another key: its signature must fail.
key forged-ca p384
new_ca forged-ca
issue forged-ca "/C=CA/O=Poolcheck Examples/OU=Kafka/CN=Poolcheck Example Issuing CA" \
  forged-ca intermediate_ca 01 "$valid_from" "$valid_to" sha384
CA_DIR="$work/forged-ca" CA_MD=sha384 openssl ca -revoke "$out/client-revoked.pem" \
  -keyfile "$work/forged-ca.key" -cert "$out/forged-ca.pem" 2>/dev/null
crl forged-ca forged-intermediate-ca sha384
rm "$out/forged-ca.pem"

# Bundles: what a CA admin registers, and what a client presents.
cat "$out/intermediate-ca.pem" "$out/root-ca.pem" >"$out/ca-chain.pem"
cat "$out/client-valid.pem" "$out/intermediate-ca.pem" >"$out/client-valid-chain.pem"
cat "$out/client-under-sub-ca.pem" "$out/sub-ca.pem" >"$out/client-under-sub-ca-chain.pem"
cat "$out/client-under-no-certsign.pem" "$out/no-certsign-ca.pem" \
  >"$out/client-under-no-certsign-chain.pem"
cat "$out/client-under-leaf.pem" "$out/client-ec.pem" >"$out/client-under-leaf-chain.pem"

large_key_chain
hierarchies
write_openssl_view

echo "wrote $(ls "$out" | wc -l) files to $out"
