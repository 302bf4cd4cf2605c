//! poolcheck in the browser: a Yew app over `poolcheck_core`.

mod app;
mod browser;
mod certs_state;
mod components;
mod examples;
mod fragment;
mod hooks;
mod keys_state;
mod load;
mod pools_state;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
