//! The app's one state and its one reducer. The core [`Workspace`] holds the inputs and every
//! report derived from them; this state adds only what is the page's own: the view, whether
//! the clock follows the machine, notices, the export, and stable keys for the cards.

use std::rc::Rc;

use poolcheck_core::b64;
use poolcheck_core::filter::Detail;
use poolcheck_core::fragment::ViewName;
use poolcheck_core::keys::SecretEncoding;
use poolcheck_core::scenario::{Scenario, ScenarioError};
use poolcheck_core::workspace::{Edit, Entry, PoolField, Workspace};
use yew::Reducible;

use crate::examples::{self, ExampleClient};
use crate::views::View;
use poolcheck_core::fragment::{self, Fragment};

#[derive(Debug, Clone)]
pub struct AppState {
    pub workspace: Rc<Workspace>,
    /// The clock follows the machine's until the user (or a link, or an example) fixes it.
    pub live: bool,
    pub view: View,
    pub keys: KeysUi,
    pub cards: CardKeys,
    /// Why the last import failed.
    pub import_error: Option<ScenarioError>,
    /// The last export, until the next edit makes it stale.
    pub export: Option<Rc<Export>>,
    /// The loaded mTLS example's alternative clients, offered as one-click buttons.
    pub example_clients: Rc<Vec<ExampleClient>>,
    /// Why the mTLS example could not be loaded.
    pub example_error: Option<String>,
    /// Set when the page is a `<poolcheck-embed>` frame: one compact view.
    pub embed: Option<Embed>,
    pub builder: Builder,
    pub saving: Saving,
    pub workshop: Workshop,
    pub interop: Interop,
}

/// Where the page keeps the user's work, and what it has to say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saving {
    /// Local storage (across tabs and restarts, secrets included) instead of the tab's
    /// session storage.
    pub remember: bool,
    pub notice: Option<Notice>,
    /// Saved work a link replaced at start-up, offered back.
    pub replaced: Option<Rc<SavedWork>>,
    /// Counts the edits: the app saves after each new one; 0 saves nothing (at start-up, and
    /// after Forget, until the next edit).
    pub revision: u64,
}

/// What a `<poolcheck-embed>` frame shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embed {
    pub view: ViewName,
    /// Results without editors.
    pub readonly: bool,
}

/// What the user says the Keys field holds (the "Keys are" select).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeysFormat {
    /// JSON (JWKS, JWK, discovery document) or PEM, told apart by the core.
    #[default]
    Detect,
    Secret(SecretEncoding),
}

impl KeysFormat {
    pub const ALL: [KeysFormat; 4] = [
        KeysFormat::Detect,
        KeysFormat::Secret(SecretEncoding::Text),
        KeysFormat::Secret(SecretEncoding::Base64),
        KeysFormat::Secret(SecretEncoding::Base64Url),
    ];

    /// The `<option value>`.
    pub fn value(self) -> &'static str {
        match self {
            KeysFormat::Detect => "detect",
            KeysFormat::Secret(SecretEncoding::Text) => "secret-text",
            KeysFormat::Secret(SecretEncoding::Base64) => "secret-base64",
            KeysFormat::Secret(SecretEncoding::Base64Url) => "secret-base64url",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KeysFormat::Detect => "auto-detect JSON/PEM",
            KeysFormat::Secret(SecretEncoding::Text) => "HMAC secret (text)",
            KeysFormat::Secret(SecretEncoding::Base64) => "HMAC secret (base64)",
            KeysFormat::Secret(SecretEncoding::Base64Url) => "HMAC secret (base64url)",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.value() == value)
    }

    fn of(secret: Option<SecretEncoding>) -> Self {
        secret.map_or(KeysFormat::Detect, KeysFormat::Secret)
    }

    fn secret(self) -> Option<SecretEncoding> {
        match self {
            KeysFormat::Detect => None,
            KeysFormat::Secret(encoding) => Some(encoding),
        }
    }
}

/// A message about where the Keys text came from, shown under the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// The Keys field's own state besides its text (which the workspace holds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeysUi {
    /// The URL being fetched after the user asked for it.
    pub fetching: Option<String>,
    pub notice: Option<Notice>,
}

