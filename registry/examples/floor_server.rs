//! The floor for `GET /schemas/ids/{id}`: a bare axum handler serving the same bytes from a
//! `HashMap`, with none of the registry's middleware or storage. `bench/load.sh` measures the
//! registry against it in the same run.
//!
//! Usage: floor_server SOURCE_URL LISTEN_ADDR MAX_ID
//! It copies `/schemas/ids/1..=MAX_ID` from the registry at SOURCE_URL, then serves them.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The registry's own allocator, so that the two servers differ only in what the registry does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Bodies = Arc<HashMap<u32, Bytes>>;

async fn by_id(State(bodies): State<Bodies>, Path(id): Path<u32>) -> Response {
    match bodies.get(&id) {
        Some(b) => (
            [(
                header::CONTENT_TYPE,
                "application/vnd.schemaregistry.v1+json",
            )],
            b.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, source, listen, max] = args.as_slice() else {
        eprintln!("usage: floor_server SOURCE_URL LISTEN_ADDR MAX_ID");
        std::process::exit(2);
    };
    let max: u32 = max.parse().expect("MAX_ID");
    let http = reqwest::Client::new();
    let mut bodies = HashMap::new();
    for id in 1..=max {
        let res = http
            .get(format!("{source}/schemas/ids/{id}"))
            .send()
            .await
            .expect("fetch");
        if res.status().is_success() {
            bodies.insert(id, res.bytes().await.expect("body"));
        }
    }
    let app = Router::new()
        .route("/schemas/ids/{id}", get(by_id))
        .with_state(Arc::new(bodies));
    let listener = tokio::net::TcpListener::bind(listen).await.expect("bind");
    println!(
        "floor server listening on http://{}",
        listener.local_addr().unwrap()
    );
    axum::serve(listener, app).await.expect("serve");
}
