//! Reading an uploaded CSV file into checked rows: the header names the columns (in any order,
//! any case), each row is checked like the profile form, a repeated email is a problem of the
//! later row, and a cell a spreadsheet would run as a formula is refused rather than kept.

use uuid::Uuid;

use super::types::*;
use crate::assessments::types::Skill;
use crate::recruiting::candidates::input::{CandidateFields, CandidateInput};
use crate::recruiting::candidates::types::SOURCES;

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    /// The line in the file, the header being line 1.
    pub line: i32,
    /// As written, for showing a row that has a problem.
    pub name: String,
    pub email: String,
    pub checked: Result<CandidateInput, String>,
}

/// The file's rows, or why the whole file cannot be imported.
pub fn parse(bytes: &[u8], catalog: &[Skill]) -> Result<Vec<ParsedRow>, FileProblem> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(FileProblem::TooLarge);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Spreadsheets set to a European locale separate cells with semicolons.
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if !first_line.contains(&b',') && first_line.contains(&b';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => return Err(FileProblem::Empty),
        Some(Err(error)) => return Err(problem_of(&error)),
        Some(Ok(header)) => header,
    };
    let header: Vec<String> = header
        .iter()
        .map(|cell| std::str::from_utf8(cell).map(|c| c.trim().to_owned()).map_err(|_| FileProblem::NotUtf8 { line: 1 }))
        .collect::<Result<_, _>>()?;
    let columns = columns(&header)?;
    let mut lines = Lines { bytes, byte: 0, line: 1 };
    let mut rows = Vec::new();
    let mut seen: std::collections::HashMap<String, i32> = std::collections::HashMap::new();
    for record in records {
        let record = record.map_err(|error| problem_of(&error))?;
        let line = lines.at(record.position().map_or(0, |p| p.byte() as usize));
        let cells: Vec<&str> = record.iter().map(std::str::from_utf8).collect::<Result<_, _>>().map_err(|_| FileProblem::NotUtf8 { line })?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_IMPORT_ROWS {
            // Counted to the end, so the message can say how many there are.
            let more = 1 + reader_rest_count(&mut reader);
            return Err(FileProblem::TooManyRows(MAX_IMPORT_ROWS + more));
        }
        let cell = Cells { columns: &columns, cells: &cells };
        let line = line.min(i32::MAX as u64) as i32;
        let mut checked = if cells.len() != header.len() {
            Err(format!("The row has {} cells; the header has {}.", cells.len(), header.len()))
        } else {
            check_row(&cell, catalog)
        };
        if let Ok(input) = &checked {
            let key = input.email.to_lowercase();
            match seen.get(&key) {
                Some(first) => checked = Err(format!("The same email as line {first}.")),
                None => {
                    seen.insert(key, line);
                }
            }
        }
        rows.push(ParsedRow { line, name: cell.get("name").chars().take(200).collect(), email: cell.get("email").chars().take(200).collect(), checked });
    }
    if rows.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(rows)
}

/// Line numbers as an editor shows them: the reader's own count is off after a blank line,
/// which it skips but counts from.
struct Lines<'a> {
    bytes: &'a [u8],
    byte: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line where the record starting at `byte` (perhaps on a blank line before it) begins.
    fn at(&mut self, mut byte: usize) -> u64 {
        while self.bytes.get(byte).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            byte += 1;
        }
        let byte = byte.min(self.bytes.len()).max(self.byte);
        self.line += self.bytes[self.byte..byte].iter().filter(|b| **b == b'\n').count() as u64;
        self.byte = byte;
        self.line
    }
}

fn reader_rest_count(reader: &mut csv::Reader<&[u8]>) -> usize {
    reader.byte_records().filter_map(Result::ok).filter(|r| r.iter().any(|c| !c.iter().all(u8::is_ascii_whitespace))).count()
}

fn problem_of(error: &csv::Error) -> FileProblem {
    match error.kind() {
        csv::ErrorKind::Utf8 { pos, .. } => FileProblem::NotUtf8 { line: pos.as_ref().map_or(0, |p| p.line()) },
        _ => FileProblem::Unreadable,
    }
}

