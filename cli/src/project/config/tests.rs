//! `accord.toml` parsed from text: the mapping it yields, and errors naming `file:line:col`.

use super::*;

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(text, Path::new("accord.toml"), PathBuf::from("."))
        .map_err(|f| format!("{:#}", f.error))
}

#[test]
fn errors_name_the_line() {
    let e = parse("[defaults]\nlevel = \"BACKWARD\"\ncolour = 1\n").unwrap_err();
    assert!(
        e.starts_with("accord.toml:3:1: unknown field `colour`"),
        "{e}"
    );
    let e = parse("[defaults]\n\nlevel = \"SIDEWAYS\"\n").unwrap_err();
    assert!(
        e.starts_with("accord.toml:3:9: unknown level `SIDEWAYS`"),
        "{e}"
    );
    let e =
        parse("[[produces]]\nfiles = \"a/*.json\"\nsubject = \"x\"\ntopic = \"y\"\n").unwrap_err();
    assert!(e.starts_with("accord.toml:2:9:"), "{e}");
    let e = parse("[registry]\nurl = \"ftp://x\"\n").unwrap_err();
    assert!(e.starts_with("accord.toml:2:7:"), "{e}");
}

#[test]
fn consumes_entries_are_checked_and_errors_name_the_line() {
    let config = parse(
        "[app]\nname = \"email\"\n\n[[consumes]]\nsubject = \"orders-value\"\n\
         reads = [\n  { path = \"/order_id\", type = \"string\" },\n  \
         { path = \"/status\", enum = [\"NEW\"], tolerate_unknown = true, required = false },\n]\n\
         [[consumes]]\nsubject = \"payments-value\"\nschema = \"contracts/payments.json\"\n\
         [[consumes]]\nsubject = \"refunds-value\"\nfile = \"contracts/refunds.toml\"\n",
    )
    .unwrap();
    assert_eq!(config.app.as_deref(), Some("email"));
    let lines: Vec<(&str, usize)> = config
        .consumes
        .iter()
        .map(|c| (c.subject.as_str(), c.line))
        .collect();
    assert_eq!(
        lines,
        [
            ("orders-value", 4),
            ("payments-value", 10),
            ("refunds-value", 13)
        ]
    );
    match &config.consumes[0].source {
        ContractSource::Reads(reads) => {
            assert_eq!(reads.len(), 2);
            assert!(!reads[1].required && reads[1].tolerate_unknown);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        &config.consumes[1].source,
        ContractSource::Schema(f) if f == "contracts/payments.json"
    ));

    let cases = [
        (
            "[[consumes]]\nsubject = \"s\"\nreads = [{ path = \"/a\" }]\n",
            "accord.toml:2:11: [[consumes]] needs the application's name",
        ),
        (
            "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nschema = \"r.json\"\n\
             file = \"c.toml\"\n",
            "accord.toml:4:11: a [[consumes]] entry takes exactly one of",
        ),
        (
            "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [\n\
             { path = \"/a\" },\n{ path = \"b\" },\n]\n",
            "accord.toml:7:1: read 1: \"b\" is not a JSON pointer",
        ),
        (
            "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [\n\
             { path = \"/a\", type = \"text\" },\n]\n",
            "accord.toml:6:1: read 0 (/a): unknown type \"text\"",
        ),
        (
            "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [\n\
             { path = \"/a\", typ = \"string\" },\n]\n",
            "accord.toml:6:",
        ),
        (
            "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [{ path = \"/a\" }]\n\
             [[consumes]]\nsubject = \"s\"\nreads = [{ path = \"/b\" }]\n",
            "accord.toml:7:11: a second [[consumes]] entry for s (the first is on line 3)",
        ),
        (
            "[app]\nname = \"\"\n",
            "accord.toml:2:8: app name \"\" is not valid",
        ),
    ];
    for (text, expected) in cases {
        let e = parse(text).unwrap_err();
        assert!(e.starts_with(expected), "{text}\n→ {e}");
    }
}

#[test]
fn subjects_follow_the_naming_and_overrides_win() {
    let config = parse(
        "[defaults]\nlevel = \"FULL\"\nnaming = \"topic-record\"\n\
         [[produces]]\nfiles = \"s/*.json\"\ntopic = \"orders\"\npolicy = \"lenient\"\n\
         [[produces]]\nfiles = \"t/*.json\"\nnaming = \"topic\"\n\
         [subjects.\"orders-Order\"]\nlevel = \"none\"\n",
    )
    .unwrap();
    let entry = config.entry_for("s/order.json").unwrap();
    let m = config.map(entry, "s/order.json", Some("Order")).unwrap();
    assert_eq!(m.subject, "orders-Order");
    assert_eq!((m.level, m.policy), (Level::None, Policy::Lenient));
    assert!(config.map(entry, "s/order.json", None).is_err());
    let entry = config.entry_for("t/pay-done.json").unwrap();
    let m = config.map(entry, "t/pay-done.json", None).unwrap();
    assert_eq!(m.subject, "pay-done-value");
    assert_eq!((m.level, m.policy), (Level::Full, Policy::Strict));
    assert!(m.why.contains("accord.toml:8"), "{}", m.why);
}
