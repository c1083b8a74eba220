//! The README shows real runs of `accord`: each ```console block that starts with `$ accord ...`
//! is run here and must print what the README says (blocks with an elision, `...`, are skipped).

use crate::common::{root, run};

#[test]
fn readme_console_blocks_are_what_accord_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let mut checked = 0;
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line != "```console" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ accord ")) else {
            continue;
        };
        if block.iter().any(|l| l.trim() == "...") {
            continue;
        }
        let args: Vec<&str> = command.split_whitespace().collect();
        let expected: String = block[1..].iter().map(|l| format!("{l}\n")).collect();
        let actual = run(&args);
        assert_eq!(actual.stdout, expected, "README block `{command}`");
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} README blocks were checked");
}
