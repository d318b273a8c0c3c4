use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A figure the sampler stores each minute. `summed` ones are counts, added up across
/// instances and time; the others are levels, of which the highest counts.
pub struct Series {
    pub name: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
    pub summed: bool,
}

pub const REQUESTS: &str = "requests";
pub const SERVER_ERRORS: &str = "server_errors";
pub const LATENCY_P95: &str = "latency_p95_ms";
pub const POOL_USE: &str = "pool_use_pct";
pub const REPLICA_LAG: &str = "replica_lag_ms";
pub const QUEUE_DEPTH: &str = "queue_depth";
pub const JOB_FAILURES: &str = "job_failures";
pub const SIGN_IN_FAILURES: &str = "sign_in_failures";
pub const ANSWER_SAVES: &str = "answer_saves";
/// Not stored: server errors over requests.
pub const ERROR_RATE: &str = "error_rate_pct";
/// Not stored: the delegation service's applications completed over those due in the last 7 days.
pub const JOB_COMPLETION_RATE: &str = "job_completion_rate_pct";

pub const SERIES: [Series; 9] = [
    Series { name: REQUESTS, title: "Requests per minute", unit: "", summed: true },
    Series { name: SERVER_ERRORS, title: "Server errors per minute", unit: "", summed: true },
    Series { name: LATENCY_P95, title: "Response time, 95th percentile", unit: "ms", summed: false },
    Series { name: POOL_USE, title: "Database pool in use", unit: "%", summed: false },
    Series { name: REPLICA_LAG, title: "Replica lag", unit: "ms", summed: false },
    Series { name: QUEUE_DEPTH, title: "Jobs waiting", unit: "", summed: false },
    Series { name: JOB_FAILURES, title: "Job failures per minute", unit: "", summed: true },
    Series { name: SIGN_IN_FAILURES, title: "Sign-in failures per minute", unit: "", summed: true },
    Series { name: ANSWER_SAVES, title: "Answer saves per minute", unit: "", summed: true },
];

pub fn is_summed(name: &str) -> bool {
    SERIES.iter().any(|s| s.name == name && s.summed)
}

/// When a figure raises an alert (the monitoring thresholds of the platform's requirements).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    pub metric: &'static str,
    pub title: &'static str,
    pub unit: &'static str,
    pub warning: f64,
    pub critical: f64,
    /// A figure that is worse the lower it is: it alerts below its bounds.
    pub falling: bool,
}

pub const THRESHOLDS: [Threshold; 4] = [
    Threshold { metric: LATENCY_P95, title: "Response time, 95th percentile", unit: "ms", warning: 500.0, critical: 2000.0, falling: false },
    Threshold { metric: ERROR_RATE, title: "Error rate", unit: "%", warning: 2.0, critical: 5.0, falling: false },
    Threshold { metric: POOL_USE, title: "Database pool in use", unit: "%", warning: 80.0, critical: 95.0, falling: false },
    Threshold { metric: JOB_COMPLETION_RATE, title: "Delegated job completion rate", unit: "%", warning: 85.0, critical: 70.0, falling: true },
];

impl Threshold {
    pub fn of(metric: &str) -> Option<&'static Threshold> {
        THRESHOLDS.iter().find(|t| t.metric == metric)
    }

    /// The level `value` reaches, if any.
    pub fn level(&self, value: f64) -> Option<Level> {
        if self.falling {
            return if value < self.critical {
                Some(Level::Critical)
            } else if value < self.warning {
                Some(Level::Warning)
            } else {
                None
            };
        }
        if value >= self.critical {
            Some(Level::Critical)
        } else if value >= self.warning {
            Some(Level::Warning)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(type_name = "text", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Warning,
    Critical,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Critical => "critical",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far back the charts look, and how finely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Range {
    Hour,
    Day,
    Month,
}

impl Range {
    pub const ALL: [Range; 3] = [Range::Hour, Range::Day, Range::Month];

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "" | "hour" => Some(Range::Hour),
            "day" => Some(Range::Day),
            "month" => Some(Range::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Range::Hour => "hour",
            Range::Day => "day",
            Range::Month => "month",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Range::Hour => "Last hour",
            Range::Day => "Last 24 hours",
            Range::Month => "Last 30 days",
        }
    }

    /// The span shown and the width of each point, in minutes.
    pub fn span_and_step_minutes(self) -> (i64, i64) {
        match self {
            Range::Hour => (60, 1),
            Range::Day => (24 * 60, 10),
            Range::Month => (30 * 24 * 60, 6 * 60),
        }
    }
}

/// One chart: a figure's values per step, oldest first (a count per minute on average over
/// the step, or the step's highest level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub metric: String,
    pub title: String,
    pub unit: String,
    pub values: Vec<f64>,
}

impl Chart {
    pub fn latest(&self) -> f64 {
        self.values.last().copied().unwrap_or(0.0)
    }

    pub fn peak(&self) -> f64 {
        self.values.iter().copied().fold(0.0, f64::max)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    pub id: Uuid,
    pub metric: String,
    pub level: Level,
    pub value: f64,
    pub threshold: f64,
    pub opened_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub incident_id: Option<Uuid>,
}

impl Alert {
    pub fn title(&self) -> &'static str {
        Threshold::of(&self.metric).map_or("Metric", |t| t.title)
    }

    pub fn unit(&self) -> &'static str {
        Threshold::of(&self.metric).map_or("", |t| t.unit)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsOverview {
    pub range: Range,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub charts: Vec<Chart>,
    /// Open alerts first, then the latest resolved ones.
    pub alerts: Vec<Alert>,
    /// Instances that sent samples in the range.
    pub instances: i64,
}
