//! CSV cells, quoted where needed; cells that a spreadsheet would run as a formula are defused.

/// One cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or `@`
/// gets an apostrophe so that spreadsheets show it as text instead of evaluating it.
pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(super::field("plain"), "plain");
        assert_eq!(super::field("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(super::field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
