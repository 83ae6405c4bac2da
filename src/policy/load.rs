//! Reading a policy from TOML (native) or Bedrock JSON.

use std::path::Path;

use super::bedrock::CreateGuardrailRequest;
use super::spec::PolicySpec;
use crate::error::{Error, ErrorKind};

/// The formats a policy can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyFormat {
    /// The native TOML form ([`PolicySpec`] in snake_case).
    Toml,
    /// Bedrock's `CreateGuardrail` request JSON (camelCase), unchanged.
    BedrockJson,
}

impl PolicyFormat {
    /// Guesses the format from a file name: `.json` is Bedrock JSON, anything else TOML.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => PolicyFormat::BedrockJson,
            _ => PolicyFormat::Toml,
        }
    }
}

/// Parses a policy; `origin` names it in errors.
pub(crate) fn parse(text: &str, format: PolicyFormat, origin: &str) -> Result<PolicySpec, Error> {
    match format {
        PolicyFormat::Toml => toml::from_str(text)
            .map_err(|e| Error::parse(origin, e.to_string().trim_end().replace('\n', "\n  "))),
        PolicyFormat::BedrockJson => serde_json::from_str::<CreateGuardrailRequest>(text)
            .map(PolicySpec::from)
            .map_err(|e| Error::parse(origin, e.to_string())),
    }
}

/// Reads a policy file, choosing the format by extension.
pub(crate) fn read(path: &Path) -> Result<PolicySpec, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(ErrorKind::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    })?;
    parse(
        &text,
        PolicyFormat::from_path(path),
        &path.display().to_string(),
    )
}
