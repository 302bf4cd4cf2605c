//! poolcheck in the browser: a Yew app over `poolcheck_core`.

mod app;
mod browser;
mod components;
mod fragment;
mod keys_state;
mod load;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
