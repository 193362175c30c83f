//! What a view must hold for each base row, read from the view's own schema.

use crate::cql::dml::key_clause;
use crate::cql::table_ref;
use crate::cql::token::select_token_range;
use crate::ident;
use crate::model::{ColumnKind, MaterializedView, Table, TableSchema};

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
    pub(crate) fn of<V: MaterializedView>() -> Definition {
        let view_schema = V::schema();
        let base_schema = <V::Base as Table>::schema();
        let view = view_schema.view.as_ref();
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
        Definition {
            view: view_schema.name,
            base: base_schema.name,
            view_key_len: V::PRIMARY_KEY.len(),
            columns,
            base_key,
            rewritable,
            filter: view.and_then(|v| v.filter),
            base_schema,
            view_schema,
        }
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
        select_token_range(self.base_schema, keyspace, &self.base_selection(), self.filter)
    }

    /// One base row by its key, as [`base_scan`](Self::base_scan) reads it; with
    /// `filtered`, only when it passes the view's filter.
    pub(crate) fn base_by_key(&self, keyspace: &str, filtered: bool) -> String {
        let key = key_clause(self.base_key.iter().map(|i| self.columns[*i]));
        let mut cql = format!(
            "SELECT {} FROM {} WHERE {key}",
            self.base_selection(),
            table_ref(self.base_schema, keyspace)
        );
        if let (true, Some(filter)) = (filtered, self.filter) {
            cql.push_str(&format!(" AND {filter} ALLOW FILTERING"));
        }
        cql
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

/// Whether a column of this CQL type holds one cell per element.
fn is_multi_cell(cql_type: &str) -> bool {
    let t = cql_type.trim_start();
    ["list<", "set<", "map<"].iter().any(|p| t.starts_with(p))
}
