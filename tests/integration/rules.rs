//! Every shipped recognizer finds its examples and none of its negatives.

use guardrail::Scanner;

#[test]
fn shipped_rules_pass_their_own_examples() {
    let problems = Scanner::builder().check_rules().expect("rule files parse");
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(lines.is_empty(), "{}", lines.join("\n"));
}

#[test]
fn added_rule_files_are_checked_too() {
    let mut builder = Scanner::builder();
    builder.without_shipped_rules().rules(
        "employee.toml",
        r#"
        [[recognizer]]
        id = "acme.employee_id"
        type = "USERNAME"
        pattern = '\bEMP-\d{6}\b'
        triggers = ["EMP-"]
        score = 0.9
        examples = ["badge EMP-123456", "nope EMP-12"]
        negatives = ["EMP-1234567"]
        "#,
    );
    let problems: Vec<String> = builder
        .check_rules()
        .expect("parses")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        ["acme.employee_id: example 2 not found: \"nope EMP-12\""]
    );
}
