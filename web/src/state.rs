//! The app's one state and its one reducer. Every derived result (the decoded token) is
//! computed here when its inputs change, so rendering only reads.

use std::rc::Rc;

use poolcheck_core::{DecodeOptions, NotAToken, TokenReport, decode};
use yew::Reducible;

use crate::certs_state::{CertsAction, CertsState};
use crate::fragment::Fragment;
use crate::keys_state::{self, KeysAction, KeysState};
use crate::pools_state::{PoolsAction, PoolsState};

/// Leeway the time checks grant when the user has not changed it.
pub const DEFAULT_LEEWAY_SECONDS: i64 = 0;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub clock: ClockState,
    pub token: TokenState,
    pub keys: Rc<KeysState>,
    pub view: View,
    pub pools: PoolsState,
    pub certs: CertsState,
}

/// What the right-hand pane shows. Each view has a label for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Token,
    Pools,
    Certificates,
}

impl View {
    /// In navigation order.
    pub const ALL: &[View] = &[View::Token, View::Pools, View::Certificates];

    pub fn label(self) -> &'static str {
        match self {
            View::Token => "Token",
            View::Pools => "Identity pools",
            View::Certificates => "Certificates",
        }
    }
}

/// The time every check uses: the machine's clock while live, or one the user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockState {
    pub now: i64,
    pub live: bool,
    pub leeway_seconds: i64,
}

impl ClockState {
    fn options(self) -> DecodeOptions {
        DecodeOptions { now: self.now, leeway_seconds: self.leeway_seconds }
    }
}

/// The Token field and what it decodes to.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenState {
    pub input: String,
    pub decoded: Decoded,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// The field is blank.
    Empty,
    NotAToken(NotAToken),
    Report(Rc<TokenReport>),
}

impl TokenState {
    pub(crate) fn new(input: String, clock: ClockState) -> Self {
        let decoded = if input.trim().is_empty() {
            Decoded::Empty
        } else {
            match decode(&input, &clock.options()) {
                Ok(report) => Decoded::Report(Rc::new(report)),
                Err(not_a_token) => Decoded::NotAToken(not_a_token),
            }
        };
        Self { input, decoded }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetToken(String),
    /// The live clock ticked; ignored once the user picked a time.
    Tick(i64),
    /// Stop the clock at this instant.
    SetTime(i64),
    /// Follow the machine's clock again, starting from this instant.
    GoLive(i64),
    SetLeeway(i64),
    /// The URL fragment changed: load its token, and its time if it has one.
    LoadFragment(Fragment),
    Keys(KeysAction),
    SetView(View),
    Pools(PoolsAction),
    Certs(CertsAction),
}

impl AppState {
    /// Start-up state: `now` is the machine's clock unless the URL fragment fixed one.
    pub fn new(token: String, now: i64, fixed_now: Option<i64>) -> Self {
        let clock = ClockState {
            now: fixed_now.unwrap_or(now),
            live: fixed_now.is_none(),
            leeway_seconds: DEFAULT_LEEWAY_SECONDS,
        };
        let token = TokenState::new(token, clock);
        let pools = PoolsState::new(Default::default(), &token.input, clock);
        let certs = CertsState::new(clock.now);
        Self { clock, token, keys: Rc::default(), view: View::Token, pools, certs }
    }

