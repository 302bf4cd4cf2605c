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
pub mod authority_editor;
pub mod cert_pool_editor;
pub mod certificate_inspection;
pub mod certificates_view;
pub mod chain_diagram;
pub mod mtls_outcome;
pub mod pem_input;
pub use authority_editor::AuthorityEditor;
pub use cert_pool_editor::CertPoolEditor;
pub use certificate_inspection::CertificateInspection;
pub use certificates_view::CertificatesView;
pub use chain_diagram::ChainDiagram;
pub use mtls_outcome::MtlsOutcome;
pub use pem_input::PemInput;
