//! The Build tab's state and its part of the reducer: the key, the header and claims being
//! written, and the one job the builder's worker runs at a time (key generation, reading a
//! pasted key, signing, minting a pool's token). The reducer only describes a job; the
//! `JobWorker` component runs it and reports back with [`BuilderAction::JobDone`].

use std::rc::Rc;

use poolcheck_core::alg::Algorithm;
use poolcheck_core::commands::{
    self, CommandError, CommandErrorCode, ExportOptions, ImportKeyOptions, KeyKind, KeygenOptions,
    KeygenOutput, SignOptions, SignOutput,
};
use poolcheck_core::draft::{self, ClaimHelper, TEMPLATES};
use poolcheck_core::filter::{MintKind, MintedClaims};
use poolcheck_core::workspace::{Edit, ProviderField, TokenOutcome};
use serde::Serialize;
use serde_json::Value;

use super::{AppState, KeysFormat};
use crate::views::View;

/// The algorithm a fresh builder signs with: small keys, generated at once.
const DEFAULT_ALG: Algorithm = Algorithm::ES256;

#[derive(Debug, Clone, PartialEq)]
pub struct Builder {
    pub alg: Algorithm,
    /// RSA modulus or HMAC secret size for the next key generated; `None` for the default.
    pub bits: Option<usize>,
    /// The `kid` for the next key generated; empty for the RFC 7638 thumbprint.
    pub kid: String,
    /// The signing key as text (a generated key's private JWK, or what the user pasted).
    pub key_text: String,
    pub key_kind: KeyKind,
    /// Every form of the current key, once generated or read.
    pub key: Option<Rc<KeygenOutput>>,
    pub header: String,
    pub claims: String,
    pub allow_short_secret: bool,
    pub job: Option<Rc<Job>>,
    /// The last token signed here.
    pub signed: Option<Rc<SignOutput>>,
    /// Why the last job or helper failed.
    pub error: Option<CommandError>,
    /// What the last "Mint" button made, shown on its pool's card.
    pub mint: Option<Rc<MintNote>>,
    next_job: u32,
}

/// One request for the worker, in the protocol of web/builder-worker.js.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Job {
    pub id: u32,
    pub command: &'static str,
    /// The command's options as JSON text.
    pub options: String,
    #[serde(skip)]
    pub task: Task,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Task {
    Keygen {
        alg: Algorithm,
        bits: Option<usize>,
    },
    ReadKey,
    Sign,
    Mint {
        pool: String,
        kind: MintKind,
        minted: MintedClaims,
    },
    /// Confluent configuration read into the scenario (state/interop.rs).
    Import,
    /// The scenario written in a Confluent format (state/interop.rs).
    Export(ExportOptions),
}

impl Task {
    /// What the page says while the job runs.
    pub fn progress(&self) -> String {
        match self {
            Task::Keygen { alg, bits } => {
                format!("Generating {}…", key_description(*alg, *bits))
            }
            Task::ReadKey => "Reading the key…".into(),
            Task::Sign => "Signing…".into(),
            Task::Mint { .. } => "Minting a token…".into(),
            Task::Import => "Importing…".into(),
            Task::Export(_) => "Writing the export…".into(),
        }
    }
}

/// A minted token's pool, and what the filter left open.
#[derive(Debug, Clone, PartialEq)]
pub struct MintNote {
    pub pool: String,
    pub outcome: Result<(MintKind, MintedClaims), CommandError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuilderAction {
    SetAlg(Algorithm),
    SetBits(Option<usize>),
    SetKid(String),
    /// Pasted key text: read in the worker (for its forms and `kid`) when it is a key.
    SetKeyText(String),
    SetKeyKind(KeyKind),
    SetHeader(String),
    SetClaims(String),
    SetAllowShortSecret(bool),
    Helper(ClaimHelper),
    Template(usize),
    Generate,
    Sign,
    /// Stop the running job (the worker is terminated).
    Cancel,
    JobDone {
        id: u32,
        outcome: Result<String, CommandError>,
    },
    /// Put the signed token in the Token field and show it.
    UseToken,
    /// Put the key's public JWKS in the Keys field.
    UseJwksAsKeys,
    /// Make the key's public JWKS a provider's keys.
    UseJwksForProvider(usize),
    /// From the Token view: the decoded header and claims into the builder.
    EditAndResign,
    Mint {
        pool: String,
        kind: MintKind,
    },
}

impl Builder {
    pub fn new(now: i64) -> Self {
        Self {
            alg: DEFAULT_ALG,
            bits: None,
            kid: String::new(),
            key_text: String::new(),
            key_kind: KeyKind::Keys,
            key: None,
            header: "{\n  \"typ\": \"JWT\"\n}".into(),
            claims: TEMPLATES.first().map_or_else(String::new, |t| draft::template_claims(t, now)),
            allow_short_secret: false,
            job: None,
            signed: None,
            error: None,
            mint: None,
            next_job: 0,
        }
    }

