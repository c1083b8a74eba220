//! `accord check --against git:REF` on temporary repositories: verdicts, positions, renames,
//! deletions, overrides, shallow clones and missing refs.

use crate::gate::{base_repo, findings, git_in, Repo, CONFIG, ORDER_V1};

fn t(s: &str, at: &str, kind: &str, verdict: &str) -> (String, String, String, String) {
    (s.into(), at.into(), kind.into(), verdict.into())
}

#[test]
fn an_optional_property_added_to_a_closed_object_passes() {
    let repo = base_repo();
    repo.write(
        "schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "number"},
    "note": {"type": "string"}"#,
        ),
    )
    .commit("add note");
    let run = repo.accord(&["check", "--against", "git:HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        findings(&run),
        [t(
            "order-value",
            "schemas/order.json:7:5",
            "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
            "ok"
        )]
    );
    let report = run.json();
    assert_eq!(report["version"], 1);
    assert_eq!(report["compatible"], true);
    let statuses: Vec<_> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["subject"].as_str().unwrap(),
                s["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("order-value", "changed"), ("payment-value", "unchanged")]
    );
}

#[test]
fn a_type_change_fails_at_the_changed_line() {
    let repo = base_repo();
    // Uncommitted work is checked too: the gate runs on the work tree against REF.
    repo.write(
        "schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "string"}"#,
        ),
    );
    let run = repo.accord(&["check", "--against", "git:HEAD", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [t(
            "order-value",
            "schemas/order.json:6:15",
            "TYPE_CHANGED",
            "breaking"
        )]
    );
    let finding = &run.json()["subjects"][0]["findings"][0];
    assert_eq!(finding["side"], "new");
    assert_eq!(
        finding["hint"],
        "keep the old type, or add the new one as an alternative with anyOf"
    );

    let text = repo.accord(&["check", "--against", "git:HEAD"]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout
            .contains("  schemas/order.json:6:15: breaking TYPE_CHANGED #/properties/total: "),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("    hint: keep the old type"));
}

