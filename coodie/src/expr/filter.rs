//! Filters: typed restrictions built from [`Column`]s, with values that are always
//! bound, never spliced into the CQL text.

use std::marker::PhantomData;

use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::RowWriter;

use super::Column;
use super::value::BoundValue;
use crate::ident;
use crate::model::ColumnKind;

/// The operator of one restriction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`: only in the `IF` condition of a write (a `WHERE` refuses it).
    Ne,
    /// `IN`
    In,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `CONTAINS`: a list or set holds the value, or a map holds it as a value.
    Contains,
    /// `CONTAINS KEY`: a map holds the value as a key.
    ContainsKey,
}

impl Op {
    /// The operator as CQL spells it.
    ///
    /// ```
    /// assert_eq!(coodie::query::Op::Ge.as_cql(), ">=");
    /// ```
    pub fn as_cql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::In => "IN",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Contains => "CONTAINS",
            Op::ContainsKey => "CONTAINS KEY",
        }
    }

    /// Whether this is a range (slice) operator: `>`, `>=`, `<`, `<=`.
    ///
    /// ```
    /// assert!(coodie::query::Op::Lt.is_range());
    /// assert!(!coodie::query::Op::In.is_range());
    /// ```
    pub fn is_range(self) -> bool {
        matches!(self, Op::Gt | Op::Ge | Op::Lt | Op::Le)
    }
}

/// One restriction: column, operator, bound value.
#[derive(Debug, Clone)]
pub(crate) struct Restriction {
    /// The column (of a tuple relation: its first column).
    pub(crate) column: &'static str,
    pub(crate) kind: ColumnKind,
    pub(crate) op: Op,
    pub(crate) value: BoundValue,
    /// Every column of a tuple relation (`("a", "b") > ?`), in order; empty for a
    /// restriction on one column.
    pub(crate) tuple: Vec<&'static str>,
}

/// The values of restrictions (one each), in order, serialized where they are.
pub(crate) struct RestrictionValues<'a>(pub(crate) &'a [Restriction]);

