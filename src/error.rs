//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// An error: the guard could not decide (bad configuration, bad input).
///
/// A policy hit is never an error; it is a [`Verdict`](crate::Verdict).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A policy or rule file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// A policy or rule file is not valid TOML or JSON for its schema.
    Parse {
        /// The file (or `<embedded>` / `<string>`).
        origin: String,
        /// The parser's message, with line and column where known.
        message: String,
    },
    /// A policy parsed but breaks one or more rules; every problem is listed.
    Invalid {
        /// The file (or `<embedded>` / `<string>`).
        origin: String,
        /// Each problem, naming the rule and the reason.
        problems: Vec<Problem>,
    },
    /// Input that cannot be scanned (for example invalid UTF-8).
    Input(String),
}

/// One validation problem in a policy: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The rule or field, e.g. `pii.regexes[2] "claim"`.
    pub rule: String,
    /// Why it is rejected.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.reason)
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn parse(origin: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Parse {
            origin: origin.to_string(),
            message: message.into(),
        })
    }

    pub(crate) fn invalid(origin: &str, problems: Vec<Problem>) -> Self {
        Error::new(ErrorKind::Invalid {
            origin: origin.to_string(),
            problems,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Io { path, message } => write!(f, "{}: {}", path.display(), message),
            ErrorKind::Parse { origin, message } => write!(f, "{origin}: {message}"),
            ErrorKind::Invalid { origin, problems } => {
                write!(f, "{origin}: invalid policy")?;
                for p in problems {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
            ErrorKind::Input(message) => write!(f, "bad input: {message}"),
        }
    }
}

impl std::error::Error for Error {}
