// Generated from poolcheck-core's types by crates/poolcheck-wasm/tests/typescript.rs.
// Do not edit: run `UPDATE_TYPES=1 cargo test -p poolcheck-wasm --test typescript`.
// KeygenOptions, ImportKeyOptions, KeygenOutput, SignOptions and SignOutput are the
// inputs and outputs of keygen, importKey and sign, which exist only in the package
// built with the `builder` feature (dist/pkg is; scripts/build-js-api.sh).

export type ActualOutcome = { 
/**
 * Absent when the OAuth flow was not simulated (no token, a client certificate).
 */
oauth?: FlowOutcome, 
/**
 * Absent when the scenario has no client certificate.
 */
mtls?: FlowOutcome, };

export type Algorithm = string;

export type Assumption = { id: AssumptionId, statement: string, };

export type AssumptionId = string;

export type Attribute = { oid: string, 
/**
 * Short name (`CN`, `O`, `emailAddress`, …), or the dotted OID when it has none.
 */
name: string, 
/**
 * Whether `name` is a short name a filter can use as an identifier.
 */
known: boolean, 
/**
 * The decoded text; a value that is not a string shows as `#` and its DER in hex
 * (RFC 4514).
 */
value: string, 
/**
 * The ASN.1 string type (`UTF8String`, `PrintableString`, `BMPString`, …).
 */
string_type: string, };

export type AuthorityField = "id" | "name" | "certificate_chain" | "crl";

export type BasicConstraintsReport = { ca: boolean, path_len: number | null, critical: boolean, };

export type Candidate = { index: number, kid: string | null, reason: CandidateReason, detail: string, };

export type CandidateReason = string;

export type CaseOutcome = "match" | "no_match" | "error";

export type CaseResult = { name: string, expected: Expectation, actual: CaseOutcome, 
/**
 * `actual` is `expected`; an error counts as no match, as the simulator counts it
 * (assumption `filter_error_no_match`).
 */
passed: boolean, 
/**
 * Why the filter gave no result (`actual` is `error`).
 */
error?: string, 
/**
 * For a case that fails: the filter's report, with its step-by-step explanation.
 */
explanation?: FilterReport, };

export type Cause = string;