impl SerializeRow for RestrictionValues<'_> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError> {
        let mut columns = ctx.columns().iter();
        for restriction in self.0 {
            let column = columns.next().ok_or_else(|| {
                SerializationError::new(std::io::Error::other(
                    "more restriction values than markers",
                ))
            })?;
            restriction
                .value
                .serialize(column.typ(), writer.make_cell_writer())?;
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Restriction {
    /// `"column" op ?`, or `("a", "b") op ?` for a tuple relation.
    pub(crate) fn to_cql(&self) -> String {
        let target = if self.tuple.is_empty() {
            ident::quote(self.column)
        } else {
            let quoted: Vec<_> = self.tuple.iter().map(|c| ident::quote(c)).collect();
            format!("({})", quoted.join(", "))
        };
        format!("{target} {} ?", self.op.as_cql())
    }

    /// The columns it restricts: the tuple's, or its one column.
    pub(crate) fn columns(&self) -> &[&'static str] {
        if self.tuple.is_empty() {
            std::slice::from_ref(&self.column)
        } else {
            &self.tuple
        }
    }

    /// Whether it restricts `column` (alone or in a tuple).
    pub(crate) fn touches(&self, column: &str) -> bool {
        self.columns().contains(&column)
    }
}

/// `r1 AND r2 …`: restrictions as a `WHERE` or `IF` clause.
pub(crate) fn restriction_clause(restrictions: &[Restriction]) -> String {
    restrictions
        .iter()
        .map(Restriction::to_cql)
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Restrictions on the rows of table `T`, ANDed together; built from the typed
/// columns in `T::COLUMNS`, so a misspelled column or a value of the wrong type
/// does not compile.
///
/// Combine filters with `&`, or call `Select::filter` several times.
///
/// ```
/// # use coodie::prelude::*;
/// # use uuid::Uuid;
/// # #[derive(Document, Debug, Clone)]
/// # #[coodie(table = "products")]
/// # pub struct Product {
/// #     #[coodie(partition_key)] pub id: Uuid,
/// #     pub name: String,
/// #     #[coodie(index)] pub category: String,
/// #     pub price: f64,
/// #     pub description: Option<String>,
/// # }
/// let weapons = Product::find().filter(|c| c.category.eq("weapons"));
/// assert_eq!(
///     weapons.to_cql("shop"),
///     "SELECT \"id\", \"name\", \"category\", \"price\", \"description\" \
///      FROM shop.products WHERE \"category\" = ?"
/// );
///
/// // Filtering on `price` (neither key nor indexed) is refused when run, unless
/// // the query opts in to scanning:
/// let cheap = Product::find()
///     .filter(|c| c.category.eq("weapons") & c.price.lt(10.0))
///     .allow_filtering();
/// ```
pub struct Filter<T> {
    pub(crate) restrictions: Vec<Restriction>,
    _table: PhantomData<fn() -> T>,
}

impl<T> Filter<T> {
    pub(crate) fn of_column(
        column: &'static str,
        kind: ColumnKind,
        op: Op,
        value: BoundValue,
    ) -> Self {
        Self::of(Restriction {
            column,
            kind,
            op,
            value,
            tuple: Vec::new(),
        })
    }

    /// The filter of one restriction.
    pub(crate) fn of(restriction: Restriction) -> Self {
        Filter {
            restrictions: vec![restriction],
            _table: PhantomData,
        }
    }

    /// Both this filter and `other`.
    pub fn and(mut self, other: Filter<T>) -> Self {
        self.restrictions.extend(other.restrictions);
        self
    }

    /// The restrictions as CQL, e.g. `"category" = ? AND "price" < ?`.
    pub fn to_cql(&self) -> String {
        restriction_clause(&self.restrictions)
    }
}

impl<T> Clone for Filter<T> {
    fn clone(&self) -> Self {
        Filter {
            restrictions: self.restrictions.clone(),
            _table: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Filter<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Filter").field(&self.to_cql()).finish()
    }
}

impl<T> std::ops::BitAnd for Filter<T> {
    type Output = Filter<T>;

    fn bitand(self, other: Filter<T>) -> Filter<T> {
        self.and(other)
    }
}

impl<T, V, R> Column<T, V, R>
where
    V: SerializeValue + Send + Sync + 'static,
{
    fn restrict(self, op: Op, value: BoundValue) -> Filter<T> {
        Filter::of_column(self.name(), self.kind(), op, value)
    }

    /// `column = value`.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::{Column, role};
    /// const CATEGORY: Column<(), String, role::PartitionKey> =
    ///     Column::new("category", ColumnKind::PartitionKey);
    /// assert_eq!(CATEGORY.eq("weapons").to_cql(), "\"category\" = ?");
    /// ```
    pub fn eq(self, value: impl Into<V>) -> Filter<T> {
        self.restrict(Op::Eq, BoundValue::new(value.into()))
    }

    /// `column != value`: for the `IF` condition of a write
    /// (`.if_(|c| c.status.ne("closed"))`); a `SELECT`, `UPDATE` or `DELETE`
    /// refuses it in its `WHERE` with an [`InvalidQuery`](crate::InvalidQuery).
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::Column;
    /// const STATUS: Column<(), String> = Column::new("status", ColumnKind::Regular);
    /// assert_eq!(STATUS.ne("closed").to_cql(), "\"status\" != ?");
    /// ```
    pub fn ne(self, value: impl Into<V>) -> Filter<T> {
        self.restrict(Op::Ne, BoundValue::new(value.into()))
    }

    /// `column IN (values…)`, bound as one list value.
    ///
    /// ```
    /// use coodie::model::ColumnKind;
    /// use coodie::query::{Column, role};
    /// const ID: Column<(), i32, role::PartitionKey> = Column::new("id", ColumnKind::PartitionKey);
    /// assert_eq!(ID.in_([1, 2, 3]).to_cql(), "\"id\" IN ?");
    /// ```
    pub fn in_<I, X>(self, values: I) -> Filter<T>
    where
        I: IntoIterator<Item = X>,
        X: Into<V>,
    {
        let list: Vec<V> = values.into_iter().map(Into::into).collect();
        self.restrict(Op::In, BoundValue::new(list))
    }

    /// `column > value`.
    ///
    /// ```
    /// use coodie::model::{ColumnKind, Order};
    /// use coodie::query::{Column, role};
    /// const AT: Column<(), i64, role::Clustering> =
    ///     Column::new("at", ColumnKind::Clustering(Order::Asc));
    /// assert_eq!(AT.gt(5).to_cql(), "\"at\" > ?");
    /// ```
    pub fn gt(self, value: impl Into<V>) -> Filter<T> {
        self.restrict(Op::Gt, BoundValue::new(value.into()))
    }

    /// `column >= value`.
    ///
    /// ```
    /// use coodie::model::{ColumnKind, Order};
    /// use coodie::query::{Column, role};
    /// const AT: Column<(), i64, role::Clustering> =
    ///     Column::new("at", ColumnKind::Clustering(Order::Asc));
    /// assert_eq!(AT.ge(5).to_cql(), "\"at\" >= ?");
    /// ```
    pub fn ge(self, value: impl Into<V>) -> Filter<T> {
        self.restrict(Op::Ge, BoundValue::new(value.into()))
    }

    /// `column < value`.
    ///
    /// ```
    /// use coodie::model::{ColumnKind, Order};
    /// use coodie::query::{Column, role};
    /// const AT: Column<(), i64, role::Clustering> =
    ///     Column::new("at", ColumnKind::Clustering(Order::Asc));
    /// assert_eq!(AT.lt(5).to_cql(), "\"at\" < ?");
    /// ```
    pub fn lt(self, value: impl Into<V>) -> Filter<T> {
        self.restrict(Op::Lt, BoundValue::new(value.into()))
    }

    /// `column <= value`.
    ///
    /// ```
    /// use coodie::model::{ColumnKind, Order};
    /// use coodie::query::{Column, role};
    /// const AT: Column<(), i64, role::Clustering> =
    ///     Column::new("at", ColumnKind::Clustering(Order::Asc));
    /// assert_eq!(AT.le(5).to_cql(), "\"at\" <= ?");
    /// ```
    pub fn le(self, value: impl Into<V>) -> Filter<T> {
        self.restrict(Op::Le, BoundValue::new(value.into()))
    }
}
