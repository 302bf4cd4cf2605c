//! The time every check uses: live by default, or any instant the user picks (workshops
//! replay old tokens), plus the leeway granted to the time claims.

use gloo_timers::callback::Interval;
use poolcheck_core::time::{iso8601, parse_iso8601};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser::now_unix;

#[derive(Properties, PartialEq)]
pub struct ClockProps {
    pub now: i64,
    pub live: bool,
    pub leeway_seconds: i64,
    /// The live clock ticked (seconds since 1970).
    pub ontick: Callback<i64>,
    /// The user picked a time.
    pub onchange: Callback<i64>,
    /// The user asked to follow the machine's clock again.
    pub onlive: Callback<i64>,
    pub onleeway: Callback<i64>,
}

#[component]
pub fn Clock(props: &ClockProps) -> Html {
    {
        let ontick = props.ontick.clone();
        use_effect_with(props.live, move |live| {
            // Dropping the interval (when leaving live mode or unmounting) stops it.
            let interval = live.then(|| Interval::new(1000, move || ontick.emit(now_unix())));
            move || drop(interval)
        });
    }
    let iso = iso8601(props.now);
    let on_datetime = emit_parsed(&props.onchange, parse_iso8601);
    let on_unix = emit_parsed(&props.onchange, parse_seconds);
    let on_leeway = emit_parsed(&props.onleeway, parse_seconds);
    let on_live = props.onlive.reform(|_: MouseEvent| now_unix());
    html! {
        <section class="clock" aria-labelledby="clock-heading">
            <h2 id="clock-heading">{"Clock"}</h2>
            <p class="clock-now">
                <time datetime={iso.clone()}>{iso.clone()}</time>
                {" "}
                <span class={classes!("clock-mode", props.live.then_some("live"))}>
                    { if props.live { "live" } else { "fixed" } }
                </span>
            </p>
            <div class="clock-controls">
                <div class="field">
                    <label for="clock-datetime">{"Time (UTC)"}</label>
                    <input
                        id="clock-datetime"
                        type="datetime-local"
                        step="1"
                        value={iso.trim_end_matches('Z').to_owned()}
                        oninput={on_datetime}
                    />
                </div>
                <div class="field">
                    <label for="clock-unix">{"Unix seconds"}</label>
                    <input id="clock-unix" type="number" step="1" value={props.now.to_string()} oninput={on_unix} />
                </div>
                <div class="field">
                    <label for="clock-leeway">{"Leeway (s)"}</label>
                    <input
                        id="clock-leeway"
                        type="number"
                        min="0"
                        step="1"
                        value={props.leeway_seconds.to_string()}
                        oninput={on_leeway}
                    />
                </div>
                <button type="button" onclick={on_live} disabled={props.live}>{"Live"}</button>
            </div>
        </section>
    }
}

/// An input handler that emits only values that parse: half-typed input changes nothing.
fn emit_parsed(callback: &Callback<i64>, parse: fn(&str) -> Option<i64>) -> Callback<InputEvent> {
    let callback = callback.clone();
    Callback::from(move |event: InputEvent| {
        let value = event.target_unchecked_into::<HtmlInputElement>().value();
        if let Some(seconds) = parse(&value) {
            callback.emit(seconds);
        }
    })
}

fn parse_seconds(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}
