//! `rust-limit`: the benchmark's ceiling. The same `asset-info` calls as the W1/W2 workloads,
//! from a plain reqwest client (one client reused, JSON decoded, envelope `code` checked).
//!
//! usage: rust-limit --workload w1|w2 --base-url U --api-key K --asset-id A --n N
//!                   [--concurrency C] [--warmup W]
//! Prints one JSON line: {"ok":true,"n":N,"wall_s":…}.

use std::sync::Arc;
use std::time::Instant;

use serde_json::Value;

struct Args {
    workload: String,
    base_url: String,
    api_key: String,
    asset_id: String,
    n: usize,
    concurrency: usize,
    warmup: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        workload: String::new(),
        base_url: String::new(),
        api_key: String::new(),
        asset_id: String::new(),
        n: 0,
        concurrency: 1,
        warmup: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = |v: &str| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--workload" => args.workload = value,
            "--base-url" => args.base_url = value,
            "--api-key" => args.api_key = value,
            "--asset-id" => args.asset_id = value,
            "--n" => args.n = num(&value)?,
            "--concurrency" => args.concurrency = num(&value)?.max(1),
            "--warmup" => args.warmup = num(&value)?,
            // Accepted for a uniform command line across workers; unused here.
            "--impl" | "--poll-interval" => {}
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

/// One `asset-info` call: send, decode the envelope, check `code` and the asset status.
async fn get_asset(http: &reqwest::Client, url: &str, key: &str) -> Result<(), String> {
    let response = http
        .get(url)
        .header("x-api-key", key)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let body: Value = response.json().await.map_err(|e| e.to_string())?;
    if body["code"] != 200 {
        return Err(format!("envelope code {}", body["code"]));
    }
    match body["data"]["Status"].as_str() {
        Some(_) => Ok(()),
        None => Err("no Status in data".into()),
    }
}

/// `n` calls: one after another when `c <= 1`, else split over `c` tasks running at once.
async fn run(
    http: &reqwest::Client,
    url: &Arc<str>,
    key: &Arc<str>,
    n: usize,
    c: usize,
) -> Result<(), String> {
    if c <= 1 {
        for _ in 0..n {
            get_asset(http, url, key).await?;
        }
        return Ok(());
    }
    let mut tasks = Vec::with_capacity(c);
    for i in 0..c {
        let share = n / c + usize::from(i < n % c);
        let (http, url, key) = (http.clone(), Arc::clone(url), Arc::clone(key));
        tasks.push(tokio::spawn(async move {
            for _ in 0..share {
                get_asset(&http, &url, &key).await?;
            }
            Ok::<(), String>(())
        }));
    }
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let concurrency = if args.workload == "w1" {
        1
    } else {
        args.concurrency
    };
    let http = reqwest::Client::new();
    let url: Arc<str> = format!(
        "{}/api/v1/client/job/asset-info?asset_id={}",
        args.base_url.trim_end_matches('/'),
        args.asset_id
    )
    .into();
    let key: Arc<str> = args.api_key.into();
    // Warm-up: opens the connections (same for every worker of every language).
    if let Err(e) = run(&http, &url, &key, args.warmup, concurrency.min(args.warmup)).await {
        println!("{}", serde_json::json!({"ok": false, "error": e}));
        return std::process::ExitCode::FAILURE;
    }
    let started = Instant::now();
    let result = run(&http, &url, &key, args.n, concurrency).await;
    let wall = started.elapsed().as_secs_f64();
    match result {
        Ok(()) => {
            println!("{}", serde_json::json!({"ok": true, "n": args.n, "wall_s": wall}));
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}", serde_json::json!({"ok": false, "error": e}));
            std::process::ExitCode::FAILURE
        }
    }
}
