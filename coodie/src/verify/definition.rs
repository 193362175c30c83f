//! What a view must hold for each base row, read from the view's own schema.

use crate::cql::dml::key_clause;
use crate::cql::table_ref;
use crate::cql::token::select_token_range;
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::ident;
use crate::model::{ColumnKind, MaterializedView, Table, TableSchema};
use crate::query::cell_meta::is_multi_cell;
use crate::{Error, Result};

/// The columns a check reads and the statements it runs, for view `V` of base
/// `V::Base`; built once per check.
#[derive(Debug)]
pub(crate) struct Definition {
    /// The view's name and the base table's.
    pub(crate) view: &'static str,
    pub(crate) base: &'static str,
    /// The columns the view holds, its primary key first (in key order), then the
    /// others: every base column for `select = "*"`, else the view struct's.
    pub(crate) columns: Vec<&'static str>,
    /// How many of `columns` are the view's primary key.
    pub(crate) view_key_len: usize,
    /// The base primary key's columns, as positions in `columns`.
    pub(crate) base_key: Vec<usize>,
    /// The columns a repair re-writes: those of `columns` outside the base key
    /// that hold one cell (positions in `columns`); their write times follow the
    /// columns in the base rows a check reads.
    pub(crate) rewritable: Vec<usize>,
    /// The view's extra `WHERE`, as CQL.
    pub(crate) filter: Option<&'static str>,
    base_schema: &'static TableSchema,
    view_schema: &'static TableSchema,
}

impl Definition {
    /// [`InvalidQueryKind::Schema`] when the view's filter restricts a base
    /// partition-key column: a token-range scan cannot add a restriction on the
    /// partition key, so such a view cannot be checked this way.
    pub(crate) fn of<V: MaterializedView>() -> Result<Definition> {
        let view_schema = V::schema();
        let base_schema = <V::Base as Table>::schema();
        let view = view_schema.view.as_ref();
        if let Some(filter) = view.and_then(|v| v.filter) {
            let named = identifiers(filter);
            if let Some(column) = base_schema
                .partition_key()
                .find(|c| named.contains(&c.name.to_string()))
            {
                return Err(Error::InvalidQuery(InvalidQuery::new(
                    InvalidQueryKind::Schema,
                    format!(
                        "view `{}` is filtered on `{}`, a partition-key column of `{}`: a check \
                         scans the base by token ranges, which CQL does not combine with a \
                         restriction on the partition key",
                        view_schema.name, column.name, base_schema.name
                    ),
                )));
            }
        }
        let select_all = view.is_some_and(|v| v.select_all);
        let mut columns: Vec<&'static str> = V::PRIMARY_KEY.to_vec();
        let rest: Vec<&'static str> = if select_all {
            base_schema
                .columns
                .iter()
                .filter(|c| c.kind != ColumnKind::Static)
                .map(|c| c.name)
                .collect()
        } else {
            V::COLUMN_NAMES.to_vec()
        };
        for name in rest {
            if !columns.contains(&name) {
                columns.push(name);
            }
        }
        let position = |name: &str| columns.iter().position(|c| *c == name);
        let base_key: Vec<usize> = base_schema
            .primary_key()
            .filter_map(|c| position(c.name))
            .collect();
        let rewritable = (0..columns.len())
            .filter(|i| !base_key.contains(i))
            .filter(|i| {
                base_schema
                    .column(columns[*i])
                    .is_some_and(|c| !is_multi_cell(&c.cql_type))
            })
            .collect();
        Ok(Definition {
            view: view_schema.name,
            base: base_schema.name,
            view_key_len: V::PRIMARY_KEY.len(),
            columns,
            base_key,
            rewritable,
            filter: view.and_then(|v| v.filter),
            base_schema,
            view_schema,
        })
    }

    /// The view's columns, then `WRITETIME` of each re-writable one.
    fn base_selection(&self) -> String {
        let mut parts: Vec<String> = self.columns.iter().map(|c| ident::quote(c)).collect();
        parts.extend(
            self.rewritable
                .iter()
                .map(|i| format!("WRITETIME({})", ident::quote(self.columns[*i]))),
        );
        parts.join(", ")
    }

    /// The base rows of one token range that the view must hold (its filter
    /// applied by the server), with write times.
    pub(crate) fn base_scan(&self, keyspace: &str) -> String {
        select_token_range(
            self.base_schema,
            keyspace,
            &self.base_selection(),
            self.filter,
        )
    }

    /// One base row by its key, as [`base_scan`](Self::base_scan) reads it. The
    /// filter is left out: it restricts only key columns, which the key fixes
    /// (and CQL refuses a second restriction on a column restricted by `=`).
    pub(crate) fn base_by_key(&self, keyspace: &str) -> String {
        let key = key_clause(self.base_key.iter().map(|i| self.columns[*i]));
        format!(
            "SELECT {} FROM {} WHERE {key}",
            self.base_selection(),
            table_ref(self.base_schema, keyspace)
        )
    }

    /// The view rows of one token range of the view.
    pub(crate) fn view_scan(&self, keyspace: &str) -> String {
        select_token_range(
            self.view_schema,
            keyspace,
            &ident::column_list(&self.columns),
            None,
        )
    }

    /// One view row by its key.
    pub(crate) fn view_by_key(&self, keyspace: &str) -> String {
        format!(
            "SELECT {} FROM {} WHERE {}",
            ident::column_list(&self.columns),
            table_ref(self.view_schema, keyspace),
            key_clause(self.columns[..self.view_key_len].iter().copied())
        )
    }

    /// `UPDATE base USING TIMESTAMP ? SET <columns> WHERE <base key>`.
    pub(crate) fn rewrite(&self, keyspace: &str, columns: &[usize]) -> String {
        let set: Vec<String> = columns
            .iter()
            .map(|i| format!("{} = ?", ident::quote(self.columns[*i])))
            .collect();
        format!(
            "UPDATE {} USING TIMESTAMP ? SET {} WHERE {}",
            table_ref(self.base_schema, keyspace),
            set.join(", "),
            key_clause(self.base_key.iter().map(|i| self.columns[*i]))
        )
    }
}

/// The identifiers of a CQL expression: `"quoted"` ones as written, bare ones in
/// lower case (as CQL folds them); string literals skipped.
fn identifiers(cql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = cql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let mut word = String::new();
                while let Some(d) = chars.next() {
                    if d == c {
                        if chars.peek() == Some(&c) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    word.push(d);
                }
                if c == '"' {
                    out.push(word);
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut word = c.to_ascii_lowercase().to_string();
                while let Some(d) = chars
                    .peek()
                    .copied()
                    .filter(|d| d.is_ascii_alphanumeric() || *d == '_')
                {
                    word.push(d.to_ascii_lowercase());
                    chars.next();
                }
                out.push(word);
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_skip_literals_and_fold_bare_words() {
        assert_eq!(
            super::identifiers("\"seq\" >= 50 AND Kind = 'it''s \"x\"' AND \"A\"\"b\" = 1"),
            ["seq", "and", "kind", "and", "A\"b"]
        );
    }
}
