//! `accord.toml`, `accord subjects` and `accord init`: the mapping, and errors that name the
//! line.

use insta::assert_snapshot;

use crate::gate::{base_repo, Repo, CONFIG, ORDER_V1};

#[test]
fn subjects_explain_prints_the_mapping() {
    let repo = base_repo();
    repo.write(
        "accord.toml",
        &format!(
            "{CONFIG}\n[[produces]]\nfiles = \"events/**/*.json\"\nnaming = \"record\"\n\
             policy = \"LENIENT\"\n\n[subjects.\"payment-value\"]\nlevel = \"FULL\"\n\n\
             [subjects.\"legacy-value\"]\nretired = true\n"
        ),
    )
    .write("events/billing/invoice.json", r#"{"title": "Invoice"}"#);
    let run = repo.accord(&["subjects", "--explain"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_snapshot!(run.stdout, @r"
    FILE                         SUBJECT        LEVEL     POLICY   WHY
    events/billing/invoice.json  Invoice        BACKWARD  LENIENT  record naming, entry override (accord.toml:8)
    schemas/order.json           order-value    BACKWARD  STRICT   topic naming (accord.toml:5)
    schemas/payment.json         payment-value  FULL      STRICT   topic naming, subject override (accord.toml:5)
    -                            legacy-value   retired            [subjects] retired = true
    ");
    let plain = repo.accord(&["subjects"]);
    assert!(plain.stdout.starts_with("FILE"), "{}", plain.stdout);
    assert!(!plain.stdout.contains("WHY"));
}

#[test]
fn two_files_on_one_subject_is_ambiguous() {
    let repo = base_repo();
    repo.write(
        "accord.toml",
        "[[produces]]\nfiles = \"schemas/*.json\"\nsubject = \"orders-value\"\n",
    );
    for args in [&["subjects"][..], &["check", "--against", "git:HEAD"]] {
        let run = repo.accord(args);
        assert_eq!(run.code, 3, "{run:?}");
        assert_eq!(
            run.stderr,
            "accord: error: ambiguous mapping: more than one file maps to the same subject \
             (orders-value ← schemas/order.json, schemas/payment.json); give each file its own \
             subject in accord.toml\n"
        );
    }
}

#[test]
fn config_errors_name_the_line() {
    let repo = base_repo();
    let cases = [
        (
            "[defaults]\nlevel = \"BACKWARD\"\nnamming = \"topic\"\n",
            "accord.toml:3:1: unknown field `namming`, expected one of `level`, `policy`, `naming`, `format`",
        ),
        (
            "[[produces]]\nfiles = \"schemas/*.json\"\nlevel = \"SIDEWAYS\"\n",
            "accord.toml:3:9: unknown level `SIDEWAYS`; expected one of NONE, BACKWARD, \
             BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE",
        ),
        (
            "[[produces]]\nfiles = \"schemas/*.json\"\n\n[[produces]]\nfiles = \"avro/*.avsc\"\n",
            "accord.toml:4: the glob \"avro/*.avsc\" matches no file",
        ),
        (
            "[defaults]\nformat = \"avro\"\n",
            "accord.toml:2:10: unsupported schema format `avro`; only \"json\" (JSON Schema) is supported",
        ),
        ("[defaults\n", "accord.toml:1:10: invalid table header"),
    ];
    for (text, message) in cases {
        repo.write("accord.toml", text);
        let run = repo.accord(&["subjects"]);
        assert_eq!(run.code, 3, "{text}: {run:?}");
        let first = run.stderr.lines().next().unwrap_or_default();
        let path = repo.path().join("accord.toml");
        let shown = first.replace(&path.display().to_string(), "accord.toml");
        assert!(
            shown.starts_with(&format!("accord: error: {message}")),
            "{text}:\n{shown}"
        );
    }
}

#[test]
fn a_missing_config_says_how_to_write_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::gate::accord_in(dir.path(), &["check", "--against", "git:main"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("no accord.toml in"), "{}", run.stderr);
    assert!(run.stderr.contains("accord init"), "{}", run.stderr);
}

#[test]
fn init_writes_a_config_that_maps_the_schemas_it_found() {
    let repo = Repo::new();
    repo.write("schemas/order.json", ORDER_V1)
        .write("events/billing/invoice.json", r#"{"type": "object"}"#)
        .write("package.json", r#"{"name": "not-a-schema"}"#);
    let run = repo.accord(&["init"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = std::fs::read_to_string(repo.path().join("accord.toml")).unwrap();
    assert!(text.contains("files = \"schemas/*.json\""), "{text}");
    assert!(text.contains("files = \"events/billing/*.json\""), "{text}");
    assert!(!text.contains("files = \"*.json\""), "{text}");
    let subjects = repo.accord(&["subjects"]);
    assert_eq!(subjects.code, 0, "{subjects:?}");
    assert!(subjects.stdout.contains("invoice-value"));
    assert!(subjects.stdout.contains("order-value"));

    let again = repo.accord(&["init"]);
    assert_eq!(again.code, 3, "{again:?}");
    assert!(again.stderr.contains("--force"));
    assert_eq!(repo.accord(&["init", "--force"]).code, 0);
}