/// Each header cell's column, by name in any case, spacing or punctuation ("E-mail", "Full name").
fn columns(header: &[String]) -> Result<Vec<&'static str>, FileProblem> {
    let mut found: Vec<&'static str> = Vec::new();
    for cell in header {
        let key: String = cell.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let column = match key.as_str() {
            "name" | "fullname" | "candidate" | "candidatename" => "name",
            "email" | "emailaddress" => "email",
            "phone" | "phonenumber" | "mobile" => "phone",
            "location" | "city" => "location",
            "source" => "source",
            "tags" | "tag" => "tags",
            "links" | "link" | "urls" | "url" => "links",
            "skills" | "skill" => "skills",
            _ => return Err(FileProblem::UnknownColumn(cell.chars().take(60).collect())),
        };
        if found.contains(&column) {
            return Err(FileProblem::RepeatedColumn(cell.chars().take(60).collect()));
        }
        found.push(column);
    }
    for required in ["name", "email"] {
        if !found.contains(&required) {
            return Err(FileProblem::MissingColumn(required.to_owned()));
        }
    }
    Ok(found)
}

/// A spreadsheet runs a cell starting with these as a formula (`=cmd|' /C calc'!A0`).
fn formula_like(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@'])
}

/// One row's cells by column.
struct Cells<'a> {
    columns: &'a [&'static str],
    cells: &'a [&'a str],
}

impl<'a> Cells<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.columns.iter().position(|c| *c == column).and_then(|i| self.cells.get(i)).map_or("", |c| c.trim())
    }
}

fn check_row(row: &Cells, catalog: &[Skill]) -> Result<CandidateInput, String> {
    let cell = |column: &str| row.get(column);
    for column in ["name", "email", "location", "source", "tags", "links", "skills"] {
        if formula_like(cell(column)) {
            return Err(format!("The {column} “{}” looks like a spreadsheet formula, so it was not imported.", cell(column).chars().take(40).collect::<String>()));
        }
    }
    let phone = cell("phone");
    if phone.starts_with(['=', '@', '-']) || (phone.starts_with('+') && !phone[1..].trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '(')) {
        return Err(format!("The phone “{}” looks like a spreadsheet formula, so it was not imported.", phone.chars().take(40).collect::<String>()));
    }
    let source = match cell("source") {
        "" => "imported",
        given => {
            let key: String = given.to_lowercase().replace([' ', '-'], "_");
            SOURCES
                .iter()
                .find(|(k, label)| *k == key || label.eq_ignore_ascii_case(given))
                .map(|(k, _)| *k)
                .ok_or_else(|| format!("The source “{given}” is not one of: careers site, referral, sourced, agency, imported."))?
        }
    };
    let skills = skills(cell("skills"), catalog)?;
    let links = cell("links").replace(';', " ").split_whitespace().collect::<Vec<_>>().join("\n");
    let tags = cell("tags").replace(';', ",");
    CandidateInput::check(CandidateFields { name: cell("name"), email: cell("email"), phone, location: cell("location"), source, tags: &tags, links: &links, skills })
        .map_err(|error| error.to_string())
}