/// Stable keys for the cards, parallel to the workspace's lists, so removing one card keeps
/// the others' DOM (and focus) in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardKeys {
    pub providers: Vec<u32>,
    pub pools: Vec<u32>,
    pub authorities: Vec<u32>,
    pub certificate_pools: Vec<u32>,
    next: u32,
}

impl CardKeys {
    fn of(workspace: &Workspace) -> Self {
        let mut keys = Self::default();
        keys.renew_oauth(workspace);
        keys.renew_certificates(workspace);
        keys
    }

    /// Fresh keys for every provider and pool card, never reusing one handed out before.
    fn renew_oauth(&mut self, workspace: &Workspace) {
        self.providers = self.take(workspace.providers().len());
        self.pools = self.take(workspace.pools().len());
    }

    fn renew_certificates(&mut self, workspace: &Workspace) {
        self.authorities = self.take(workspace.authorities().len());
        self.certificate_pools = self.take(workspace.certificate_pools().len());
    }

    fn take(&mut self, count: usize) -> Vec<u32> {
        let start = self.next;
        self.next = self.next.wrapping_add(count as u32);
        (start..).take(count).collect()
    }

    fn list(&mut self, entry: Entry) -> &mut Vec<u32> {
        match entry {
            Entry::Provider => &mut self.providers,
            Entry::Pool => &mut self.pools,
            Entry::Authority => &mut self.authorities,
            Entry::CertificatePool => &mut self.certificate_pools,
        }
    }

    /// Follows an add, remove or duplicate the workspace applied (`len` is the list's length
    /// afterwards, so an edit the workspace ignored changes nothing here).
    fn follow(&mut self, edit: &Edit, len: impl Fn(Entry) -> usize) {
        let (entry, at) = match *edit {
            Edit::Add { entry } => (entry, None),
            Edit::Remove { entry, index } => {
                if self.list(entry).len() > len(entry) && index < self.list(entry).len() {
                    self.list(entry).remove(index);
                }
                return;
            }
            Edit::Duplicate { entry, index } => (entry, Some(index + 1)),
            _ => return,
        };
        if self.list(entry).len() >= len(entry) {
            return;
        }
        let key = self.next;
        self.next = self.next.wrapping_add(1);
        let list = self.list(entry);
        let at = at.unwrap_or(list.len()).min(list.len());
        list.insert(at, key);
    }
}

/// A scenario as a file, as a share link's fragment, and as an embed's `scenario` attribute.
#[derive(Debug, PartialEq, Eq)]
pub struct Export {
    pub json: String,
    pub share_fragment: String,
    /// The compact JSON in base64url, as `#scenario=` carries it.
    pub scenario_base64url: String,
    /// How many providers carry a private signing key, and whether this export holds them.
    pub signing_keys: usize,
    pub with_signing_keys: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// An edit for the workspace: the token, keys, clock, a provider, a pool, …
    Edit(Edit),
    /// The live clock ticked; ignored once the time is fixed.
    Tick(i64),
    /// Fix the clock at this instant.
    SetTime(i64),
    /// Follow the machine's clock again, starting from this instant.
    GoLive(i64),
    SetKeysText(String),
    SetKeysFormat(KeysFormat),
    /// A dropped file was read as text.
    KeysFileRead {
        name: String,
        text: String,
    },
    /// A dropped file was refused or could not be read.
    KeysFileRefused(String),
    /// The user asked to fetch the key set a discovery document names.
    FetchStarted(String),
    Fetched {
        url: String,
        text: String,
    },
    FetchFailed {
        url: String,
        message: String,
    },
    /// The URL fragment changed: load its token and time, or its scenario.
    LoadFragment(Fragment),
    /// One of [`examples::EXAMPLES`] was fetched: its text, or why there is none.
    LoadExample(Result<String, String>),
    /// Load a pasted scenario document.
    Import(String),
    Export,
    /// Export again, with or without the providers' private signing keys.
    ExportSigningKeys(bool),
    /// The Certificates view's example was fetched: its certificate parts are loaded.
    LoadCertificatesExample(Result<String, String>),
    /// Replace the client certificate with the example client at this index.
    LoadExampleClient(usize),
    SetView(View),
    /// The Build tab, the builder's worker, and the mint buttons.
    Builder(BuilderAction),
    /// Saved work, read at start-up (or offered back after a link replaced it).
    RestoreSaved {
        saved: Rc<SavedWork>,
        now: i64,
    },
    /// A link's state was loaded instead of this saved work.
    SavedReplaced(Rc<SavedWork>),
    /// Saved work that could not be read, or a save that failed (quota, storage refused).
    SaveProblem(String),
    /// The storage now used: local (remember) or the tab's session.
    SetRemember(bool),
    /// Everything saved was erased.
    Forgot,
    /// The Workshop tab: exercises, hints, solutions, the pack.
    Workshop(WorkshopAction),
    /// Confluent configuration imported, keys fetched for it, settings exported.
    Interop(InteropAction),
}

