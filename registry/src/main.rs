//! The `accord-registry` binary: settings, logging, the store, the server, graceful shutdown.

use std::process::ExitCode;
use std::sync::Arc;

use accord_registry::settings::{redact, Cli, Command, Settings, EXAMPLE};
use accord_registry::store::sql::{SqlStore, StoreOptions};
use accord_registry::{app, AppOptions, AppState};
use anyhow::Context;
use tracing_subscriber::EnvFilter;

/// Every request allocates and frees small buffers (headers, bodies, futures) on the worker
/// threads; mimalloc keeps them in per-thread free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("accord-registry: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse_with_defaults();
    if let Some(Command::DefaultConfig) = cli.command {
        print!("{EXAMPLE}");
        return Ok(());
    }
    let settings = Settings::load(&cli)?;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.log))
        .context("invalid log filter")?;
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_json {
        subscriber.json().init();
    } else {
        subscriber.init();
    }
    tracing::info!(settings = ?settings, "starting");

    let store = SqlStore::connect(
        &settings.database_url,
        &StoreOptions {
            max_connections: settings.max_connections,
            ..StoreOptions::default()
        },
    )
    .await
    .with_context(|| format!("cannot open the store {}", redact(&settings.database_url)))?;
    let state = AppState::new(
        Arc::new(store.clone()),
        AppOptions {
            body_limit: settings.body_limit,
            mode_mutability: settings.mode_mutability,
            validator_cache_size: settings.validator_cache_size,
            main_branch: settings.main_branch.clone(),
            ..AppOptions::default()
        },
    );
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("cannot listen on {}", settings.listen))?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, store = %redact(&settings.database_url), "listening");
    println!("accord-registry listening on http://{local}");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server failed")?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
