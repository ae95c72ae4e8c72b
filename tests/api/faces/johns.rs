//! dlib's `johns` set (5 people x 11 face crops) as a smoke test of the
//! model and of the evaluation: small, so it shows the model works here,
//! not how well it works on children.

use zainab_api::faces::eval::{self, Photos};
use zainab_tests::face_model_dir;

#[test]
fn the_johns_are_told_apart_and_each_found_by_another_photo_of_him() {
    let folder = face_model_dir().join("johns");
    let report = eval::run(Some(&face_model_dir()), &folder, 0.6, Photos::Crops)
        .unwrap_or_else(|err| panic!("{err:#}; run scripts/install.sh for the johns set"));
    println!("{report}");

    assert_eq!((report.people, report.skipped), (5, 0));
    assert!(report.photos >= 50, "{} photos", report.photos);
    assert!(report.rank1 >= 0.95, "rank-1 {}", report.rank1);
    assert!(
        report.tar_at_threshold >= 0.9,
        "TAR {}",
        report.tar_at_threshold
    );
    assert!(
        report.far_at_threshold <= 0.02,
        "FAR {}",
        report.far_at_threshold
    );
}
