//! Where command-line text comes from: an argument, `@FILE`, a path, or stdin.

use std::io::Read as _;
use std::path::Path;

/// Inputs larger than this are refused before parsing: nothing real is this big.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads the argument as text: `None` or `-` reads stdin, `@FILE` reads a file, anything else
/// is the text itself.
pub fn text_or_file(argument: Option<&str>) -> Result<String, String> {
    match argument {
        None | Some("-") => stdin(),
        Some(argument) => match argument.strip_prefix('@') {
            Some(path) => file(Path::new(path)),
            None => Ok(argument.to_owned()),
        },
    }
}

/// Reads a path, or stdin for `-`.
pub fn file_or_stdin(path: &str) -> Result<String, String> {
    if path == "-" { stdin() } else { file(Path::new(path)) }
}

pub fn file(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(format!("{shown} is {} bytes; the limit is {MAX_INPUT_BYTES}", metadata.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!("stdin is over the {MAX_INPUT_BYTES}-byte limit"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!("stdin is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })
}
