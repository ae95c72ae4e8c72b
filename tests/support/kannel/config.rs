//! Kannel's configuration for one gateway: spare loopback ports and one
//! `kannel.conf` that every box reads.

use std::{
    net::{Ipv4Addr, TcpListener},
    path::Path,
};

/// The sendsms user.
pub(super) const USERNAME: &str = "zainab-alert";

#[derive(Debug, Clone, Copy)]
pub(super) struct Ports {
    pub admin: u16,
    pub smsbox: u16,
    pub smsc: u16,
    pub sendsms: u16,
    /// The second fake SMS centre, through which tests send incoming SMS.
    pub inject: u16,
}

/// Five free loopback ports below the kernel's ephemeral range (which
/// starts at 32768), so that no client connection or `bind(0)` of another
/// test takes one between our check and Kannel's bind. Each test process
/// walks its own stretch of ports and never hands one out twice.
pub(super) fn spare_ports() -> Ports {
    use std::sync::atomic::{AtomicU32, Ordering};

    const FIRST: u16 = 20_000;
    const LAST: u16 = 32_000;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    // Start where the process id says, so that parallel test processes
    // rarely meet.
    let _ = NEXT.compare_exchange(
        0,
        std::process::id() % 1000 * 10,
        Ordering::Relaxed,
        Ordering::Relaxed,
    );
    let mut free = Vec::with_capacity(5);
    while free.len() < 5 {
        let step = NEXT.fetch_add(1, Ordering::Relaxed);
        let port = FIRST + (step % u32::from(LAST - FIRST)) as u16;
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            free.push(port);
        }
    }
    Ports {
        admin: free[0],
        smsbox: free[1],
        smsc: free[2],
        sendsms: free[3],
        inject: free[4],
    }
}

/// Everything on 127.0.0.1 and open to 127.0.0.1 only. Kannel allows
/// everyone unless a deny list is given, hence each `*-deny-ip`; the fake
/// SMSC adds its own deny-all to `connect-allow-ip`.
///
/// With `inbound` (a URL with Kannel's escapes), a second fake SMS centre
/// `inbound` takes the incoming messages tests send, and an `sms-service`
/// hands every one to that URL. The second centre accepts no outgoing
/// message (`allowed-smsc-id` names itself), so replies all reach the first.
pub(super) fn configuration(
    ports: Ports,
    password: &str,
    admin_password: &str,
    dir: &Path,
    inbound: Option<&str>,
) -> String {
    let Ports {
        admin,
        smsbox,
        smsc,
        sendsms,
        inject,
    } = ports;
    let service = inbound.map_or_else(String::new, |url| {
        format!(
            r#"
group = smsc
smsc = fake
smsc-id = inbound
allowed-smsc-id = inbound
port = {inject}
our-host = 127.0.0.1
connect-allow-ip = "127.0.0.1"

group = sms-service
keyword = default
catch-all = true
max-messages = 0
concatenation = true
get-url = "{url}"
"#
        )
    });
    let access_log = dir.join("access.log");
    let access_log = access_log.display();
    format!(
        r#"group = core
admin-port = {admin}
admin-interface = 127.0.0.1
admin-password = "{admin_password}"
status-password = "{admin_password}"
admin-allow-ip = "127.0.0.1"
admin-deny-ip = "*.*.*.*"
smsbox-port = {smsbox}
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
box-deny-ip = "*.*.*.*"
dlr-storage = internal
access-log = "{access_log}"

group = smsc
smsc = fake
smsc-id = fake
port = {smsc}
our-host = 127.0.0.1
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
sendsms-interface = 127.0.0.1

group = sendsms-user
username = {USERNAME}
password = "{password}"
user-allow-ip = "127.0.0.1"
user-deny-ip = "*.*.*.*"
max-messages = 10
concatenation = true
{service}"#
    )
}
