//! The order of a run: a warm-up, then every workload repeated, the
//! implementations interleaved (their order rotating from one repetition to
//! the next) so that each repetition compares them under the same machine
//! load. Each measurement is printed as one `BENCH {json}` line, which
//! `scripts/bench-report.mjs` turns into tables.

use std::future::Future;
use std::pin::pin;

use futures::future::{select, Either};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::console_log;

use crate::config::Config;
use crate::raw;
use crate::workloads::{measure, settle, Impl, Job, Outcome};

/// A named workload.
struct Workload {
    name: &'static str,
    job: Job,
}

impl Workload {
    /// The figure reported, and its unit.
    fn figure(&self, outcome: &Outcome) -> (f64, &'static str) {
        let seconds = outcome.elapsed_ms / 1000.0;
        match self.job {
            Job::Pipelined {
                binary: false,
                count,
                ..
            } => (f64::from(count) / seconds, "msg/s"),
            Job::Pipelined { count, size, .. } => {
                (f64::from(count) * f64::from(size) / seconds / 1e6, "MB/s")
            }
            Job::Burst { items, repeat } => {
                let bytes: f64 = crate::payload::burst_items(items)
                    .iter()
                    .map(|&(_, size)| size as f64)
                    .sum();
                (bytes * f64::from(repeat) / seconds / 1e6, "MB/s")
            }
            Job::RoundTrips { count } => (outcome.elapsed_ms * 1000.0 / f64::from(count), "us"),
            Job::Cycles { count } => (outcome.elapsed_ms * 1000.0 / f64::from(count), "us"),
        }
    }

    /// The same workload with its counts cut to a tenth (at least 1), for
    /// the warm-up; connect/close cycles to a hundredth (at least 10), as
    /// Chromium spaces connections to one host about 10 ms apart.
    fn warm_up(&self) -> Workload {
        let cut = |n: u32| (n / 10).max(1);
        let job = match self.job.clone() {
            Job::Pipelined {
                binary,
                count,
                size,
            } => Job::Pipelined {
                binary,
                count: cut(count),
                size,
            },
            Job::Burst { items, repeat } => Job::Burst {
                items,
                repeat: cut(repeat),
            },
            Job::RoundTrips { count } => Job::RoundTrips { count: cut(count) },
            Job::Cycles { count } => Job::Cycles {
                count: (count / 100).max(10),
            },
        };
        Workload {
            name: self.name,
            job,
        }
    }
}

fn workloads(config: &Config) -> Vec<Workload> {
    let all = [
        Workload {
            name: "small-text",
            job: Job::Pipelined {
                binary: false,
                count: config.small_messages,
                size: 16,
            },
        },
        Workload {
            name: "binary-64k",
            job: Job::Pipelined {
                binary: true,
                count: config.binary_64k_messages,
                size: 64 * 1024,
            },
        },
        Workload {
            name: "binary-1m",
            job: Job::Pipelined {
                binary: true,
                count: config.binary_1m_messages,
                size: 1024 * 1024,
            },
        },
        Workload {
            name: "binary-16m",
            job: Job::Pipelined {
                binary: true,
                count: config.binary_16m_messages,
                size: 16 * 1024 * 1024,
            },
        },
        Workload {
            name: "blob-mixed",
            job: Job::Burst {
                items: "b65536,t16",
                repeat: config.blob_pairs,
            },
        },
        Workload {
            name: "round-trip",
            job: Job::RoundTrips {
                count: config.round_trips,
            },
        },
        Workload {
            name: "connect-close",
            job: Job::Cycles {
                count: config.cycles,
            },
        },
    ];
    all.into_iter()
        .filter(|w| config.only_workloads.is_empty() || config.only_workloads.contains(&w.name))
        .filter(|w| {
            !matches!(
                w.job,
                Job::Pipelined { count: 0, .. }
                    | Job::Burst { repeat: 0, .. }
                    | Job::RoundTrips { count: 0 }
                    | Job::Cycles { count: 0 }
            )
        })
        .collect()
}

