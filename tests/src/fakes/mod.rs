//! Local stand-ins for the providers that cannot run here (DESIGN §5), each following its
//! provider's published API.

pub mod llm;
pub mod payments;
pub mod transcription;
