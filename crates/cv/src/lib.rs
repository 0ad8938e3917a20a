//! CV context: upload (versions, a primary CV, encrypted originals), parsing queued in the
//! background into sections, skills and vectors; corrections, download and deletion; the CV part
//! of a person's data.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{CvApi, configure};
pub use service::sharing;

/// What the CV parser understands in any text, for the contexts that read job postings by the
/// same rules (one implementation): canonical skills, canonical titles, seniority.
pub mod analysis {
    pub use crate::domain::parse::seniority;
    pub use crate::domain::skills::{Found, Skill, Taxonomy};
    pub use crate::domain::titles::{Stated, Title, Titles, stated_seniority};
}
/// The standard PDF fonts as the text extractor reads them, for contexts that write PDFs it must
/// read back: WinAnsi codes and Helvetica's advances.
pub mod pdf_fonts {
    pub use crate::domain::text::{helvetica_advance, win_ansi_code};
}
pub use service::{
    CvDetail, CvEmbedder, CvPersonalData, CvProfile, CvService, CvSettings, DeleteStoredObjects, EmbedCvs,
    HideCvsOfDeletedAccount, ParseCvs, ProfileContact, ProfileEducation, ProfileExperience, ProfileSkill,
    ReembedProgress,
};

/// Makes the vector index for `dimensions` if missing; run as the database owner (migrate and
/// reembed do).
pub async fn ensure_vector_index(owner: &kernel::db::DbPool, dimensions: u16) -> kernel::AppResult<()> {
    let mut conn = owner.get().await?;
    store::ensure_vector_index(&mut conn, dimensions).await.map_err(Into::into)
}

/// What the CV context tells the others, as events on the job queue (published in the same
/// transaction as the change; subscribers are idempotent).
pub mod events {
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    /// A CV's data changed: parsed (again), or corrected by its owner.
    pub const CV_PARSED: &str = "cv.parsed";
    /// A CV was deleted (its rows are gone; what others derived from it should go too).
    pub const CV_DELETED: &str = "cv.deleted";

    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct CvEvent {
        pub cv_id: Uuid,
        pub user_id: Uuid,
    }
}