impl Action {
    /// Whether the action changes the work the app saves: the clock ticking, switching views,
    /// exports and the saving panel's own actions do not.
    fn changes_work(&self) -> bool {
        !matches!(
            self,
            Action::Tick(_)
                | Action::SetView(_)
                | Action::Export
                | Action::ExportSigningKeys(_)
                | Action::FetchStarted(_)
                | Action::FetchFailed { .. }
                | Action::KeysFileRefused(_)
                | Action::SavedReplaced(_)
                | Action::SaveProblem(_)
                | Action::Forgot
                // Asking for an export, an import or a key fetch, or opening the trainer's
                // forms, changes nothing saved (and an export is not written twice); an
                // import changes the work when the worker's reply is taken.
                | Action::Interop(
                    InteropAction::Export(_)
                        | InteropAction::Import { .. }
                        | InteropAction::FetchKeys { .. }
                        | InteropAction::JobDone { .. }
                )
                | Action::Workshop(WorkshopAction::Authoring(_) | WorkshopAction::PackRequested)
        )
    }
}

impl AppState {
    /// Start-up state: `now` is the machine's clock unless the URL fragment fixed one.
    pub fn new(token: String, now: i64, fixed_now: Option<i64>) -> Self {
        let mut workspace = Workspace::new(Scenario::default(), fixed_now.unwrap_or(now));
        // The pool list explains the cards it shows, not all of a scenario's pools.
        workspace.set_detail(Detail::Verdict);
        workspace.apply(Edit::SetToken { token });
        Self {
            cards: CardKeys::of(&workspace),
            workspace: Rc::new(workspace),
            live: fixed_now.is_none(),
            view: View::Token,
            keys: KeysUi::default(),
            import_error: None,
            export: None,
            example_clients: Rc::default(),
            example_error: None,
            embed: None,
            builder: Builder::new(now),
            saving: Saving::default(),
            workshop: Workshop::default(),
            interop: Interop::default(),
        }
    }

    /// The Keys select's current choice.
    pub fn keys_format(&self) -> KeysFormat {
        KeysFormat::of(self.workspace.keys_text().1)
    }

    fn edit(&mut self, edit: Edit) {
        let workspace = Rc::make_mut(&mut self.workspace);
        workspace.apply(edit.clone());
        let lengths = |entry| match entry {
            Entry::Provider => workspace.providers().len(),
            Entry::Pool => workspace.pools().len(),
            Entry::Authority => workspace.authorities().len(),
            Entry::CertificatePool => workspace.certificate_pools().len(),
        };
        self.cards.follow(&edit, lengths);
        if !matches!(edit, Edit::SetNow { .. } | Edit::SetKeys { .. }) {
            self.export = None;
        }
    }

    fn set_keys(&mut self, text: String, format: KeysFormat) {
        self.edit(Edit::SetKeys { text, secret: format.secret() });
    }

    fn fix_clock(&mut self, now: i64) {
        self.live = false;
        self.edit(Edit::SetNow { now });
    }

    /// Loads a whole scenario (an example, an import, a share link): it sets the Token field
    /// and fixes the clock at the scenario's instant when it has one.
    fn import(&mut self, text: &str) {
        match Scenario::parse(text) {
            Ok(scenario) => {
                self.live &= scenario.now.is_none();
                self.take_scenario(scenario);
                self.import_error = None;
            }
            Err(error) => self.import_error = Some(error),
        }
    }

    /// Puts a read scenario in the workspace (the clock stays as it is when it has no `now`).
    /// After a change to the work: save it, judge the exercises, write the open export again.
    fn work_changed(&mut self) {
        self.saving.revision = self.saving.revision.wrapping_add(1);
        self.check_workshop();
        self.refresh_export();
    }

