//! The schema of a table or materialized view, as declared by its Rust type.

/// The order of a clustering column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Ascending (CQL's default).
    #[default]
    Asc,
    /// Descending.
    Desc,
}

impl Order {
    /// `ASC` or `DESC`.
    ///
    /// ```
    /// assert_eq!(coodie::model::Order::Desc.as_cql(), "DESC");
    /// ```
    pub fn as_cql(self) -> &'static str {
        match self {
            Order::Asc => "ASC",
            Order::Desc => "DESC",
        }
    }
}

/// The role of a column in its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// Part of the partition key.
    PartitionKey,
    /// A clustering column, with its order.
    Clustering(Order),
    /// A static column (one value per partition).
    Static,
    /// Any other column.
    Regular,
}

impl ColumnKind {
    /// Whether the column belongs to the primary key.
    ///
    /// ```
    /// use coodie::model::{ColumnKind, Order};
    /// assert!(ColumnKind::Clustering(Order::Asc).is_primary_key());
    /// assert!(!ColumnKind::Static.is_primary_key());
    /// ```
    pub fn is_primary_key(self) -> bool {
        matches!(self, ColumnKind::PartitionKey | ColumnKind::Clustering(_))
    }
}

/// One column: its CQL name, the Rust field it comes from, its CQL type and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSchema {
    /// The column's name in CQL (after `rename`), unquoted.
    pub name: &'static str,
    /// The Rust field it maps to.
    pub field: &'static str,
    /// The CQL type as CQL spells it, e.g. `text`, `frozen<list<int>>`.
    pub cql_type: String,
    /// Its role in the primary key.
    pub kind: ColumnKind,
}

impl ColumnSchema {
    /// Whether this is a `counter` column (a [`Counter`](super::Counter) field).
    ///
    /// ```
    /// use coodie::model::{ColumnKind, ColumnSchema};
    /// let views = ColumnSchema { name: "views", field: "views", cql_type: "counter".into(), kind: ColumnKind::Regular };
    /// assert!(views.is_counter());
    /// ```
    pub fn is_counter(&self) -> bool {
        self.cql_type == "counter"
    }
}

/// A column named as its field (no `rename`), for the unit tests' schemas.
#[cfg(test)]
pub(crate) fn test_column(name: &'static str, cql_type: &str, kind: ColumnKind) -> ColumnSchema {
    ColumnSchema {
        name,
        field: name,
        cql_type: cql_type.into(),
        kind,
    }
}

/// A table's schema with `columns` and nothing else, for the unit tests.
#[cfg(test)]
pub(crate) fn test_table(name: &'static str, columns: Vec<ColumnSchema>) -> TableSchema {
    TableSchema {
        keyspace: None,
        name,
        columns,
        indexes: vec![],
        default_ttl: None,
        options: None,
        view: None,
    }
}

/// A view of `products` with `columns`, for the unit tests.
#[cfg(test)]
pub(crate) fn test_view(
    name: &'static str,
    columns: Vec<ColumnSchema>,
    select_all: bool,
    filter: Option<&'static str>,
) -> TableSchema {
    TableSchema {
        view: Some(ViewSchema {
            base_table: "products",
            select_all,
            filter,
        }),
        ..test_table(name, columns)
    }
}

/// What kind of index an [`IndexSchema`] is: how `CREATE INDEX` is written and
/// what sync compares.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum IndexKind {
    /// The server's built-in secondary index (`CREATE INDEX`).
    #[default]
    Secondary,
    /// A storage-attached index (Cassandra 5: `CREATE CUSTOM INDEX … USING
    /// 'StorageAttachedIndex'`): answers `=` on any indexed column, ranges on
    /// non-text columns, several indexed columns ANDed, and, on a vector column,
    /// nearest-neighbour (`ANN OF`) ordering with its similarity function.
    Sai {
        /// The similarity function of a vector index (`None`: the server's
        /// default, cosine; always `None` on a non-vector column).
        similarity: Option<Similarity>,
    },
}

impl IndexKind {
    /// Whether this is a storage-attached index.
    ///
    /// ```
    /// use coodie::model::IndexKind;
    /// assert!(IndexKind::Sai { similarity: None }.is_sai());
    /// assert!(!IndexKind::Secondary.is_sai());
    /// ```
    pub fn is_sai(&self) -> bool {
        matches!(self, IndexKind::Sai { .. })
    }
}

/// The similarity function of a vector SAI index: how `ANN OF` measures nearness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Similarity {
    /// Cosine similarity (the server's default).
    Cosine,
    /// Dot product (for normalized vectors: as cosine, faster).
    DotProduct,
    /// Euclidean distance.
    Euclidean,
}

