//! Running the registry for end-to-end tests: in-process on a real socket, or as the real
//! `accord-registry` binary (for SIGKILL, SIGTERM and several instances on one database).
//!
//! The binary is the one cargo builds next to this test binary (`target/<profile>/`): the first
//! use runs `cargo build -p accord-registry` (a no-op when it is fresh).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use accord_registry::store::sql::{SqlStore, StoreOptions};
use accord_registry::{app, AppOptions, AppState};
use sqlx::Connection;

/// The `accord-registry` binary of this build.
pub(crate) fn binary() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| cargo_binary("accord-registry", "accord-registry"))
        .clone()
}

/// The binary `bin` of `package` in this build, built first (a no-op when it is fresh) so a run
/// of only these tests never uses a stale binary.
pub(crate) fn cargo_binary(package: &str, bin: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/e2e-<hash> → target/<profile>/<bin>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>")
        .to_path_buf();
    let path = profile_dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", package, "--bin", bin]);
    if profile_dir.file_name().is_some_and(|n| n == "release") {
        cmd.arg("--release");
    }
    let built = cmd.status().is_ok_and(|s| s.success());
    assert!(built || path.exists(), "cargo build -p {package} failed");
    path
}

/// A running `accord-registry` process; killed when dropped.
pub(crate) struct Process {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub(crate) url: String,
}

impl Process {
    /// Start the binary on `database` (a SQLite path or a postgres:// URL) on a free port, in
    /// `cwd`, and wait until it listens.
    pub(crate) fn start(database: &str, cwd: &std::path::Path) -> Process {
        Process::start_with(&["--database-url", database], cwd)
    }

    /// Start the binary with `args` (plus `--listen 127.0.0.1:0`) in `cwd`.
    pub(crate) fn start_with(args: &[&str], cwd: &std::path::Path) -> Process {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(cwd.join("registry.log"))
            .expect("log file");
        let mut child = Command::new(binary())
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .current_dir(cwd)
            .env_remove("ACCORD_DATABASE_URL")
            .env_remove("ACCORD_LISTEN")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("spawn accord-registry");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
        let url = line
            .trim()
            .strip_prefix("accord-registry listening on ")
            .unwrap_or_else(|| {
                let log = std::fs::read_to_string(cwd.join("registry.log")).unwrap_or_default();
                panic!("accord-registry did not start: {line:?}\n{log}")
            })
            .to_string();
        Process { child, url }
    }

    /// SIGKILL, and wait for the process to be gone.
    pub(crate) fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, and wait for the exit status.
    pub(crate) fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success());
        self.child.wait().expect("wait")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A registry served in-process on a real socket; the server stops with the runtime.
pub(crate) struct InProcess {
    /// `http://127.0.0.1:PORT`.
    pub(crate) url: String,
    /// The store, for direct checks.
    pub(crate) store: SqlStore,
    _dir: Option<tempfile::TempDir>,
}

/// Serve a registry on `database` (`None`: SQLite in a temp dir).
pub(crate) async fn serve(database: Option<String>) -> InProcess {
    let (url, dir) = match database {
        Some(url) => (url, None),
        None => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("registry.db");
            (path.to_str().unwrap().to_string(), Some(dir))
        }
    };
    let store = SqlStore::connect(&url, &StoreOptions::default())
        .await
        .unwrap();
    let state = AppState::new(Arc::new(store.clone()), AppOptions::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app(state)).await.unwrap();
    });
    InProcess {
        url: format!("http://{addr}"),
        store,
        _dir: dir,
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh PostgreSQL schema on `ACCORD_TEST_DATABASE_URL` as a URL selecting it, or `None`
/// (the caller says the test was skipped).
pub(crate) async fn postgres_url() -> Option<String> {
    let base = std::env::var("ACCORD_TEST_DATABASE_URL").ok()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let name = format!(
        "accord_e2e_{}_{}_{}_{}",
        now.as_secs(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        now.subsec_nanos()
    );
    let mut conn = sqlx::PgConnection::connect(&base).await.unwrap();
    // Schemas of earlier runs are dropped once they are an hour old.
    let old: Vec<(String,)> = sqlx::query_as(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'accord\\_e2e\\_%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (schema,) in old {
        let secs: u64 = schema
            .split('_')
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if secs + 3600 < now.as_secs() {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&mut conn)
                .await;
        }
    }
    sqlx::query(&format!("CREATE SCHEMA {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{name}"))
}

/// Say that a PostgreSQL variant was skipped.
pub(crate) fn skipped(test: &str) {
    eprintln!("{test}: skipped on PostgreSQL (ACCORD_TEST_DATABASE_URL is not set)");
}

/// The HTTP client the tests use.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// The content type every Confluent client sends.
pub(crate) const CT: &str = "application/vnd.schemaregistry.v1+json";
