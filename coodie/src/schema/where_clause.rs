//! Comparing `WHERE` clauses of views as the servers store them.
//!
//! Cassandra re-renders the clause (identifiers quoted only when needed, one space
//! around operators, upper-case keywords, and a string literal's `''` written back
//! as a single `'`); ScyllaDB keeps a rendering of its own. Two clauses are the same
//! when they restrict the same columns in the same ways, in any order and spelling.

use std::collections::BTreeSet;

/// One lexical token, spelled canonically.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An identifier or keyword: unquoted ones are case-insensitive (lower-cased),
    /// quoted ones are taken as written.
    Word(String),
    /// A string literal's content.
    Text(String),
    /// A number, blob or other literal starting with a digit, lower-cased.
    Literal(String),
    /// An operator or punctuation.
    Symbol(String),
}

impl Token {
    fn render(&self, out: &mut String) {
        match self {
            Token::Word(w) => out.push_str(&crate::ident::quote(w)),
            Token::Text(t) => {
                out.push('\'');
                out.push_str(&t.replace('\'', "''"));
                out.push('\'');
            }
            Token::Literal(l) | Token::Symbol(l) => out.push_str(l),
        }
    }
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            tokens.push(Token::Word(quoted(&chars, &mut i, '"', false)?));
        } else if c == '\'' {
            tokens.push(Token::Text(quoted(&chars, &mut i, '\'', true)?));
        } else if c.is_alphabetic() || c == '_' {
            let word = run_of(&chars, &mut i, |c| c.is_alphanumeric() || c == '_');
            tokens.push(Token::Word(word.to_lowercase()));
        } else if c.is_ascii_digit() {
            let literal = run_of(&chars, &mut i, |c| c.is_alphanumeric() || c == '.');
            tokens.push(Token::Literal(literal.to_lowercase()));
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            if ["<=", ">=", "!="].contains(&two.as_str()) {
                tokens.push(Token::Symbol(two));
                i += 2;
            } else {
                tokens.push(Token::Symbol(c.to_string()));
                i += 1;
            }
        }
    }
    Some(tokens)
}

/// The chars from `chars[*i]` on that `keep` accepts, leaving `*i` after them.
fn run_of(chars: &[char], i: &mut usize, keep: impl Fn(char) -> bool) -> String {
    let start = *i;
    while *i < chars.len() && keep(chars[*i]) {
        *i += 1;
    }
    chars[start..*i].iter().collect()
}

/// The content of the quoted identifier or string literal whose opening `quote` is
/// at `chars[*i]`, leaving `*i` after the closing one; `None` when it is not closed.
///
/// A doubled quote stands for one (CQL's escape). With `undoubled_before_word`
/// (string literals), so does a lone quote followed by a letter, digit or `_`:
/// Cassandra writes `'it''s'` back as `'it's'`, and such a quote cannot end a
/// literal in valid CQL.
fn quoted(
    chars: &[char],
    i: &mut usize,
    quote: char,
    undoubled_before_word: bool,
) -> Option<String> {
    let mut content = String::new();
    *i += 1;
    loop {
        match chars.get(*i) {
            None => return None,
            Some(&q) if q == quote && chars.get(*i + 1) == Some(&quote) => {
                content.push(quote);
                *i += 2;
            }
            Some(&q)
                if q == quote
                    && undoubled_before_word
                    && chars
                        .get(*i + 1)
                        .is_some_and(|n| n.is_alphanumeric() || *n == '_') =>
            {
                content.push(quote);
                *i += 1;
            }
            Some(&q) if q == quote => {
                *i += 1;
                return Some(content);
            }
            Some(&other) => {
                content.push(other);
                *i += 1;
            }
        }
    }
}

/// The restrictions of a `WHERE` clause, each spelled canonically, as a set: the
/// same for every spelling of the same clause.
///
/// A clause that cannot be tokenized (an unterminated literal) is kept whole, with
/// runs of whitespace collapsed.
pub(crate) fn restrictions(clause: &str) -> BTreeSet<String> {
    let Some(tokens) = tokenize(clause) else {
        return BTreeSet::from([clause.split_whitespace().collect::<Vec<_>>().join(" ")]);
    };
    let mut set = BTreeSet::new();
    collect(&tokens, &mut set);
    set
}

fn is_symbol(token: &Token, symbol: &str) -> bool {
    matches!(token, Token::Symbol(s) if s == symbol)
}

