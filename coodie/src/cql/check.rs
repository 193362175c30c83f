//! Refuses, before anything is sent, queries the server would answer with "might
//! involve data filtering" or with an invalid-request error.

use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::expr::{AnnTerm, Op, OrderTerm, Restriction};
use crate::model::{ColumnKind, IndexKind, TableSchema};
use crate::{Error, Result};

fn invalid(kind: InvalidQueryKind, message: String) -> Error {
    Error::InvalidQuery(InvalidQuery::new(kind, message))
}

/// The restrictions on `column`, alone or in a tuple.
fn on<'a>(restrictions: &'a [Restriction], column: &str) -> Vec<&'a Restriction> {
    restrictions.iter().filter(|r| r.touches(column)).collect()
}

/// Whether `cql_type` is a collection that is not frozen (whose cells CQL
/// compares only with `CONTAINS` / `CONTAINS KEY`).
fn is_unfrozen_collection(cql_type: &str) -> bool {
    ["list<", "set<", "map<"]
        .iter()
        .any(|prefix| cql_type.starts_with(prefix))
}

/// Refuses what the server refuses even with `ALLOW FILTERING`: tuple relations
/// on clustering columns that are not consecutive in key order, and `=`, `IN` or
/// ranges on a non-frozen collection.
fn check_relations(schema: &TableSchema, restrictions: &[Restriction]) -> Result<()> {
    let clustering: Vec<&str> = schema.clustering_key().map(|(c, _)| c.name).collect();
    for r in restrictions {
        if !r.tuple.is_empty() {
            let start = clustering.iter().position(|c| *c == r.column);
            let consecutive =
                start.is_some_and(|i| clustering.get(i..i + r.tuple.len()) == Some(&r.tuple[..]));
            if !consecutive {
                return Err(invalid(
                    InvalidQueryKind::Relation,
                    format!(
                        "the tuple ({}) must name consecutive clustering columns of `{}` in key \
                         order ({})",
                        r.tuple.join(", "),
                        schema.name,
                        clustering.join(", ")
                    ),
                ));
            }
            continue;
        }
        let collection = schema
            .column(r.column)
            .is_some_and(|c| is_unfrozen_collection(&c.cql_type));
        if collection && !matches!(r.op, Op::Contains | Op::ContainsKey) {
            return Err(invalid(
                InvalidQueryKind::Relation,
                format!(
                    "`{}` is a collection column, which CQL compares only with CONTAINS or \
                     CONTAINS KEY, not `{}`; use `.contains(…)`, or declare it `frozen` to \
                     compare it whole",
                    r.column,
                    r.op.as_cql()
                ),
            ));
        }
    }
    Ok(())
}

fn needs_filtering(table: &str, why: String) -> Error {
    invalid(
        InvalidQueryKind::NeedsAllowFiltering,
        format!(
            "this query on `{table}` would need ALLOW FILTERING: {why}; restrict the full \
         partition key (and clustering columns in key order), filter on an indexed column, \
         or opt in with `.allow_filtering()` if scanning is acceptable"
        ),
    )
}

/// What the restrictions on the key amount to.
struct KeyShape {
    /// Every partition key column is restricted with `=` or `IN`.
    full_partition: bool,
    /// Some partition key column is restricted with `IN`.
    partition_in: bool,
    /// A reason the query needs `ALLOW FILTERING`, if any.
    filtering: Option<String>,
    /// A restriction on a secondary-indexed column is used.
    uses_index: bool,
}

