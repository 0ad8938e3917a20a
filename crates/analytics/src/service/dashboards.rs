//! A company's hiring dashboards (its members who read candidates), from hiring's events:
//! the pipeline funnel, time to hire, time in stage, time to fill, and where hires come from.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::AnalyticsService;
use crate::store::dashboards::{self as store, Durations, Window};

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// Only applications submitted (postings published, for time to fill) from this time.
    pub since: Option<DateTime<Utc>>,
    /// … and before this time.
    pub until: Option<DateTime<Utc>>,
    /// Only this posting.
    pub job_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PipelineReport {
    pub applications: i64,
    /// Still in the pipeline.
    pub active: i64,
    pub hired: i64,
    pub rejected: i64,
    pub withdrawn: i64,
    /// Stages by how many applications reached them (the funnel), with how many are there now.
    pub stages: Vec<FunnelStage>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FunnelStage {
    pub stage: String,
    pub reached: i64,
    pub current: i64,
}

/// Durations in days (hours for stages); null when nothing was measured.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DurationSummary {
    pub count: i64,
    pub average: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimeToHireReport {
    /// Days from submission to hire.
    pub time_to_hire_days: DurationSummary,
    /// Days from a posting's first publication to its first hire.
    pub time_to_fill_days: DurationSummary,
    /// Postings published in the window without a hire yet.
    pub unfilled_jobs: i64,
    /// Hours spent in each stage, over the stays that ended.
    pub time_in_stage: Vec<StageTime>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StageTime {
    pub stage: String,
    pub stays: i64,
    pub average_hours: Option<f64>,
    pub median_hours: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourcesReport {
    pub items: Vec<SourceCount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceCount {
    /// Where the application came from (`platform`, a partner feed, a recruiter's entry …).
    pub source: String,
    pub applications: i64,
    pub hires: i64,
    /// Hires per application, 0 to 1.
    pub hire_rate: f64,
}

/// To one decimal: what a dashboard shows.
fn one_decimal(value: Option<f64>) -> Option<f64> {
    value.map(|v| (v * 10.0).round() / 10.0)
}

fn summary(durations: Durations) -> DurationSummary {
    DurationSummary {
        count: durations.count,
        average: one_decimal(durations.average),
        median: one_decimal(durations.median),
        p90: one_decimal(durations.p90),
    }
}

impl AnalyticsService {
    /// Checks the caller may read the company's candidates and the window is a window.
    async fn dashboard_window(&self, auth: &AuthUser, tenant_id: Uuid, query: &DashboardQuery) -> AppResult<Window> {
        if let (Some(since), Some(until)) = (query.since, query.until)
            && since >= until
        {
            return Err(AppError::invalid("until", "before_since", "must be after since"));
        }
        scoped(&self.pool, &auth.scope(), |conn| {
            async move { identity::authorize(conn, auth, tenant_id, Permission::CandidatesRead).await }.scope_boxed()
        })
        .await?;
        Ok(Window { tenant_id, job_id: query.job_id, since: query.since, until: query.until })
    }

    pub async fn pipeline_report(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        query: DashboardQuery,
    ) -> AppResult<PipelineReport> {
        let window = self.dashboard_window(auth, tenant_id, &query).await?;
        let (outcomes, stages) = scoped(&self.pool, &auth.scope(), |conn| {
            async move { Ok::<_, AppError>((store::outcomes(conn, window).await?, store::stages(conn, window).await?)) }
                .scope_boxed()
        })
        .await?;
        Ok(PipelineReport {
            applications: outcomes.applications,
            active: outcomes.active,
            hired: outcomes.hired,
            rejected: outcomes.rejected,
            withdrawn: outcomes.withdrawn,
            stages: stages
                .into_iter()
                .map(|row| FunnelStage { stage: row.stage, reached: row.reached, current: row.current })
                .collect(),
        })
    }

    pub async fn time_to_hire_report(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        query: DashboardQuery,
    ) -> AppResult<TimeToHireReport> {
        let window = self.dashboard_window(auth, tenant_id, &query).await?;
        let (hire, (fill, unfilled), stages) = scoped(&self.pool, &auth.scope(), |conn| {
            async move {
                let hire = store::time_to_hire(conn, window).await?;
                let fill = store::time_to_fill(conn, window).await?;
                let stages = store::time_in_stage(conn, window).await?;
                Ok::<_, AppError>((hire, fill, stages))
            }
            .scope_boxed()
        })
        .await?;
        Ok(TimeToHireReport {
            time_to_hire_days: summary(hire),
            time_to_fill_days: summary(fill),
            unfilled_jobs: unfilled,
            time_in_stage: stages
                .into_iter()
                .map(|row| StageTime {
                    stage: row.stage,
                    stays: row.stays,
                    average_hours: one_decimal(row.average_hours),
                    median_hours: one_decimal(row.median_hours),
                })
                .collect(),
        })
    }

    pub async fn sources_report(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        query: DashboardQuery,
    ) -> AppResult<SourcesReport> {
        let window = self.dashboard_window(auth, tenant_id, &query).await?;
        let rows = scoped(&self.pool, &auth.scope(), |conn| {
            async move { Ok::<_, AppError>(store::sources(conn, window).await?) }.scope_boxed()
        })
        .await?;
        let items = rows
            .into_iter()
            .map(|row| SourceCount {
                hire_rate: if row.applications > 0 {
                    ((row.hires as f64 / row.applications as f64) * 1000.0).round() / 1000.0
                } else {
                    0.0
                },
                source: row.source,
                applications: row.applications,
                hires: row.hires,
            })
            .collect();
        Ok(SourcesReport { items })
    }
}
