//! A real Kannel SMS gateway for one test: [`Kannel::start`] runs bearerbox,
//! the fake SMS centre (fakesmsc, receive-only) and smsbox on spare loopback
//! ports, and collects what reaches the fake SMS centre.
//!
//! Send through [`Kannel::sendsms_url`] with [`Kannel::username`] and
//! [`Kannel::password`]; read what arrived with [`Kannel::wait_for`]. Urdu
//! goes as UCS-2: `coding=2&charset=UTF-8`. Kannel's logs stay in the
//! gateway's temporary folder and are printed when start-up fails.

mod config;
pub mod dlr;
mod fake_smsc;

use std::{fmt::Write as _, fs::File, net::Ipv4Addr, path::Path, process::Stdio, time::Duration};

use tempfile::TempDir;
use tokio::{
    process::{Child, Command},
    sync::watch,
    task::JoinHandle,
    time::Instant,
};

use config::{Ports, USERNAME, configuration, spare_ports};
pub use dlr::{DeliveryReport, DeliveryReports};
pub use fake_smsc::{Coding, Received};

const BEARERBOX: &str = "/usr/sbin/bearerbox";
const SMSBOX: &str = "/usr/sbin/smsbox";
const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";

/// How long each box may take to come up; they need well under a second.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long smsbox may take to shut down after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);
/// How long dropping a gateway waits for its killed processes to exit.
const REAP_TIMEOUT: Duration = Duration::from_secs(2);
/// Starts of smsbox tried before a crash at start fails the test.
const SMSBOX_ATTEMPTS: u32 = 3;
const POLL_INTERVAL: Duration = Duration::from_millis(25);

/// A running Kannel with a fake SMS centre, stopped when dropped.
pub struct Kannel {
    dir: TempDir,
    ports: Ports,
    password: String,
    admin_password: String,
    http: reqwest::Client,
    inbox: watch::Receiver<fake_smsc::Inbox>,
    bearerbox: Child,
    fakesmsc: Option<Child>,
    smsbox: Option<Child>,
    reader: Option<JoinHandle<()>>,
    /// Incoming SMS sent through the second fake SMS centre so far.
    injected: std::sync::atomic::AtomicU64,
}

impl Kannel {
    /// Starts bearerbox, fakesmsc and smsbox, in that order, each once the
    /// one before is ready, and returns when sendsms is ready.
    pub async fn start() -> Self {
        Self::launch(None).await
    }

    /// As [`Kannel::start`], with an `sms-service` that hands every
    /// incoming SMS to `url` (Kannel's escapes in it are filled in); send
    /// incoming SMS with [`Kannel::send_incoming`].
    pub async fn start_with_inbound(url: &str) -> Self {
        Self::launch(Some(url)).await
    }

    async fn launch(inbound: Option<&str>) -> Self {
        for binary in [BEARERBOX, SMSBOX, FAKESMSC] {
            assert!(
                Path::new(binary).exists(),
                "{binary} is missing: run scripts/install.sh to install Kannel"
            );
        }
        let dir = tempfile::tempdir().expect("a temporary folder for Kannel");
        let ports = spare_ports();
        let password = secret();
        let admin_password = secret();
        let config = dir.path().join("kannel.conf");
        std::fs::write(
            &config,
            configuration(ports, &password, &admin_password, dir.path(), inbound),
        )
        .expect("writing kannel.conf");

        let (record, inbox) = watch::channel(fake_smsc::Inbox::default());
        let mut kannel = Self {
            bearerbox: spawn(BEARERBOX, &config, &dir, "bearerbox.log"),
            dir,
            ports,
            password,
            admin_password,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()
                .expect("an HTTP client"),
            inbox,
            fakesmsc: None,
            smsbox: None,
            reader: None,
            injected: std::sync::atomic::AtomicU64::new(0),
        };
        kannel
            .wait_until("bearerbox listens for the fake SMS centre", |status| {
                status.contains("FAKE:")
            })
            .await;

        let mut fakesmsc = fakesmsc(ports.smsc, &kannel.dir);
        let stderr = fakesmsc.stderr.take().expect("fakesmsc's stderr is piped");
        let log = kannel.dir.path().join("fakesmsc.log");
        kannel.reader = Some(tokio::spawn(async move {
            fake_smsc::read_log(stderr, &log, record).await;
        }));
        kannel.fakesmsc = Some(fakesmsc);
        kannel
            .wait_until("the fake SMS centre is connected", |status| {
                status
                    .lines()
                    .any(|line| line.contains("FAKE:") && line.contains("(online"))
            })
            .await;
        kannel.start_smsbox().await;
        kannel
    }

