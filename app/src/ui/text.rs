use leptos::prelude::*;

/// Plain text as paragraphs and lists: a blank line starts a paragraph, lines starting with
/// "- " or "* " make a list. Everything stays text, so nothing in it can become markup.
pub fn paragraphs(text: &str) -> impl IntoView + use<> {
    let mut blocks: Vec<AnyView> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    fn flush(blocks: &mut Vec<AnyView>, paragraph: &mut Vec<String>, items: &mut Vec<String>) {
        if !paragraph.is_empty() {
            let text = std::mem::take(paragraph).join("\n");
            blocks.push(view! { <p class="whitespace-pre-line">{text}</p> }.into_any());
        }
        if !items.is_empty() {
            let list = std::mem::take(items);
            blocks.push(view! { <ul class="list-disc space-y-1 pl-6">{list.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul> }.into_any());
        }
    }
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(item) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            if !paragraph.is_empty() {
                let mut none = Vec::new();
                flush(&mut blocks, &mut paragraph, &mut none);
            }
            items.push(item.trim().to_owned());
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut items);
        } else {
            if !items.is_empty() {
                let mut none = Vec::new();
                flush(&mut blocks, &mut none, &mut items);
            }
            paragraph.push(trimmed.to_owned());
        }
    }
    flush(&mut blocks, &mut paragraph, &mut items);
    view! { <div class="space-y-3 text-sm leading-6 text-slate-800 dark:text-slate-200">{blocks}</div> }
}

/// A count with its thousands grouped: 16844 → "16,844".
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn counts_group_their_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(16844), "16,844");
        assert_eq!(grouped(1234567), "1,234,567");
        assert_eq!(grouped(-1200), "-1,200");
    }
}
