//! The body of an `ApplyGuardrail` request, parsed and checked without I/O.
//!
//! A file of its own so the fuzz target `apply_request` (in `fuzz/`) can
//! include it as it is: it needs only serde and the library.

use std::borrow::Cow;

use guardrail::Source;
use serde::Deserialize;

/// A checked request: its direction and its text blocks (at least one, none
/// empty). Texts borrow from the body unless they hold JSON escapes, so the
/// hot path copies no text.
#[derive(Debug)]
pub(crate) struct Apply<'a> {
    pub(crate) source: Source,
    pub(crate) texts: Vec<Cow<'a, str>>,
}

/// Why a body was refused; always a `ValidationException` (HTTP 400).
#[derive(Debug)]
pub(crate) struct Invalid(pub(crate) String);

/// `ApplyGuardrailRequest` (the path labels are in the URL).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ApplyRequest<'a> {
    #[serde(borrow)]
    source: Option<Cow<'a, str>>,
    #[serde(borrow)]
    content: Option<Vec<ContentBlock<'a>>>,
    #[serde(default, borrow)]
    output_scope: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentBlock<'a> {
    #[serde(default, borrow)]
    text: Option<TextBlock<'a>>,
    #[serde(default)]
    image: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextBlock<'a> {
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    qualifiers: Option<Vec<Cow<'a, str>>>,
}

/// Parses and checks a request body.
pub(crate) fn parse(body: &[u8]) -> Result<Apply<'_>, Invalid> {
    let invalid = |m: String| Err(Invalid(m));
    let request: ApplyRequest = match std::str::from_utf8(body)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(t).map_err(|e| e.to_string()))
    {
        Ok(r) => r,
        Err(e) => return invalid(format!("malformed request: {e}")),
    };
    let source = match request.source.as_deref() {
        Some("INPUT") => Source::Input,
        Some("OUTPUT") => Source::Output,
        Some(other) => return invalid(format!("source {other:?} is not INPUT or OUTPUT")),
        None => return invalid("source is required".to_string()),
    };
    if let Some(scope) = request.output_scope.as_deref() {
        if !matches!(scope, "INTERVENTIONS" | "FULL") {
            return invalid(format!(
                "outputScope {scope:?} is not INTERVENTIONS or FULL"
            ));
        }
    }
    let Some(content) = request.content.filter(|c| !c.is_empty()) else {
        return invalid("content must hold at least one block".to_string());
    };
    let mut texts = Vec::with_capacity(content.len());
    for (i, block) in content.into_iter().enumerate() {
        match (block.text, block.image) {
            (Some(t), None) => match t.text {
                Some(text) if !text.is_empty() => {
                    if let Some(q) = t.qualifiers.iter().flatten().find(|q| {
                        !matches!(q.as_ref(), "grounding_source" | "query" | "guard_content")
                    }) {
                        return invalid(format!("content[{i}]: unknown qualifier {q:?}"));
                    }
                    texts.push(text);
                }
                _ => return invalid(format!("content[{i}].text.text must not be empty")),
            },
            // Images are judged only by Bedrock's content filters, which this server has not.
            (None, Some(_)) => {
                return invalid(format!(
                    "content[{i}]: image blocks are not supported by this server"
                ))
            }
            _ => {
                return invalid(format!(
                    "content[{i}] must hold exactly one of text or image"
                ))
            }
        }
    }
    Ok(Apply { source, texts })
}