fn key_shape(schema: &TableSchema, restrictions: &[Restriction]) -> KeyShape {
    let mut filtering: Option<String> = None;
    let mut note = |why: String| {
        if filtering.is_none() {
            filtering = Some(why);
        }
    };

    // Partition key: all columns with = or IN, or none.
    let mut restricted = Vec::new();
    let mut missing = Vec::new();
    for column in schema.partition_key() {
        let rs = on(restrictions, column.name);
        if rs.is_empty() {
            missing.push(column.name);
            continue;
        }
        if let Some(r) = rs.iter().find(|r| !matches!(r.op, Op::Eq | Op::In)) {
            note(format!(
                "`{}` is a partition key column and `{}` is not allowed on it (only = and IN)",
                column.name,
                r.op.as_cql()
            ));
        }
        restricted.push(column.name);
    }
    let full_partition = missing.is_empty() && !restricted.is_empty();
    if !restricted.is_empty() && !missing.is_empty() {
        note(format!(
            "partition key column `{}` is restricted but `{}` is not; restrict every \
             partition key column with = or IN",
            restricted.join("`, `"),
            missing.join("`, `")
        ));
    }

    // Clustering columns: a prefix in key order, a range only on the last one.
    let mut gap: Option<&str> = None;
    let mut range_on: Option<&str> = None;
    let mut any_clustering = None;
    for (column, _) in schema.clustering_key() {
        let rs = on(restrictions, column.name);
        if rs.is_empty() {
            gap.get_or_insert(column.name);
            continue;
        }
        any_clustering.get_or_insert(column.name);
        if let Some(before) = gap {
            note(format!(
                "clustering column `{}` is restricted but the clustering column before it, \
                 `{before}`, is not",
                column.name
            ));
        }
        if let Some(before) = range_on {
            note(format!(
                "clustering column `{}` is restricted after a range on `{before}`; a range \
                 is allowed only on the last restricted clustering column",
                column.name
            ));
        }
        // A tuple slice ranges over its last column.
        if rs
            .iter()
            .any(|r| r.op.is_range() && r.columns().last() == Some(&column.name))
        {
            range_on = Some(column.name);
        }
        if let Some(r) = rs
            .iter()
            .find(|r| matches!(r.op, Op::Contains | Op::ContainsKey))
        {
            note(format!(
                "`{}` is a clustering column and `{}` filters its values",
                column.name,
                r.op.as_cql()
            ));
        }
    }

    // Other columns: one `=` on a secondary-indexed column, or any number of
    // storage-attached-indexed columns (`=`, and ranges on non-text columns),
    // nothing else.
    let mut secondary: Vec<&str> = Vec::new();
    let mut sai: Vec<&str> = Vec::new();
    for r in restrictions {
        if r.kind.is_primary_key() {
            continue;
        }
        match schema
            .indexes
            .iter()
            .find(|i| i.column == r.column)
            .map(|i| &i.kind)
        {
            Some(_) if r.op == Op::ContainsKey => note(format!(
                "the index on `{}` holds the map's values, and CONTAINS KEY needs one on its keys",
                r.column
            )),
            Some(IndexKind::Sai { .. }) if sai_answers(schema, r) => sai.push(r.column),
            Some(IndexKind::Sai { .. }) => note(format!(
                "`{}` has a storage-attached index, which answers `=`, CONTAINS and, on columns \
                 other than text, ascii, uuid and boolean, ranges; not `{}` here",
                r.column,
                r.op.as_cql()
            )),
            Some(_) if matches!(r.op, Op::Eq | Op::Contains) => secondary.push(r.column),
            Some(_) => note(format!(
                "`{}` has a secondary index, which answers only `=` and CONTAINS, not `{}`",
                r.column,
                r.op.as_cql()
            )),
            None => note(format!(
                "`{}` is neither a key column nor indexed",
                r.column
            )),
        }
    }
    if secondary.len() > 1 {
        note("it restricts more than one column with a secondary index (storage-attached indexes combine, secondary indexes do not)".into());
    }
    if let (Some(secondary), Some(sai)) = (secondary.first(), sai.first()) {
        note(format!(
            "it combines the secondary index on `{secondary}` with the storage-attached index \
             on `{sai}`; make both storage-attached (`#[coodie(index(sai))]`)"
        ));
    }
    let index_restrictions = secondary.len() + sai.len();
    let uses_index = index_restrictions > 0;
    if let Some(column) = any_clustering
        && !full_partition
    {
        note(format!(
            "clustering column `{column}` is restricted without the full partition key"
        ));
    }

    let partition_in = restrictions
        .iter()
        .any(|r| r.kind == ColumnKind::PartitionKey && r.op == Op::In);
    KeyShape {
        full_partition,
        partition_in,
        filtering,
        uses_index,
    }
}

