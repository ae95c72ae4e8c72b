//! A real S3-compatible server for the tests: s3s-fs, in this process, on a
//! loopback port, checking every request's SigV4 signature against one
//! access key. It can be stopped (connections cut) and started again on
//! the same port and folder, as a store that goes down and comes back.

use std::{net::SocketAddr, path::PathBuf};

use hyper_util::{
    rt::{TokioExecutor, TokioIo},
    server::conn::auto::Builder as ConnBuilder,
};
use s3s::{auth::SimpleAuth, service::S3ServiceBuilder};
use tokio::{net::TcpListener, task::JoinHandle};

pub const ACCESS_KEY: &str = "zainab-test-access";
pub const SECRET_KEY: &str = "zainab-test-secret-key-0123456789";
pub const BUCKET: &str = "photos";
pub const REGION: &str = "us-east-1";

pub struct S3Server {
    pub address: SocketAddr,
    root: tempfile::TempDir,
    server: Option<JoinHandle<()>>,
}

impl S3Server {
    /// A server on a free port with an empty bucket.
    pub async fn start() -> Self {
        let root = tempfile::tempdir().expect("a folder for the store");
        std::fs::create_dir(root.path().join(BUCKET)).expect("the bucket");
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding a free port");
        let address = listener.local_addr().expect("the bound address");
        let mut server = Self {
            address,
            root,
            server: None,
        };
        server.serve(listener);
        server
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops answering and cuts every open connection.
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
    }

    /// Answers again on the same port, with what the store held.
    pub async fn restart(&mut self) {
        self.stop().await;
        let listener = TcpListener::bind(self.address)
            .await
            .expect("binding the store's port again");
        self.serve(listener);
    }

    /// The keys of every object in the bucket, sorted.
    pub fn keys(&self) -> Vec<String> {
        let bucket = self.root.path().join(BUCKET);
        let mut keys = Vec::new();
        collect(&bucket, &bucket, &mut keys);
        keys.sort();
        keys
    }

    fn serve(&mut self, listener: TcpListener) {
        let fs = s3s_fs::FileSystem::new(self.root.path()).expect("the store's folder");
        let mut builder = S3ServiceBuilder::new(fs);
        builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();
        self.server = Some(tokio::spawn(async move {
            // Dropped with this task, which aborts every connection.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    continue;
                };
                let service = service.clone();
                connections.spawn(async move {
                    let _ = ConnBuilder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
        }));
    }
}

fn collect(root: &PathBuf, dir: &PathBuf, keys: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, keys);
        } else if let Ok(relative) = path.strip_prefix(root) {
            keys.push(relative.to_string_lossy().into_owned());
        }
    }
}
