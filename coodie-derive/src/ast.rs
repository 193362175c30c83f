//! The typed input: a struct with named fields, its attributes, and per field its
//! CQL column name, role and (for `Option<T>`) inner type.

use crate::attr;
use crate::ctxt::Ctxt;

/// Which derive is running; a few attributes belong to only one of them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    Document,
    MaterializedView,
}

impl Derive {
    pub fn name(self) -> &'static str {
        match self {
            Derive::Document => "Document",
            Derive::MaterializedView => "MaterializedView",
        }
    }
}

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
    Clustering(attr::Order),
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

    /// The table's (or view's) name: `table`/`view`, else the struct's name in
    /// snake_case.
    pub fn name(&self) -> String {
        let explicit = match self.derive {
            Derive::Document => self.attrs.table.get(),
            Derive::MaterializedView => self.attrs.view.get(),
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
}

impl<'a> Field<'a> {
    fn from_ast(cx: &Ctxt, field: &'a syn::Field, derive: Derive) -> Option<Self> {
        let attrs = attr::Field::from_ast(cx, derive, &field.attrs);
        let ident = field.ident.as_ref()?;
        let column = match attrs.rename.get() {
            Some(rename) => rename.value.clone(),
            None => ident.to_string().trim_start_matches("r#").to_string(),
        };
        Some(Field {
            ident,
            ty: &field.ty,
            attrs,
            option_inner: option_inner(&field.ty),
            column,
        })
    }

    pub fn kind(&self) -> Kind {
        if self.attrs.partition_key.is_set() {
            Kind::PartitionKey
        } else if self.attrs.clustering_key.is_set() {
            Kind::Clustering(self.attrs.order.get().copied().unwrap_or(attr::Order::Asc))
        } else if self.attrs.static_column.is_set() {
            Kind::Static
        } else {
            Kind::Regular
        }
    }

    /// Whether the type mentions `Uuid` (`Uuid`, `Option<Uuid>`, `Vec<Uuid>` ...),
    /// so that its column may be a `timeuuid` one, which the driver binds and reads
    /// only through `coodie::private::TimeuuidCompat`.
    pub fn may_hold_timeuuid(&self) -> bool {
        fn mentions(tokens: proc_macro2::TokenStream) -> bool {
            tokens.into_iter().any(|t| match t {
                proc_macro2::TokenTree::Ident(i) => i == "Uuid",
                proc_macro2::TokenTree::Group(g) => mentions(g.stream()),
                _ => false,
            })
        }
        mentions(quote::ToTokens::to_token_stream(self.ty))
    }

    /// The type a filter compares with: `T` for `Option<T>`, else the field's type.
    pub fn value_ty(&self) -> &'a syn::Type {
        self.option_inner.unwrap_or(self.ty)
    }
}

/// `T` when `ty` is `Option<T>` (also spelled `std::option::Option<T>`).
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    generic_args_of(ty, &["Option"]).and_then(|args| match args.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

/// The generic type arguments of `ty` when its last path segment is one of `names`.
pub fn generic_args_of<'t>(ty: &'t syn::Type, names: &[&str]) -> Option<Vec<&'t syn::Type>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if !names.iter().any(|n| last.ident == n) {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => Some(
            args.args
                .iter()
                .filter_map(|a| match a {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect(),
        ),
        syn::PathArguments::None => Some(Vec::new()),
        syn::PathArguments::Parenthesized(_) => None,
    }
}

/// `ProductByCategory` -> `product_by_category`, `HTTPLog` -> `http_log`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                None => false,
                Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) => p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()),
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn snake_case_names() {
        assert_eq!(snake_case("Product"), "product");
        assert_eq!(snake_case("ProductByCategory"), "product_by_category");
        assert_eq!(snake_case("HTTPLog"), "http_log");
        assert_eq!(snake_case("Event2Log"), "event2_log");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }
}