/// Whether a storage-attached index answers restriction `r` (on an SAI-indexed
/// column): `=` always; a range or CONTAINS except on text, ascii, uuid and
/// boolean columns (Cassandra 5.0); never `IN`.
fn sai_answers(schema: &TableSchema, r: &Restriction) -> bool {
    match r.op {
        Op::Eq => true,
        Op::In => false,
        _ => {
            let cql_type = schema.column(r.column).map_or("", |c| c.cql_type.as_str());
            !matches!(cql_type, "text" | "varchar" | "ascii" | "uuid" | "boolean")
        }
    }
}

/// The most rows an `ANN OF` query may ask for (Cassandra 5.0).
const ANN_MAX_LIMIT: u32 = 1000;

/// Checks a nearest-neighbour `SELECT` (`ORDER BY "c" ANN OF ? LIMIT n`): the
/// column has a storage-attached index, there is no other ordering, a limit of at
/// most 1000 below the page size, and every restricted column besides the key is
/// SAI-indexed (`ALLOW FILTERING` does not lift that).
pub(crate) fn check_ann(
    schema: &TableSchema,
    restrictions: &[Restriction],
    ordering: &[OrderTerm],
    ann: &AnnTerm,
    limit: Option<u32>,
    page_size: Option<i32>,
) -> Result<()> {
    let table = schema.name;
    let column = ann.column;
    let has_sai = |name: &str| {
        schema
            .indexes
            .iter()
            .any(|i| i.column == name && i.kind.is_sai())
    };
    if !has_sai(column) {
        return Err(invalid(
            InvalidQueryKind::OrderBy,
            format!(
                "ANN OF on `{table}.{column}` needs a storage-attached index on `{column}`: \
                 declare it with #[coodie(index(sai, similarity = \"cosine\"))]"
            ),
        ));
    }
    if let Some(other) = ordering.first() {
        return Err(invalid(
            InvalidQueryKind::OrderBy,
            format!(
                "ANN OF on `{table}.{column}` cannot be combined with another ordering \
                 (`{}`)",
                other.column
            ),
        ));
    }
    let Some(limit) = limit else {
        return Err(invalid(
            InvalidQueryKind::Limit,
            format!(
                "ANN OF on `{table}.{column}` needs a limit: add `.limit(n)` (at most \
                 {ANN_MAX_LIMIT}) for the n nearest rows"
            ),
        ));
    };
    if limit > ANN_MAX_LIMIT {
        return Err(invalid(
            InvalidQueryKind::Limit,
            format!("ANN OF takes a limit of at most {ANN_MAX_LIMIT}, not {limit}"),
        ));
    }
    if let Some(size) = page_size
        && i64::from(size) <= i64::from(limit)
    {
        return Err(invalid(
            InvalidQueryKind::Limit,
            format!("ANN OF needs a limit below the page size: limit {limit}, page size {size}"),
        ));
    }
    if let Some(r) = restrictions
        .iter()
        .find(|r| !r.kind.is_primary_key() && !has_sai(r.column))
    {
        return Err(invalid(
            InvalidQueryKind::OrderBy,
            format!(
                "ANN OF on `{table}.{column}` can be filtered only on key columns and columns \
                 with a storage-attached index, and `{}` has none (ALLOW FILTERING does not \
                 help here)",
                r.column
            ),
        ));
    }
    Ok(())
}

/// Refuses `!=` in a `WHERE`: CQL takes it only in a write's `IF` condition.
fn no_not_equal(schema: &TableSchema, statement: &str, restrictions: &[Restriction]) -> Result<()> {
    match restrictions.iter().find(|r| r.op == Op::Ne) {
        Some(r) => Err(invalid(
            InvalidQueryKind::Operator,
            format!(
                "a {statement} on `{}` cannot restrict `{}` with `!=`; `!=` is for the `IF` \
                 condition of a write (`.if_(|c| c.{}.ne(…))`)",
                schema.name, r.column, r.column
            ),
        )),
        None => Ok(()),
    }
}

