//! The face model: dlib's HOG face detector, its 5-point landmark
//! predictor and its ResNet embedding network, loaded from files the
//! install step fetched. Nothing here falls back to anything else: missing
//! files stop the caller with a message that says what to do.

use std::path::{Path, PathBuf};

use anyhow::Context;
use dlib_face_recognition::{
    FaceDetector, FaceDetectorTrait, FaceEncoderNetwork, FaceEncoderTrait, ImageMatrix,
    LandmarkPredictor, LandmarkPredictorTrait, Rectangle,
};
use entities::FaceStatus;

/// The landmark model: 5 points, free for any use (the 68-point one is not).
pub const LANDMARKS_FILE: &str = "shape_predictor_5_face_landmarks.dat";
/// The embedding network (128 numbers a face).
pub const ENCODER_FILE: &str = "dlib_face_recognition_resnet_model_v1.dat";
/// Numbers in an embedding.
pub const DIMENSIONS: usize = 128;

pub type Embedding = [f32; DIMENSIONS];

/// A face found on a photo.
#[derive(Debug, Clone)]
pub struct Face {
    /// Left, top, right, bottom, in pixels.
    pub bounds: [i32; 4],
    pub embedding: Embedding,
}

/// What a photo holds, and the status that tells people so.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub status: FaceStatus,
    /// Every detection, small ones included.
    pub detected: usize,
    /// The faces large enough to compare, left to right.
    pub faces: Vec<Face>,
}

/// The loaded model. Its parts are not safe to share between threads, so
/// one `Engine` serves one thread at a time.
pub struct Engine {
    detector: FaceDetector,
    landmarks: LandmarkPredictor,
    encoder: FaceEncoderNetwork,
}

impl Engine {
    /// Loads the model files from `dir`, by default the folder
    /// `scripts/install.sh` fills, or says which are missing.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Self> {
        let dir = match dir {
            Some(dir) => dir.to_path_buf(),
            None => default_dir().context(
                "ZA_FACE_MODEL_DIR is unset and so is HOME: run scripts/install.sh and \
                 point ZA_FACE_MODEL_DIR at the folder it fills",
            )?,
        };
        let landmarks_path = model_file(&dir, LANDMARKS_FILE)?;
        let encoder_path = model_file(&dir, ENCODER_FILE)?;
        let landmarks = LandmarkPredictor::open(&landmarks_path)
            .map_err(|err| anyhow::anyhow!("loading {}: {err}", landmarks_path.display()))?;
        let encoder = FaceEncoderNetwork::open(&encoder_path)
            .map_err(|err| anyhow::anyhow!("loading {}: {err}", encoder_path.display()))?;
        Ok(Self {
            detector: FaceDetector::new(),
            landmarks,
            encoder,
        })
    }

    /// Decodes an image (JPEG, PNG or WebP) and analyses it. Faces whose
    /// shorter side is under `min_size` pixels are counted, not embedded.
    pub fn analyse_bytes(&self, bytes: &[u8], min_size: u32) -> anyhow::Result<Analysis> {
        let image = image::load_from_memory(bytes)
            .context("the image cannot be decoded")?
            .to_rgb8();
        let (width, height) = image.dimensions();
        let buffer = image024::RgbImage::from_raw(width, height, image.into_raw())
            .context("the decoded image has an unexpected size")?;
        Ok(self.analyse(&ImageMatrix::from_image(&buffer), min_size))
    }

    /// The embedding of an image that is one face crop (as in dlib's
    /// `johns` set), skipping detection: the whole image is the face's box.
    pub fn embed_crop(&self, bytes: &[u8]) -> anyhow::Result<Embedding> {
        let image = image::load_from_memory(bytes)
            .context("the image cannot be decoded")?
            .to_rgb8();
        let (width, height) = image.dimensions();
        let buffer = image024::RgbImage::from_raw(width, height, image.into_raw())
            .context("the decoded image has an unexpected size")?;
        let matrix = ImageMatrix::from_image(&buffer);
        let whole = Rectangle {
            left: 0,
            top: 0,
            right: i64::from(width) - 1,
            bottom: i64::from(height) - 1,
        };
        let landmarks = self.landmarks.face_landmarks(&matrix, &whole);
        let encodings = self.encoder.get_face_encodings(&matrix, &[landmarks], 0);
        let encoding = encodings.first().context("no embedding came back")?;
        Ok(to_f32(encoding.as_ref()))
    }

    pub fn analyse(&self, image: &ImageMatrix, min_size: u32) -> Analysis {
        let mut found: Vec<_> = self.detector.face_locations(image).to_vec();
        let detected = found.len();
        found.retain(|rect| rect.width().min(rect.height()) >= i64::from(min_size));
        found.sort_by_key(|rect| rect.left);

        let landmarks: Vec<_> = found
            .iter()
            .map(|rect| self.landmarks.face_landmarks(image, rect))
            .collect();
        let encodings = self.encoder.get_face_encodings(image, &landmarks, 0);
        let faces: Vec<Face> = found
            .iter()
            .zip(encodings.iter())
            .map(|(rect, encoding)| Face {
                bounds: [rect.left, rect.top, rect.right, rect.bottom].map(clamp_i32),
                embedding: to_f32(encoding.as_ref()),
            })
            .collect();

        let status = match (detected, faces.len()) {
            (0, _) => FaceStatus::NoFace,
            (_, 0) => FaceStatus::FaceTooSmall,
            (_, 1) => FaceStatus::OneFace,
            _ => FaceStatus::SeveralFaces,
        };
        Analysis {
            status,
            detected,
            faces,
        }
    }
}

/// Where `scripts/install.sh` puts the model: `~/.cache/zainab-alert/face-models`.
pub fn default_dir() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(PathBuf::from(home).join(".cache/zainab-alert/face-models"))
}

fn model_file(dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let path = dir.join(name);
    anyhow::ensure!(
        path.is_file(),
        "face model file {} is missing: run scripts/install.sh to fetch it, or set \
         ZA_FACE_MODEL_DIR to the folder holding it",
        path.display()
    );
    Ok(path)
}

fn clamp_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(if value < 0 { i32::MIN } else { i32::MAX })
}

fn to_f32(values: &[f64]) -> Embedding {
    let mut out = [0.0; DIMENSIONS];
    for (slot, value) in out.iter_mut().zip(values) {
        *slot = *value as f32;
    }
    out
}

/// Euclidean distance; dlib's threshold for the same person is 0.6.
pub fn distance(a: &Embedding, b: &Embedding) -> f32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f32>()
        .sqrt()
}

/// An embedding as stored: little-endian `f32`s.
pub fn encode(embedding: &Embedding) -> Vec<u8> {
    embedding.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn decode(bytes: &[u8]) -> Option<Embedding> {
    if bytes.len() != DIMENSIONS * 4 {
        return None;
    }
    let mut out = [0.0; DIMENSIONS];
    for (slot, chunk) in out.iter_mut().zip(bytes.chunks_exact(4)) {
        *slot = f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    Some(out)
}
