//! What each table's sync last found in sync, per session: the bytes of the
//! `system_schema` rows it read then. A later sync of the same model that reads
//! the same bytes again knows, without decoding them or comparing them with the
//! model, that nothing changed. Any other bytes (a column added by hand, an
//! index dropped, a node that answers from another schema version) take the
//! full comparison, which remembers the new bytes if they are in sync too.
//!
//! The bytes are compared exactly, column value by column value; nothing is
//! hashed, so two different answers never pass for the same one.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

use scylla::deserialize::row::ColumnIterator;
use scylla::response::query_result::QueryRowsResult;

use super::statements::FxHasher;
use crate::model::TableSchema;

/// The rows each model's table was last found in sync with, by the model's
/// schema (a `'static` value per model, so its address names it; hashed with
/// [`FxHasher`], as the session's statements are).
#[derive(Debug, Default)]
pub(crate) struct InSync {
    tables: Mutex<HashMap<usize, Box<[u8]>, BuildHasherDefault<FxHasher>>>,
}

impl InSync {
    /// Whether `results` are, byte for byte, the rows `schema`'s table was last
    /// found in sync with.
    pub(crate) fn matches<'r>(
        &self,
        schema: &'static TableSchema,
        results: impl IntoIterator<Item = &'r QueryRowsResult>,
    ) -> bool {
        let tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        let Some(seen) = tables.get(&key(schema)) else {
            return false;
        };
        let mut rest: &[u8] = seen;
        let same = each_piece(results, |piece| match rest.strip_prefix(piece) {
            Some(after) => {
                rest = after;
                true
            }
            None => false,
        });
        same && rest.is_empty()
    }

    /// Remembers `results` as rows `schema`'s table is in sync with (replacing
    /// what was remembered before).
    pub(crate) fn remember<'r>(
        &self,
        schema: &'static TableSchema,
        results: impl IntoIterator<Item = &'r QueryRowsResult>,
    ) {
        let mut bytes = Vec::new();
        let complete = each_piece(results, |piece| {
            bytes.extend_from_slice(piece);
            true
        });
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        if complete {
            tables.insert(key(schema), bytes.into_boxed_slice());
        } else {
            tables.remove(&key(schema));
        }
    }
}

fn key(schema: &'static TableSchema) -> usize {
    std::ptr::from_ref(schema) as usize
}

/// Calls `piece` with every piece of `results` in order, until it returns
/// `false`: per result its number of rows, per column value its length (`-1`
/// for null) and its bytes. The lengths make the sequence unambiguous: two
/// different lists of rows never give the same pieces. `false` when `piece`
/// stopped or a row could not be read.
fn each_piece<'r>(
    results: impl IntoIterator<Item = &'r QueryRowsResult>,
    mut piece: impl FnMut(&[u8]) -> bool,
) -> bool {
    for result in results {
        let Ok(rows_num) = u32::try_from(result.rows_num()) else {
            return false;
        };
        if !piece(&rows_num.to_le_bytes()) {
            return false;
        }
        let Ok(rows) = result.rows::<ColumnIterator>() else {
            return false;
        };
        for row in rows {
            let Ok(columns) = row else {
                return false;
            };
            for column in columns {
                let Ok(column) = column else {
                    return false;
                };
                let value = column.slice.map(|s| s.as_slice());
                let len = value.map_or(-1, |v| i32::try_from(v.len()).unwrap_or(i32::MAX));
                if !piece(&len.to_le_bytes()) || !piece(value.unwrap_or_default()) {
                    return false;
                }
            }
        }
    }
    true
}