/// Checks a `SELECT`'s restrictions and ordering.
pub(crate) fn check_select(
    schema: &TableSchema,
    restrictions: &[Restriction],
    ordering: &[OrderTerm],
    allow_filtering: bool,
) -> Result<()> {
    no_not_equal(schema, "SELECT", restrictions)?;
    check_relations(schema, restrictions)?;
    let shape = key_shape(schema, restrictions);
    if let (Some(why), false) = (shape.filtering, allow_filtering) {
        return Err(needs_filtering(schema.name, why));
    }
    if ordering.is_empty() {
        return Ok(());
    }
    if !shape.full_partition {
        return Err(invalid(
            InvalidQueryKind::OrderBy,
            format!(
                "ORDER BY on `{}` needs every partition key column restricted with = or IN",
                schema.name
            ),
        ));
    }
    if shape.uses_index {
        return Err(invalid(
            InvalidQueryKind::OrderBy,
            format!(
                "ORDER BY on `{}` cannot be combined with a secondary index restriction",
                schema.name
            ),
        ));
    }
    if shape.partition_in {
        return Err(invalid(
            InvalidQueryKind::OrderBy,
            format!(
                "ORDER BY on `{}` with IN on the partition key cannot be paged; query one \
             partition at a time, or drop the ORDER BY and sort the rows yourself",
                schema.name
            ),
        ));
    }
    let clustering: Vec<_> = schema.clustering_key().collect();
    let mut reversed = None;
    for (i, term) in ordering.iter().enumerate() {
        let Some((column, declared)) = clustering.get(i) else {
            return Err(invalid(
                InvalidQueryKind::OrderBy,
                format!(
                    "ORDER BY `{}`: only clustering columns can be ordered by",
                    term.column
                ),
            ));
        };
        if !matches!(term.kind, ColumnKind::Clustering(_)) {
            return Err(invalid(
                InvalidQueryKind::OrderBy,
                format!(
                    "ORDER BY `{}`: only clustering columns can be ordered by",
                    term.column
                ),
            ));
        }
        if column.name != term.column {
            return Err(invalid(
                InvalidQueryKind::OrderBy,
                format!(
                    "ORDER BY must name clustering columns in key order: expected `{}`, got `{}`",
                    column.name, term.column
                ),
            ));
        }
        let flips = term.order != *declared;
        if *reversed.get_or_insert(flips) != flips {
            return Err(invalid(
                InvalidQueryKind::OrderBy,
                format!(
                    "ORDER BY on `{}` must follow the clustering order or reverse all of it",
                    schema.name
                ),
            ));
        }
    }
    Ok(())
}

/// Checks the `WHERE` of a query-level `DELETE`: the partition key with `=`/`IN`,
/// then optionally a prefix of clustering columns (a range on the last one).
pub(crate) fn check_delete(schema: &TableSchema, restrictions: &[Restriction]) -> Result<()> {
    no_not_equal(schema, "DELETE", restrictions)?;
    check_relations(schema, restrictions)?;
    let shape = key_shape(schema, restrictions);
    if let Some(r) = restrictions.iter().find(|r| !r.kind.is_primary_key()) {
        return Err(invalid(
            InvalidQueryKind::WriteTarget,
            format!(
                "DELETE on `{}` can only be restricted by key columns; `{}` is not one (use a \
             condition with `.if_(…)` instead)",
                schema.name, r.column
            ),
        ));
    }
    if !shape.full_partition {
        return Err(invalid(
            InvalidQueryKind::WriteTarget,
            format!(
                "DELETE on `{}` needs every partition key column restricted with = or IN",
                schema.name
            ),
        ));
    }
    if let Some(why) = shape.filtering {
        return Err(invalid(
            InvalidQueryKind::WriteTarget,
            format!("DELETE on `{}` is not possible: {why}", schema.name),
        ));
    }
    Ok(())
}

