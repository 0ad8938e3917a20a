//! CV context: upload (versions, a primary CV, encrypted originals), parsing queued in the
//! background into sections, skills and vectors; corrections, download and deletion; the CV part
//! of a person's data.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{CvApi, configure};

/// What the CV parser understands in any text, for the contexts that read job postings by the
/// same rules (one implementation): canonical skills, canonical titles, seniority.
pub mod analysis {
    pub use crate::domain::parse::seniority;
    pub use crate::domain::skills::{Found, Skill, Taxonomy};
    pub use crate::domain::titles::{Title, Titles};
}
pub use service::{
    CvEmbedder, CvPersonalData, CvProfile, CvService, CvSettings, DeleteStoredObjects, EmbedCvs, ParseCvs,
    ProfileSkill, ReembedProgress,
};

/// Makes the vector index for `dimensions` if missing; run as the database owner (migrate and
/// reembed do).
pub async fn ensure_vector_index(owner: &kernel::db::DbPool, dimensions: u16) -> kernel::AppResult<()> {
    let mut conn = owner.get().await?;
    store::ensure_vector_index(&mut conn, dimensions).await.map_err(Into::into)
}