    /// Sends one incoming SMS from `sender` to `receiver` the way a phone
    /// network would: a fakesmsc of its own connects to the `inbound` fake
    /// SMS centre with this one message. Returns once bearerbox has counted
    /// the message as received (fakesmsc does not exit by itself after its
    /// last message; it is stopped then). Text outside ASCII goes as UCS-2.
    pub async fn send_incoming(&self, sender: &str, receiver: &str, text: &str) {
        use std::sync::atomic::Ordering;

        let expected = self.injected.fetch_add(1, Ordering::SeqCst) + 1;
        let message = if text.is_ascii() {
            format!("{sender} {receiver} text {text}")
        } else {
            let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            format!("{sender} {receiver} ucs2 {}", url_encode(&bytes))
        };
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.dir.path().join("injector.log"))
            .expect("opening the injector's log");
        let mut injector = Command::new(FAKESMSC)
            .args([
                "-H",
                "127.0.0.1",
                "-r",
                &self.ports.inject.to_string(),
                "-i",
                "0.01",
                "-m",
                "1",
            ])
            .arg(message)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|err| panic!("starting {FAKESMSC}: {err}"));
        let url = format!(
            "http://127.0.0.1:{}/status.txt?password={}",
            self.ports.admin, self.admin_password
        );
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(response) = self.http.get(&url).send().await
                && let Ok(status) = response.text().await
                && received_by_inbound(&status) >= expected
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "bearerbox did not receive incoming SMS {expected}{}",
                self.log_tail(20)
            );
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        let _ = injector.kill().await;
    }

    /// `http://127.0.0.1:PORT/cgi-bin/sendsms`.
    pub fn sendsms_url(&self) -> String {
        format!("http://127.0.0.1:{}/cgi-bin/sendsms", self.ports.sendsms)
    }

    /// The sendsms user's name.
    pub fn username(&self) -> &str {
        USERNAME
    }

    /// The sendsms user's password, new for every gateway.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// Waits until `count` messages have reached the fake SMS centre or
    /// `timeout` has passed, and returns all that arrived.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let mut inbox = self.inbox.clone();
        // On timeout the test compares what did arrive with what it expected.
        let _ = tokio::time::timeout(
            timeout,
            inbox.wait_for(|inbox| inbox.messages.len() >= count),
        )
        .await;
        self.received()
    }

    /// The messages that have reached the fake SMS centre so far.
    pub fn received(&self) -> Vec<Received> {
        self.inbox.borrow().messages.clone()
    }

    /// `Got message` lines from fakesmsc that did not parse: a text message
    /// with a line break in it arrives as two lines.
    pub fn unparsed(&self) -> Vec<String> {
        self.inbox.borrow().unparsed.clone()
    }

    /// Takes the gateway down the way an operator does: smsbox shuts down
    /// (SIGTERM), and sendsms refuses connections until [`Self::start_smsbox`].
    pub async fn stop_smsbox(&mut self) {
        let Some(mut smsbox) = self.smsbox.take() else {
            return;
        };
        if let Some(pid) = smsbox.id() {
            let asked = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .await
                .is_ok_and(|status| status.success());
            if asked
                && tokio::time::timeout(STOP_TIMEOUT, smsbox.wait())
                    .await
                    .is_ok()
            {
                return;
            }
        }
        smsbox.kill().await.expect("killing smsbox");
    }

    /// Starts smsbox and waits until it has joined bearerbox and sendsms
    /// answers.
    pub async fn start_smsbox(&mut self) {
        assert!(self.smsbox.is_none(), "smsbox is already running");
        // bearerbox opens its port for boxes a moment after it reports the
        // SMS centre; an smsbox that comes too early gives up at once.
        let deadline = Instant::now() + START_TIMEOUT;
        while !listening(self.ports.smsbox) {
            self.check_running();
            if Instant::now() > deadline {
                self.fail("bearerbox did not open its smsbox port");
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        let config = self.dir.path().join("kannel.conf");
        // Debian's smsbox now and then dies of SIGSEGV while it starts, on a
        // busy machine; a crash at start is retried, anything later is not.
        for attempt in 1..=SMSBOX_ATTEMPTS {
            self.smsbox = Some(spawn(SMSBOX, &config, &self.dir, "smsbox.log"));
            match self.smsbox_joined().await {
                Ok(()) => break,
                Err(status) if attempt < SMSBOX_ATTEMPTS => {
                    eprintln!("smsbox exited while starting ({status}); starting it again");
                    self.smsbox = None;
                }
                Err(status) => self.fail(&format!("smsbox exited ({status})")),
            }
        }
        let sendsms = (Ipv4Addr::LOCALHOST, self.ports.sendsms);
        let deadline = Instant::now() + START_TIMEOUT;
        while tokio::net::TcpStream::connect(sendsms).await.is_err() {
            self.check_running();
            if Instant::now() > deadline {
                self.fail("sendsms did not answer");
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Waits until smsbox has joined bearerbox; `Err` with its exit status
    /// if it exited first.
    async fn smsbox_joined(&mut self) -> Result<(), String> {
        let url = format!(
            "http://127.0.0.1:{}/status.txt?password={}",
            self.ports.admin, self.admin_password
        );
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Some(Ok(Some(status))) = self.smsbox.as_mut().map(Child::try_wait) {
                return Err(status.to_string());
            }
            if let Ok(response) = self.http.get(&url).send().await
                && let Ok(status) = response.text().await
                && status.contains("    smsbox:")
            {
                return Ok(());
            }
            self.check_running();
            if Instant::now() > deadline {
                self.fail("waited in vain until smsbox has joined bearerbox");
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Polls bearerbox's status page until `ready` holds for it.
    async fn wait_until(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let url = format!(
            "http://127.0.0.1:{}/status.txt?password={}",
            self.ports.admin, self.admin_password
        );
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(response) = self.http.get(&url).send().await
                && let Ok(status) = response.text().await
                && ready(&status)
            {
                return;
            }
            self.check_running();
            if Instant::now() > deadline {
                self.fail(&format!("waited in vain until {what}"));
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Fails the test if one of Kannel's processes has exited.
    fn check_running(&mut self) {
        let mut exited = Vec::new();
        let children = [
            ("bearerbox", Some(&mut self.bearerbox)),
            ("fakesmsc", self.fakesmsc.as_mut()),
            ("smsbox", self.smsbox.as_mut()),
        ];
        for (name, child) in children {
            if let Some(Ok(Some(status))) = child.map(Child::try_wait) {
                exited.push(format!("{name} exited ({status})"));
            }
        }
        if !exited.is_empty() {
            self.fail(&exited.join(", "));
        }
    }

    fn fail(&self, reason: &str) -> ! {
        panic!("Kannel did not start: {reason}{}", self.log_tail(30));
    }

    /// The last `count` lines of each of Kannel's logs, for a failure message.
    pub fn log_tail(&self, count: usize) -> String {
        let mut logs = String::new();
        for name in [
            "bearerbox.log",
            "fakesmsc.log",
            "smsbox.log",
            "injector.log",
        ] {
            let text = std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = &lines[lines.len().saturating_sub(count)..];
            let _ = write!(logs, "\n--- last lines of {name} ---\n{}", tail.join("\n"));
        }
        logs
    }
}

/// How many SMS the `inbound` fake SMS centre has received, from
/// bearerbox's status page: `inbound[inbound] FAKE:PORT (online Ns, rcvd:
/// sms N (...`.
fn received_by_inbound(status: &str) -> u64 {
    status
        .lines()
        .find(|line| line.trim_start().starts_with("inbound["))
        .and_then(|line| line.split_once("rcvd: sms "))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
        .unwrap_or(0)
}

/// Bytes URL-encoded as fakesmsc reads them.
fn url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Whether something listens on loopback `port`, read from the kernel's
/// socket table so that no connection disturbs bearerbox.
fn listening(port: u16) -> bool {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let local = format!("0100007F:{port:04X}");
    table.lines().skip(1).any(|line| {
        let mut fields = line.split_whitespace();
        fields.nth(1) == Some(local.as_str()) && fields.nth(1) == Some("0A")
    })
}

impl Drop for Kannel {
    fn drop(&mut self) {
        let children = [
            self.smsbox.as_mut(),
            self.fakesmsc.as_mut(),
            Some(&mut self.bearerbox),
        ];
        let mut children: Vec<&mut Child> = children.into_iter().flatten().collect();
        for child in &mut children {
            let _ = child.start_kill();
        }
        // Reap them here: the test's runtime may end before tokio would, and
        // no process may outlive the test, not even as a zombie. SIGKILL acts
        // at once, so this blocks for a few milliseconds.
        let deadline = std::time::Instant::now() + REAP_TIMEOUT;
        for child in &mut children {
            while matches!(child.try_wait(), Ok(None)) && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        if let Some(reader) = self.reader.take() {
            reader.abort();
        }
    }
}

/// A box reading `config`, logging at level info (`-v 1`) into `log`.
fn spawn(binary: &str, config: &Path, dir: &TempDir, log: &str) -> Child {
    // Appending keeps the first smsbox's log when a test restarts it.
    let log = File::options()
        .create(true)
        .append(true)
        .open(dir.path().join(log))
        .expect("opening a Kannel log file");
    let stderr = log.try_clone().expect("a second handle on the log file");
    Command::new(binary)
        .args(["-v", "1"])
        .arg(config)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|err| panic!("starting {binary}: {err}"))
}

/// fakesmsc connected to bearerbox's fake SMSC port, sending nothing of its
/// own (`-m 0`; it still needs a message template) and logging what it
/// receives on stderr.
fn fakesmsc(port: u16, dir: &TempDir) -> Child {
    Command::new(FAKESMSC)
        .args([
            "-H",
            "127.0.0.1",
            "-r",
            &port.to_string(),
            "-i",
            "1",
            "-m",
            "0",
        ])
        .arg("0000 0000 text never-sent")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|err| panic!("starting {FAKESMSC}: {err}"))
}

fn secret() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
