//! A tar archive (POSIX ustar) written in memory: what a tenant's export is delivered in,
//! readable by every archiver.

const BLOCK: usize = 512;

pub struct Tar {
    bytes: Vec<u8>,
    mtime: u64,
}

impl Tar {
    /// Entries will carry `mtime` (seconds since 1970) as their modification time.
    pub fn new(mtime: u64) -> Self {
        Self { bytes: Vec::new(), mtime }
    }

    /// Adds a file. `name` is kept to 100 bytes of ASCII: anything else becomes `_`, and a
    /// longer name is cut in its middle part, keeping the folder and the extension.
    pub fn add(&mut self, name: &str, contents: &[u8]) {
        let name = entry_name(name);
        let mut header = [0u8; BLOCK];
        header[..name.len()].copy_from_slice(name.as_bytes());
        octal(&mut header[100..108], 0o644);
        octal(&mut header[108..116], 0);
        octal(&mut header[116..124], 0);
        octal(&mut header[124..136], contents.len() as u64);
        octal(&mut header[136..148], self.mtime);
        header[156] = b'0';
        header[257..263].copy_from_slice(b"ustar\0");
        header[263..265].copy_from_slice(b"00");
        // The checksum is taken with its own field as spaces.
        header[148..156].fill(b' ');
        let sum: u64 = header.iter().map(|b| u64::from(*b)).sum();
        let field = format!("{sum:06o}\0 ");
        header[148..156].copy_from_slice(field.as_bytes());
        self.bytes.extend_from_slice(&header);
        self.bytes.extend_from_slice(contents);
        self.bytes.resize(self.bytes.len().div_ceil(BLOCK) * BLOCK, 0);
    }

    /// The archive, closed by its two empty blocks.
    pub fn finish(mut self) -> Vec<u8> {
        self.bytes.resize(self.bytes.len() + 2 * BLOCK, 0);
        self.bytes
    }
}

fn octal(field: &mut [u8], value: u64) {
    let text = format!("{value:0width$o}\0", width = field.len() - 1);
    field.copy_from_slice(text.as_bytes());
}

fn entry_name(name: &str) -> String {
    let clean: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '\\' || c == ' ' { c } else { '_' }).collect();
    if clean.len() <= 100 {
        return clean;
    }
    let (head, tail) = (&clean[..60], &clean[clean.len() - 39..]);
    format!("{head}~{tail}")
}

/// The entries of an archive `Tar` wrote: (name, contents). For checking exports.
pub fn entries(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at + BLOCK <= archive.len() {
        let header = &archive[at..at + BLOCK];
        if header.iter().all(|b| *b == 0) {
            break;
        }
        let name = String::from_utf8_lossy(&header[..100]).trim_end_matches('\0').to_owned();
        let size_text = String::from_utf8_lossy(&header[124..135]).trim_matches(|c: char| c == '\0' || c == ' ').to_owned();
        let size = usize::from_str_radix(&size_text, 8).unwrap_or(0);
        let start = at + BLOCK;
        let end = (start + size).min(archive.len());
        found.push((name, archive[start..end].to_vec()));
        at = start + size.div_ceil(BLOCK) * BLOCK;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_holds_its_files_in_whole_blocks_with_valid_headers() {
        let mut tar = Tar::new(1_764_720_000);
        tar.add("tables/candidates.json", b"[{\"name\":\"Ada\"}]");
        tar.add("files/empty.txt", b"");
        let long = format!("files/{}.pdf", "r\u{e9}sum\u{e9}-".repeat(20));
        tar.add(&long, &[7u8; 1000]);
        let bytes = tar.finish();
        assert_eq!(bytes.len() % BLOCK, 0);
        assert_eq!(bytes.len(), BLOCK * (1 + 1 + 1 + 1 + 2) + BLOCK * 2);
        let found = entries(&bytes);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], ("tables/candidates.json".to_owned(), b"[{\"name\":\"Ada\"}]".to_vec()));
        assert_eq!(found[1].1, Vec::<u8>::new());
        assert!(found[2].0.starts_with("files/r_sum_-") && found[2].0.ends_with(".pdf") && found[2].0.len() <= 100, "{}", found[2].0);
        assert_eq!(found[2].1, vec![7u8; 1000]);
        // Each header's checksum is the sum of its bytes, the field itself read as spaces.
        let header = &bytes[..BLOCK];
        let mut blanked = header.to_vec();
        blanked[148..156].fill(b' ');
        let sum: u64 = blanked.iter().map(|b| u64::from(*b)).sum();
        assert_eq!(&header[148..155], format!("{sum:06o}\0").as_bytes());
        assert_eq!(&header[257..265], b"ustar\x0000");
    }
}
