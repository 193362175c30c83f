//! The typed input: a struct with named fields, its attributes, and per field its
//! CQL column name, role and (for `Option<T>`) inner type. Every derive kind reads
//! its struct into this one shape.

use super::attr::{self, Order};
use super::case::snake_case;
use super::ctxt::Ctxt;
use super::{Derive, ty};

/// The struct being derived.
pub struct Container<'a> {
    pub ident: &'a syn::Ident,
    pub vis: &'a syn::Visibility,
    pub generics: &'a syn::Generics,
    pub derive: Derive,
    pub attrs: attr::Container,
    pub fields: Vec<Field<'a>>,
}

/// The role of a column, as declared.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PartitionKey,
    Clustering(Order),
    Static,
    Regular,
}

impl Kind {
    pub fn is_primary_key(self) -> bool {
        matches!(self, Kind::PartitionKey | Kind::Clustering(_))
    }
}

/// One field, i.e. one column.
pub struct Field<'a> {
    pub ident: &'a syn::Ident,
    pub ty: &'a syn::Type,
    pub attrs: attr::Field,
    /// `T` when the field is an `Option<T>` (a nullable column).
    pub option_inner: Option<&'a syn::Type>,
    /// The CQL column name: `rename`, else the field name.
    pub column: String,
}

impl<'a> Container<'a> {
    /// Reads `input`; `None` (with the error recorded) when it is not a struct with
    /// named fields.
    pub fn from_ast(cx: &Ctxt, input: &'a syn::DeriveInput, derive: Derive) -> Option<Self> {
        let attrs = attr::Container::from_ast(cx, derive, &input.attrs);
        // The error for every input that is not a struct with named fields, with why.
        let needs_named_fields = |why: &str| {
            format!(
                "#[derive({})] needs a struct with named fields, one per column; {why}",
                derive.name()
            )
        };
        let named = match &input.data {
            syn::Data::Struct(syn::DataStruct {
                fields: syn::Fields::Named(named),
                ..
            }) => named,
            syn::Data::Struct(_) => {
                cx.error_spanned_by(
                    input,
                    needs_named_fields("tuple and unit structs have no column names"),
                );
                return None;
            }
            syn::Data::Enum(e) => {
                cx.error_at(
                    e.enum_token.span,
                    needs_named_fields("an enum cannot be a table row"),
                );
                return None;
            }
            syn::Data::Union(u) => {
                cx.error_at(
                    u.union_token.span,
                    needs_named_fields("a union cannot be a table row"),
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .filter_map(|f| Field::from_ast(cx, f, derive))
            .collect();
        Some(Container {
            ident: &input.ident,
            vis: &input.vis,
            generics: &input.generics,
            derive,
            attrs,
            fields,
        })
    }

    /// The table's (view's, user type's) name: `table`/`view`/`type_name`, else
    /// the struct's name in snake_case.
    pub fn name(&self) -> String {
        let explicit = match self.derive {
            Derive::Document => self.attrs.table.get(),
            Derive::MaterializedView => self.attrs.view.get(),
            Derive::Projection => None,
            Derive::UserType => self.attrs.type_name.get(),
        };
        explicit
            .map(|s| s.value.clone())
            .unwrap_or_else(|| snake_case(&self.ident.to_string()))
    }

    pub fn partition_key(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields
            .iter()
            .filter(|f| f.kind() == Kind::PartitionKey)
    }

    pub fn clustering_key(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields
            .iter()
            .filter(|f| matches!(f.kind(), Kind::Clustering(_)))
    }

    /// Partition columns, then clustering columns.
    pub fn primary_key(&self) -> impl Iterator<Item = &Field<'a>> {
        self.partition_key().chain(self.clustering_key())
    }

    /// The name of the public typed-columns struct: `ProductColumns`.
    pub fn columns_ident(&self) -> syn::Ident {
        quote::format_ident!("{}Columns", self.ident)
    }

    /// The counter columns (`Counter` fields), in field order.
    pub fn counter_columns(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.is_counter())
    }

    /// Whether this is a counter table: it has `Counter` fields.
    pub fn is_counter_table(&self) -> bool {
        self.counter_columns().next().is_some()
    }

    /// The static columns, in field order.
    pub fn static_columns(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|f| f.kind() == Kind::Static)
    }

    /// The name of the secondary index on `field`, if it has one: the name given
    /// with `index = "..."`, else `{table}_{column}_idx` (as Python coodie names
    /// indexes).
    pub fn index_name(&self, field: &Field) -> Option<String> {
        Some(match &field.attrs.index.get()?.name {
            Some(explicit) => explicit.value.clone(),
            None => format!("{}_{}_idx", self.name(), field.column),
        })
    }
}

impl<'a> Field<'a> {
    fn from_ast(cx: &Ctxt, field: &'a syn::Field, derive: Derive) -> Option<Self> {
        let attrs = attr::Field::from_ast(cx, derive, &field.attrs);
        let ident = field.ident.as_ref()?;
        let column = match attrs.rename.get() {
            Some(rename) => rename.value.clone(),
            None => unraw(ident),
        };
        Some(Field {
            ident,
            ty: &field.ty,
            attrs,
            option_inner: ty::option_inner(&field.ty),
            column,
        })
    }

    pub fn kind(&self) -> Kind {
        if self.attrs.partition_key.is_set() {
            Kind::PartitionKey
        } else if self.attrs.clustering_key.is_set() {
            Kind::Clustering(self.attrs.order.get().copied().unwrap_or(Order::Asc))
        } else if self.attrs.static_column.is_set() {
            Kind::Static
        } else {
            Kind::Regular
        }
    }

    /// The field's name without `r#`: `type` for `r#type`.
    pub fn name(&self) -> String {
        unraw(self.ident)
    }

    /// Whether the column may be a `timeuuid` one (its type mentions `Uuid`), which
    /// the driver binds and reads only through `coodie::private::TimeuuidCompat`.
    pub fn may_hold_timeuuid(&self) -> bool {
        ty::mentions_uuid(self.ty)
    }

    /// Whether the field is a `vector<T, N>` column: its type is `[T; N]` (or
    /// an `Option` of one), which the driver reads and binds only through
    /// `coodie::private::{VectorCompat, VectorCell}`.
    pub fn is_vector(&self) -> bool {
        ty::is_array(self.ty)
    }

    /// Whether the field is a `counter` column: its type is `Counter` (or
    /// `Option<Counter>`).
    pub fn is_counter(&self) -> bool {
        ty::is_counter(self.ty)
    }

    /// Whether the column may be narrower than the field's CQL type (`float` for
    /// an `f64`), read and written through `coodie::private::Widened`/`WidenRef`.
    pub fn may_be_narrowed(&self) -> bool {
        ty::may_be_narrowed(self.ty)
    }

    /// The type a filter compares with: `T` for `Option<T>`, else the field's type.
    pub fn value_ty(&self) -> &'a syn::Type {
        self.option_inner.unwrap_or(self.ty)
    }
}

fn unraw(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_string()
}
