//! Where command-line text comes from: an argument, `@FILE`, a path, or stdin.
//!
//! Every file and stream goes through [`bytes`], which never reads more than the input's core
//! limit plus one byte: metadata cannot bound pipes, FIFOs or devices such as `/dev/zero`.

use std::io::Read;
use std::path::Path;

use poolcheck_core::{cert, filter, keys, scenario, token};

/// One kind of input and the core limit it is read under.
#[derive(Clone, Copy)]
pub struct Kind {
    what: &'static str,
    limit: usize,
    limit_name: &'static str,
}

pub const TOKEN: Kind =
    Kind { what: "the token", limit: token::MAX_TOKEN_BYTES, limit_name: "MAX_TOKEN_BYTES" };
/// Claims stand in for a token's payload, so a token's limit bounds them too.
pub const CLAIMS: Kind =
    Kind { what: "the claims JSON", limit: token::MAX_TOKEN_BYTES, limit_name: "MAX_TOKEN_BYTES" };
pub const KEYS: Kind = Kind {
    what: "the key text",
    limit: keys::MAX_KEY_TEXT_BYTES,
    limit_name: "MAX_KEY_TEXT_BYTES",
};
pub const SCENARIO: Kind = Kind {
    what: "the scenario",
    limit: scenario::MAX_SCENARIO_BYTES,
    limit_name: "MAX_SCENARIO_BYTES",
};
pub const CERTIFICATES: Kind =
    Kind { what: "the certificate input", limit: cert::MAX_PEM_BYTES, limit_name: "MAX_PEM_BYTES" };
/// Core counts a filter's characters; a character is at most 4 bytes of UTF-8.
pub const FILTER: Kind = Kind {
    what: "the filter",
    limit: filter::MAX_FILTER_CHARS * 4,
    limit_name: "MAX_FILTER_CHARS × 4",
};

/// Reads the argument as text: `None` or `-` reads stdin, `@FILE` reads a file, anything else
/// is the text itself.
pub fn text_or_file(argument: Option<&str>, kind: Kind) -> Result<String, String> {
    match argument {
        None | Some("-") => text(None, kind),
        Some(argument) => match argument.strip_prefix('@') {
            Some(path) => text(Some(path), kind),
            None => Ok(argument.to_owned()),
        },
    }
}

/// Reads a path, or stdin for `-`, as UTF-8 text.
pub fn file_or_stdin(path: &str, kind: Kind) -> Result<String, String> {
    text(stdin_or(path), kind)
}

/// `None` for `-` (stdin), else the path.
pub fn stdin_or(path: &str) -> Option<&str> {
    (path != "-").then_some(path)
}

/// Reads a file, or stdin for `None`, as UTF-8 text.
pub fn text(path: Option<&str>, kind: Kind) -> Result<String, String> {
    let bytes = bytes(path, kind)?;
    let shown = shown(path);
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads a file, or stdin for `None`, refusing more than `kind`'s limit.
pub fn bytes(path: Option<&str>, kind: Kind) -> Result<Vec<u8>, String> {
    let shown = shown(path);
    let source: Box<dyn Read> = match path {
        None => Box::new(std::io::stdin()),
        Some(path) => Box::new(
            std::fs::File::open(Path::new(path))
                .map_err(|e| format!("cannot read {shown}: {e}"))?,
        ),
    };
    let mut bytes = Vec::new();
    source
        .take(kind.limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() > kind.limit {
        return Err(format!(
            "{} is over {} bytes ({}), read from {shown}",
            kind.what, kind.limit, kind.limit_name
        ));
    }
    Ok(bytes)
}

fn shown(path: Option<&str>) -> &str {
    path.unwrap_or("stdin")
}
