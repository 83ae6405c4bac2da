//! Policy loading from TOML and Bedrock JSON: a policy that validates must
//! compile, and survive a TOML round trip unchanged.
#![no_main]

use guardrail::{ErrorKind, Policy, PolicyFormat, Scanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = if first & 1 == 0 {
        PolicyFormat::Toml
    } else {
        PolicyFormat::BedrockJson
    };
    let policy = match Policy::parse(text, format, "<fuzz>") {
        Ok(p) => p,
        Err(e) => {
            // Every refusal says why.
            if let ErrorKind::Invalid { problems, .. } = e.kind() {
                assert!(!problems.is_empty(), "Invalid with no problem listed");
            }
            assert!(!e.to_string().is_empty(), "empty error message");
            return;
        }
    };
    // Validation promises compilation: no policy passes `policy check` and
    // then fails at start-up.
    if let Err(e) = Scanner::compile(&policy) {
        panic!("a valid policy does not compile: {e}");
    }
    let toml = toml::to_string(policy.spec()).expect("invariant: a spec serializes to TOML");
    let again = Policy::from_toml(&toml)
        .unwrap_or_else(|e| panic!("re-reading the serialized policy failed: {e}\n{toml}"));
    assert_eq!(again, policy, "TOML round trip changed the policy");
});
