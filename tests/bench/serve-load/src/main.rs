//! `serve-load URL BODIES [--token T] [--connections 64] [--seconds 10]`: one-record evaluations
//! against `tieuchi serve`, each connection sending the next body (a line of BODIES, in turn) as
//! soon as the answer to the last has come. Bounded in time; loopback addresses only. Prints
//! requests/s, latency percentiles, and every answer that was not a 200 or never came.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;

struct Options {
    address: SocketAddr,
    path: String,
    bodies: Vec<Bytes>,
    token: Option<String>,
    connections: usize,
    seconds: u64,
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    ok: u64,
    not_ok: u64,
    failed: u64,
}

fn main() {
    let options = match options() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("usage: serve-load http://127.0.0.1:PORT/v1/evaluate BODIES.jsonl [--token T] [--connections 64] [--seconds 10]");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(run(options));
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("no URL")?;
    let bodies = args.next().ok_or("no file of request bodies")?;
    let rest = url.strip_prefix("http://").ok_or("only http:// URLs")?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let address: SocketAddr = host.parse().map_err(|_| format!("`{host}` is not IP:PORT"))?;
    if !address.ip().is_loopback() {
        return Err(format!("`{host}` is not a loopback address; load goes to this machine only"));
    }
    let bodies: Vec<Bytes> = std::fs::read_to_string(&bodies)
        .map_err(|e| format!("cannot read `{bodies}`: {e}"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Bytes::from(l.to_owned()))
        .collect();
    if bodies.is_empty() {
        return Err("no request body".to_owned());
    }
    let mut options = Options {
        address,
        path: if path.is_empty() { "/".to_owned() } else { path.to_owned() },
        bodies,
        token: None,
        connections: 64,
        seconds: 10,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("`{flag}` needs a value"))?;
        match flag.as_str() {
            "--token" => options.token = Some(value),
            "--connections" => options.connections = value.parse().map_err(|_| "bad --connections")?,
            "--seconds" => options.seconds = value.parse().map_err(|_| "bad --seconds")?,
            _ => return Err(format!("unknown option `{flag}`")),
        }
    }
    if options.seconds == 0 || options.seconds > 120 || options.connections == 0 || options.connections > 1024 {
        return Err("keep it bounded: 1..=120 seconds, 1..=1024 connections".to_owned());
    }
    Ok(options)
}

async fn run(options: Options) {
    let options = std::rc::Rc::new(options);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let local = tokio::task::LocalSet::new();
    let mut tasks = Vec::new();
    for connection in 0..options.connections {
        let options = std::rc::Rc::clone(&options);
        tasks.push(local.spawn_local(async move { connection_loop(&options, connection, deadline).await }));
    }
    let tallies = local
        .run_until(async {
            let mut all = Vec::new();
            for task in tasks {
                all.push(task.await.unwrap_or_default());
            }
            all
        })
        .await;
    let elapsed = started.elapsed();
    let mut latencies: Vec<u32> = Vec::new();
    let (mut ok, mut not_ok, mut failed) = (0, 0, 0);
    for tally in tallies {
        latencies.extend(tally.latencies_us);
        ok += tally.ok;
        not_ok += tally.not_ok;
        failed += tally.failed;
    }
    latencies.sort_unstable();
    let at = |q: usize| latencies.get((latencies.len().saturating_sub(1)) * q / 1000).copied().unwrap_or(0);
    let ms = |us: u32| format!("{}.{:03}", us / 1000, us % 1000);
    let requests = ok + not_ok;
    let per_second = u128::from(requests) * 1000 / elapsed.as_millis().max(1);
    println!("connections\t{}", options.connections);
    println!("seconds\t{}.{:03}", elapsed.as_secs(), elapsed.subsec_millis());
    println!("requests\t{requests}");
    println!("requests/s\t{per_second}");
    println!("p50 ms\t{}", ms(at(500)));
    println!("p90 ms\t{}", ms(at(900)));
    println!("p99 ms\t{}", ms(at(990)));
    println!("max ms\t{}", ms(latencies.last().copied().unwrap_or(0)));
    println!("non-200 answers\t{not_ok}");
    println!("requests with no answer\t{failed}");
    if not_ok + failed > 0 {
        std::process::exit(1);
    }
}

/// One connection: requests back to back until the deadline; a broken connection is counted
/// and opened again.
async fn connection_loop(options: &Options, connection: usize, deadline: Instant) -> Tally {
    let mut tally = Tally::default();
    let mut next = connection;
    'connect: while Instant::now() < deadline {
        let Ok(stream) = tokio::net::TcpStream::connect(options.address).await else {
            tally.failed += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok((mut sender, driver)) = http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream)).await else {
            tally.failed += 1;
            continue;
        };
        tokio::task::spawn_local(driver);
        while Instant::now() < deadline {
            let body = options.bodies[next % options.bodies.len()].clone();
            next += options.connections;
            let mut request = hyper::Request::post(&options.path)
                .header("host", options.address.to_string())
                .header("content-type", "application/json");
            if let Some(token) = &options.token {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            let Ok(request) = request.body(Full::new(body)) else { return tally };
            let sent = Instant::now();
            let answered = async {
                let response = sender.send_request(request).await.ok()?;
                let status = response.status();
                response.into_body().collect().await.ok()?;
                Some(status)
            }
            .await;
            let took = u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX);
            match answered {
                Some(status) if status == hyper::StatusCode::OK => {
                    tally.ok += 1;
                    tally.latencies_us.push(took);
                }
                Some(_) => {
                    tally.not_ok += 1;
                    tally.latencies_us.push(took);
                }
                None => {
                    tally.failed += 1;
                    continue 'connect;
                }
            }
        }
    }
    tally
}
