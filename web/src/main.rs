//! poolcheck in the browser: a Yew app over `poolcheck_core`.

mod app;
mod browser;
mod components;
mod examples;
mod hooks;
mod load;
mod saved;
mod state;
mod views;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
