//! The settings every token-ring reader shares ([`Scan`](super::Scan) and
//! the view check `ViewCheck`): how many ranges are read at once,
//! into how many pieces the ring's ranges are split, and the consistency of the
//! reads. Written once here, so the readers cannot drift apart.

/// Expands, inside a reader's `impl`, to the shared setters. The reader has the
/// fields `concurrency: usize`, `splits: Option<usize>` and
/// `options: StatementOptions`. `$setup` is the hidden doc-test line that opens
/// a `fn demo…` block, `$reader` the expression that makes a reader in it.
macro_rules! ring_reader_setters {
    ($setup:literal, $reader:literal) => {
        /// How many token ranges are read at once (default 8; at least 1).
        ///
        #[doc = concat!("```\n# use coodie::prelude::*;\n", $setup, "\nlet reader = ", $reader, ".concurrency(16);\n# }\n```")]
        pub fn concurrency(mut self, n: usize) -> Self {
            self.concurrency = n.max(1);
            self
        }

        /// Into how many pieces each range of the ring is split (default: enough
        /// for four ranges per concurrent reader; at least 1).
        ///
        #[doc = concat!("```\n# use coodie::prelude::*;\n", $setup, "\nlet reader = ", $reader, ".splits(4);\n# }\n```")]
        pub fn splits(mut self, n: usize) -> Self {
            self.splits = Some(n.max(1));
            self
        }

        /// The consistency level of every read (and of every repair write).
        ///
        #[doc = concat!("```\n# use coodie::prelude::*;\n", $setup, "\nlet reader = ", $reader, ".consistency(Consistency::LocalQuorum);\n# }\n```")]
        pub fn consistency(mut self, consistency: Consistency) -> Self {
            self.options.consistency = Some(consistency);
            self
        }
    };
}

pub(crate) use ring_reader_setters;
