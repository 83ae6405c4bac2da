//! Joining a local and a remote verdict.

use super::RemoteError;
use crate::verdict::{Action, Assessment, Degraded, EntryAction, OutputText, Usage, Verdict};

/// Merges a local verdict with the remote verdict on the locally masked texts.
///
/// Any block blocks (the remote's blocked message when the remote blocked);
/// otherwise masks from both apply (the remote judged the locally masked
/// texts, so its masked outputs carry both; when its outputs do not line up
/// with the blocks, the local masks are kept); assessments of both are kept,
/// marked `origin: "local"` / `"remote"`; usage is summed.
pub fn merge(local: &Verdict, remote: &Verdict, blocks: usize) -> Verdict {
    let blocked = local.is_blocked() || remote.is_blocked();
    let intervened = local.is_intervened() || remote.is_intervened();
    let outputs = if remote.is_blocked() {
        remote.outputs.clone()
    } else if local.is_blocked() {
        local.outputs.clone()
    } else if remote.is_intervened() && remote.outputs.len() == blocks {
        remote.outputs.clone()
    } else {
        local.outputs.clone()
    };
    let mut assessments = local.assessments.clone();
    assessments.extend(remote.assessments.iter().cloned().map(|mut a| {
        a.origin = Some("remote".to_string());
        a
    }));
    let reason = if blocked {
        "Guardrail blocked."
    } else if intervened {
        "Guardrail masked."
    } else {
        "No action."
    };
    Verdict {
        usage: add(local.usage, remote.usage),
        action: if intervened {
            Action::GuardrailIntervened
        } else {
            Action::None
        },
        action_reason: Some(reason.to_string()),
        outputs,
        assessments,
        guardrail_coverage: local.guardrail_coverage,
        findings: local.findings.clone(),
    }
}

/// The verdict when the remote judge failed: fail closed blocks with
/// `message`, fail open keeps `local`; both record the failure as a
/// `degraded` assessment.
pub fn degraded(local: &Verdict, error: &RemoteError, fail_closed: bool, message: &str) -> Verdict {
    let mut v = local.clone();
    v.assessments.push(Assessment {
        origin: Some("remote".to_string()),
        degraded: Some(Degraded {
            reason: error.to_string(),
            action: if fail_closed {
                EntryAction::Blocked
            } else {
                EntryAction::None
            },
        }),
        ..Assessment::default()
    });
    if fail_closed {
        v.action = Action::GuardrailIntervened;
        v.action_reason = Some("Guardrail blocked.".to_string());
        v.outputs = vec![OutputText {
            text: message.to_string(),
        }];
    }
    v
}

fn add(a: Usage, b: Usage) -> Usage {
    Usage {
        topic_policy_units: a.topic_policy_units + b.topic_policy_units,
        content_policy_units: a.content_policy_units + b.content_policy_units,
        word_policy_units: a.word_policy_units + b.word_policy_units,
        sensitive_information_policy_units: a.sensitive_information_policy_units
            + b.sensitive_information_policy_units,
        sensitive_information_policy_free_units: a.sensitive_information_policy_free_units
            + b.sensitive_information_policy_free_units,
        contextual_grounding_policy_units: a.contextual_grounding_policy_units
            + b.contextual_grounding_policy_units,
        remote_text_units: a.remote_text_units + b.remote_text_units,
        saved_text_units: a.saved_text_units + b.saved_text_units,
    }
}
