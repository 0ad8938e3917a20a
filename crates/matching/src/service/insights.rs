//! Career insights from the published postings themselves (no model involved): for the title a
//! CV's latest job has, in the CV's city when it has enough postings (else everywhere), what the
//! market asks for that the CV lacks, how often and with what pay, which seniorities it hires and
//! what it pays.

use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::MatchingService;
use crate::store::{self, Market};

/// Below this many postings in the CV's city, the insights look at every city.
const MIN_LOCAL_POSTINGS: i64 = 5;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SkillDemand {
    pub id: String,
    pub name: String,
    /// Postings of the market asking for it.
    pub postings: i64,
    /// Of those, how many make it a must.
    pub must: i64,
    /// The share of the market's postings asking for it (0 to 1).
    pub share: f64,
    /// Median monthly pay of the postings asking for it, in the market's main currency.
    pub median_pay: Option<f64>,
    /// How much more (or less) those postings pay than the market's median, in percent.
    pub pay_lift_percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PayRange {
    pub currency: String,
    /// Postings stating pay in this currency.
    pub postings: i64,
    /// Monthly pay quartiles.
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SeniorityDemand {
    pub seniority: String,
    pub postings: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CareerInsights {
    /// The canonical title the market is read for (the CV's latest job's); null when the CV's
    /// titles are not ones the platform knows.
    pub market_title: Option<String>,
    /// The city the market is read in; null for every city.
    pub city: Option<String>,
    /// Published postings in that market.
    pub postings: i64,
    /// The seniority the CV shows, and the years.
    pub your_seniority: Option<String>,
    pub your_years: f64,
    pub seniority_demand: Vec<SeniorityDemand>,
    /// Skills the market asks for that the CV does not show, most asked first.
    pub missing_skills: Vec<SkillDemand>,
    /// The CV's skills the market asks for most.
    pub strengths: Vec<SkillDemand>,
    pub pay: Vec<PayRange>,
}

fn percent_over(value: f64, base: f64) -> f64 {
    ((value / base - 1.0) * 1000.0).round() / 10.0
}

/// How long a CV's insights are kept (a change to the board or to the CV makes them stale).
const INSIGHTS_CACHE_SECS: u64 = 3600;

impl MatchingService {
    /// The market around the caller's CV.
    /// Kept an hour in Redis, keyed like a CV's matches (the board's version, the CV's profile).
    pub async fn insights(&self, auth: &AuthUser, cv_id: Uuid) -> AppResult<CareerInsights> {
        let profile = self.inner.cv.profile(auth, cv_id).await?;
        let key = self.board_key("insights", &profile).await;
        if let Some(insights) = self.cached(key.as_deref()).await {
            return Ok(insights);
        }
        let insights = self.market_around(&profile).await?;
        self.keep(key.as_deref(), &insights, INSIGHTS_CACHE_SECS).await;
        Ok(insights)
    }

    async fn market_around(&self, profile: &cv::CvProfile) -> AppResult<CareerInsights> {
        let mut insights = CareerInsights {
            market_title: profile.titles.first().cloned(),
            city: None,
            postings: 0,
            your_seniority: profile.seniority.clone(),
            your_years: profile.total_experience_years,
            seniority_demand: Vec::new(),
            missing_skills: Vec::new(),
            strengths: Vec::new(),
            pay: Vec::new(),
        };
        let Some(title) = insights.market_title.clone() else { return Ok(insights) };
        let location = profile.location.clone();
        let (size, city, demanded, pay, seniorities) = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            let (title, location) = (&title, &location);
            async move {
                let local = Market { title, city: location.as_deref() };
                let local_size = match local.city {
                    Some(_) => store::market_size(conn, &local).await?,
                    None => 0,
                };
                let market = if local_size >= MIN_LOCAL_POSTINGS { local } else { Market { title, city: None } };
                let size = store::market_size(conn, &market).await?;
                let pay = store::pay(conn, &market).await?;
                let currency = pay.first().map_or("PEN", |p| p.currency.as_str());
                let demanded = store::demanded_skills(conn, &market, currency, 50).await?;
                let seniorities = store::seniorities(conn, &market).await?;
                Ok::<_, AppError>((size, market.city.map(str::to_owned), demanded, pay, seniorities))
            }
            .scope_boxed()
        })
        .await?;
        let median = pay.first().map(|p| p.p50);
        let demand = |skill: store::DemandedSkill| SkillDemand {
            share: if size > 0 { ((skill.postings as f64 / size as f64) * 100.0).round() / 100.0 } else { 0.0 },
            pay_lift_percent: skill.median_pay_with.zip(median).map(|(with, all)| percent_over(with, all)),
            median_pay: skill.median_pay_with,
            id: skill.id,
            name: skill.name,
            postings: skill.postings,
            must: skill.must,
        };
        let has = |id: &str| profile.skills.iter().any(|s| s.id == id);
        let (strengths, missing): (Vec<_>, Vec<_>) = demanded.into_iter().partition(|s| has(&s.id));
        insights.city = city;
        insights.postings = size;
        insights.missing_skills = missing.into_iter().take(10).map(demand).collect();
        insights.strengths = strengths.into_iter().take(5).map(demand).collect();
        insights.pay = pay
            .into_iter()
            .map(|p| PayRange { currency: p.currency, postings: p.postings, p25: p.p25, p50: p.p50, p75: p.p75 })
            .collect();
        insights.seniority_demand =
            seniorities.into_iter().map(|s| SeniorityDemand { seniority: s.seniority, postings: s.postings }).collect();
        Ok(insights)
    }
}
