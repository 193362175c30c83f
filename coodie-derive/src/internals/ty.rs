//! What the derive can tell from a field's Rust type as written: whether it is an
//! `Option`, a `Uuid`, a collection. The CQL type itself is the runtime's
//! business (`coodie::model::CqlType`); these only drive the checks and the
//! `None`-is-unset and `timeuuid` plumbing.

/// `T` when `ty` is `Option<T>` (also spelled `std::option::Option<T>`).
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    generic_args_of(ty, &["Option"]).and_then(|args| match args.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

/// `Uuid` or `Option<Uuid>`.
pub fn is_uuid(ty: &syn::Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    is_plain(ty, "Uuid")
}

/// A CQL collection (or an `Option` of one): `Vec<T>` other than `Vec<u8>` (a
/// blob), `HashSet`, `BTreeSet`, `HashMap`, `BTreeMap`.
pub fn is_collection(ty: &syn::Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    if let Some(args) = generic_args_of(ty, &["Vec"]) {
        let is_bytes = matches!(args.as_slice(), [t] if is_plain(t, "u8"));
        return !is_bytes;
    }
    generic_args_of(ty, &["HashSet", "BTreeSet", "HashMap", "BTreeMap"]).is_some()
}

/// `[T; N]` or `Option<[T; N]>`: a `vector<T, N>` column.
pub fn is_array(ty: &syn::Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    matches!(ty, syn::Type::Array(_))
}

/// `Counter` or `Option<Counter>` (any path ending in `Counter`, such as
/// `coodie::model::Counter`): the field is a `counter` column.
pub fn is_counter(ty: &syn::Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    is_plain(ty, "Counter")
}

/// The built-in scalar types the macro knows by name.
const SCALARS: &[&str] = &[
    "String",
    "i8",
    "i16",
    "i32",
    "i64",
    "f32",
    "f64",
    "bool",
    "Uuid",
    "DateTime",
    "NaiveDate",
    "NaiveTime",
    "IpAddr",
];

/// A type the macro knows is neither a collection nor a user type: the built-in
/// scalars (or an `Option` of one), `Vec<u8>` (a blob) included.
pub fn is_known_scalar(ty: &syn::Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    let is_bytes = generic_args_of(ty, &["Vec"])
        .is_some_and(|args| matches!(args.as_slice(), [t] if is_plain(t, "u8")));
    is_bytes || generic_args_of(ty, SCALARS).is_some()
}

/// Whether the type mentions `Uuid` anywhere (`Uuid`, `Option<Uuid>`,
/// `Vec<Uuid>` ...), so that its column may be a `timeuuid` one.
pub fn mentions_uuid(ty: &syn::Type) -> bool {
    idents_of(ty).iter().any(|i| i == "Uuid")
}

/// Every identifier in a type, nested generic arguments included.
fn idents_of(ty: &syn::Type) -> Vec<proc_macro2::Ident> {
    fn walk(tokens: proc_macro2::TokenStream, out: &mut Vec<proc_macro2::Ident>) {
        for t in tokens {
            match t {
                proc_macro2::TokenTree::Ident(i) => out.push(i),
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(quote::ToTokens::to_token_stream(ty), &mut out);
    out
}

/// The names, beyond [`SCALARS`], that a type built only of coodie's own
/// mappings may use: the other types with a `coodie::private::Widen` impl, the
/// containers and the path segments before them. A type naming anything else (a
/// user type, an alias) is read and written as it is, without the compatibility
/// layer.
const WIDENABLE_NAMES_BEYOND_SCALARS: &[&str] = &[
    "Option",
    "Vec",
    "HashSet",
    "BTreeSet",
    "HashMap",
    "BTreeMap",
    "Ascii",
    "u8",
    "CqlTimeuuid",
    "Utc",
    "CqlDuration",
    "CqlDecimal",
    "CqlVarint",
    "CqlDate",
    "CqlTime",
    "CqlTimestamp",
    "BigDecimal",
    "BigInt",
    "std",
    "core",
    "alloc",
    "collections",
    "option",
    "vec",
    "string",
    "net",
    "uuid",
    "chrono",
    "coodie",
    "types",
    "scylla",
    "value",
    "bigdecimal",
    "num_bigint",
];

/// Whether the field may sit in a live column narrower than its CQL type (an
/// `f64` in a `float` column, an `i64` in an `int` one), which it then reads and
/// writes through `coodie::private::Widened` / `WidenRef`: its type mentions
/// `f64` or `i64` and is built of coodie's mappings only.
pub fn may_be_narrowed(ty: &syn::Type) -> bool {
    let names: Vec<String> = idents_of(ty).iter().map(ToString::to_string).collect();
    names.iter().any(|n| n == "f64" || n == "i64")
        && names.iter().all(|n| {
            SCALARS.contains(&n.as_str()) || WIDENABLE_NAMES_BEYOND_SCALARS.contains(&n.as_str())
        })
}

/// The type as a person writes it: `Option<f64>`, `HashMap<String, i32>`.
pub fn display(ty: &syn::Type) -> String {
    let text = quote::ToTokens::to_token_stream(ty).to_string();
    let mut out = String::with_capacity(text.len());
    for part in text.split(' ') {
        let glue = out.ends_with(['<', '(', '&', ':', '['])
            || part.starts_with(['<', '>', ',', ')', ':', ']', ';'])
            || out.is_empty();
        if !glue {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// `ty` is the path `name` (its last segment), without generic arguments.
fn is_plain(ty: &syn::Type, name: &str) -> bool {
    generic_args_of(ty, &[name]).is_some_and(|args| args.is_empty())
}

/// The generic type arguments of `ty` when its last path segment is one of `names`.
fn generic_args_of<'t>(ty: &'t syn::Type, names: &[&str]) -> Option<Vec<&'t syn::Type>> {
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

#[cfg(test)]
mod tests {
    use super::{
        display, is_collection, is_counter, is_uuid, may_be_narrowed, mentions_uuid, option_inner,
    };

    #[test]
    fn narrowable_types() {
        for yes in [
            "f64",
            "Option<i64>",
            "std::collections::BTreeMap<String, Vec<f64>>",
            "(i64, String)",
        ] {
            assert!(may_be_narrowed(&ty(yes)), "{yes}");
        }
        for no in ["f32", "String", "Vec<MyType>", "(f64, Address)", "Price"] {
            assert!(!may_be_narrowed(&ty(no)), "{no}");
        }
    }

    #[test]
    fn types_display_as_written() {
        assert_eq!(display(&ty("Option < f64 >")), "Option<f64>");
        assert_eq!(
            display(&ty("HashMap<String, Vec<i32>>")),
            "HashMap<String, Vec<i32>>"
        );
        assert_eq!(
            display(&ty("std::option::Option<(i64, String)>")),
            "std::option::Option<(i64, String)>"
        );
        assert_eq!(display(&ty("[f32; 3]")), "[f32; 3]");
    }

    fn ty(text: &str) -> syn::Type {
        syn::parse_str(text).expect("a type")
    }

    #[test]
    fn options() {
        assert_eq!(option_inner(&ty("Option<String>")), Some(&ty("String")));
        assert_eq!(
            option_inner(&ty("std::option::Option<i32>")),
            Some(&ty("i32"))
        );
        assert_eq!(option_inner(&ty("String")), None);
    }

    #[test]
    fn uuids() {
        assert!(is_uuid(&ty("Uuid")));
        assert!(is_uuid(&ty("Option<uuid::Uuid>")));
        assert!(!is_uuid(&ty("Vec<Uuid>")));
        assert!(mentions_uuid(&ty("Vec<Uuid>")));
        assert!(!mentions_uuid(&ty("String")));
    }

    #[test]
    fn arrays() {
        assert!(super::is_array(&ty("[f32; 4]")));
        assert!(super::is_array(&ty("Option<[f32; 4]>")));
        assert!(!super::is_array(&ty("Vec<f32>")));
    }

    #[test]
    fn counters() {
        for yes in ["Counter", "coodie::model::Counter", "Option<Counter>"] {
            assert!(is_counter(&ty(yes)), "{yes}");
        }
        for no in ["i64", "Vec<Counter>", "Counter<i64>"] {
            assert!(!is_counter(&ty(no)), "{no}");
        }
    }

    #[test]
    fn collections() {
        for yes in [
            "Vec<i32>",
            "Option<HashSet<String>>",
            "BTreeMap<String, i64>",
        ] {
            assert!(is_collection(&ty(yes)), "{yes}");
        }
        for no in ["Vec<u8>", "String", "Option<i32>"] {
            assert!(!is_collection(&ty(no)), "{no}");
        }
    }
}