/// The implementations of this run, rotated by `rep`.
fn implementations(config: &Config, rep: u32) -> Vec<Impl> {
    let mut chosen: Vec<Impl> = Impl::ALL
        .into_iter()
        .filter(|i| config.only_impls.is_empty() || config.only_impls.contains(&i.key()))
        .collect();
    if !chosen.is_empty() {
        let len = chosen.len();
        chosen.rotate_left(rep as usize % len);
    }
    chosen
}

/// The whole benchmark, in the page it runs in.
pub async fn run() {
    let config = Config::from_build_env();
    let url = format!("ws://127.0.0.1:{}/echo?tag=bench", config.port);
    let workloads = workloads(&config);
    console_log!(
        "BENCH-CONFIG {{\"userAgent\":{},\"reps\":{},\"cycleReps\":{}}}",
        json_string(&user_agent()),
        config.reps,
        config.cycle_reps
    );

    // Warm-up: the JIT compilers (JavaScript and wasm alike) and the
    // connection set-up get going; nothing is recorded.
    for workload in &workloads {
        let warm = workload.warm_up();
        for implementation in implementations(&config, 0) {
            if applies(implementation, &warm) {
                let _ =
                    timed_out(&config, &warm.job, measure(implementation, &warm.job, &url)).await;
            }
        }
    }

    for workload in &workloads {
        let reps = match workload.job {
            Job::Cycles { .. } => config.cycle_reps,
            _ => config.reps,
        };
        for rep in 0..reps {
            for implementation in implementations(&config, rep) {
                if !applies(implementation, workload) {
                    continue;
                }
                let label = format!("{} {} {rep}", workload.name, implementation.key());
                if config.profile {
                    raw::profile_start(&label);
                }
                let result = timed_out(
                    &config,
                    &workload.job,
                    measure(implementation, &workload.job, &url),
                )
                .await;
                if config.profile {
                    raw::profile_end(&label);
                }
                report(workload, implementation, rep, result);
                // A pause between measurements, so that one's closing
                // handshake and garbage do not land in the next one.
                settle().await;
            }
        }
    }
    console_log!("BENCH-DONE");
}

fn applies(implementation: Impl, workload: &Workload) -> bool {
    implementation.available()
        && (!matches!(workload.job, Job::Burst { .. }) || implementation.supports_blob())
}

/// `work`, failed if it takes longer than the configured time-out (plus
/// 50 ms a cycle for connect/close runs), so that a stalled implementation
/// is reported instead of stopping the run.
async fn timed_out<T>(
    config: &Config,
    job: &Job,
    work: impl Future<Output = Result<T, String>>,
) -> Result<T, String> {
    let extra = match job {
        Job::Cycles { count } => f64::from(*count) * 0.05,
        _ => 0.0,
    };
    let seconds = f64::from(config.timeout_s) + extra;
    let limit = JsFuture::from(raw::sleep(seconds * 1000.0));
    match select(pin!(work), limit).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => Err(format!("timed out after {seconds:.0} s")),
    }
}

fn report(workload: &Workload, implementation: Impl, rep: u32, result: Result<Outcome, String>) {
    let head = format!(
        "\"workload\":\"{}\",\"impl\":\"{}\",\"rep\":{rep}",
        workload.name,
        implementation.key()
    );
    match result {
        Ok(outcome) => {
            let (value, unit) = workload.figure(&outcome);
            let heap = outcome
                .heap_growth
                .map_or_else(|| "null".to_owned(), |bytes| bytes.to_string());
            console_log!(
                "BENCH {{{head},\"value\":{value:.3},\"unit\":\"{unit}\",\"ms\":{:.3},\"heapGrowth\":{heap}}}",
                outcome.elapsed_ms
            );
        }
        Err(error) => console_log!("BENCH {{{head},\"error\":{}}}", json_string(&error)),
    }
}

fn user_agent() -> String {
    web_sys::window()
        .and_then(|window| window.navigator().user_agent().ok())
        .unwrap_or_default()
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