    fn with_clock(&self, clock: ClockState) -> Self {
        if clock == self.clock {
            return self.clone();
        }
        Self { clock, token: TokenState::new(self.token.input.clone(), clock), ..self.clone() }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let clock = self.clock;
        let next =
            match action {
                Action::SetToken(input) if input == self.token.input => return self,
                Action::SetToken(input) => {
                    Self { clock, token: TokenState::new(input, clock), ..(*self).clone() }
                }
                Action::Tick(now) if clock.live && now != clock.now => {
                    self.with_clock(ClockState { now, ..clock })
                }
                Action::Tick(_) => return self,
                Action::SetTime(now) => self.with_clock(ClockState { now, live: false, ..clock }),
                Action::GoLive(now) => self.with_clock(ClockState { now, live: true, ..clock }),
                Action::SetLeeway(leeway_seconds) => {
                    self.with_clock(ClockState { leeway_seconds: leeway_seconds.max(0), ..clock })
                }
                Action::LoadFragment(Fragment { token: None, now: None, scenario: None }) => {
                    return self;
                }
                Action::LoadFragment(Fragment { scenario: Some(json), .. }) => {
                    let loaded = crate::pools_state::reduce(&self, PoolsAction::Import(json));
                    Self { view: View::Pools, ..loaded }
                }
                Action::LoadFragment(fragment) => {
                    let clock = match fragment.now {
                        Some(now) => ClockState { now, live: false, ..clock },
                        None => clock,
                    };
                    let input = fragment.token.unwrap_or_else(|| self.token.input.clone());
                    Self { clock, token: TokenState::new(input, clock), ..(*self).clone() }
                }
                Action::Keys(action) => Self {
                    keys: keys_state::reduce(&self.keys, action, &self.token),
                    ..(*self).clone()
                },
                Action::SetView(view) if view == self.view => return self,
                Action::SetView(view) => Self { view, ..(*self).clone() },
                Action::Pools(action) => crate::pools_state::reduce(&self, action),
                Action::Certs(action) => match self.certs.reduce(action) {
                    (certs, None) => Self { certs, ..(*self).clone() },
                    // Loading an example fixes the clock at the example's instant.
                    (certs, Some(now)) => Self { certs, ..(*self).clone() }
                        .with_clock(ClockState { now, live: false, ..clock }),
                },
            };
        let mut next = next;
        // The playground simulates the shared token at the shared clock (unless the pools
        // action just did).
        if next.pools == self.pools
            && (next.token.input != self.token.input || next.clock != self.clock)
        {
            next.pools = next.pools.simulated(&next.token.input, next.clock);
        }
        // The signature is checked again only when the compact token changed.
        let keys = keys_state::follow_token(&next.keys, &next.token);
        // The mTLS simulation follows the shared clock (a no-op when the instant is unchanged).
        next.certs = next.certs.at(next.clock.now);
        Rc::new(Self { keys, ..next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poolcheck_core::claims::TimeStatus;

    /// {"alg":"HS256","typ":"JWT"} . {"sub":"workshop","exp":1577836800} . (signature bytes)
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ3b3Jrc2hvcCIsImV4cCI6MTU3NzgzNjgwMH0.c2lnbmF0dXJl";
    const EXP: i64 = 1_577_836_800;

    fn reduce(state: AppState, action: Action) -> AppState {
        Rc::unwrap_or_clone(Rc::new(state).reduce(action))
    }

    fn report(state: &AppState) -> &TokenReport {
        match &state.token.decoded {
            Decoded::Report(report) => report,
            other => panic!("expected a report, got {other:?}"),
        }
    }

    fn exp_status(state: &AppState) -> TimeStatus {
        let row = report(state).claim_rows.iter().find(|row| row.name == "exp").unwrap();
        row.time.as_ref().unwrap().status
    }

    #[test]
    fn blank_input_decodes_to_nothing() {
        let state = AppState::new("  \n".into(), EXP, None);
        assert_eq!(state.token.decoded, Decoded::Empty);
    }

    #[test]
    fn typing_decodes_the_token_against_the_clock() {
        let state =
            reduce(AppState::new(String::new(), EXP + 60, None), Action::SetToken(TOKEN.into()));
        assert_eq!(report(&state).now, EXP + 60);
        assert_eq!(exp_status(&state), TimeStatus::Expired);
    }

    #[test]
    fn garbage_is_not_a_token() {
        let state =
            reduce(AppState::new(String::new(), EXP, None), Action::SetToken("hello".into()));
        assert!(matches!(state.token.decoded, Decoded::NotAToken(_)));
    }

    #[test]
    fn setting_the_time_stops_the_clock_and_redecodes() {
        let state = AppState::new(TOKEN.into(), EXP + 60, None);
        let state = reduce(state, Action::SetTime(EXP - 60));
        assert!(!state.clock.live);
        assert_eq!(exp_status(&state), TimeStatus::Ok);
        let state = reduce(state, Action::Tick(EXP + 3600));
        assert_eq!(state.clock.now, EXP - 60, "ticks are ignored while the time is fixed");
        let state = reduce(state, Action::GoLive(EXP + 3600));
        assert!(state.clock.live);
        assert_eq!(exp_status(&state), TimeStatus::Expired);
    }

    #[test]
    fn leeway_applies_to_the_expiry() {
        let state = AppState::new(TOKEN.into(), EXP + 60, Some(EXP + 60));
        assert!(!state.clock.live, "a time from the URL fragment is fixed");
        assert_eq!(exp_status(&state), TimeStatus::Expired);
        let state = reduce(state, Action::SetLeeway(300));
        assert_eq!(exp_status(&state), TimeStatus::Ok);
        let state = reduce(state, Action::SetLeeway(-5));
        assert_eq!(state.clock.leeway_seconds, 0, "negative leeway is clamped");
    }

    #[test]
    fn a_new_fragment_replaces_the_token_and_fixes_the_time() {
        let state = AppState::new(String::new(), EXP + 60, None);
        let fragment = Fragment { token: Some(TOKEN.into()), now: Some(EXP - 60), scenario: None };
        let state = reduce(state, Action::LoadFragment(fragment));
        assert_eq!(state.token.input, TOKEN);
        assert!(!state.clock.live);
        assert_eq!(exp_status(&state), TimeStatus::Ok);
        let state = reduce(
            state,
            Action::LoadFragment(Fragment { token: None, now: Some(EXP + 60), scenario: None }),
        );
        assert_eq!(state.token.input, TOKEN, "a fragment without a token keeps the token");
        assert_eq!(exp_status(&state), TimeStatus::Expired);
    }

    #[test]
    fn a_share_link_loads_its_scenario_into_the_pools_view() {
        let okta = include_str!("../../examples/scenarios/okta.json");
        let compact: serde_json::Value = serde_json::from_str(okta).unwrap();
        let fragment = crate::fragment::parse(&crate::fragment::share(&compact.to_string()));
        let state = reduce(AppState::new(String::new(), EXP, None), Action::LoadFragment(fragment));
        assert_eq!(state.view, View::Pools);
        assert!(state.pools.report.accepted, "{}", state.pools.report.message);
        assert!(state.token.input.starts_with("eyJ"));
        assert!(!state.clock.live, "the scenario's instant is fixed");
        let broken = crate::fragment::parse("#scenario=e30");
        let state = reduce(state, Action::LoadFragment(broken));
        assert!(state.pools.import_error.is_some(), "{{}} is not a scenario: the error is shown");
    }

    #[test]
    fn unchanged_input_keeps_the_same_state() {
        let state = Rc::new(AppState::new(TOKEN.into(), EXP, None));
        let next = state.clone().reduce(Action::SetToken(TOKEN.into()));
        assert!(Rc::ptr_eq(&state, &next));
    }
}
