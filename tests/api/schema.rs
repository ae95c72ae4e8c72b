//! `schema.graphql` is generated from the code and checked in, so that
//! integrators and reviewers see every change to the API.

use zainab_tests::workspace_root;

#[test]
fn the_checked_in_schema_matches_the_code() {
    let path = workspace_root().join("schema.graphql");
    let generated = zainab_api::graphql::sdl();
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();

    if generated != checked_in {
        let diff = line_diff(&checked_in, &generated);
        panic!(
            "schema.graphql is out of date; regenerate it with\n  \
             cargo run -p zainab-api --bin zainab -- schema > schema.graphql\n\
             Differences (- checked in, + generated):\n{diff}"
        );
    }
}

/// The lines only one side has, in order; enough to see what drifted.
fn line_diff(old: &str, new: &str) -> String {
    let old_lines: std::collections::HashSet<&str> = old.lines().collect();
    let new_lines: std::collections::HashSet<&str> = new.lines().collect();
    let removed = old
        .lines()
        .filter(|l| !new_lines.contains(l))
        .map(|l| format!("- {l}"));
    let added = new
        .lines()
        .filter(|l| !old_lines.contains(l))
        .map(|l| format!("+ {l}"));
    removed.chain(added).collect::<Vec<_>>().join("\n")
}