/// Whether `tokens` is one parenthesised group: `( … )` with the first `(`
/// closed by the last `)`.
fn wrapped(tokens: &[Token]) -> bool {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return false;
    };
    if tokens.len() < 2 || !is_symbol(first, "(") || !is_symbol(last, ")") {
        return false;
    }
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        if is_symbol(token, "(") {
            depth += 1;
        } else if is_symbol(token, ")") {
            depth = depth.saturating_sub(1);
            if depth == 0 && i + 1 < tokens.len() {
                return false;
            }
        }
    }
    true
}

/// Splits `tokens` at top-level `AND`s into canonical restrictions; a restriction
/// (or the whole clause) in redundant parentheses is unwrapped, since servers may
/// add or drop them.
fn collect(tokens: &[Token], set: &mut BTreeSet<String>) {
    if wrapped(tokens) {
        collect(&tokens[1..tokens.len() - 1], set);
        return;
    }
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if is_symbol(token, "(") {
            depth += 1;
        } else if is_symbol(token, ")") {
            depth = depth.saturating_sub(1);
        } else if matches!(token, Token::Word(w) if w == "and") && depth == 0 {
            parts.push(&tokens[start..i]);
            start = i + 1;
        }
    }
    parts.push(&tokens[start..]);
    if parts.len() == 1 {
        let mut rendered = String::new();
        for token in tokens {
            if !rendered.is_empty() {
                rendered.push(' ');
            }
            token.render(&mut rendered);
        }
        if !rendered.is_empty() {
            set.insert(rendered);
        }
        return;
    }
    for part in parts {
        collect(part, set);
    }
}

/// Whether two `WHERE` clauses restrict the same columns in the same ways.
pub(crate) fn same(a: &str, b: &str) -> bool {
    restrictions(a) == restrictions(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cassandra_and_scylla_spellings_are_the_same() {
        let ours = "\"category\" IS NOT NULL AND \"id\" IS NOT NULL";
        assert!(same(ours, "category IS NOT NULL AND id IS NOT NULL"));
        assert!(same(ours, "category is not null and id is not null"));
        assert!(same(ours, "id IS NOT NULL AND category IS NOT NULL"));
        assert!(same(
            ours,
            "  \"category\"  IS NOT NULL   AND\n\"id\" IS NOT NULL "
        ));
        assert!(!same(ours, "category IS NOT NULL AND brand IS NOT NULL"));
        assert!(!same(ours, "category IS NOT NULL"));
    }

    #[test]
    fn redundant_parentheses_do_not_matter() {
        let ours = "\"a\" IS NOT NULL AND \"b\" IN ('x', 'y')";
        assert!(same(ours, "(a IS NOT NULL) AND (b IN ('x','y'))"));
        assert!(same(ours, "((a IS NOT NULL AND b IN ('x', 'y')))"));
        assert!(!same(ours, "a IS NOT NULL AND b IN ('x')"));
        // `(a, b) = (1, 2)` is one restriction, not a group to unwrap.
        assert_eq!(restrictions("(a, b) = (1, 2) AND c IS NOT NULL").len(), 2);
        assert!(!same("(a, b) = (1, 2)", "a, b = 1, 2"));
    }

    #[test]
    fn quoted_identifiers_keep_their_case() {
        assert!(same("\"Mixed\" IS NOT NULL", "\"Mixed\" IS NOT NULL"));
        assert!(!same("\"Mixed\" IS NOT NULL", "mixed IS NOT NULL"));
        assert!(same("\"mixed\" IS NOT NULL", "Mixed IS NOT NULL"));
    }

    #[test]
    fn operators_and_literals() {
        assert!(same(
            "a IS NOT NULL AND a>3 AND b IN ('x','y') and c >= '2020-01-01'",
            "a IS NOT NULL AND a > 3 AND b IN ('x', 'y') AND c >= '2020-01-01'"
        ));
        assert!(!same("a > 3", "a >= 3"));
        assert!(!same("b = 'x'", "b = 'X'"));
        assert!(same("b = 0xCAFE", "b = 0xcafe"));
    }

    #[test]
    fn cassandra_unescaped_quote_is_understood() {
        // Cassandra 5 stores `b = 'it''s'` as `b = 'it's'`.
        assert!(same("\"b\" = 'it''s'", "b = 'it's'"));
        assert!(same(
            "b = 'it''s' AND a IS NOT NULL",
            "a IS NOT NULL AND b = 'it's'"
        ));
    }

    #[test]
    fn broken_text_is_compared_whole() {
        assert!(same("a = 'open", "a  =  'open"));
        assert!(!same("a = 'open", "a = 'closed"));
    }
}