#[test]
fn removing_a_required_property_from_a_closed_object_fails_in_the_old_file() {
    let repo = base_repo();
    repo.write(
        "schemas/order.json",
        r#"{
  "title": "Order",
  "type": "object",
  "properties": {
    "id": {"type": "string"}
  },
  "required": ["id"],
  "additionalProperties": false
}
"#,
    )
    .commit("drop total");
    let run = repo.accord(&["check", "--against", "git:HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let found = findings(&run);
    assert!(
        found.contains(&t(
            "order-value",
            "schemas/order.json:6:5",
            "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            "breaking"
        )),
        "{found:?}"
    );
    // The removed property has no node in the new file: the position is in the old version.
    let report = run.json();
    let removal = report["subjects"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")
        .unwrap()
        .clone();
    assert_eq!(removal["side"], "old");
    let text = repo.accord(&["check", "--against", "git:HEAD~1"]);
    assert!(
        text.stdout
            .contains("schemas/order.json:6:5 (in the old version): breaking"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_renamed_file_is_compared_by_subject() {
    let repo = Repo::new();
    repo.write(
        "accord.toml",
        "[[produces]]\nfiles = \"events/order*.json\"\nsubject = \"orders-value\"\n",
    )
    .write("events/order-v1.json", ORDER_V1)
    .commit("v1");
    repo.git(&["mv", "events/order-v1.json", "events/order.json"]);
    repo.commit("rename");
    let run = repo.accord(&["check", "--against", "git:HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let s = &run.json()["subjects"][0];
    assert_eq!(s["subject"], "orders-value");
    assert_eq!(s["status"], "changed");
    assert_eq!(s["file"], "events/order.json");
    assert_eq!(s["old_file"], "events/order-v1.json");

    // A breaking change made while renaming is still caught.
    repo.write(
        "events/order.json",
        &ORDER_V1.replace(
            r#""id": {"type": "string"}"#,
            r#""id": {"type": "integer"}"#,
        ),
    );
    let run = repo.accord(&["check", "--against", "git:HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [t(
            "orders-value",
            "events/order.json:5:12",
            "TYPE_CHANGED",
            "breaking"
        )]
    );
}

#[test]
fn a_deleted_file_is_a_deleted_subject_unless_retired() {
    let repo = base_repo();
    repo.remove("schemas/payment.json").commit("drop payments");
    let run = repo.accord(&["check", "--against", "git:HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [t(
            "payment-value",
            "schemas/payment.json:1:1",
            "SUBJECT_DELETED",
            "breaking"
        )]
    );
    assert_eq!(run.json()["subjects"][1]["status"], "deleted");

    repo.write(
        "accord.toml",
        &format!("{CONFIG}\n[subjects.\"payment-value\"]\nretired = true\n"),
    );
    let run = repo.accord(&["check", "--against", "git:HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["subjects"][1]["status"], "retired");
}

#[test]
fn a_new_file_is_a_new_subject() {
    let repo = base_repo();
    repo.write("schemas/refund.json", r#"{"type": "object"}"#);
    let run = repo.accord(&["check", "--against", "git:HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let report = run.json();
    let refund = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["subject"] == "refund-value")
        .unwrap();
    assert_eq!(refund["status"], "new");
}

#[test]
fn a_subject_override_sets_its_level() {
    let repo = base_repo();
    repo.write(
        "schemas/payment.json",
        &crate::gate::PAYMENT_V1.replace("100", "50"),
    );
    let run = repo.accord(&["check", "--against", "git:HEAD", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [t(
            "payment-value",
            "schemas/payment.json:5:35",
            "MAXIMUM_DECREASED",
            "breaking"
        )]
    );
    assert_eq!(
        run.json()["subjects"][1]["findings"][0]["hint"],
        "relax the bound back to 100"
    );

    // FORWARD: old readers read new data; a tighter bound is fine for them.
    repo.write(
        "accord.toml",
        &format!("{CONFIG}\n[subjects.\"payment-value\"]\nlevel = \"FORWARD\"\n"),
    );
    let run = repo.accord(&["check", "--against", "git:HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["subjects"][1]["level"], "FORWARD");

    // NONE accepts anything, even a changed type.
    repo.write(
        "accord.toml",
        &format!("{CONFIG}\n[subjects.\"order-value\"]\nlevel = \"NONE\"\n"),
    )
    .write(
        "schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "string"}"#,
        ),
    )
    .write("schemas/payment.json", crate::gate::PAYMENT_V1);
    let run = repo.accord(&["check", "--against", "git:HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn paths_limit_the_check() {
    let repo = base_repo();
    repo.write(
        "schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "string"}"#,
        ),
    );
    let run = repo.accord(&[
        "check",
        "schemas/payment.json",
        "--against",
        "git:HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["subjects"].as_array().unwrap().len(), 1);
}

#[test]
fn a_shallow_clone_without_the_ref_says_how_to_fetch_it() {
    let repo = base_repo();
    repo.write("schemas/refund.json", r#"{"type": "object"}"#)
        .commit("v2");
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git_in(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow");
    let run = crate::gate::accord_in(&shallow, &["check", "--against", "git:HEAD~1"]);
    assert_eq!(run.code, 5, "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
    assert!(
        run.stderr.contains("git fetch --unshallow"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("git fetch origin HEAD~1"),
        "{}",
        run.stderr
    );

    // After fetching the history the same command works.
    git_in(&shallow, &["fetch", "-q", "--unshallow"]);
    let run = crate::gate::accord_in(&shallow, &["check", "--against", "git:HEAD~1"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_ref_that_does_not_exist_is_an_infrastructure_failure() {
    let repo = base_repo();
    let run = repo.accord(&["check", "--against", "git:no-such-branch"]);
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        run.stderr
            .contains("git:no-such-branch does not name a commit"),
        "{}",
        run.stderr
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("accord.toml"), CONFIG).unwrap();
    std::fs::create_dir(outside.path().join("schemas")).unwrap();
    std::fs::write(outside.path().join("schemas/a.json"), "{}").unwrap();
    let run = crate::gate::accord_in(outside.path(), &["check", "--against", "git:main"]);
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        run.stderr.contains("not inside a git work tree"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_schema_that_does_not_parse_is_invalid_input_at_its_position() {
    let repo = base_repo();
    repo.write("schemas/order.json", "{\n  \"type\": \"object\",\n}\n");
    let run = repo.accord(&["check", "--against", "git:HEAD"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .starts_with("accord: error: schemas/order.json:3:1: invalid JSON"),
        "{}",
        run.stderr
    );
}

#[test]
fn against_must_be_git_or_registry() {
    let repo = base_repo();
    let run = repo.accord(&["check", "--against", "main"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("expected `git:REF`"), "{}", run.stderr);
}

#[test]
fn a_project_in_a_subdirectory_annotates_from_the_repository_top() {
    let repo = Repo::new();
    repo.write("services/orders/accord.toml", CONFIG)
        .write("services/orders/schemas/order.json", ORDER_V1)
        .write("README.md", "monorepo\n")
        .commit("v1");
    repo.write(
        "services/orders/schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "string"}"#,
        ),
    );
    let project = repo.path().join("services/orders");
    let run = crate::gate::accord_in(
        &project,
        &["check", "--against", "git:HEAD", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [t(
            "order-value",
            "schemas/order.json:6:15",
            "TYPE_CHANGED",
            "breaking"
        )]
    );
    let github = crate::gate::accord_in(
        &project,
        &["check", "--against", "git:HEAD", "-f", "github"],
    );
    assert!(
        github
            .stdout
            .starts_with("::error file=services/orders/schemas/order.json,line=6,col=15,"),
        "{}",
        github.stdout
    );
    // From a directory below the project, PATHS are relative to where accord runs.
    let below = project.join("schemas");
    let run = crate::gate::accord_in(&below, &["check", "order.json", "--against", "git:HEAD"]);
    assert_eq!(run.code, 1, "{run:?}");
    let run = crate::gate::accord_in(
        &below,
        &["check", "../accord.toml", "--against", "git:HEAD"],
    );
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn record_naming_follows_the_title_across_renames() {
    let repo = Repo::new();
    repo.write(
        "accord.toml",
        "[defaults]\nnaming = \"record\"\n\n[[produces]]\nfiles = \"schemas/**/*.json\"\n",
    )
    .write("schemas/order.json", ORDER_V1)
    .commit("v1");
    // Moved and retyped: the title keeps the subject, so the old version is compared.
    repo.remove("schemas/order.json").write(
        "schemas/sales/order-created.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "string"}"#,
        ),
    );
    let run = repo.accord(&["check", "--against", "git:HEAD", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [t(
            "Order",
            "schemas/sales/order-created.json:6:15",
            "TYPE_CHANGED",
            "breaking"
        )]
    );
    assert_eq!(run.json()["subjects"][0]["old_file"], "schemas/order.json");

    // A new title is a new subject, and the old one is deleted.
    repo.write(
        "schemas/sales/order-created.json",
        &ORDER_V1.replace(r#""title": "Order""#, r#""title": "OrderCreated""#),
    );
    let run = repo.accord(&["check", "--against", "git:HEAD", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    let statuses: Vec<(&str, &str)> = report["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["subject"].as_str().unwrap(),
                s["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(statuses, [("Order", "deleted"), ("OrderCreated", "new")]);
}
