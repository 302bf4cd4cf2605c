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
