//! Normalisation of text typed or pasted by users (Word, Zalo, Unikey): Unicode NFC, no control
//! characters that make a .docx invalid, no invisible characters. Applied when data is saved,
//! never while the user types (input methods rewrite the field with backspaces).

use unicode_normalization::UnicodeNormalization;

/// Characters that are invisible in documents but break search, comparison and layout.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{202A}'..='\u{202E}')
}

/// Characters that XML 1.0 does not allow, plus the other C0/C1 controls.
fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// A multi-line text: NFC, forbidden and invisible characters removed, line ends unified,
/// trailing spaces of each line and blank lines at both ends removed.
pub fn clean_text(s: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified.nfc().filter(|&c| !is_forbidden_control(c) && !is_invisible(c)).collect();
    let lines: Vec<&str> = kept.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// A one-line field: like `clean_text`, with every run of white space (tabs, new lines,
/// non-breaking spaces) turned into a single space and both ends trimmed.
pub fn clean_line(s: &str) -> String {
    clean_text(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when the text would be changed by `clean_text` (used by document checks).
pub fn needs_cleaning(s: &str) -> bool {
    clean_text(s) != s
}

/// A name safe for files and mail attachments: Vietnamese letters without their marks
/// ("Đ" → "D", "ệ" → "e"), spaces as "-", anything else dropped.
pub fn ascii_fold(s: &str) -> String {
    let folded: String = clean_line(s)
        .nfd()
        .filter_map(|c| match c {
            'đ' => Some('d'),
            'Đ' => Some('D'),
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect();
    folded.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_decomposed_vietnamese() {
        // "Tiến" typed as e + circumflex + acute (NFD) becomes the single precomposed letter.
        let nfd = "Tie\u{0302}\u{0301}n";
        assert_eq!(clean_line(nfd), "Tiến");
        assert_eq!(clean_line(nfd).chars().count(), 4);
    }

    #[test]
    fn drops_invisible_and_control_characters() {
        assert_eq!(clean_line("Hùng\u{200B} Tiến\u{0007}\u{FEFF}"), "Hùng Tiến");
        assert_eq!(clean_line("  a\u{00A0}\u{00A0}b\tc\n d "), "a b c d");
    }

    #[test]
    fn folds_names_to_ascii() {
        assert_eq!(ascii_fold("TH Hùng Tiến"), "TH-Hung-Tien");
        assert_eq!(ascii_fold("MNĐK"), "MNDK");
    }

    #[test]
    fn keeps_paragraphs_in_texts() {
        assert_eq!(clean_text("\r\nDòng một  \r\nDòng hai\n\n"), "Dòng một\nDòng hai");
        assert!(needs_cleaning("x\u{200B}"));
        assert!(!needs_cleaning("Đã sạch"));
    }
}
