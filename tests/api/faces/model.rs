//! The model itself, without the server: real photos, real distances.

use zainab_api::faces::model::{Engine, distance};

use super::{engine, photo};

fn only_face(name: &str) -> [f32; 128] {
    let analysis = engine()
        .lock()
        .expect("the model")
        .analyse_bytes(&photo(name), 80)
        .expect("an analysis");
    assert_eq!(analysis.faces.len(), 1, "faces on {name}");
    analysis.faces[0].embedding
}

#[test]
fn two_photos_of_one_man_are_close_and_of_two_men_far() {
    let obama = only_face("obama.jpg");
    let obama2 = only_face("obama2.jpg");
    let biden = only_face("biden.jpg");

    let same = distance(&obama, &obama2);
    let different = [distance(&obama, &biden), distance(&obama2, &biden)];
    assert!(same < 0.6, "the same man is {same} apart");
    assert!(
        different.iter().all(|d| *d > 0.6),
        "two men are {different:?} apart"
    );
}

#[test]
fn an_embedding_has_128_numbers_of_unit_scale() {
    let obama = only_face("obama.jpg");
    let norm = obama.iter().map(|v| v * v).sum::<f32>().sqrt();
    assert!((0.5..2.0).contains(&norm), "norm {norm}");
}

#[test]
fn a_missing_model_file_stops_the_worker_with_a_clear_message() {
    let empty = tempfile::tempdir().expect("a folder");
    let err = Engine::load(Some(empty.path()))
        .err()
        .expect("no model, no engine");
    let message = format!("{err:#}");
    assert!(message.contains("missing"), "{message}");
    assert!(message.contains("scripts/install.sh"), "{message}");
}