    fn start(&mut self, command: &'static str, options: &impl Serialize, task: Task) {
        match serde_json::to_string(options) {
            Ok(options) => {
                self.next_job = self.next_job.wrapping_add(1);
                self.job = Some(Rc::new(Job { id: self.next_job, command, options, task }));
                self.error = None;
            }
            Err(error) => self.error = Some(failed(error.to_string())),
        }
    }

    fn read_key(&mut self) {
        self.key = None;
        if self.key_kind == KeyKind::Keys && !self.key_text.trim().is_empty() {
            let key = self.key_text.clone();
            let options = ReadKey { key: &key, options: ImportKeyOptions::default() };
            self.start("importKey", &options, Task::ReadKey);
        } else if matches!(self.job.as_deref(), Some(Job { task: Task::ReadKey, .. })) {
            self.job = None;
        }
    }

    fn sign_options(&self, now: i64) -> SignOptions {
        SignOptions {
            key: self.key_text.clone(),
            key_kind: self.key_kind,
            alg: Some(self.alg.name().to_owned()),
            claims: Some(self.claims.clone()),
            base_header: Some(self.header.clone()),
            now: Some(now),
            allow_short_secret: self.allow_short_secret,
            ..SignOptions::default()
        }
    }

    /// A generated or read key becomes the signing key.
    fn take_key(&mut self, key: KeygenOutput, generated: bool) {
        if generated {
            match &key.secret_base64url {
                Some(secret) => {
                    self.key_text = secret.clone();
                    self.key_kind = KeyKind::SecretBase64url;
                }
                None => {
                    self.key_text = draft::pretty(&key.private_jwk);
                    self.key_kind = KeyKind::Keys;
                }
            }
        }
        self.alg = key.alg;
        self.key = Some(Rc::new(key));
    }
}

/// `importKey`'s options as the worker takes them: the key beside its options.
#[derive(Serialize)]
struct ReadKey<'a> {
    key: &'a str,
    #[serde(flatten)]
    options: ImportKeyOptions,
}

impl AppState {
    // Kept out of the reducer, so scripts/split-wasm.mjs can move it to the late file.
    #[inline(never)]
    pub(super) fn build(&mut self, action: BuilderAction) {
        let now = self.workspace.now();
        let builder = &mut self.builder;
        match action {
            BuilderAction::SetAlg(alg) => {
                builder.alg = alg;
                builder.bits = None;
            }
            BuilderAction::SetBits(bits) => builder.bits = bits,
            BuilderAction::SetKid(kid) => builder.kid = kid,
            BuilderAction::SetKeyText(text) => {
                builder.key_text = text;
                builder.read_key();
            }
            BuilderAction::SetKeyKind(kind) => {
                builder.key_kind = kind;
                builder.read_key();
            }
            BuilderAction::SetHeader(text) => builder.header = text,
            BuilderAction::SetClaims(text) => builder.claims = text,
            BuilderAction::SetAllowShortSecret(allow) => builder.allow_short_secret = allow,
            BuilderAction::Helper(helper) => match draft::apply(&builder.claims, &helper, now) {
                Ok(claims) => {
                    builder.claims = claims;
                    builder.error = None;
                }
                Err(error) => builder.error = Some(error),
            },
            BuilderAction::Template(index) => {
                if let Some(template) = TEMPLATES.get(index) {
                    builder.claims = draft::template_claims(template, now);
                }
            }
            BuilderAction::Generate => {
                let kid = Some(builder.kid.trim().to_owned()).filter(|kid| !kid.is_empty());
                let options =
                    KeygenOptions { alg: builder.alg.name().to_owned(), kid, bits: builder.bits };
                let task = Task::Keygen { alg: builder.alg, bits: builder.bits };
                builder.start("keygen", &options, task);
            }
            BuilderAction::Sign => {
                let options = builder.sign_options(now);
                builder.signed = None;
                builder.start("sign", &options, Task::Sign);
            }
            BuilderAction::Cancel => builder.job = None,
            BuilderAction::JobDone { id, outcome } => self.job_done(id, outcome),
            BuilderAction::UseToken => {
                if let Some(signed) = self.builder.signed.clone() {
                    self.edit(Edit::SetToken { token: signed.token.clone() });
                    self.view = View::Token;
                }
            }
            BuilderAction::UseJwksAsKeys => {
                if let Some(jwks) = self.public_jwks() {
                    self.keys.notice = None;
                    self.set_keys(jwks, KeysFormat::Detect);
                }
            }
            BuilderAction::UseJwksForProvider(index) => {
                if let Some(value) = self.public_jwks() {
                    self.edit(Edit::SetProvider { index, field: ProviderField::Keys, value });
                }
            }
            BuilderAction::EditAndResign => self.edit_and_resign(),
            BuilderAction::Mint { pool, kind } => self.mint(pool, kind),
        }
    }

