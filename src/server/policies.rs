//! Which policy answers which guardrail identifier, loaded from files and
//! loaded again on reload.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{bail, Context, Result};
#[cfg(feature = "bedrock")]
use guardrail::RemoteGuardrailLayer;
use guardrail::{CircuitState, Policy, Scanner, Source, Verdict};

use super::metrics::Metrics;

/// One guardrail: the local engine, and maybe a remote judge behind it.
#[derive(Debug)]
pub(crate) enum Guard {
    /// The local engine alone.
    Local(Scanner),
    /// Local first, then the policy's `[bedrock]` guardrail, merged as the
    /// layer does; the judge is kept to report its circuit.
    #[cfg(feature = "bedrock")]
    Remote(RemoteGuardrailLayer, super::judge::Judge),
}

impl Guard {
    /// Compiles a policy; a `[bedrock]` section adds the remote judge,
    /// counted in `metrics` under `label`.
    #[cfg_attr(not(feature = "bedrock"), allow(unused_variables))]
    async fn build(policy: &Policy, label: &str, metrics: &Metrics) -> Result<Self> {
        let scanner = Scanner::compile(policy)?;
        match &policy.spec().bedrock {
            None => Ok(Guard::Local(scanner)),
            #[cfg(feature = "bedrock")]
            Some(spec) => {
                let (layer, judge) = super::judge::layer(scanner, spec, label, metrics).await?;
                Ok(Guard::Remote(layer, judge))
            }
            #[cfg(not(feature = "bedrock"))]
            Some(_) => bail!("a [bedrock] section needs a build with the `bedrock` feature"),
        }
    }

    /// The verdict on `texts` (one content block each).
    pub(crate) async fn check(&self, texts: &[&str], source: Source) -> Verdict {
        match self {
            Guard::Local(scanner) => scanner.check_blocks(texts, source),
            #[cfg(feature = "bedrock")]
            Guard::Remote(layer, _) => layer.check_blocks(texts, source).await,
        }
    }

    /// The remote judge's circuit, labelled with its policy.
    fn circuit(&self) -> Option<(&str, CircuitState)> {
        match self {
            Guard::Local(_) => None,
            #[cfg(feature = "bedrock")]
            Guard::Remote(_, judge) => Some((judge.policy(), judge.circuit())),
        }
    }
}

/// The guards by identifier.
#[derive(Debug)]
pub(crate) enum Policies {
    /// One policy for every identifier.
    Single(Guard),
    /// One policy per identifier: `DIR/<identifier>.toml` or `.json`.
    ById(HashMap<String, Guard>),
}

impl Policies {
    /// The guard for a guardrail identifier.
    pub(crate) fn get(&self, id: &str) -> Option<&Guard> {
        match self {
            Policies::Single(g) => Some(g),
            Policies::ById(map) => map.get(id),
        }
    }

    /// Every remote judge's circuit, by policy label.
    pub(crate) fn circuits(&self) -> Vec<(&str, CircuitState)> {
        let mut out: Vec<_> = match self {
            Policies::Single(g) => g.circuit().into_iter().collect(),
            Policies::ById(map) => map.values().filter_map(Guard::circuit).collect(),
        };
        out.sort_unstable_by_key(|(label, _)| *label);
        out
    }
}

/// Where the policies come from, to load them again on reload.
#[derive(Debug, Clone, Default)]
pub(crate) struct PolicySource {
    pub(crate) policy: Option<PathBuf>,
    pub(crate) dir: Option<PathBuf>,
}

/// What a reload watches: each policy file's path, modification time and size.
pub(crate) type Fingerprint = Vec<(PathBuf, Option<SystemTime>, u64)>;

impl PolicySource {
    /// Loads and compiles every policy; any bad file fails the whole load.
    /// Remote judges are counted in `metrics` under their file's stem.
    pub(crate) async fn load(&self, metrics: &Metrics) -> Result<Policies> {
        match (&self.policy, &self.dir) {
            (Some(_), Some(_)) => bail!("give --policy or --policies, not both"),
            (Some(p), None) => {
                let label = p.file_stem().and_then(|s| s.to_str()).unwrap_or("policy");
                Ok(Policies::Single(
                    Guard::build(&Policy::from_file(p)?, label, metrics).await?,
                ))
            }
            (None, None) => Ok(Policies::Single(
                Guard::build(&Policy::default_policy(), "default", metrics).await?,
            )),
            (None, Some(dir)) => {
                let mut map = HashMap::new();
                for path in policy_files(dir)? {
                    let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                        continue;
                    };
                    let guard = Guard::build(&Policy::from_file(&path)?, id, metrics).await?;
                    map.insert(id.to_string(), guard);
                }
                if map.is_empty() {
                    bail!("no .toml or .json policies in {}", dir.display());
                }
                Ok(Policies::ById(map))
            }
        }
    }

    /// The files' state now; a change means the policies should be loaded again.
    pub(crate) fn fingerprint(&self) -> Fingerprint {
        let files = match (&self.policy, &self.dir) {
            (Some(p), _) => vec![p.clone()],
            (None, Some(dir)) => policy_files(dir).unwrap_or_default(),
            (None, None) => Vec::new(),
        };
        files
            .into_iter()
            .map(|path| {
                let meta = std::fs::metadata(&path).ok();
                let modified = meta.as_ref().and_then(|m| m.modified().ok());
                let len = meta.map_or(0, |m| m.len());
                (path, modified, len)
            })
            .collect()
    }
}

/// The `.toml` and `.json` files of a directory, sorted.
fn policy_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read policy directory {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "toml" | "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