    fn take_scenario(&mut self, scenario: Scenario) {
        let has_certificates = scenario.has_certificates();
        Rc::make_mut(&mut self.workspace).import(scenario);
        self.cards.renew_oauth(&self.workspace);
        if has_certificates {
            self.cards.renew_certificates(&self.workspace);
            // The example's client buttons belong to the certificates just replaced.
            self.example_clients = Rc::default();
            self.example_error = None;
        }
        self.export = None;
    }

    /// Private signing keys stay out unless `with_signing_keys`.
    fn export(&mut self, with_signing_keys: bool) {
        let scenario = self.workspace.scenario();
        let signing_keys = scenario.signing_key_count();
        let scenario = if with_signing_keys { scenario } else { scenario.without_signing_keys() };
        let compact = serde_json::to_string(&scenario).unwrap_or_default();
        self.export = Some(Rc::new(Export {
            json: scenario.to_json(),
            share_fragment: fragment::share(&compact),
            scenario_base64url: b64::encode(&compact),
            signing_keys,
            with_signing_keys,
        }));
    }

    /// A link's scenario (or token and clock), the view to show, and for an embed frame its
    /// view and, for a filter embed, the filter (which becomes the first pool's).
    fn load_fragment(&mut self, fragment: Fragment) {
        if let Some(json) = &fragment.scenario {
            self.import(json);
            // A workshop's link opens on its exercises.
            self.view = if self.workspace.base().exercises.is_empty() {
                View::Pools
            } else {
                View::Workshop
            };
        }
        if let Some(now) = fragment.now {
            self.fix_clock(now);
        }
        if let Some(token) = fragment.token {
            self.edit(Edit::SetToken { token });
        }
        if let Some(view) = fragment.view.or(fragment.embed) {
            self.view = View::showing(view);
        }
        if let Some(view) = fragment.embed {
            self.embed = Some(Embed { view, readonly: fragment.readonly });
        }
        if let (Some(ViewName::Filter), Some(filter)) = (fragment.embed, fragment.filter) {
            if self.workspace.pools().is_empty() {
                self.edit(Edit::Add { entry: Entry::Pool });
            }
            self.edit(Edit::SetPool { index: 0, field: PoolField::Filter, value: filter });
        }
    }

    fn load_certificates_example(&mut self, fetched: Result<String, String>) {
        match fetched.and_then(|text| examples::certificates(&text)) {
            Ok((scenario, clients)) => {
                self.live &= scenario.now.is_none();
                Rc::make_mut(&mut self.workspace).import_certificates(&scenario);
                self.cards.renew_certificates(&self.workspace);
                self.example_clients = Rc::new(clients);
                self.example_error = None;
            }
            Err(message) => self.example_error = Some(message),
        }
    }
}

