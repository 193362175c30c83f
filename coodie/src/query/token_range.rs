//! Token ranges of the ring: how a full-table scan splits the table.

use crate::Session;

/// The smallest Murmur3 token. No partition has it (the partitioner maps it to the
/// largest), so `(MIN_TOKEN, t]` covers every token up to `t`.
pub const MIN_TOKEN: i64 = i64::MIN;

/// The largest Murmur3 token.
pub const MAX_TOKEN: i64 = i64::MAX;

/// The partitions whose token is in `(start, end]`: the start is excluded and the
/// end included, as the ring's ranges are (a node owns the tokens after its
/// predecessor's token up to its own).
///
/// ```
/// use coodie::query::TokenRange;
/// let whole = TokenRange::FULL;
/// assert!(whole.contains(0) && whole.contains(i64::MAX));
/// let halves = whole.split(2);
/// assert_eq!(halves.len(), 2);
/// assert_eq!(halves[0].end, halves[1].start);
/// assert_eq!(halves[1].end, i64::MAX);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenRange {
    /// The token before the first one of the range (excluded).
    pub start: i64,
    /// The last token of the range (included).
    pub end: i64,
}

impl TokenRange {
    /// Every token of the ring.
    pub const FULL: TokenRange = TokenRange {
        start: MIN_TOKEN,
        end: MAX_TOKEN,
    };

    /// Whether `token` is in `(start, end]`.
    ///
    /// ```
    /// let r = coodie::query::TokenRange { start: 0, end: 10 };
    /// assert!(!r.contains(0) && r.contains(1) && r.contains(10) && !r.contains(11));
    /// ```
    pub fn contains(&self, token: i64) -> bool {
        token > self.start && token <= self.end
    }

    /// This range in `parts` contiguous pieces of (nearly) equal width, in token
    /// order; fewer when the range holds fewer tokens.
    ///
    /// ```
    /// let r = coodie::query::TokenRange { start: 0, end: 10 };
    /// let parts = r.split(3);
    /// assert_eq!(parts.first().unwrap().start, 0);
    /// assert_eq!(parts.last().unwrap().end, 10);
    /// assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
    /// ```
    pub fn split(&self, parts: usize) -> Vec<TokenRange> {
        let width = i128::from(self.end) - i128::from(self.start);
        let parts = (parts.max(1) as i128).min(width.max(1));
        let mut out = Vec::with_capacity(parts as usize);
        let mut start = self.start;
        for i in 1..=parts {
            let end = if i == parts {
                self.end
            } else {
                // In (start, end): the width is at least `parts`, so it fits in an i64.
                (i128::from(self.start) + width * i / parts) as i64
            };
            out.push(TokenRange { start, end });
            start = end;
        }
        out
    }

    /// The part of this range after `token`: `None` when nothing of it is.
    ///
    /// ```
    /// let r = coodie::query::TokenRange { start: 0, end: 10 };
    /// assert_eq!(r.after(4), Some(coodie::query::TokenRange { start: 4, end: 10 }));
    /// assert_eq!(r.after(10), None);
    /// assert_eq!(r.after(-5), Some(r));
    /// ```
    pub fn after(&self, token: i64) -> Option<TokenRange> {
        if token >= self.end {
            None
        } else {
            Some(TokenRange {
                start: self.start.max(token),
                end: self.end,
            })
        }
    }
}

impl std::fmt::Display for TokenRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}, {}]", self.start, self.end)
    }
}

/// The ring's ranges as the driver's metadata knows them, each one owned by the
/// node whose token ends it (every vnode of every node), in token order, covering
/// the whole ring. The first range `(MIN_TOKEN, t₀]` and the last `(tₙ, MAX_TOKEN]`
/// both belong to the node of `t₀` (the ring wraps). Without metadata, the whole
/// ring as one range.
///
/// ```no_run
/// # async fn demo(db: &coodie::Session) {
/// let ranges = coodie::query::ring_ranges(db);
/// println!("{} ranges", ranges.len());
/// # }
/// ```
pub fn ring_ranges(db: &Session) -> Vec<TokenRange> {
    let state = db.driver().get_session().get_cluster_state();
    let mut tokens: Vec<i64> = state
        .replica_locator()
        .ring()
        .iter()
        .map(|(token, _)| token.value())
        .filter(|t| *t != MIN_TOKEN && *t != MAX_TOKEN)
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    let mut ranges = Vec::with_capacity(tokens.len() + 1);
    let mut start = MIN_TOKEN;
    for token in tokens {
        ranges.push(TokenRange { start, end: token });
        start = token;
    }
    ranges.push(TokenRange {
        start,
        end: MAX_TOKEN,
    });
    ranges
}

/// How many nodes the driver's metadata knows.
pub(crate) fn node_count(db: &Session) -> usize {
    db.driver()
        .get_session()
        .get_cluster_state()
        .get_nodes_info()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_cover_the_range_without_gaps_or_overlap() {
        for parts in [1, 2, 3, 7, 64] {
            let pieces = TokenRange::FULL.split(parts);
            assert_eq!(pieces.len(), parts);
            assert_eq!(pieces[0].start, MIN_TOKEN);
            assert_eq!(pieces.last().unwrap().end, MAX_TOKEN);
            assert!(pieces.windows(2).all(|w| w[0].end == w[1].start));
            assert!(pieces.iter().all(|p| p.start < p.end));
        }
        // A range of two tokens splits in at most two.
        assert_eq!(TokenRange { start: 0, end: 2 }.split(10).len(), 2);
    }
}
