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
}

/// Four distinct free loopback ports. The listeners are held until all four
/// are chosen so that no port comes up twice.
pub(super) fn spare_ports() -> Ports {
    let listeners: Vec<TcpListener> = (0..4)
        .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free loopback port"))
        .collect();
    let port = |index: usize| {
        listeners[index]
            .local_addr()
            .expect("a bound address")
            .port()
    };
    Ports {
        admin: port(0),
        smsbox: port(1),
        smsc: port(2),
        sendsms: port(3),
    }
}

/// Everything on 127.0.0.1 and open to 127.0.0.1 only. Kannel allows
/// everyone unless a deny list is given, hence each `*-deny-ip`; the fake
/// SMSC adds its own deny-all to `connect-allow-ip`.
pub(super) fn configuration(
    ports: Ports,
    password: &str,
    admin_password: &str,
    dir: &Path,
) -> String {
    let Ports {
        admin,
        smsbox,
        smsc,
        sendsms,
    } = ports;
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
"#
    )
}
