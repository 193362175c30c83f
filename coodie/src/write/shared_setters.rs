//! The setters [`Update`](super::Update) and [`Delete`](super::Delete) share: a
//! condition (`IF EXISTS`, `IF …`), the write timestamp, the consistency and the
//! idempotence flag. Written once here, so the two builders cannot drift apart;
//! each builder keeps them as its own methods, so no trait import is needed.

/// Expands, inside `impl<T: Table> Builder<T>`, to the shared setters. The
/// builder has the fields `condition: Condition` and `options: WriteOptions`.
/// `$setup` is the hidden doc-test prelude (a `fn demo…` line that opens a
/// block) and `$builder` the expression that makes a builder in it.
macro_rules! conditional_write_setters {
    ($setup:literal, $builder:literal) => {
        /// Only if the row exists (`IF EXISTS`, a lightweight transaction); needs
        /// the full primary key.
        ///
        #[doc = concat!("```no_run\n# use coodie::prelude::*;\n", $setup, "\nlet write = ", $builder, ".if_exists();\n# }\n```")]
        pub fn if_exists(mut self) -> Self {
            self.condition = Condition::Exists;
            self
        }

        /// Only if the columns hold these values: `.if_(|c| c.price.eq(10.0))`
        /// (`IF …`, a lightweight transaction). Every comparison CQL takes works,
        /// on regular and static columns: `eq`, `ne`, `lt`, `le`, `gt`, `ge`,
        /// `in_`; combine them with `&`, or call `if_` again (the calls are
        /// ANDed). A condition on a key column is refused
        /// (`InvalidQueryKind::Condition`). When it fails,
        /// [`Applied::current`](crate::write::Applied::current) reads the cells
        /// the server compared.
        ///
        #[doc = concat!("```no_run\n# use coodie::prelude::*;\n", $setup, "\n# let f = |c: &T::Columns| -> coodie::query::Filter<T> { unimplemented!() };\nlet write = ", $builder, ".if_(f);\n# }\n```")]
        pub fn if_(mut self, condition: impl FnOnce(&T::Columns) -> Filter<T>) -> Self {
            self.condition.add(condition(&T::COLUMNS).restrictions);
            self
        }

        /// The write timestamp, in microseconds since the Unix epoch: of two
        /// writes to one cell, the later timestamp wins.
        ///
        #[doc = concat!("```no_run\n# use coodie::prelude::*;\n", $setup, "\nlet write = ", $builder, ".timestamp(1_700_000_000_000_000);\n# }\n```")]
        pub fn timestamp(mut self, micros: i64) -> Self {
            self.options = self.options.timestamp(micros);
            self
        }

        /// The consistency level of the write.
        ///
        #[doc = concat!("```no_run\n# use coodie::prelude::*;\n", $setup, "\nlet write = ", $builder, ".consistency(Consistency::Quorum);\n# }\n```")]
        pub fn consistency(mut self, consistency: Consistency) -> Self {
            self.options = self.options.consistency(consistency);
            self
        }

        /// Declares whether the write is idempotent, overriding what coodie works
        /// out (see [the rules](crate::write#idempotence)): only an idempotent
        /// write is retried by the driver or sent speculatively twice.
        ///
        #[doc = concat!("```no_run\n# use coodie::prelude::*;\n", $setup, "\nlet write = ", $builder, ".if_exists().idempotent(true);\n# }\n```")]
        pub fn idempotent(mut self, idempotent: bool) -> Self {
            self.options = self.options.idempotent(idempotent);
            self
        }

        /// All write settings at once (they replace the ones set before).
        ///
        #[doc = concat!("```no_run\n# use coodie::prelude::*;\n", $setup, "\nlet write = ", $builder, ".options(WriteOptions::new().timestamp(42));\n# }\n```")]
        pub fn options(mut self, options: WriteOptions) -> Self {
            self.options = options;
            self
        }
    };
}

pub(super) use conditional_write_setters;
