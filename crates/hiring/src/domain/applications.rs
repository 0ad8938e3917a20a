//! An application's life: active in a stage of its job's pipeline until the company hires or
//! rejects it or the candidate withdraws it. A rejected application may be reconsidered (moved
//! back to a stage); a hired or withdrawn one is final.

use kernel::AppError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::pipeline::{HIRED, Stage, position};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Hired,
    Rejected,
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Hired => "hired",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Active, Self::Hired, Self::Rejected, Self::Withdrawn].into_iter().find(|s| s.as_str() == text)
    }
}

/// Why a company rejects someone (the list a company picks from; the note says the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RejectionReason {
    NotQualified,
    Experience,
    Skills,
    Salary,
    Location,
    PositionFilled,
    CultureFit,
    NoResponse,
    Other,
}

impl RejectionReason {
    pub const ALL: [Self; 9] = [
        Self::NotQualified,
        Self::Experience,
        Self::Skills,
        Self::Salary,
        Self::Location,
        Self::PositionFilled,
        Self::CultureFit,
        Self::NoResponse,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotQualified => "not_qualified",
            Self::Experience => "experience",
            Self::Skills => "skills",
            Self::Salary => "salary",
            Self::Location => "location",
            Self::PositionFilled => "position_filled",
            Self::CultureFit => "culture_fit",
            Self::NoResponse => "no_response",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// Where an application is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub status: Status,
    pub stage: String,
}

/// What a company asks an application to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    MoveTo(String),
    Reject(RejectionReason),
}

/// Where a decision takes an application; `None` when it is already there (nothing to record).
pub fn decide(at: &Position, decision: &Decision, stages: &[Stage]) -> Result<Option<Position>, AppError> {
    match at.status {
        Status::Withdrawn => return Err(AppError::Conflict("the candidate withdrew this application".into())),
        Status::Hired => return Err(AppError::Conflict("this candidate was hired: the application is closed".into())),
        Status::Active | Status::Rejected => {}
    }
    match decision {
        Decision::MoveTo(stage) => {
            if position(stages, stage).is_none() {
                return Err(AppError::Conflict(format!("`{stage}` is not a stage of this job's pipeline")));
            }
            let status = if stage == HIRED { Status::Hired } else { Status::Active };
            let next = Position { status, stage: stage.clone() };
            Ok((next != *at).then_some(next))
        }
        Decision::Reject(_) if at.status == Status::Rejected => Ok(None),
        Decision::Reject(_) => Ok(Some(Position { status: Status::Rejected, stage: at.stage.clone() })),
    }
}

/// The candidate withdraws: only while the application is active.
pub fn withdraw(at: &Position) -> Result<Position, AppError> {
    match at.status {
        Status::Active => Ok(Position { status: Status::Withdrawn, stage: at.stage.clone() }),
        Status::Withdrawn => Err(AppError::Conflict("you already withdrew this application".into())),
        Status::Hired => Err(AppError::Conflict("you were hired for this job: the application is closed".into())),
        Status::Rejected => Err(AppError::Conflict("this application was already closed by the company".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pipeline::default_stages;

    fn at(status: Status, stage: &str) -> Position {
        Position { status, stage: stage.into() }
    }

    #[test]
    fn an_active_application_moves_to_any_stage_and_hired_closes_it() {
        let stages = default_stages();
        let moved = decide(&at(Status::Active, "applied"), &Decision::MoveTo("technical".into()), &stages).unwrap();
        assert_eq!(moved, Some(at(Status::Active, "technical")));
        let back = decide(&at(Status::Active, "offer"), &Decision::MoveTo("screening".into()), &stages).unwrap();
        assert_eq!(back, Some(at(Status::Active, "screening")));
        let hired = decide(&at(Status::Active, "offer"), &Decision::MoveTo("hired".into()), &stages).unwrap();
        assert_eq!(hired, Some(at(Status::Hired, "hired")));
        assert_eq!(decide(&at(Status::Active, "offer"), &Decision::MoveTo("offer".into()), &stages).unwrap(), None);
    }

    #[test]
    fn rejection_keeps_the_stage_and_can_be_reconsidered() {
        let stages = default_stages();
        let rejected =
            decide(&at(Status::Active, "interview"), &Decision::Reject(RejectionReason::Skills), &stages).unwrap();
        assert_eq!(rejected, Some(at(Status::Rejected, "interview")));
        let again =
            decide(&at(Status::Rejected, "interview"), &Decision::Reject(RejectionReason::Other), &stages).unwrap();
        assert_eq!(again, None);
        let reconsidered =
            decide(&at(Status::Rejected, "interview"), &Decision::MoveTo("interview".into()), &stages).unwrap();
        assert_eq!(reconsidered, Some(at(Status::Active, "interview")));
    }

    #[test]
    fn closed_applications_and_unknown_stages_are_refused() {
        let stages = default_stages();
        let refused = |from: Position, decision: Decision| decide(&from, &decision, &stages).unwrap_err();
        assert!(matches!(
            refused(at(Status::Withdrawn, "applied"), Decision::MoveTo("offer".into())),
            AppError::Conflict(_)
        ));
        assert!(matches!(
            refused(at(Status::Hired, "hired"), Decision::Reject(RejectionReason::Other)),
            AppError::Conflict(_)
        ));
        assert!(matches!(
            refused(at(Status::Active, "applied"), Decision::MoveTo("nope".into())),
            AppError::Conflict(_)
        ));
    }

    #[test]
    fn only_an_active_application_is_withdrawn() {
        assert_eq!(withdraw(&at(Status::Active, "interview")).unwrap(), at(Status::Withdrawn, "interview"));
        for status in [Status::Withdrawn, Status::Hired, Status::Rejected] {
            assert!(matches!(withdraw(&at(status, "applied")), Err(AppError::Conflict(_))));
        }
    }

    #[test]
    fn statuses_and_reasons_round_trip() {
        for status in [Status::Active, Status::Hired, Status::Rejected, Status::Withdrawn] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for reason in RejectionReason::ALL {
            assert_eq!(RejectionReason::parse(reason.as_str()), Some(reason));
        }
    }
}
