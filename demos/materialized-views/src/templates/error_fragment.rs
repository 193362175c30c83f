//! A failure as a readable message fragment.

use askama::Template;

use crate::error::AppError;

/// An error message fragment.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorFragment {
    /// Headline.
    pub title: String,
    /// Explanation.
    pub detail: String,
    /// The technical cause, folded away.
    pub cause: Option<String>,
}

impl From<&AppError> for ErrorFragment {
    fn from(error: &AppError) -> Self {
        let title = match error {
            AppError::Invalid(e) => format!("Check the {} field", e.field),
            AppError::Database(_) => "The Oracle is silent (database unavailable)".to_string(),
            AppError::NotFound(_) => "Not found".to_string(),
            _ => "The request was refused".to_string(),
        };
        let (detail, cause) = match error {
            AppError::Database(e) => (
                "The database did not answer; try again in a moment \
                 (if it is not running: make db-up)."
                    .to_string(),
                Some(e.to_string()),
            ),
            other => (other.detail(), None),
        };
        ErrorFragment {
            title,
            detail,
            cause,
        }
    }
}

#[cfg(test)]
mod tests {
    use askama::Template;

    use super::*;
    use crate::error::FieldError;

    #[test]
    fn messages_are_escaped() {
        for error in [
            AppError::NotFound("<script>window.__xss=1</script>".into()),
            AppError::Invalid(FieldError::new("<img src=x>", "<b>no</b>")),
        ] {
            let html = ErrorFragment::from(&error).render().unwrap();
            assert!(
                !html.contains("<script") && !html.contains("<img") && !html.contains("<b>"),
                "{html}"
            );
            assert!(html.contains("&#60;"), "{html}");
        }
    }
}
