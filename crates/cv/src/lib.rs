//! CV context: upload (versions, a primary CV, encrypted originals), parsing queued in the
//! background, download and deletion; the CV part of a person's data.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{CvApi, configure};
pub use service::{CvPersonalData, CvService, CvSettings, DeleteStoredObjects, ParseCvs};