/// Checks the `WHERE` of a query-level `UPDATE`: every key column with `=` (or
/// `IN`), nothing else; only the partition key when only static columns are set.
pub(crate) fn check_update(
    schema: &TableSchema,
    restrictions: &[Restriction],
    static_only: bool,
) -> Result<()> {
    no_not_equal(schema, "UPDATE", restrictions)?;
    if static_only {
        if let Some(r) = restrictions
            .iter()
            .find(|r| matches!(r.kind, ColumnKind::Clustering(_)))
        {
            return Err(invalid(
                InvalidQueryKind::WriteTarget,
                format!(
                    "an UPDATE of only static columns of `{}` addresses the partition; drop the \
                 restriction on clustering column `{}`",
                    schema.name, r.column
                ),
            ));
        }
    }
    if let Some(r) = restrictions.iter().find(|r| !r.kind.is_primary_key()) {
        return Err(invalid(
            InvalidQueryKind::WriteTarget,
            format!(
                "UPDATE on `{}` can only be restricted by key columns; `{}` is not one (use a \
             condition with `.if_(…)` instead)",
                schema.name, r.column
            ),
        ));
    }
    if let Some(r) = restrictions.iter().find(|r| !r.tuple.is_empty()) {
        return Err(invalid(
            InvalidQueryKind::WriteTarget,
            format!(
                "UPDATE on `{}` takes one `=` or `IN` per key column, not the tuple ({})",
                schema.name,
                r.tuple.join(", ")
            ),
        ));
    }
    if let Some(r) = restrictions.iter().find(|r| r.op.is_range()) {
        return Err(invalid(
            InvalidQueryKind::WriteTarget,
            format!(
                "UPDATE on `{}` needs = or IN on key columns, not `{}` on `{}`",
                schema.name,
                r.op.as_cql(),
                r.column
            ),
        ));
    }
    let missing: Vec<_> = schema
        .columns
        .iter()
        .filter(|c| {
            let needed = if static_only {
                c.kind == ColumnKind::PartitionKey
            } else {
                c.kind.is_primary_key()
            };
            needed && on(restrictions, c.name).is_empty()
        })
        .map(|c| c.name)
        .collect();
    if !missing.is_empty() {
        return Err(invalid(
            InvalidQueryKind::WriteTarget,
            format!(
                "UPDATE on `{}` needs the whole primary key; `{}` is not restricted",
                schema.name,
                missing.join("`, `")
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::BoundValue;
    use crate::model::{ColumnSchema, IndexSchema, Order, test_table};

    fn col(name: &'static str, kind: ColumnKind) -> ColumnSchema {
        crate::model::test_column(name, "int", kind)
    }

    /// `PRIMARY KEY ((a, b), c, d)`, regular `v`, indexed `i`.
    fn schema() -> TableSchema {
        TableSchema {
            indexes: vec![IndexSchema::secondary("t_i_idx", "i")],
            ..test_table(
                "t",
                vec![
                    col("a", ColumnKind::PartitionKey),
                    col("b", ColumnKind::PartitionKey),
                    col("c", ColumnKind::Clustering(Order::Asc)),
                    col("d", ColumnKind::Clustering(Order::Desc)),
                    col("v", ColumnKind::Regular),
                    col("i", ColumnKind::Regular),
                ],
            )
        }
    }

    /// A restriction on `column` of `schema`, with the column's kind.
    fn restriction_on(schema: &TableSchema, column: &'static str, op: Op) -> Restriction {
        let kind = schema
            .column(column)
            .map_or(ColumnKind::Regular, |c| c.kind);
        Restriction {
            column,
            kind,
            op,
            value: BoundValue::new(1i32),
            tuple: Vec::new(),
        }
    }

    fn r(column: &'static str, op: Op) -> Restriction {
        restriction_on(&schema(), column, op)
    }

    fn tuple(columns: &[&'static str], op: Op) -> Restriction {
        Restriction {
            tuple: columns.to_vec(),
            ..r(columns[0], op)
        }
    }

    /// `PRIMARY KEY (a, c, d, e)`, a set `tags` (indexed), a map `attrs`
    /// (indexed), a frozen list `f`.
    fn collections() -> TableSchema {
        TableSchema {
            indexes: vec![
                IndexSchema::secondary("t_tags_idx", "tags"),
                IndexSchema::secondary("t_attrs_idx", "attrs"),
            ],
            ..test_table(
                "t",
                vec![
                    col("a", ColumnKind::PartitionKey),
                    col("c", ColumnKind::Clustering(Order::Asc)),
                    crate::model::test_column("tags", "set<text>", ColumnKind::Regular),
                    crate::model::test_column("attrs", "map<text, int>", ColumnKind::Regular),
                    crate::model::test_column("plain", "list<int>", ColumnKind::Regular),
                    crate::model::test_column("f", "frozen<list<int>>", ColumnKind::Regular),
                ],
            )
        }
    }

    fn on_collections(column: &'static str, op: Op) -> Restriction {
        let kind = collections()
            .column(column)
            .map_or(ColumnKind::Regular, |c| c.kind);
        Restriction {
            kind,
            ..r(column, op)
        }
    }

    #[test]
    fn tuple_relations_name_consecutive_clustering_columns() {
        use Op::*;
        let key = [r("a", Eq), r("b", Eq)];
        let with = |t: Restriction| {
            let mut rs = key.to_vec();
            rs.push(t);
            select(&rs)
        };
        assert!(with(tuple(&["c", "d"], Gt)).is_ok());
        assert!(with(tuple(&["c", "d"], In)).is_ok());
        assert!(with(tuple(&["c", "d"], Eq)).is_ok());
        let swapped = with(tuple(&["d", "c"], Gt)).expect_err("refused");
        assert!(is(&swapped, InvalidQueryKind::Relation), "{swapped:?}");
        // A slice of both and a bound on the last: the range is on `d`.
        let mut both = key.to_vec();
        both.extend([tuple(&["c", "d"], Gt), tuple(&["c", "d"], Le)]);
        assert!(select(&both).is_ok());
        // After `c =`, a one-column tuple on `d`.
        let mut after = key.to_vec();
        after.extend([r("c", Eq), tuple(&["d"], Ge)]);
        assert!(select(&after).is_ok());
        // Without the partition key it needs filtering.
        let err = select(&[tuple(&["c", "d"], Gt)]).expect_err("refused");
        assert!(is(&err, InvalidQueryKind::NeedsAllowFiltering), "{err:?}");
        // Not in an UPDATE.
        let mut full = key.to_vec();
        full.push(tuple(&["c", "d"], Eq));
        assert!(check_update(&schema(), &full, false).is_err());
    }

    #[test]
    fn contains_uses_a_values_index_and_collections_take_no_equality() {
        use Op::*;
        let s = collections();
        let ok = |rs: &[Restriction]| check_select(&s, rs, &[], false);
        assert!(ok(&[on_collections("tags", Contains)]).is_ok());
        assert!(ok(&[on_collections("attrs", Contains)]).is_ok());
        let keys = ok(&[on_collections("attrs", ContainsKey)]).expect_err("refused");
        assert!(keys.to_string().contains("on its keys"), "{keys}");
        assert!(check_select(&s, &[on_collections("attrs", ContainsKey)], &[], true).is_ok());
        let unindexed = ok(&[on_collections("plain", Contains)]).expect_err("refused");
        assert!(is(&unindexed, InvalidQueryKind::NeedsAllowFiltering));
        let eq = ok(&[on_collections("tags", Eq)]).expect_err("refused");
        assert!(is(&eq, InvalidQueryKind::Relation), "{eq:?}");
        assert!(check_select(&s, &[on_collections("tags", Eq)], &[], true).is_err());
        assert!(
            check_select(&s, &[on_collections("f", Eq)], &[], true).is_ok(),
            "frozen"
        );
    }

    fn is(err: &Error, kind: InvalidQueryKind) -> bool {
        matches!(err, Error::InvalidQuery(why) if why.is(kind))
    }

    fn select(rs: &[Restriction]) -> Result<()> {
        check_select(&schema(), rs, &[], false)
    }

    #[test]
    fn key_prefixes_and_indexed_equality_pass() {
        use Op::*;
        assert!(select(&[]).is_ok());
        assert!(select(&[r("a", Eq), r("b", In)]).is_ok());
        assert!(select(&[r("a", Eq), r("b", Eq), r("c", In), r("d", Gt), r("d", Le)]).is_ok());
        assert!(select(&[r("a", Eq), r("b", Eq), r("c", Ge)]).is_ok());
        assert!(select(&[r("i", Eq)]).is_ok());
        assert!(select(&[r("a", Eq), r("b", Eq), r("c", Eq), r("i", Eq)]).is_ok());
    }

    #[test]
    fn what_needs_allow_filtering_is_refused_and_then_allowed() {
        use Op::*;
        let refused: &[&[Restriction]] = &[
            &[r("v", Eq)],
            &[r("a", Eq)],
            &[r("a", Gt), r("b", Eq)],
            &[r("a", Eq), r("b", Eq), r("d", Eq)],
            &[r("a", Eq), r("b", Eq), r("c", Gt), r("d", Eq)],
            &[r("c", Eq)],
            &[r("i", Eq), r("c", Eq)],
            &[r("i", In)],
            &[r("i", Gt)],
            &[r("i", Eq), r("v", Eq)],
        ];
        for rs in refused {
            let err = select(rs).expect_err("refused");
            assert!(err.to_string().contains(".allow_filtering()"), "{err}");
            assert!(is(&err, InvalidQueryKind::NeedsAllowFiltering), "{err:?}");
            assert!(check_select(&schema(), rs, &[], true).is_ok());
        }
    }

    /// `PRIMARY KEY (a, c)`, SAI on `n` (int) and `x` (text), a secondary index
    /// on `s`, a vector `e` with a vector SAI index, regular `v`: the shapes
    /// probed on Cassandra 5.0.6.
    fn sai_schema() -> TableSchema {
        let c = |name, cql_type, kind| crate::model::test_column(name, cql_type, kind);
        TableSchema {
            indexes: vec![
                IndexSchema::sai("t_n_idx", "n", None),
                IndexSchema::sai("t_x_idx", "x", None),
                IndexSchema::secondary("t_s_idx", "s"),
                IndexSchema::sai("t_e_idx", "e", Some(crate::model::Similarity::DotProduct)),
            ],
            ..test_table(
                "t",
                vec![
                    c("a", "int", ColumnKind::PartitionKey),
                    c("c", "int", ColumnKind::Clustering(Order::Asc)),
                    c("n", "int", ColumnKind::Regular),
                    c("x", "text", ColumnKind::Regular),
                    c("s", "int", ColumnKind::Regular),
                    c("v", "int", ColumnKind::Regular),
                    c("e", "vector<float, 3>", ColumnKind::Regular),
                ],
            )
        }
    }

    fn sr(column: &'static str, op: Op) -> Restriction {
        restriction_on(&sai_schema(), column, op)
    }

    #[test]
    fn storage_attached_indexes_answer_ranges_and_combine() {
        use Op::*;
        let ok: &[&[Restriction]] = &[
            &[sr("n", Eq)],
            &[sr("n", Gt)],
            &[sr("n", Ge), sr("n", Lt)],
            &[sr("x", Eq)],
            &[sr("n", Eq), sr("x", Eq)],
            &[sr("n", Gt), sr("x", Eq)],
            &[sr("a", Eq), sr("n", Gt)],
            &[sr("a", Eq), sr("c", Gt), sr("n", Eq)],
        ];
        for rs in ok {
            assert!(
                check_select(&sai_schema(), rs, &[], false).is_ok(),
                "{rs:?}"
            );
        }
        let refused: &[&[Restriction]] = &[
            &[sr("n", In)],
            &[sr("x", Gt)],
            &[sr("n", Eq), sr("v", Eq)],
            &[sr("n", Eq), sr("s", Eq)],
            &[sr("c", Eq), sr("n", Eq)],
            &[sr("a", Gt), sr("n", Eq)],
        ];
        for rs in refused {
            let err = check_select(&sai_schema(), rs, &[], false).expect_err("refused");
            assert!(
                is(&err, InvalidQueryKind::NeedsAllowFiltering),
                "{rs:?}: {err}"
            );
            assert!(check_select(&sai_schema(), rs, &[], true).is_ok());
        }
    }

    #[test]
    fn ann_queries_need_a_vector_index_a_limit_and_indexed_filters() {
        use Op::*;
        let s = sai_schema();
        let ann = |column| AnnTerm::new(column, [1.0f32, 0.0, 0.0]);
        let e = ann("e");
        assert!(check_ann(&s, &[], &[], &e, Some(2), None).is_ok());
        assert!(check_ann(&s, &[sr("n", Eq), sr("x", Eq)], &[], &e, Some(2), None).is_ok());
        assert!(check_ann(&s, &[sr("a", Eq), sr("c", Eq)], &[], &e, Some(1000), None).is_ok());
        let refused = [
            (
                check_ann(&s, &[], &[], &ann("v"), Some(2), None),
                InvalidQueryKind::OrderBy,
            ),
            (
                check_ann(&s, &[], &[], &e, None, None),
                InvalidQueryKind::Limit,
            ),
            (
                check_ann(&s, &[], &[], &e, Some(1001), None),
                InvalidQueryKind::Limit,
            ),
            (
                check_ann(&s, &[], &[], &e, Some(10), Some(10)),
                InvalidQueryKind::Limit,
            ),
            (
                check_ann(&s, &[sr("v", Eq)], &[], &e, Some(2), None),
                InvalidQueryKind::OrderBy,
            ),
            (
                check_ann(&s, &[sr("s", Eq)], &[], &e, Some(2), None),
                InvalidQueryKind::OrderBy,
            ),
        ];
        for (result, kind) in refused {
            let err = result.expect_err("refused");
            assert!(is(&err, kind), "{err:?}");
        }
        let by_c = OrderTerm {
            column: "c",
            kind: ColumnKind::Clustering(Order::Asc),
            order: Order::Asc,
        };
        assert!(check_ann(&s, &[sr("a", Eq)], &[by_c], &e, Some(2), None).is_err());
    }

    #[test]
    fn ordering_rules() {
        use Op::*;
        let term = |column, order| OrderTerm {
            column,
            kind: schema()
                .column(column)
                .map_or(ColumnKind::Regular, |c| c.kind),
            order,
        };
        let key = [r("a", Eq), r("b", Eq)];
        let ok = |o: &[OrderTerm]| check_select(&schema(), &key, o, false).is_ok();
        assert!(ok(&[term("c", Order::Asc)]));
        assert!(ok(&[term("c", Order::Asc), term("d", Order::Desc)]));
        assert!(
            ok(&[term("c", Order::Desc), term("d", Order::Asc)]),
            "all reversed"
        );
        assert!(
            !ok(&[term("c", Order::Asc), term("d", Order::Asc)]),
            "mixed"
        );
        assert!(!ok(&[term("d", Order::Desc)]), "not a prefix");
        assert!(!ok(&[term("v", Order::Asc)]), "not clustering");
        let no_key = check_select(&schema(), &[], &[term("c", Order::Asc)], false);
        assert!(is(&no_key.expect_err("refused"), InvalidQueryKind::OrderBy));
        let with_in = [r("a", In), r("b", Eq)];
        assert!(check_select(&schema(), &with_in, &[term("c", Order::Asc)], false).is_err());
    }

    #[test]
    fn deletes_and_updates_need_the_key() {
        use Op::*;
        let s = schema();
        assert!(check_delete(&s, &[r("a", Eq), r("b", Eq)]).is_ok());
        assert!(check_delete(&s, &[r("a", Eq), r("b", Eq), r("c", Eq), r("d", Lt)]).is_ok());
        let partial = check_delete(&s, &[r("a", Eq)]).expect_err("refused");
        assert!(is(&partial, InvalidQueryKind::WriteTarget), "{partial:?}");
        assert!(check_delete(&s, &[r("a", Eq), r("b", Eq), r("v", Eq)]).is_err());
        assert!(check_delete(&s, &[r("a", Eq), r("b", Eq), r("d", Eq)]).is_err());
        let full = [r("a", Eq), r("b", In), r("c", Eq), r("d", Eq)];
        assert!(check_update(&s, &full, false).is_ok());
        assert!(check_update(&s, &full[..3], false).is_err());
        assert!(
            check_update(&s, &[r("a", Eq), r("b", Eq), r("c", Eq), r("d", Gt)], false).is_err()
        );
        assert!(
            check_update(&s, &full[..2], true).is_ok(),
            "static columns: the partition"
        );
        assert!(check_update(&s, &full, true).is_err());
    }
}