impl AppState {
    /// Puts saved work back. The scenario is read like an import, so a saved scenario that no
    /// longer reads is refused with the import's message.
    fn restore(&mut self, saved: &SavedWork, now: i64) -> Result<(), String> {
        let scenario = Scenario::parse(&saved.scenario).map_err(|error| error.to_string())?;
        self.import(&saved.scenario);
        self.live = saved.live;
        if saved.live || scenario.now.is_none() {
            self.live = true;
            self.edit(Edit::SetNow { now });
        }
        let format = KeysFormat::from_value(&saved.keys_format).unwrap_or_default();
        self.set_keys(saved.keys.clone(), format);
        let builder = &mut self.builder;
        if let Some(alg) = Algorithm::from_name(&saved.builder.alg) {
            builder.alg = alg;
        }
        builder.bits = saved.builder.bits;
        builder.kid = saved.builder.kid.clone();
        builder.header = saved.builder.header.clone();
        builder.claims = saved.builder.claims.clone();
        builder.key_kind = saved.builder.key_kind;
        if let Some(key_text) = &saved.builder.key_text {
            builder.key_text = key_text.clone();
        }
        let count = self.workspace.base().exercises.len();
        self.workshop.selected = saved.workshop.selected.min(count.saturating_sub(1));
        self.workshop.hints = saved.workshop.hints.clone();
        self.workshop.solutions = saved.workshop.solutions.clone();
        Ok(())
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let changes_work = action.changes_work();
        match action {
            Action::Edit(edit) => next.edit(edit),
            Action::Tick(now) if self.live && now != self.workspace.now() => {
                next.edit(Edit::SetNow { now });
            }
            Action::Tick(_) => return self,
            Action::SetTime(now) => next.fix_clock(now),
            Action::GoLive(now) => {
                next.live = true;
                next.edit(Edit::SetNow { now });
            }
            Action::SetKeysText(text) => {
                next.keys.notice = None;
                next.set_keys(text, self.keys_format());
            }
            Action::SetKeysFormat(format) => {
                let text = self.workspace.keys_text().0.to_owned();
                next.set_keys(text, format);
            }
            Action::KeysFileRead { name, text } => {
                next.keys.notice =
                    Some(Notice::Info(format!("Read {name} ({} bytes).", text.len())));
                next.set_keys(text, self.keys_format());
            }
            Action::KeysFileRefused(message) => next.keys.notice = Some(Notice::Error(message)),
            Action::FetchStarted(url) => next.keys = KeysUi { fetching: Some(url), notice: None },
            Action::Fetched { url, text } => {
                let notice = Notice::Info(format!("Fetched {url} ({} bytes).", text.len()));
                next.keys = KeysUi { fetching: None, notice: Some(notice) };
                next.set_keys(text, KeysFormat::Detect);
            }
            Action::FetchFailed { url, message } => {
                let notice = Notice::Error(format!("Could not fetch {url}: {message}"));
                next.keys = KeysUi { fetching: None, notice: Some(notice) };
            }
            Action::LoadFragment(fragment) if fragment == Fragment::default() => return self,
            Action::LoadFragment(fragment) => next.load_fragment(fragment),
            Action::LoadExample(Ok(text)) => next.import(&text),
            Action::LoadExample(Err(message)) => {
                next.import_error = Some(ScenarioError {
                    path: String::new(),
                    message: format!("the example could not be loaded: {message}"),
                });
            }
            Action::Import(text) => next.import(&text),
            Action::Export => next.export(false),
            Action::ExportSigningKeys(with) => next.export(with),
            Action::LoadCertificatesExample(fetched) => next.load_certificates_example(fetched),
            Action::LoadExampleClient(index) => match self.example_clients.get(index) {
                Some(client) => next.edit(Edit::SetClientCertificate { pem: client.pem.clone() }),
                None => return self,
            },
            Action::SetView(view) if view == self.view => return self,
            Action::SetView(view) => next.view = view,
            Action::Builder(action) => next.build(action),
            Action::RestoreSaved { saved, now } => {
                next.saving.replaced = None;
                next.saving.notice = match next.restore(&saved, now) {
                    Ok(()) => Some(Notice::Info("Restored the work saved in this browser.".into())),
                    Err(error) => Some(Notice::Error(format!(
                        "The saved work could not be restored and was left out: {error}"
                    ))),
                };
            }
            Action::SavedReplaced(saved) => {
                next.saving.notice =
                    Some(Notice::Info("This link replaced the work saved in this browser.".into()));
                next.saving.replaced = Some(saved);
            }
            Action::SaveProblem(message)
                if self
                    .saving
                    .notice
                    .as_ref()
                    .is_some_and(|notice| *notice == Notice::Error(message.clone())) =>
            {
                return self;
            }
            Action::SaveProblem(message) => next.saving.notice = Some(Notice::Error(message)),
            Action::SetRemember(remember) => {
                next.saving.remember = remember;
                next.saving.notice = None;
            }
            Action::Workshop(action) => next.workshop_action(action),
            Action::Interop(action) => next.interop_action(action),
            Action::Forgot => {
                // Revision 0 also cancels a save still pending from an earlier edit.
                next.saving = Saving {
                    notice: Some(Notice::Info("Erased everything this page had saved.".into())),
                    ..Saving::default()
                };
                return Rc::new(next);
            }
        }
        if changes_work {
            next.work_changed();
        }
        Rc::new(next)
    }
}

mod builder;
#[cfg(test)]
mod builder_tests;
mod interop;
#[cfg(test)]
mod saved_tests;
#[cfg(test)]
mod tests;
mod workshop;
#[cfg(test)]
mod workshop_tests;

pub use builder::{Builder, BuilderAction, Job, MintNote, Task};
pub use interop::{Interop, InteropAction};
pub use workshop::{Workshop, WorkshopAction};

use crate::saved::SavedWork;
use poolcheck_core::alg::Algorithm;
