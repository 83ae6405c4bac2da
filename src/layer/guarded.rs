//! What the layer guards: the texts inside a request or a response.

use serde_json::Value;

/// A request or response whose texts the guardrail checks and may replace.
///
/// `texts` lists the texts in a fixed order; `replace_texts` receives the
/// same number of texts in the same order, masked.
pub trait Guarded {
    /// The texts to check, in order.
    fn texts(&self) -> Vec<&str>;

    /// Puts masked texts back, one for each text `texts` returned.
    fn replace_texts(&mut self, texts: Vec<String>);
}

impl Guarded for String {
    fn texts(&self) -> Vec<&str> {
        vec![self.as_str()]
    }

    fn replace_texts(&mut self, texts: Vec<String>) {
        if let Some(t) = texts.into_iter().next() {
            *self = t;
        }
    }
}

/// Bedrock Converse and InvokeModel (Anthropic messages) JSON: the texts of
/// `system`, `messages[].content` (strings or `{"text": ...}` blocks), and of
/// a Converse answer's `output.message.content[]` or a messages answer's
/// `content[]`, and the delta of a ConverseStream `contentBlockDelta` event
/// (`contentBlockDelta.delta.text`). Tool use, images and documents are not texts and pass as
/// they are, as with Bedrock Guardrails.
impl Guarded for Value {
    fn texts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for v in text_slots(self) {
            if let Some(s) = slot_ref(self, &v).and_then(Value::as_str) {
                out.push(s);
            }
        }
        out
    }

    fn replace_texts(&mut self, texts: Vec<String>) {
        let slots: Vec<Slot> = text_slots(self)
            .into_iter()
            .filter(|s| slot_ref(self, s).is_some_and(Value::is_string))
            .collect();
        for (slot, text) in slots.into_iter().zip(texts) {
            if let Some(v) = slot_mut(self, &slot) {
                *v = Value::String(text);
            }
        }
    }
}

/// A path to one text inside the JSON document.
type Slot = Vec<PathStep>;

#[derive(Debug, Clone)]
enum PathStep {
    Key(&'static str),
    Index(usize),
}

/// Every place a text may stand, in document order.
fn text_slots(doc: &Value) -> Vec<Slot> {
    use PathStep::{Index, Key};
    let mut slots = Vec::new();
    // A content list: strings or {"text": ...} blocks.
    let content = |base: Slot, list: Option<&Value>, slots: &mut Vec<Slot>| match list {
        Some(Value::String(_)) => slots.push(base),
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let mut p = base.clone();
                p.push(Index(i));
                match item {
                    Value::String(_) => slots.push(p),
                    Value::Object(o) if o.get("text").is_some_and(Value::is_string) => {
                        p.push(Key("text"));
                        slots.push(p);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    };
    content(vec![Key("system")], doc.get("system"), &mut slots);
    if let Some(Value::Array(messages)) = doc.get("messages") {
        for (i, m) in messages.iter().enumerate() {
            content(
                vec![Key("messages"), Index(i), Key("content")],
                m.get("content"),
                &mut slots,
            );
        }
    }
    content(
        vec![Key("output"), Key("message"), Key("content")],
        doc.pointer("/output/message/content"),
        &mut slots,
    );
    content(vec![Key("content")], doc.get("content"), &mut slots);
    // A ConverseStream event: {"contentBlockDelta": {"delta": {"text": ...}, "contentBlockIndex": 0}}.
    if doc
        .pointer("/contentBlockDelta/delta/text")
        .is_some_and(Value::is_string)
    {
        slots.push(vec![Key("contentBlockDelta"), Key("delta"), Key("text")]);
    }
    slots
}

fn slot_ref<'v>(doc: &'v Value, slot: &Slot) -> Option<&'v Value> {
    slot.iter().try_fold(doc, |v, step| match step {
        PathStep::Key(k) => v.get(*k),
        PathStep::Index(i) => v.get(*i),
    })
}

fn slot_mut<'v>(doc: &'v mut Value, slot: &Slot) -> Option<&'v mut Value> {
    slot.iter().try_fold(doc, |v, step| match step {
        PathStep::Key(k) => v.get_mut(*k),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converse_request_and_answer_texts() {
        let mut req = json!({
            "system": [{"text": "be kind"}],
            "messages": [
                {"role": "user", "content": [{"text": "hi"}, {"image": {"format": "png"}}]},
                {"role": "assistant", "content": "plain string"}
            ]
        });
        assert_eq!(req.texts(), ["be kind", "hi", "plain string"]);
        req.replace_texts(vec!["A".into(), "B".into(), "C".into()]);
        assert_eq!(req["messages"][0]["content"][0]["text"], "B");
        assert_eq!(req["messages"][0]["content"][1]["image"]["format"], "png");
        assert_eq!(req["messages"][1]["content"], "C");

        let answer = json!({"output": {"message": {"role": "assistant",
            "content": [{"text": "answer"}]}}, "stopReason": "end_turn"});
        assert_eq!(answer.texts(), ["answer"]);
        let invoke = json!({"content": [{"type": "text", "text": "claude says"}]});
        assert_eq!(invoke.texts(), ["claude says"]);
    }

    #[test]
    fn converse_stream_delta_text() {
        let mut event = json!({"contentBlockDelta": {"delta": {"text": "mail a@b.co"}, "contentBlockIndex": 0}});
        assert_eq!(event.texts(), ["mail a@b.co"]);
        event.replace_texts(vec!["mail {EMAIL}".into()]);
        assert_eq!(
            event,
            json!({"contentBlockDelta": {"delta": {"text": "mail {EMAIL}"}, "contentBlockIndex": 0}})
        );
        let stop = json!({"messageStop": {"stopReason": "end_turn"}});
        assert!(stop.texts().is_empty());
    }
}