    fn public_jwks(&self) -> Option<String> {
        let jwks = self.builder.key.as_ref()?.public_jwks.as_ref()?;
        serde_json::to_string_pretty(jwks).ok()
    }

    fn job_done(&mut self, id: u32, outcome: Result<String, CommandError>) {
        let builder = &mut self.builder;
        let Some(job) = builder.job.take_if(|job| job.id == id) else { return };
        let failed_mint =
            |pool: &str, error| MintNote { pool: pool.to_owned(), outcome: Err(error) };
        let text = match outcome {
            Ok(text) => text,
            Err(error) => {
                match &job.task {
                    Task::Mint { pool, .. } => {
                        builder.mint = Some(Rc::new(failed_mint(pool, error)))
                    }
                    _ => builder.error = Some(error),
                }
                return;
            }
        };
        match &job.task {
            Task::Keygen { .. } | Task::ReadKey => match serde_json::from_str(&text) {
                Ok(key) => builder.take_key(key, matches!(job.task, Task::Keygen { .. })),
                Err(error) => builder.error = Some(failed(error.to_string())),
            },
            Task::Sign => match serde_json::from_str(&text) {
                Ok(signed) => builder.signed = Some(Rc::new(signed)),
                Err(error) => builder.error = Some(failed(error.to_string())),
            },
            Task::Mint { pool, kind, minted } => match serde_json::from_str::<SignOutput>(&text) {
                Ok(signed) => {
                    let outcome = Ok((*kind, minted.clone()));
                    builder.mint = Some(Rc::new(MintNote { pool: pool.clone(), outcome }));
                    self.edit(Edit::SetToken { token: signed.token });
                }
                Err(error) => {
                    builder.mint = Some(Rc::new(failed_mint(pool, failed(error.to_string()))));
                }
            },
            // Import and export jobs run in the interop's own worker (state/interop.rs).
            Task::Import | Task::Export(_) => {}
        }
    }

    /// The decoded token's header and claims as the builder's text; `alg` becomes the
    /// algorithm choice and `kid` is left to the signing key.
    fn edit_and_resign(&mut self) {
        let TokenOutcome::Decoded(report) = self.workspace.token() else { return };
        let builder = &mut self.builder;
        if let Some(Value::Object(mut header)) = report.header.clone() {
            let alg = header.remove("alg");
            header.remove("kid");
            if let Some(alg) = alg.as_ref().and_then(Value::as_str).and_then(Algorithm::from_name) {
                builder.alg = alg;
            }
            builder.header = draft::pretty(&header);
        }
        if let Some(Value::Object(claims)) = &report.claims {
            builder.claims = draft::pretty(claims);
        }
        builder.signed = None;
        builder.error = None;
        self.view = View::Build;
    }

    fn mint(&mut self, pool: String, kind: MintKind) {
        match commands::mint_request(&self.workspace, &pool, kind) {
            Ok(request) => {
                let task = Task::Mint { pool, kind, minted: request.minted };
                self.builder.mint = None;
                self.builder.start("sign", &request.sign, task);
            }
            Err(error) => {
                self.builder.mint = Some(Rc::new(MintNote { pool, outcome: Err(error) }));
            }
        }
    }
}

/// "an RSA-2048 key", "an ES256 key", "a 256-bit HMAC secret".
fn key_description(alg: Algorithm, bits: Option<usize>) -> String {
    match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            let bits = bits.or(alg.hmac_min_key_bytes().map(|bytes| bytes * 8)).unwrap_or(256);
            format!("a {bits}-bit HMAC secret")
        }
        Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 | Algorithm::EdDSA => {
            format!("an {alg} key")
        }
        _ => format!("an RSA-{} key", bits.unwrap_or(2048)),
    }
}

pub(super) fn failed(detail: String) -> CommandError {
    CommandError::new(CommandErrorCode::SerializationFailed, format!("unexpected reply: {detail}"))
}
