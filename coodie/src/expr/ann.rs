//! The nearest-neighbour ordering of a vector search: `ORDER BY "c" ANN OF ?`.

use super::value::BoundValue;
use crate::ident;

/// `ORDER BY "column" ANN OF ?`, with the query vector bound.
#[derive(Debug, Clone)]
pub(crate) struct AnnTerm {
    pub(crate) column: &'static str,
    pub(crate) value: BoundValue,
}

impl AnnTerm {
    /// The ANN term of `column` nearest to `query`.
    pub(crate) fn new<const N: usize>(column: &'static str, query: [f32; N]) -> Self {
        // A `Vec<f32>` binds to a `vector<float, N>` marker (the driver checks N).
        AnnTerm {
            column,
            value: BoundValue::new(query.to_vec()),
        }
    }

    /// `"column" ANN OF ?`
    pub(crate) fn to_cql(&self) -> String {
        format!("{} ANN OF ?", ident::quote(self.column))
    }
}
