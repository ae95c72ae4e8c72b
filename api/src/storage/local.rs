//! The embedded backend: objects are files under one folder. A write goes
//! to a temporary file that is synced and then renamed over the key, so a
//! crash leaves either the old object or the new one, never half of one.

use std::{
    io::ErrorKind,
    path::{Path, PathBuf},
};

use anyhow::Context;
use uuid::Uuid;

use super::{StorageError, StorageResult};

#[derive(Debug, Clone)]
pub struct LocalDisk {
    root: PathBuf,
}

impl LocalDisk {
    pub fn open(root: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(root)?;
        Ok(Self {
            root: root.to_owned(),
        })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> StorageResult<()> {
        let path = self.root.join(key);
        let parent = path
            .parent()
            .map(Path::to_owned)
            .unwrap_or_else(|| self.root.clone());
        let temporary = parent.join(format!(".partial-{}", Uuid::new_v4().simple()));
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&parent)?;
            let written = write_synced(&temporary, &bytes).and_then(|()| {
                std::fs::rename(&temporary, &path)?;
                // The rename itself must reach the disk too.
                std::fs::File::open(&parent)?.sync_all()
            });
            if written.is_err() {
                let _ = std::fs::remove_file(&temporary);
            }
            written
        })
        .await
        .map_err(|err| StorageError::Failed(err.into()))?
        .with_context(|| format!("writing object {key}"))
        .map_err(StorageError::Failed)
    }

    pub async fn get(&self, key: &str) -> StorageResult<Option<Vec<u8>>> {
        match tokio::fs::read(self.root.join(key)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.kind() == ErrorKind::NotFound => Ok(None),
            Err(err) => Err(StorageError::Failed(
                anyhow::Error::new(err).context(format!("reading object {key}")),
            )),
        }
    }

    pub async fn delete_prefix(&self, prefix: &str) -> StorageResult<()> {
        match tokio::fs::remove_dir_all(self.root.join(prefix)).await {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == ErrorKind::NotFound => Ok(()),
            Err(err) => Err(StorageError::Failed(
                anyhow::Error::new(err).context(format!("deleting objects under {prefix}")),
            )),
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;

    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn objects_round_trip_and_delete_by_prefix() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = LocalDisk::open(dir.path()).expect("store");
        store
            .put("photos/a/original", b"one".to_vec())
            .await
            .expect("put");
        store
            .put("photos/a/original", b"two".to_vec())
            .await
            .expect("overwrite");
        assert_eq!(
            store.get("photos/a/original").await.expect("get"),
            Some(b"two".to_vec())
        );
        assert_eq!(store.get("photos/b/original").await.expect("get"), None);

        store.delete_prefix("photos/a/").await.expect("delete");
        store
            .delete_prefix("photos/a/")
            .await
            .expect("delete again");
        assert_eq!(store.get("photos/a/original").await.expect("get"), None);
        let left: Vec<_> = std::fs::read_dir(dir.path().join("photos"))
            .expect("folder")
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
}