impl Similarity {
    /// The option value CQL spells: `COSINE`, `DOT_PRODUCT`, `EUCLIDEAN`.
    ///
    /// ```
    /// assert_eq!(coodie::model::Similarity::DotProduct.as_cql(), "DOT_PRODUCT");
    /// ```
    pub fn as_cql(self) -> &'static str {
        match self {
            Similarity::Cosine => "COSINE",
            Similarity::DotProduct => "DOT_PRODUCT",
            Similarity::Euclidean => "EUCLIDEAN",
        }
    }
}

/// An index on one column.
///
/// ```
/// use coodie::model::{IndexKind, IndexSchema};
/// let index = IndexSchema::secondary("products_category_idx", "category");
/// assert_eq!(index.kind, IndexKind::Secondary);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSchema {
    /// The index's name (default `{table}_{column}_idx`, as Python coodie names it).
    pub name: String,
    /// The indexed column's CQL name.
    pub column: &'static str,
    /// The kind of index.
    pub kind: IndexKind,
}

impl IndexSchema {
    /// A secondary index called `name` on `column`.
    pub fn secondary(name: impl Into<String>, column: &'static str) -> Self {
        IndexSchema {
            name: name.into(),
            column,
            kind: IndexKind::Secondary,
        }
    }

    /// A storage-attached index called `name` on `column`, with a similarity
    /// function when `column` is a vector.
    ///
    /// ```
    /// use coodie::model::{IndexSchema, Similarity};
    /// let index = IndexSchema::sai("signals_embedding_idx", "embedding", Some(Similarity::Cosine));
    /// assert!(index.kind.is_sai());
    /// ```
    pub fn sai(
        name: impl Into<String>,
        column: &'static str,
        similarity: Option<Similarity>,
    ) -> Self {
        IndexSchema {
            name: name.into(),
            column,
            kind: IndexKind::Sai { similarity },
        }
    }
}

/// What makes a table a materialized view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewSchema {
    /// The base table's name.
    pub base_table: &'static str,
    /// `SELECT *` (the default) rather than only the view's own columns.
    pub select_all: bool,
    /// An extra `WHERE` restriction, ANDed after the `IS NOT NULL` ones, as CQL.
    pub filter: Option<&'static str>,
}

/// The schema of a table or a materialized view, built once per type by the derive.
///
/// Columns are in declaration order, which is also the order of every `SELECT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSchema {
    /// A fixed keyspace, or `None` for the session's keyspace.
    pub keyspace: Option<&'static str>,
    /// The table's (or view's) name.
    pub name: &'static str,
    /// Every column, in declaration order.
    pub columns: Vec<ColumnSchema>,
    /// Secondary indexes (always empty on a view).
    pub indexes: Vec<IndexSchema>,
    /// `default_time_to_live` in seconds.
    pub default_ttl: Option<u32>,
    /// Extra table options as CQL, ANDed into the `WITH` clause, e.g.
    /// `comment = 'products' AND gc_grace_seconds = 3600`.
    pub options: Option<&'static str>,
    /// `Some` on a materialized view.
    pub view: Option<ViewSchema>,
}

impl TableSchema {
    /// The partition key columns, in key order.
    pub fn partition_key(&self) -> impl Iterator<Item = &ColumnSchema> {
        self.columns
            .iter()
            .filter(|c| c.kind == ColumnKind::PartitionKey)
    }

    /// The clustering columns with their order, in key order.
    pub fn clustering_key(&self) -> impl Iterator<Item = (&ColumnSchema, Order)> {
        self.columns.iter().filter_map(|c| match c.kind {
            ColumnKind::Clustering(order) => Some((c, order)),
            _ => None,
        })
    }

    /// Every primary-key column in key order: the partition key, then the
    /// clustering columns.
    pub fn primary_key(&self) -> impl Iterator<Item = &ColumnSchema> {
        self.partition_key()
            .chain(self.clustering_key().map(|(c, _)| c))
    }

    /// The column with this CQL name.
    pub fn column(&self, name: &str) -> Option<&ColumnSchema> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether this is a counter table: it has `counter` columns (and then only
    /// key columns besides them).
    pub fn is_counter_table(&self) -> bool {
        self.columns.iter().any(ColumnSchema::is_counter)
    }

    /// Whether this is the schema of a materialized view.
    pub fn is_view(&self) -> bool {
        self.view.is_some()
    }

    /// The keyspace this table lives in when used through a session whose default
    /// keyspace is `session_keyspace` (a view lives in its base table's keyspace,
    /// which the derive copies into the view's schema).
    pub fn keyspace_or<'a>(&'a self, session_keyspace: &'a str) -> &'a str {
        self.keyspace.unwrap_or(session_keyspace)
    }
}
