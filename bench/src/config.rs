//! What a run does, from environment variables read when the benchmark is
//! compiled (the page has no environment; `scripts/bench.sh` sets them, and
//! cargo rebuilds when they change).

/// Reads a count; unset or empty means `default`.
fn count(value: Option<&'static str>, default: u32) -> u32 {
    match value {
        Some(text) if !text.trim().is_empty() => text.trim().parse().unwrap_or(default),
        _ => default,
    }
}

/// A comma list; unset or empty means everything.
fn list(value: Option<&'static str>) -> Vec<&'static str> {
    value
        .map(|text| {
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

pub struct Config {
    /// The test server's port (it also uses the next one).
    pub port: u32,
    /// Measured repetitions of every workload.
    pub reps: u32,
    /// Repetitions of the connect/close workload, which is the slow one.
    pub cycle_reps: u32,
    pub small_messages: u32,
    pub binary_64k_messages: u32,
    pub binary_1m_messages: u32,
    pub binary_16m_messages: u32,
    /// Repeats of the Blob burst's `b65536,t16` pair.
    pub blob_pairs: u32,
    pub round_trips: u32,
    pub cycles: u32,
    /// Seconds one measurement may take before it counts as failed.
    pub timeout_s: u32,
    /// Wrap each measurement in `console.profile` (`npm run bench:profile`).
    pub profile: bool,
    /// Only these implementations / workloads (all when empty).
    pub only_impls: Vec<&'static str>,
    pub only_workloads: Vec<&'static str>,
}

impl Config {
    pub fn from_build_env() -> Self {
        Self {
            port: count(option_env!("BENCH_PORT"), 8795),
            reps: count(option_env!("BENCH_REPS"), 15).max(1),
            cycle_reps: count(option_env!("BENCH_CYCLE_REPS"), 1).max(1),
            small_messages: count(option_env!("BENCH_SMALL"), 20_000),
            binary_64k_messages: count(option_env!("BENCH_BIN64K"), 2_000),
            binary_1m_messages: count(option_env!("BENCH_BIN1M"), 32),
            binary_16m_messages: count(option_env!("BENCH_BIN16M"), 4),
            blob_pairs: count(option_env!("BENCH_BLOB"), 100),
            round_trips: count(option_env!("BENCH_RTT"), 2_000),
            cycles: count(option_env!("BENCH_CYCLES"), 10_000),
            timeout_s: count(option_env!("BENCH_TIMEOUT_S"), 120),
            profile: count(option_env!("BENCH_PROFILE"), 0) == 1,
            only_impls: list(option_env!("BENCH_IMPLS")),
            only_workloads: list(option_env!("BENCH_WORKLOADS")),
        }
    }
}
