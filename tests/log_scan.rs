//! Nothing personal in the logs: after the integration tests have run with
//! `ZA_TEST_LOG_FILE` set, this reads every line the servers logged and
//! looks for the names, phone numbers, CNICs and details the tests file
//! cases with, and for anything shaped like a Pakistani phone number or
//! CNIC. `scripts/test.sh` runs it last, with `--ignored`.

use regex::Regex;

/// What the tests' reports and accounts hold about children and reporters.
const SEEDED: [&str; 14] = [
    "Ayesha",
    "عائشہ",
    "Nasreen Akhtar",
    "Shabana Bibi",
    "Mole under the right eye",
    "Red frock",
    "Gulberg",
    "Did not come home",
    "0300-7654321",
    "3007654321",
    "35202-7654321-4",
    "3520276543214",
    "35202-1234567-2",
    "3520212345672",
];

#[test]
#[ignore = "reads the logs of a whole test run; scripts/test.sh runs it"]
fn the_logs_of_a_full_test_run_hold_nothing_personal() {
    let path = std::env::var("ZA_TEST_LOG_FILE")
        .expect("ZA_TEST_LOG_FILE names the log the test run wrote");
    let logs = std::fs::read_to_string(&path).expect("the test run's log");
    let lines = logs.lines().count();
    // The run logged for real: requests, refusals, the SMS gateway.
    assert!(lines > 1000, "only {lines} log lines in {path}");
    assert!(logs.contains("login refused"), "the log misses refusals");

    let shapes = [
        (
            "a mobile number",
            r"(\+92|\b0092|\b92|\b0)3\d{2}[- ]?\d{7}\b",
        ),
        ("a CNIC or B-form number", r"\b\d{5}-?\d{7}-?\d\b"),
    ]
    .map(|(what, shape)| (what, Regex::new(shape).expect("a pattern")));
    let mut found = Vec::new();
    for (number, line) in logs.lines().enumerate() {
        for seeded in SEEDED {
            if line.contains(seeded) {
                found.push(format!("line {}: {seeded:?}: {line}", number + 1));
            }
        }
        for (what, shape) in &shapes {
            if let Some(hit) = shape.find(line) {
                found.push(format!(
                    "line {}: {what} {:?}: {line}",
                    number + 1,
                    hit.as_str()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} personal details in the logs, the first ones:\n{}",
        found.len(),
        found
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
