//! Deterministic overlap resolution.

use std::cmp::Ordering;

use super::finding::Finding;

/// Keeps a non-overlapping subset of `findings` (none empty), sorted by
/// position: longer findings first, then more confident, then higher
/// priority, then earlier.
///
/// Only findings chained by overlaps (a cluster) compete, so each cluster is
/// decided alone: the same picks as one pass over all findings in that
/// order, without sorting them all by it. The order is total up to findings
/// alike in all but their values' source, so the sorts need not be stable
/// (which would allocate).
pub(crate) fn resolve(findings: &mut Vec<Finding>) {
    findings.sort_unstable_by_key(|f| (f.span.start, f.span.end));
    if findings
        .windows(2)
        .all(|w| w[0].span.end <= w[1].span.start)
    {
        return;
    }
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut contest: Vec<Finding> = Vec::new();
    let mut rest = findings.as_slice();
    while let Some(first) = rest.first() {
        let mut reach = first.span.end;
        let len = 1 + rest[1..]
            .iter()
            .take_while(|f| {
                let overlaps = f.span.start < reach;
                reach = reach.max(f.span.end);
                overlaps
            })
            .count();
        let (cluster, after) = rest.split_at(len);
        rest = after;
        if let [only] = cluster {
            kept.push(*only);
            continue;
        }
        contest.clear();
        contest.extend_from_slice(cluster);
        contest.sort_unstable_by(precedence);
        let from = kept.len();
        for f in &contest {
            if !kept[from..].iter().any(|k| k.span.overlaps(&f.span)) {
                kept.push(*f);
            }
        }
        kept[from..].sort_unstable_by_key(|f| (f.span.start, f.span.end));
    }
    *findings = kept;
}

/// Which of two overlapping findings is kept: the longer, then the more
/// confident, then the higher priority, then the earlier, then the detector
/// declared first, then the one whose other copies are searched for.
fn precedence(a: &Finding, b: &Finding) -> Ordering {
    b.span
        .len()
        .cmp(&a.span.len())
        .then(b.score.total_cmp(&a.score))
        .then(b.priority.cmp(&a.priority))
        .then(a.span.start.cmp(&b.span.start))
        .then(a.detector.cmp(&b.detector))
        .then(b.search_elsewhere.cmp(&a.search_elsewhere))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::scan::finding::{DetectorId, Span};

    /// All findings in order of precedence, each kept unless it overlaps
    /// one kept before it: the definition, without clusters.
    fn resolve_plainly(findings: &mut Vec<Finding>) {
        findings.sort_by(precedence);
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        findings.retain(|f| {
            let s = f.span;
            let before = taken.range(..s.end).next_back();
            if before.is_some_and(|(_, &end)| end > s.start) {
                return false;
            }
            taken.insert(s.start, s.end);
            true
        });
        findings.sort_by_key(|f| (f.span.start, f.span.end));
    }

    fn key(f: &Finding) -> (usize, usize, u32, u32, i32) {
        (
            f.span.start,
            f.span.end,
            f.detector.0,
            f.score.to_bits(),
            f.priority,
        )
    }

    proptest::proptest! {
        #[test]
        fn clusters_pick_what_one_pass_picks(
            raw in proptest::collection::vec(
                (0usize..80, 1usize..12, 0u32..4, 0u8..3, 0i32..3),
                0..40,
            ),
        ) {
            let findings: Vec<Finding> = raw
                .into_iter()
                .map(|(start, len, detector, score, priority)| Finding {
                    span: Span { start, end: start + len },
                    detector: DetectorId(detector),
                    score: f32::from(score) / 2.0,
                    priority,
                    search_elsewhere: false,
                })
                .collect();
            let (mut fast, mut plain) = (findings.clone(), findings);
            resolve(&mut fast);
            resolve_plainly(&mut plain);
            let keys = |v: &[Finding]| v.iter().map(key).collect::<Vec<_>>();
            proptest::prop_assert_eq!(keys(&fast), keys(&plain));
        }
    }
}
