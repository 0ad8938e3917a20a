//! Hiring context: people apply to companies' jobs with a CV (screened at once, shared with that
//! company only); companies move applications through each job's pipeline, rate, tag, assign and
//! note them, write to candidates, and may review blind.

pub mod domain;
pub mod http;
pub mod schema;
pub mod service;
pub mod store;

pub use http::{HiringApi, configure};
pub use service::{
    EnsurePartitions, HiringPersonalData, HiringService, LeaveNetworkOnConsentWithdrawal, MarkPlacementFeesPaid,
    NotifyCandidates, ReadCandidateCvs, WithdrawOnAccountDeletion,
};