export type CertificateAuthority = { id: string, name?: string, certificate_chain: string, crl?: string, require_crl: boolean, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type CertificateOptions = { 
/**
 * The instant to check validity at, in unix seconds (default: the caller's clock).
 */
now?: number, };

export type CertificatePool = { id: string, name?: string, certificate_authority: string, external_identifier: string, filter: string, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type CertificatePoolField = "id" | "name" | "certificate_authority" | "external_identifier" | "filter";

export type CertificateReport = { 
/**
 * X.509 version: 1, 2 or 3.
 */
version: number, subject: DistinguishedName, issuer: DistinguishedName, self_issued: boolean, 
/**
 * Lower-case hex without the sign-padding zero byte.
 */
serial_hex: string, validity: ValidityReport, public_key: PublicKeyReport, signature_algorithm: SignatureAlgorithmReport, basic_constraints: BasicConstraintsReport | null, key_usage: KeyUsageReport | null, 
/**
 * Names such as `clientAuth`, or dotted OIDs.
 */
extended_key_usage: Array<string> | null, subject_alt_names: Array<SubjectAltName>, extensions: Array<ExtensionReport>, 
/**
 * Upper-case hex pairs joined by ':', as `openssl x509 -fingerprint -sha256` prints.
 */
sha256_fingerprint: string, 
/**
 * The subject as a certificate pool filter sees it.
 */
filter_bindings: DnBindings, problems: Array<Problem>, };

export type ChainCode = string;

export type ChainRefusal = { code: ChainCode, message: string, };

export type ChainReport = { 
/**
 * True when nothing refuses the client (warnings allowed).
 */
valid: boolean, 
/**
 * The path found, leaf first; the last link is the registered certificate it ends at
 * (`role: anchor`) when one was found.
 */
links: Array<LinkReport>, 
/**
 * The CRL, when one was given and parses.
 */
crl: CrlReport | null, 
/**
 * Every failed check as an error, every warning, in path order.
 */
problems: Array<Problem>, 
/**
 * The first error: why Confluent Cloud would refuse this client.
 */
refusal: ChainRefusal | null, };

export type Change = { path: string, 
/**
 * The id of the provider, pool, authority or certificate pool.
 */
id: string, };

export type Check = { name: string, status: CheckStatus, detail: string, };

export type CheckStatus = string;

export type ChosenKey = { index: number, kid: string | null, };

export type ClaimRow = { name: string, value: JsonValue, meaning: string | null, time: TimeInfo | null, };

export type CommandError = { code: CommandErrorCode, message: string, 
/**
 * For a filter that does not compile: the source line with a caret under the column.
 */
excerpt?: string, hint?: string, };

export type CommandErrorCode = "not_a_token" | "token_unreadable" | "keys_unreadable" | "keys_discovery_document" | "filter_does_not_compile" | "claims_unusable" | "scenario_invalid" | "exercise_not_found" | "certificate_unreadable" | "key_does_not_fit" | "signing_key_missing" | "invalid_argument" | "worker_failed" | "serialization_failed" | "import_unrecognized" | "pool_not_found" | "export_unrepresentable";

export type CompileError = { 
/**
 * Stable: `filter_syntax`, `filter_empty`, `filter_too_long`, `filter_too_deep`,
 * `filter_macros_too_deep`.
 */
code: string, message: string, line: number, column: number, 
/**
 * The source line the column points into.
 */
source_line: string, hint?: string, };

export type CrlReport = { issuer: DistinguishedName, this_update: number, this_update_iso: string, next_update: number | null, next_update_iso: string | null, revoked: Array<RevokedEntry>, signature_algorithm: SignatureAlgorithmReport, };

export type Detail = "explained" | "verdict";

export type DistinguishedName = { 
/**
 * One line: RDNs joined by ", ", attributes of a multi-valued RDN by "+".
 */
text: string, rdns: Array<Rdn>, };

export type DnBindings = { 
/**
 * Bare attribute name → string value, ready for the filter engine.
 */
values: { [key in string]?: JsonValue }, repeated: Array<RepeatedAttribute>, };

export type Edit = { "edit": "set_token", token: string, } | { "edit": "set_now", now: number, } | { "edit": "set_leeway", seconds: number, } | { "edit": "set_keys", text: string, secret: SecretEncoding | null, } | { "edit": "set_request", field: RequestField, value: string, } | { "edit": "set_provider", index: number, field: ProviderField, value: string, } | { "edit": "set_pool", index: number, field: PoolField, value: string, } | { "edit": "set_authority", index: number, field: AuthorityField, value: string, } | { "edit": "set_require_crl", index: number, require: boolean, } | { "edit": "set_certificate_pool", index: number, field: CertificatePoolField, value: string, } | { "edit": "set_client_certificate", pem: string, } | { "edit": "add", entry: Entry, } | { "edit": "remove", entry: Entry, index: number, } | { "edit": "duplicate", entry: Entry, index: number, };

export type Entry = "provider" | "pool" | "authority" | "certificate_pool";

export type Exercise = { id: string, title?: string, 
/**
 * Plain text with `*emphasis*` and `` `code` ``.
 */
instructions?: string, kind: ExerciseKind, 
/**
 * Filter exercises: the pool whose filter the learner writes.
 */
target?: ExerciseTarget, 
/**
 * Filter exercises: what the filter must and must not match.
 */
cases?: Array<ExerciseCase>, 
/**
 * Outcome exercises: the client's inputs, replacing the scenario's.
 */
given?: Given, 
/**
 * Outcome exercises: what the simulation must give.
 */
expect?: ExpectedOutcome, hints?: Array<string>, solution?: Solution, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type ExerciseCase = { name: string, token?: string, claims?: Record<string, unknown>, client_certificate?: string, expect: Expectation, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type ExerciseEdit = { "edit": "add_filter_exercise", target: ExerciseTarget, } | { "edit": "add_outcome_exercise" } | { "edit": "set", exercise: number, field: ExerciseField, value: string, } | { "edit": "remove", exercise: number, } | { "edit": "add_case", exercise: number, case: NewCase, } | { "edit": "rename_case", exercise: number, case: number, name: string, } | { "edit": "set_expectation", exercise: number, case: number, expect: Expectation, } | { "edit": "remove_case", exercise: number, case: number, } | { "edit": "add_hint", exercise: number, } | { "edit": "set_hint", exercise: number, hint: number, text: string, } | { "edit": "remove_hint", exercise: number, hint: number, } | { "edit": "capture_outcome", exercise: number, } | { "edit": "trim_solution", exercise: number, };

export type ExerciseField = "id" | "title" | "instructions" | "solution";

export type ExerciseKind = "filter" | "outcome";

export type ExerciseOptions = { 
/**
 * Check only this exercise (by id); default every exercise.
 */
exercise?: string, 
/**
 * The learner's answer: replaces the target pool's filter. Needs `exercise` naming a
 * filter exercise.
 */
filter?: string, };

export type ExerciseReport = { 
/**
 * Every checked exercise is solved.
 */
solved: boolean, exercises: Array<ExerciseResult>, };

export type ExerciseResult = { id: string, title: string, kind: ExerciseKind, solved: boolean, 
/**
 * Filter exercises: one entry per case, in order (empty for outcome exercises).
 */
cases: Array<CaseResult>, 
/**
 * Outcome exercises: what the exercise asks for.
 */
expected?: ExpectedOutcome, 
/**
 * Outcome exercises: what the simulation gave.
 */
actual?: ActualOutcome, };

export type ExerciseTarget = { "pool": string } | { "certificate_pool": string };

export type Expectation = "match" | "no_match";

export type ExpectedFlow = { accepted?: boolean, principal?: string, 
/**
 * Compared as a set: the order of pools carries no meaning.
 */
pools?: Array<string>, 
/**
 * The refusal code (`KID_LOOKUP_FAILED`, `CERT_REVOKED`, …).
 */
refused?: string, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type ExpectedOutcome = { oauth?: ExpectedFlow, mtls?: ExpectedFlow, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type ExplainStep = { depth: number, 
/**
 * The sub-expression as written (whitespace runs collapsed).
 */
expression: string, 
/**
 * Where it is in the filter source.
 */
span: Span | null, outcome: StepOutcome, };

export type ExportFormat = "confluent-cli" | "terraform" | "java" | "librdkafka" | "kcat";

export type ExportOptions = { format: ExportFormat, 
/**
 * The identity pool to export (with its provider), or whose client settings to write.
 */
pool?: string, 
/**
 * The certificate pool to export (with its authority), or whose mTLS settings to write.
 */
certificate_pool?: string, };

export type ExtensionReport = { oid: string, name: string | null, critical: boolean, };

export type FilterInput = { "claims": JsonValue } | { "token": string };

export type FilterMode = "claims" | "certificate";

export type FilterOptions = { 
/**
 * The provider's issuer: adds the check Confluent Cloud makes for shared issuers.
 */
issuer?: string, };

export type FilterReport = { filter: string, mode: FilterMode, 
/**
 * `None` when evaluation failed (which counts as no match).
 */
result: boolean | null, error: string | null, explanation: Array<ExplainStep>, lints: Array<Problem>, };

export type FlowOutcome = { accepted: boolean, principal: string | null, pools: Array<string>, 
/**
 * The refusal code when refused.
 */
refused: string | null, 
/**
 * The simulation's one line about what happened.
 */
message: string, };

export type Given = { token?: string, request?: Request, client_certificate?: string, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type Ignored = { path: string, reason: string, };

export type ImportFormat = "auto" | "confluent-cli" | "rest" | "terraform";

export type ImportKeyOptions = { 
/**
 * The `kid` to give the key, or to choose it from a JWKS; default the key's own `kid`,
 * else its RFC 7638 thumbprint.
 */
kid?: string, };

export type ImportOptions = { format?: ImportFormat, 
/**
 * The provider the imported identity pools belong to, for inputs that do not say
 * (`confluent iam pool list --provider …` prints pools without it).
 */
provider?: string, 
/**
 * The certificate authority the imported certificate pools belong to, for inputs that
 * do not say (the CLI's and the REST API's certificate pools).
 */
certificate_authority?: string, };

export type ImportReport = { scenario: Scenario, 
/**
 * The format read (the one recognized, under `auto`).
 */
format: ImportFormat, 
/**
 * New entities: the pointer of each in `scenario` (`/pools/2`).
 */
added: Array<Change>, 
/**
 * Changed fields of entities matched by id: the pointer of each field (`/pools/0/filter`).
 */
updated: Array<Change>, 
/**
 * Parts of the input not imported: the pointer in the input and why.
 */
ignored: Array<Ignored>, 
/**
 * What the imported entities still need before a simulation can use them (keys, a
 * certificate chain): the pointer in `scenario` and what to do.
 */
missing: Array<Ignored>, };

export type InspectReport = { now: number, certificates: Array<CertificateReport>, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;

export type Key = { 
/**
 * Position in the set, from 0.
 */
index: number, 
/**
 * Where in the pasted text the key is, e.g. `keys[2]` or `PEM block 1 (CERTIFICATE)`.
 */
origin: string, kid: string | null, 
/**
 * As written in a JWK, or derived from PEM; `None` when a JWK has no usable `kty`.
 */
kty: string | null, alg: string | null, use: string | null, key_ops: Array<string> | null, size_bits: number | null, curve: string | null, 
/**
 * RFC 7638 thumbprint (base64url SHA-256) of the public key or secret.
 */
thumbprint: string | null, 
/**
 * Subject of the certificate the key came from (PEM `CERTIFICATE` or JWK `x5c`).
 */
certificate_subject: string | null, 
/**
 * Why the key cannot verify anything, when it cannot.
 */
error: string | null, warnings: Array<Problem>, };

export type KeyKind = "keys" | "secret" | "secret_base64" | "secret_base64url";

export type KeyParseError = { "kind": "empty" } | { "kind": "too_large", bytes: number, limit: number, } | { "kind": "too_many_keys", count: number, limit: number, } | { "kind": "invalid_json", message: string, line: number, column: number, } | { "kind": "not_a_key_document", detail: string, } | { "kind": "bad_pem", block: number, detail: string, } | { "kind": "unrecognised" } | { "kind": "bad_secret", detail: string, };

export type KeySet = { source: KeySource, keys: Array<Key>, problems: Array<Problem>, };

export type KeySource = { "kind": "jwks" } | { "kind": "jwk" } | { "kind": "pem" } | { "kind": "secret" } | { "kind": "discovery", issuer: string | null, jwks_uri: string | null, };

export type KeyUsageReport = { 
/**
 * `digitalSignature`, `keyCertSign`, … in bit order.
 */
usages: Array<string>, critical: boolean, };

export type KeygenOptions = { 
/**
 * The JWS algorithm the key is for (`HS256` … `EdDSA`).
 */
alg: string, 
/**
 * Default: the RFC 7638 thumbprint.
 */
kid?: string, 
/**
 * RSA modulus or HMAC secret size.
 */
bits?: number, };

export type KeygenOutput = { alg: Algorithm, kid: string, private_jwk: Record<string, unknown>, public_jwk?: Record<string, unknown>, public_jwks?: { keys: Record<string, unknown>[] }, private_pem?: string, public_pem?: string, secret_base64url?: string, };

export type Keys = JsonValue | string;

export type KeysOutcome = { "state": "empty" } | { "state": "unreadable" } & KeyParseError | { "state": "set" } & KeySet;

export type LinkReport = { role: LinkRole, 
/**
 * True when the certificate comes from the registered chain rather than the client's.
 */
registered: boolean, 
/**
 * The subject's CN, else the whole subject.
 */
name: string, subject: string, issuer: string, serial_hex: string, checks: Array<Check>, };

export type LinkRole = string;

export type MtlsCode = string;

export type MtlsReport = { accepted: boolean, principal: string | null, pools: Array<string>, code: MtlsCode | null, message: string, hint: string | null, chain_valid: boolean, 
/**
 * The registered authority the chain was checked against.
 */
certificate_authority: string | null, stages: Array<Stage>, chain: ChainReport | null, 
/**
 * The client's certificates, inspected, leaf first.
 */
certificates: Array<CertificateReport>, pool_results: Array<PoolResult>, };

export type NewCase = { "from": "current" } | { "from": "token", token: string, } | { "from": "claims", claims: string, } | { "from": "client_certificate", pem: string, } | { "from": "pasted", text: string, };

export type NotAToken = { code: string, message: string, hint: string | null, };

export type NotChecked = "no_keys" | "keys_unreadable" | "discovery_document" | "no_token" | "encrypted";

export type OAuthReport = { accepted: boolean, principal: string | null, pools: Array<string>, code: RefusalCode | null, 
/**
 * For JWT_PROCESSING_FAILED: what exactly failed.
 */
cause: Cause | null, 
/**
 * One line: what happened.
 */
message: string, hint: string | null, 
/**
 * The provider the token's issuer selected.
 */
provider: string | null, stages: Array<Stage>, pool_results: Array<PoolResult>, verification: Verification | null, 
/**
 * What in the scenario makes the outcome surprising, such as two providers with one
 * issuer; none of it refuses the client.
 */
warnings: Array<Problem>, };

export type Outcome = "verified" | "token_rejected" | "no_keys" | "kid_not_found" | "kid_ambiguous" | "no_compatible_key" | "key_refused" | "signature_mismatch";

export type Payload = { "kind": "claims" } | { "kind": "json", value: JsonValue, } | { "kind": "text", text: string, } | { "kind": "binary", hex: string, } | { "kind": "encrypted" } | { "kind": "undecodable" };

export type Pool = { id: string, name?: string, provider: string, identity_claim?: string, filter: string, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type PoolField = "id" | "name" | "provider" | "identity_claim" | "filter";

export type PoolResult = { id: string, name: string, provider: string, status: PoolStatus, 
/**
 * The pool is one the client would be mapped to.
 */
selected: boolean, filter?: FilterReport, compile_error?: CompileError, };

export type PoolStatus = "matched" | "no_match" | "error" | "compile_error" | "refused" | "other_provider" | "not_requested" | "not_evaluated";

export type Problem = { severity: Severity, code: string, message: string, hint?: string, };

export type Provider = { id: string, name?: string, issuer: string, jwks: Keys, identity_claim?: string, 
/**
 * A demo private key (a private JWK, or PEM) a workshop scenario may carry so that
 * tokens can be minted for its pools. Exports and share links leave it out unless the
 * user asks ([`Scenario::without_signing_keys`]).
 */
signing_key?: Keys, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type ProviderField = "id" | "name" | "issuer" | "keys" | "identity_claim";

export type PublicKeyReport = { 
/**
 * `RSA`, `EC`, `Ed25519`, … or the OID.
 */
algorithm: string, 
/**
 * Modulus size for RSA, field size for EC.
 */
bits: number | null, 
/**
 * `P-256`, `P-384`, … for EC keys.
 */
curve: string | null, };

export type Rdn = { attributes: Array<Attribute>, };

export type Refusal = string;

export type RefusalCode = string;

export type RepeatedAttribute = { name: string, 
/**
 * Every value, in DER order.
 */
values: Array<string>, 
/**
 * The one bound for the filter (the last of `values`).
 */
bound: string, };

export type Reports = { token: TokenOutcome, keys: KeysOutcome, signature: SignatureReport, oauth: OAuthReport, mtls: MtlsReport | null, };

export type Request = { logical_cluster?: string, 
/**
 * One pool ID or several separated by commas; `None` means auto pool mapping.
 */
identity_pool_id: string | null, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type RequestField = "logical_cluster" | "identity_pool_id";

export type RevokedEntry = { serial_hex: string, revoked_at: number, revoked_at_iso: string, };

export type Scenario = { version: number, 
/**
 * A short name, shown when the scenario is an example or shared.
 */
title?: string, description?: string, now?: number, leeway_seconds?: number, token: string, request: Request, providers: Array<Provider>, pools: Array<Pool>, certificate_authorities?: Array<CertificateAuthority>, certificate_pools?: Array<CertificatePool>, client_certificate?: string, 
/**
 * Workshop exercises over this scenario (checked by `commands::exercise`).
 */
exercises?: Array<Exercise>, } & ({ [key in string]?: number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null });

export type SecretEncoding = "text" | "base64" | "base64_url";

export type Segment = { role: SegmentRole, text: string, decoded_len: number | null, };

export type SegmentRole = "header" | "payload" | "signature" | "encrypted_key" | "iv" | "ciphertext" | "tag";

export type Severity = string;

export type SignOptions = { 
/**
 * Private key text (PEM, JWK, JWKS) or the secret, as `key_kind` says.
 */
key: string, key_kind?: KeyKind, 
/**
 * Default: from the key (RS256, ES256/384/512 by curve, EdDSA, HS256).
 */
alg?: string, 
/**
 * The header's `kid` (and the JWKS entry to sign with); default the key's own `kid`.
 */
kid?: string, 
/**
 * A JSON object to start the claims from.
 */
claims?: string, 
/**
 * `NAME=VALUE` claims, applied in order; VALUE is JSON when it parses, else a string.
 */
claim?: Array<string>, 
/**
 * A JSON object to start the header from (members beyond `alg`, `typ` and `kid`, or
 * those replaced). An `alg` in it chooses the algorithm and must agree with `alg`.
 */
base_header?: string, 
/**
 * `NAME=VALUE` header members, like `claim`; `alg` is refused (use `alg`).
 */
header?: Array<string>, 
/**
 * `now` or unix seconds; default `now` unless the claims already hold `iat`.
 */
iat?: string, 
/**
 * `+DURATION` (`30s`, `15m`, `1h`, `7d`) from now, or unix seconds.
 */
exp?: string, nbf?: string, 
/**
 * Unix seconds (default: the caller's clock).
 */
now?: number, 
/**
 * Sign with an HMAC secret shorter than the hash output.
 */
allow_short_secret?: boolean, };

export type SignOutput = { token: string, header: Record<string, unknown>, claims: Record<string, unknown>, };

export type SignatureAlgorithmReport = { oid: string, 
/**
 * `sha256WithRSAEncryption`, `RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)`,
 * `ecdsa-with-SHA384`, `Ed25519`, … or the OID when unknown.
 */
name: string, 
/**
 * Whether poolcheck can verify signatures made with it.
 */
supported: boolean, };

export type SignatureReport = { "status": "not_checked", reason: NotChecked, } | { "status": "checked" } & Verification;

export type SimulateOptions = { 
/**
 * Unix seconds, instead of the scenario's `now` (which itself defaults to the caller's
 * clock).
 */
now?: number, 
/**
 * Instead of the scenario's `leeway_seconds`; 0 or more.
 */
leeway_seconds?: number, 
/**
 * Instead of the scenario's token (any pasted form).
 */
token?: string, };

export type SimulationReport = { 
/**
 * Every simulated flow was accepted.
 */
accepted: boolean, now: number, leeway_seconds: number, 
/**
 * Absent only when the scenario has no token but a client certificate (mTLS only).
 */
oauth: OAuthReport | null, 
/**
 * Present when the scenario has a client certificate.
 */
mtls?: MtlsReport, assumptions: Array<Assumption>, };

export type Solution = string | Array<Record<string, unknown>>;

export type Span = { start: number, end: number, };

export type Stage = { stage: StageName, status: StageStatus, detail: string, 
/**
 * The assumption this stage's rule rests on, if any.
 */
assumption?: AssumptionId, };

export type StageName = string;

export type StageStatus = string;

export type StepOutcome = { "kind": "value", value: string, } | { "kind": "error", message: string, } | { "kind": "not_evaluated", reason: string, };

export type SubjectAltName = { 
/**
 * `dns`, `email`, `uri`, `ip`, `directory`, `other`.
 */
kind: string, value: string, };

export type TimeInfo = { unix: number, iso: string, relative: string, status: TimeStatus, };

export type TimeStatus = "ok" | "expired" | "not_yet_valid" | "issued_in_future";

export type TokenFormat = "jws" | "jwe";

export type TokenOptions = { 
/**
 * Unix seconds (default: the caller's clock).
 */
now?: number, 
/**
 * Seconds of clock skew forgiven in `exp`, `nbf` and `iat`; 0 or more (default 0).
 */
leeway_seconds?: number, };

export type TokenOutcome = { "kind": "empty" } | { "kind": "not_a_token" } & NotAToken | { "kind": "decoded" } & TokenReport;

export type TokenReport = { format: TokenFormat, 
/**
 * The compact token with any `Bearer`, quotes and whitespace removed.
 */
token: string, segments: Array<Segment>, header: JsonValue | null, claims: JsonValue | null, payload: Payload, claim_rows: Array<ClaimRow>, lifetime_seconds: number | null, size_bytes: number, now: number, problems: Array<Problem>, };

export type ValidityReport = { not_before: number, not_before_iso: string, not_after: number, not_after_iso: string, status: ValidityStatus, };

export type ValidityStatus = "valid" | "expired" | "not_yet_valid";

export type Verification = { signature_valid: boolean, outcome: Outcome, 
/**
 * Why the token was refused before any key was tried (with `outcome: token_rejected`).
 */
refusal: Refusal | null, 
/**
 * The header's `alg` as written (even when unsupported or `none`).
 */
alg: string | null, kid: string | null, 
/**
 * The key that verified the signature.
 */
key: ChosenKey | null, 
/**
 * One entry per key in the set, in set order.
 */
candidates: Array<Candidate>, problems: Array<Problem>, };

export type VerifyOptions = { 
/**
 * How to read the key text (default `keys`).
 */
key_kind?: KeyKind, };

export type VerifyOutput = { key_set: KeySet, signature_valid: boolean, outcome: Outcome, 
/**
 * Why the token was refused before any key was tried (with `outcome: token_rejected`).
 */
refusal: Refusal | null, 
/**
 * The header's `alg` as written (even when unsupported or `none`).
 */
alg: string | null, kid: string | null, 
/**
 * The key that verified the signature.
 */
key: ChosenKey | null, 
/**
 * One entry per key in the set, in set order.
 */
candidates: Array<Candidate>, problems: Array<Problem>, };
