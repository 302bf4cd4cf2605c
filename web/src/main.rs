//! poolcheck in the browser: a Yew app over `poolcheck_core`.

mod app;
mod browser;
mod certs_state;
mod components;
mod fragment;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
