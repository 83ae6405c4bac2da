//! A tower `Service` over Bedrock's Converse call, to wrap with the layer.

use std::fmt;
use std::task::{Context, Poll};

use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, ConverseOutput, Message, SystemContentBlock,
};
use aws_sdk_bedrockruntime::Client;
use tower_service::Service;

use super::{BoxFuture, RemoteError, RemoteErrorKind};
use crate::layer::Guarded;

/// A conversation to send to a model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chat {
    /// The system prompt.
    pub system: Option<String>,
    /// The turns so far, oldest first.
    pub messages: Vec<ChatMessage>,
}

/// One turn of a [`Chat`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    /// Who spoke.
    pub role: ChatRole,
    /// What was said.
    pub text: String,
}

/// Who spoke a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatRole {
    /// The user (a prompt).
    User,
    /// The model (an earlier answer).
    Assistant,
}

impl Chat {
    /// A chat of one user turn.
    pub fn user(text: impl Into<String>) -> Self {
        Chat {
            system: None,
            messages: vec![ChatMessage {
                role: ChatRole::User,
                text: text.into(),
            }],
        }
    }
}

/// The model's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The answer's text (its text blocks joined).
    pub text: String,
    /// Why the model stopped (`end_turn`, `max_tokens`, ...).
    pub stop_reason: String,
}

impl Guarded for Chat {
    fn texts(&self) -> Vec<&str> {
        self.system
            .iter()
            .map(String::as_str)
            .chain(self.messages.iter().map(|m| m.text.as_str()))
            .collect()
    }

    fn replace_texts(&mut self, texts: Vec<String>) {
        let mut texts = texts.into_iter();
        if let Some(system) = &mut self.system {
            if let Some(t) = texts.next() {
                *system = t;
            }
        }
        for (m, t) in self.messages.iter_mut().zip(texts) {
            m.text = t;
        }
    }
}

impl Guarded for Reply {
    fn texts(&self) -> Vec<&str> {
        vec![self.text.as_str()]
    }

    fn replace_texts(&mut self, texts: Vec<String>) {
        if let Some(t) = texts.into_iter().next() {
            self.text = t;
        }
    }
}

/// Calls a Bedrock model through Converse: the inner service a Bedrock user
/// wraps with the guardrail layer.
///
/// `ServiceBuilder::new().layer(guardrail).service(BedrockConverse::new(client, model_id))`
#[derive(Clone)]
pub struct BedrockConverse {
    client: Client,
    model_id: String,
}

impl fmt::Debug for BedrockConverse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BedrockConverse")
            .field("model_id", &self.model_id)
            .finish_non_exhaustive()
    }
}

impl BedrockConverse {
    /// A service calling `model_id` (a model id, inference profile or ARN).
    pub fn new(client: Client, model_id: impl Into<String>) -> Self {
        BedrockConverse {
            client,
            model_id: model_id.into(),
        }
    }
}

impl Service<Chat> for BedrockConverse {
    type Response = Reply;
    type Error = RemoteError;
    type Future = BoxFuture<Result<Reply, RemoteError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, chat: Chat) -> Self::Future {
        let client = self.client.clone();
        let model_id = self.model_id.clone();
        Box::pin(async move {
            let mut request = client.converse().model_id(model_id);
            if let Some(system) = chat.system {
                request = request.system(SystemContentBlock::Text(system));
            }
            for m in chat.messages {
                let role = match m.role {
                    ChatRole::User => ConversationRole::User,
                    ChatRole::Assistant => ConversationRole::Assistant,
                };
                let message = Message::builder()
                    .role(role)
                    .content(ContentBlock::Text(m.text))
                    .build()
                    .map_err(|e| RemoteError::new(RemoteErrorKind::Rejected, e.to_string()))?;
                request = request.messages(message);
            }
            let out = request.send().await.map_err(|e| {
                let kind = match &e {
                    aws_sdk_bedrockruntime::error::SdkError::TimeoutError(_) => {
                        RemoteErrorKind::Timeout
                    }
                    aws_sdk_bedrockruntime::error::SdkError::DispatchFailure(_) => {
                        RemoteErrorKind::Network
                    }
                    aws_sdk_bedrockruntime::error::SdkError::ServiceError(s)
                        if s.err().is_throttling_exception() =>
                    {
                        RemoteErrorKind::Throttled
                    }
                    aws_sdk_bedrockruntime::error::SdkError::ServiceError(_) => {
                        RemoteErrorKind::Unavailable
                    }
                    _ => RemoteErrorKind::Malformed,
                };
                RemoteError::new(kind, "the Converse call failed")
            })?;
            let text = match out.output() {
                Some(ConverseOutput::Message(m)) => m
                    .content()
                    .iter()
                    .filter_map(|c| c.as_text().ok().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(""),
                _ => String::new(),
            };
            Ok(Reply {
                text,
                stop_reason: out.stop_reason().as_str().to_string(),
            })
        })
    }
}