/// `Rust:4; SQL:3` (or with commas) against the tenant's skill catalog.
fn skills(text: &str, catalog: &[Skill]) -> Result<Vec<(Uuid, i16)>, String> {
    let mut skills = Vec::new();
    for entry in text.split([';', ',']).map(str::trim).filter(|e| !e.is_empty()) {
        let (name, level) = entry.rsplit_once(':').ok_or_else(|| format!("Give a level for “{entry}”, as {entry}:4."))?;
        let (name, level) = (name.trim(), level.trim());
        let skill = catalog
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| format!("“{name}” is not in your skill catalog: add it there first, or leave it out."))?;
        let level: i16 = level.parse().ok().filter(|l| (1..=5).contains(l)).ok_or_else(|| format!("The level of {name} is 1 to 5."))?;
        skills.push((skill.id, level));
    }
    Ok(skills)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Vec<Skill> {
        vec![Skill { id: Uuid::from_u128(1), name: "Rust".into() }, Skill { id: Uuid::from_u128(2), name: "SQL".into() }]
    }

    fn problems(rows: &[ParsedRow]) -> Vec<(i32, String)> {
        rows.iter().filter_map(|r| r.checked.clone().err().map(|e| (r.line, e))).collect()
    }

    #[test]
    fn rows_are_checked_one_by_one() {
        let file = "\u{feff}Full name,E-mail,Skills,Tags,Links\n\
            Ada Lovelace,ada@example.com,rust:5; SQL:3,math;engines,https://a.example https://b.example\n\
            Bad Email,not-an-email,,,\n\
            Again,ADA@example.com,,,\n\
            \n\
            \"Quoted, Name\",q@example.com,Cobol:3,,\n\
            Short,short@example.com\n";
        let rows = parse(file.as_bytes(), &catalog()).unwrap();
        assert_eq!(rows.len(), 5);
        let ada = rows[0].checked.as_ref().unwrap();
        assert_eq!((ada.name.as_str(), ada.source.as_str()), ("Ada Lovelace", "imported"));
        assert_eq!(ada.skills, vec![(Uuid::from_u128(1), 5), (Uuid::from_u128(2), 3)]);
        assert_eq!(ada.tags, ["math", "engines"]);
        assert_eq!(ada.links.len(), 2);
        let found = problems(&rows);
        assert_eq!(found.iter().map(|p| p.0).collect::<Vec<_>>(), [3, 4, 6, 7]);
        assert!(found[1].1.contains("same email as line 2"), "{found:?}");
        assert!(found[2].1.contains("Cobol"), "{found:?}");
        assert!(found[3].1.contains("2 cells"), "{found:?}");
    }

    #[test]
    fn formulas_are_refused_but_phone_numbers_kept() {
        let file = "name,email,phone,location\n=cmd|' /C calc'!A0,f@example.com,,\nPat,p@example.com,+44 20 7946 0000,@SUM(1)\nLee,l@example.com,+1 (555) 010,Oslo\n";
        let rows = parse(file.as_bytes(), &[]).unwrap();
        let found = problems(&rows);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].1.contains("formula") && found[1].1.contains("location"));
        assert_eq!(rows[2].checked.as_ref().unwrap().phone, "+1 (555) 010");
    }

    #[test]
    fn whole_file_problems() {
        assert_eq!(parse(b"", &[]), Err(FileProblem::Empty));
        assert_eq!(parse(b"name,email\n", &[]), Err(FileProblem::Empty));
        assert_eq!(parse(b"name,mail\nA,a@example.com\n", &[]), Err(FileProblem::UnknownColumn("mail".into())));
        assert_eq!(parse(b"name,phone\nA,1\n", &[]), Err(FileProblem::MissingColumn("email".into())));
        assert_eq!(parse(b"name,email,Email\n", &[]), Err(FileProblem::RepeatedColumn("Email".into())));
        assert_eq!(parse(b"name,email\nA,a@example.com\nJos\xe9,j@example.com\n", &[]), Err(FileProblem::NotUtf8 { line: 3 }));
        let mut big = String::from("name,email\n");
        for i in 0..MAX_IMPORT_ROWS + 5 {
            big.push_str(&format!("P{i},p{i}@example.com\n"));
        }
        assert_eq!(parse(big.as_bytes(), &[]), Err(FileProblem::TooManyRows(MAX_IMPORT_ROWS + 5)));
        let semicolons = parse(b"name;email\nA;a@example.com\n", &[]).unwrap();
        assert!(semicolons[0].checked.is_ok());
    }

    #[test]
    fn problems_travel_in_the_address() {
        for problem in [FileProblem::NotUtf8 { line: 7 }, FileProblem::UnknownColumn("Mail & co".into()), FileProblem::TooManyRows(100_000), FileProblem::Empty] {
            let (code, detail) = problem.code();
            assert_eq!(FileProblem::from_query(code, &detail), Some(problem));
        }
    }
}
