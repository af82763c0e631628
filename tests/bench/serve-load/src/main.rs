//! `serve-load URL BODIES [--token T] [--connections 64] [--seconds 10]`: one-record evaluations
//! against `tieuchi serve`, each connection sending the next body (a line of BODIES, in turn) as
//! soon as the answer to the last has come. Bounded in time; loopback addresses only. Prints
//! requests/s, latency percentiles, and every answer that was not a 200 or never came.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;

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
    let requests = std::rc::Rc::new(requests(&options));
    let local = tokio::task::LocalSet::new();
    let mut tasks = Vec::new();
    for connection in 0..options.connections {
        let options = std::rc::Rc::clone(&options);
        let requests = std::rc::Rc::clone(&requests);
        tasks.push(local.spawn_local(async move { connection_loop(&options, &requests, connection, deadline).await }));
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
/// and opened again. The requests are written as bytes made beforehand, and an answer is read as
/// far as its `Content-Length` says: the generator spends as little of the machine as it can, to
/// leave it to the service measured.
async fn connection_loop(options: &Options, requests: &[Vec<u8>], connection: usize, deadline: Instant) -> Tally {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut tally = Tally::default();
    let mut next = connection;
    let mut buffer = vec![0u8; 64 * 1024];
    'connect: while Instant::now() < deadline {
        let Ok(mut stream) = tokio::net::TcpStream::connect(options.address).await else {
            tally.failed += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        while Instant::now() < deadline {
            let request = &requests[next % requests.len()];
            next += options.connections;
            let sent = Instant::now();
            if stream.write_all(request).await.is_err() {
                tally.failed += 1;
                continue 'connect;
            }
            // Read the head, then the body its Content-Length announces.
            let mut filled = 0;
            let (head_end, length) = loop {
                match stream.read(&mut buffer[filled..]).await {
                    Ok(0) | Err(_) => {
                        tally.failed += 1;
                        continue 'connect;
                    }
                    Ok(n) => filled += n,
                }
                if let Some(end) = find(&buffer[..filled], b"\r\n\r\n") {
                    let Some(length) = content_length(&buffer[..end]) else {
                        tally.failed += 1;
                        continue 'connect;
                    };
                    break (end + 4, length);
                }
                if filled == buffer.len() {
                    tally.failed += 1;
                    continue 'connect;
                }
            };
            let mut left = (head_end + length).saturating_sub(filled);
            while left > 0 {
                let want = left.min(buffer.len());
                match stream.read(&mut buffer[..want]).await {
                    Ok(0) | Err(_) => {
                        tally.failed += 1;
                        continue 'connect;
                    }
                    Ok(n) => left -= n,
                }
            }
            let took = u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX);
            tally.latencies_us.push(took);
            if buffer.starts_with(b"HTTP/1.1 200 ") {
                tally.ok += 1;
            } else {
                tally.not_ok += 1;
            }
        }
    }
    tally
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The `Content-Length` of a response head; none when absent (this client reads no other framing).
fn content_length(head: &[u8]) -> Option<usize> {
    let head = std::str::from_utf8(head).ok()?;
    head.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
    })
}

/// Each body as a whole HTTP/1.1 request.
fn requests(options: &Options) -> Vec<Vec<u8>> {
    let authorization = options.token.as_ref().map(|t| format!("authorization: Bearer {t}\r\n")).unwrap_or_default();
    options
        .bodies
        .iter()
        .map(|body| {
            let mut request = format!(
                "POST {} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\n{authorization}content-length: {}\r\n\r\n",
                options.path,
                options.address,
                body.len()
            )
            .into_bytes();
            request.extend_from_slice(body);
            request
        })
        .collect()
}
