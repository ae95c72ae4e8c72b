//! The S3-compatible backend, through rust-s3 with path-style addressing.
//! Errors are sorted into the store being unavailable (no answer, a 5xx,
//! throttling) and everything else.

use std::time::Duration;

use anyhow::Context;
use s3::{Bucket, Region, creds::Credentials, error::S3Error};
use secrecy::ExposeSecret;

use super::{StorageError, StorageResult};
use crate::config::Config;

#[derive(Debug, Clone)]
pub struct S3Store {
    bucket: Box<Bucket>,
}

impl S3Store {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let endpoint = config
            .s3_endpoint
            .clone()
            .context("ZA_STORAGE=s3 needs ZA_S3_ENDPOINT")?;
        let access_key = config
            .s3_access_key
            .as_deref()
            .context("ZA_STORAGE=s3 needs ZA_S3_ACCESS_KEY")?;
        let secret_key = config
            .s3_secret_key
            .as_ref()
            .context("ZA_STORAGE=s3 needs ZA_S3_SECRET_KEY")?;
        let credentials = Credentials::new(
            Some(access_key),
            Some(secret_key.expose_secret()),
            None,
            None,
            None,
        )?;
        let region = Region::Custom {
            region: config.s3_region.clone(),
            endpoint,
        };
        let bucket = Bucket::new(&config.s3_bucket, region, credentials)?
            .with_path_style()
            .with_request_timeout(config.s3_timeout)?;
        Ok(Self { bucket })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> StorageResult<()> {
        self.bucket
            .put_object_with_content_type(key, &bytes, content_type)
            .await
            .map(drop)
            .map_err(|err| sort(err, key))
    }

    pub async fn get(&self, key: &str) -> StorageResult<Option<Vec<u8>>> {
        match self.bucket.get_object(key).await {
            Ok(response) => Ok(Some(response.to_vec())),
            Err(S3Error::HttpFailWithBody(404, _)) => Ok(None),
            Err(err) => Err(sort(err, key)),
        }
    }

    pub async fn delete_prefix(&self, prefix: &str) -> StorageResult<()> {
        let pages = self
            .bucket
            .list(prefix.to_owned(), None)
            .await
            .map_err(|err| sort(err, prefix))?;
        for object in pages.into_iter().flat_map(|page| page.contents) {
            match self.bucket.delete_object(&object.key).await {
                Ok(_) | Err(S3Error::HttpFailWithBody(404, _)) => {}
                Err(err) => return Err(sort(err, &object.key)),
            }
        }
        Ok(())
    }

    pub async fn presigned_get(&self, key: &str, ttl: Duration) -> StorageResult<String> {
        let seconds = u32::try_from(ttl.as_secs().max(1)).unwrap_or(u32::MAX);
        self.bucket
            .presign_get(key, seconds, None)
            .await
            .map_err(|err| sort(err, key))
    }
}

fn sort(err: S3Error, key: &str) -> StorageError {
    let unavailable = match &err {
        S3Error::Reqwest(_) | S3Error::Io(_) => true,
        S3Error::HttpFailWithBody(status, _) => *status >= 500 || *status == 429,
        _ => false,
    };
    let cause = anyhow::Error::new(err).context(format!("object {key}"));
    if unavailable {
        StorageError::Unavailable(cause)
    } else {
        StorageError::Failed(cause)
    }
}
