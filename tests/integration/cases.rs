//! Data-driven cases from `tests/data/cases/*.toml` under the default policy.
//!
//! Every failing case is reported, not just the first. `GUARDRAIL_CASE=substring`
//! runs only the cases whose name contains it.

use std::path::Path;

use guardrail::{Policy, Scanner, Source};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    types: Option<Vec<String>>,
    findings: Vec<Expected>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expected {
    #[serde(rename = "type")]
    kind: String,
    start: usize,
    end: usize,
    #[serde(rename = "match")]
    matched: String,
}

#[test]
fn data_driven_cases_under_the_default_policy() {
    let scanner = Scanner::compile(&Policy::default_policy()).expect("default policy compiles");
    let filter = std::env::var("GUARDRAIL_CASE").ok();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("cases dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", dir.display());
    let (mut run, mut failures) = (0, Vec::new());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read case file");
        let file: CaseFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            if filter
                .as_ref()
                .is_some_and(|f| !case.name.contains(f.as_str()))
            {
                continue;
            }
            run += 1;
            let got: Vec<Expected> = scanner
                .check(&case.text, Source::Input)
                .findings
                .into_iter()
                .filter(|f| case.types.as_ref().is_none_or(|t| t.contains(&f.kind)))
                .map(|f| Expected {
                    kind: f.kind,
                    start: f.start,
                    end: f.end,
                    matched: f.matched,
                })
                .collect();
            if got != case.findings {
                failures.push(format!(
                    "{}: {:?}\n    expected {:?}\n    got      {:?}",
                    case.name,
                    case.text,
                    case.findings
                        .iter()
                        .map(|f| format!("{} {:?}", f.kind, f.matched))
                        .collect::<Vec<_>>(),
                    got.iter()
                        .map(|f| format!("{} {:?}", f.kind, f.matched))
                        .collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(run > 0, "no case matched the filter");
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
