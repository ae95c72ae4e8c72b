//! The server under load: the real `zainab` binary in a child process, on a
//! database it keeps across restarts, and the throwaway PostgreSQL cluster
//! it may run on, which the bench stops and starts again mid-load.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// The `zainab` binary of this target folder's release build.
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("ZA_BENCH_ZAINAB") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("this binary");
    // target/release/deps/load-... -> target/release/zainab
    let path = exe
        .parent()
        .and_then(Path::parent)
        .expect("the target folder")
        .join("zainab");
    assert!(
        path.exists(),
        "{} is missing: run `cargo build --release -p zainab-api --bin zainab` first",
        path.display()
    );
    path
}

/// One database and its files, served by one process at a time.
pub struct Server {
    pub address: String,
    pub database_url: String,
    pub storage_dir: PathBuf,
    dir: PathBuf,
    child: Option<Child>,
    starts: u32,
}

impl Server {
    pub fn new(dir: &Path, database_url: String) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a spare port")
            .port();
        Self {
            address: format!("127.0.0.1:{port}"),
            database_url,
            storage_dir: dir.join("objects"),
            dir: dir.to_path_buf(),
            child: None,
            starts: 0,
        }
    }

    /// Starts the server and waits until it is ready; on the first start it
    /// creates the administrator and gives its password.
    pub async fn start(&mut self) -> Option<String> {
        self.starts += 1;
        let stdout = self.dir.join(format!("stdout-{}.log", self.starts));
        let stderr = self.dir.join(format!("server-{}.log", self.starts));
        let child = Command::new(binary())
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", &self.database_url)
            .env("ZA_BIND", &self.address)
            .env("ZA_DATA_DIR", &self.dir)
            .env("ZA_STORAGE_DIR", &self.storage_dir)
            .env(
                "ZA_JWT_SECRET",
                "load-bench-secret-that-is-long-enough-for-hs256",
            )
            .env("ZA_BOOTSTRAP_ADMIN", "true")
            .env("ZA_FACE_WORKER", "false")
            .env("ZA_PUBLIC_REQUESTS_PER_MINUTE", "100000000")
            .env("ZA_LOGIN_ATTEMPTS_PER_MINUTE", "100000")
            .env("ZA_REPORTS_PER_CITIZEN_PER_DAY", "1000000")
            .env("ZA_DB_ACQUIRE_TIMEOUT", "3s")
            .env("ZA_SHUTDOWN_TIMEOUT", "10s")
            .env("ZA_LOG_FORMAT", "json")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).expect("a log file"))
            .stderr(std::fs::File::create(&stderr).expect("a log file"))
            .spawn()
            .expect("starting zainab");
        self.child = Some(child);
        self.wait_ready().await;
        let printed = std::fs::read_to_string(&stdout).unwrap_or_default();
        printed
            .lines()
            .find_map(|line| line.split("with password: ").nth(1))
            .map(|p| p.trim().to_owned())
    }

    async fn wait_ready(&mut self) {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let ready = http
                .get(format!("http://{}/health/ready", self.address))
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return;
            }
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!(
                    "zainab exited with {status}; see {}",
                    self.dir
                        .join(format!("server-{}.log", self.starts))
                        .display()
                );
            }
            assert!(Instant::now() < deadline, "zainab did not become ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Kills the process at once (SIGKILL): nothing is flushed or finished.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            let _ = child.wait();
        }
    }

    /// Asks the process to stop (SIGTERM) and waits for it; its exit status.
    pub fn terminate(&mut self) -> Option<std::process::ExitStatus> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        child.wait().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A throwaway PostgreSQL cluster from `scripts/pg-cluster.sh`.
pub struct Postgres {
    pub url: String,
    dir: PathBuf,
}

impl Postgres {
    pub fn start(dir: &Path) -> Self {
        let output = Command::new(script())
            .args(["start", &dir.to_string_lossy()])
            .output()
            .expect("scripts/pg-cluster.sh");
        assert!(
            output.status.success(),
            "the PostgreSQL cluster did not start: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Self {
            url: String::from_utf8_lossy(&output.stdout).trim().to_owned(),
            dir: dir.to_path_buf(),
        }
    }

    /// Stops the cluster (fast: open sessions are cut).
    pub fn stop(&self) {
        self.pg_ctl(&["-m", "fast", "stop"]);
    }

    /// Starts it again on the same port and files.
    pub fn restart(&self) {
        let port = self
            .url
            .rsplit(':')
            .next()
            .and_then(|p| p.split('/').next())
            .expect("a port");
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=300",
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        self.pg_ctl(&["-l", &log.to_string_lossy(), "-w", "-o", &options, "start"]);
    }

    fn pg_ctl(&self, args: &[&str]) {
        let pg_ctl = Path::new(
            &std::env::var("PG_BIN").unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".to_owned()),
        )
        .join("pg_ctl");
        let data = self.dir.join("data");
        let mut command = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&pg_ctl);
            c
        } else {
            Command::new(&pg_ctl)
        };
        let status = command
            .arg("-D")
            .arg(&data)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .expect("pg_ctl");
        assert!(status.success(), "pg_ctl {args:?} failed");
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = Command::new(script())
            .args(["stop", &self.dir.to_string_lossy()])
            .status();
    }
}

fn script() -> PathBuf {
    zainab_tests::workspace_root().join("scripts/pg-cluster.sh")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
