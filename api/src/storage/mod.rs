//! The object store that holds photos: one interface, two backends. A
//! folder on local disk is the embedded default; any S3-compatible store
//! (Garage, MinIO, a cloud's S3) serves several replicas.
//!
//! Objects are private. People get at them through short-lived links: the
//! S3 backend presigns them, the local backend leaves it to the API, which
//! signs its own (see [`signed`]).

mod local;
mod s3;
pub mod signed;

use std::time::Duration;

use anyhow::Context;

use crate::{
    config::{Config, StorageKind},
    error::ApiError,
};

/// Why the store did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The store did not answer, or answered that it cannot serve now.
    #[error("the object store is unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// The store answered with a refusal or fault that retrying will not fix.
    #[error("the object store failed: {0:#}")]
    Failed(anyhow::Error),
}

impl From<StorageError> for ApiError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "object store unavailable");
                ApiError::Unavailable("the photo store is unavailable; try again shortly")
            }
            StorageError::Failed(cause) => ApiError::internal(cause),
        }
    }
}

pub type StorageResult<T> = Result<T, StorageError>;

#[derive(Debug, Clone)]
pub enum Store {
    Local(local::LocalDisk),
    S3(s3::S3Store),
}

impl Store {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        Ok(match config.storage {
            StorageKind::Local => Self::Local(
                local::LocalDisk::open(&config.storage_dir)
                    .with_context(|| format!("opening {}", config.storage_dir.display()))?,
            ),
            StorageKind::S3 => Self::S3(s3::S3Store::from_config(config)?),
        })
    }

    /// Writes `bytes` at `key`, replacing what was there.
    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> StorageResult<()> {
        check_key(key)?;
        match self {
            Self::Local(store) => store.put(key, bytes).await,
            Self::S3(store) => store.put(key, bytes, content_type).await,
        }
    }

    /// The object at `key`, or `None` when there is none.
    pub async fn get(&self, key: &str) -> StorageResult<Option<Vec<u8>>> {
        check_key(key)?;
        match self {
            Self::Local(store) => store.get(key).await,
            Self::S3(store) => store.get(key).await,
        }
    }

    /// Removes every object whose key starts with `prefix` (which must end
    /// in `/`); removing what is not there succeeds.
    pub async fn delete_prefix(&self, prefix: &str) -> StorageResult<()> {
        check_key(prefix)?;
        if !prefix.ends_with('/') {
            return Err(StorageError::Failed(anyhow::anyhow!(
                "a prefix to delete must end in /"
            )));
        }
        match self {
            Self::Local(store) => store.delete_prefix(prefix).await,
            Self::S3(store) => store.delete_prefix(prefix).await,
        }
    }

    /// A link to `key` that the store itself serves for `ttl`, or `None`
    /// when the API must sign and serve one (the local backend).
    pub async fn presigned_get(&self, key: &str, ttl: Duration) -> StorageResult<Option<String>> {
        check_key(key)?;
        match self {
            Self::Local(_) => Ok(None),
            Self::S3(store) => store.presigned_get(key, ttl).await.map(Some),
        }
    }
}

/// Keys are built by the API, never taken from requests; this guards the
/// local backend's paths all the same.
fn check_key(key: &str) -> StorageResult<()> {
    let fine = !key.is_empty()
        && !key.starts_with('/')
        && key.split('/').all(|part| part != ".." && part != ".")
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'));
    if fine {
        Ok(())
    } else {
        Err(StorageError::Failed(anyhow::anyhow!(
            "refused object key {key:?}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_leave_the_store() {
        assert!(check_key("photos/0190/display.jpg").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "photos/../../x",
            "a/./b",
            "photos/a b",
            "photos/ä",
        ] {
            assert!(check_key(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
