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

/// Whether the type mentions `Uuid` anywhere (`Uuid`, `Option<Uuid>`,
/// `Vec<Uuid>` ...), so that its column may be a `timeuuid` one.
pub fn mentions_uuid(ty: &syn::Type) -> bool {
    fn mentions(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == "Uuid",
            proc_macro2::TokenTree::Group(g) => mentions(g.stream()),
            _ => false,
        })
    }
    mentions(quote::ToTokens::to_token_stream(ty))
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
    use super::{is_collection, is_uuid, mentions_uuid, option_inner};

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
