//! Deterministic overlap resolution.

use std::collections::BTreeMap;

use super::finding::Finding;

/// Keeps a non-overlapping subset of `findings`, sorted by position: longer
/// findings first, then more confident, then higher priority, then earlier.
pub(crate) fn resolve(findings: &mut Vec<Finding>) {
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    if findings
        .windows(2)
        .all(|w| w[0].span.end <= w[1].span.start)
    {
        return;
    }
    findings.sort_by(|a, b| {
        b.span
            .len()
            .cmp(&a.span.len())
            .then(b.score.total_cmp(&a.score))
            .then(b.priority.cmp(&a.priority))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.detector.cmp(&b.detector))
    });
    // Accepted spans by start; a new span overlaps only its neighbours.
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
