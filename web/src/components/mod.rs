//! One component per file; each takes `<Name>Props` and reports changes through `on<verb>`
//! callbacks, leaving all state to the app's reducer.

pub mod claims_table;
pub mod clock;
pub mod json_view;
pub mod problems_list;
pub mod token_input;
pub mod token_parts;

pub use claims_table::ClaimsTable;
pub use clock::Clock;
pub use json_view::JsonView;
pub use problems_list::ProblemsList;
pub use token_input::TokenInput;
pub use token_parts::TokenParts;
pub mod token_report;
pub use token_report::TokenReportView;
pub mod key_table;
pub mod keys_input;
pub mod signature_view;
pub use key_table::KeyTable;
pub use keys_input::KeysInput;
pub use signature_view::SignatureView;
pub mod view_nav;
pub use view_nav::ViewNav;
pub mod filter_explanation;
pub mod outcome_card;
pub mod pool_card;
pub mod pools_view;
pub mod provider_card;
pub mod sasl_panel;
pub mod scenario_io;
pub mod text_field;
pub use filter_explanation::FilterExplanation;
pub use outcome_card::OutcomeCard;
pub use pool_card::PoolCard;
pub use pools_view::PoolsView;
pub use provider_card::ProviderCard;
pub use sasl_panel::SaslPanel;
pub use scenario_io::ScenarioIo;
pub use text_field::TextField;
