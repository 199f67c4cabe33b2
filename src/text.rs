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
    let kept = clean_piece(&unified);
    let lines: Vec<&str> = kept.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// A piece of a line (a run of a paragraph, "Chủ đề: " before the theme): NFC, forbidden and
/// invisible characters removed, its spaces kept.
pub fn clean_piece(s: &str) -> String {
    s.nfc().filter(|&c| !is_forbidden_control(c) && !is_invisible(c)).collect()
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

/// Replaces each `{key}` of a default text (assets/texts/*.json) with its value.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(template.to_owned(), |text, (key, value)| text.replace(&format!("{{{key}}}"), value))
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

/// A file name as typed or as found (Vietnamese kept) made into one Windows accepts: characters
/// it refuses (`< > : " / \\ | ? *`, controls) become "_", no trailing dot or space, a device
/// name (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an extension) gets "_", and at
/// most 255 characters with the extension kept. Empty becomes "tep".
pub fn windows_safe(name: &str) -> String {
    let cleaned: String =
        clean_line(name).chars().map(|c| if "<>:\"/\\|?*".contains(c) || c.is_control() { '_' } else { c }).collect();
    let trimmed = cleaned.trim_end_matches(['.', ' ']);
    let (stem, ext) = match trimmed.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 16 => (stem, format!(".{ext}")),
        _ => (trimmed, String::new()),
    };
    // Windows reserves a device name before the first dot, whatever follows it.
    let first = stem.split('.').next().unwrap_or_default();
    let base = first.trim_end().to_ascii_uppercase();
    let device = ["CON", "PRN", "AUX", "NUL"].contains(&base.as_str())
        || (base.len() == 4 && (base.starts_with("COM") || base.starts_with("LPT")) && base.as_bytes()[3].is_ascii_digit());
    let stem = if device { format!("{first}_{}", &stem[first.len()..]) } else { stem.to_owned() };
    let stem: String = stem.chars().take(254 - ext.chars().count()).collect();
    let stem = stem.trim_end_matches(['.', ' ']);
    if stem.is_empty() { format!("tep{ext}") } else { format!("{stem}{ext}") }
}

/// A constant regular expression of the code (each is exercised by its module's tests).
pub(crate) fn pattern(re: &str) -> regex::Regex {
    #[allow(clippy::expect_used)]
    regex::Regex::new(re).expect("constant pattern")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_refuses_are_made_acceptable() {
        assert_eq!(windows_safe("Báo cáo đã ký.pdf"), "Báo cáo đã ký.pdf");
        assert_eq!(windows_safe("CON.pdf"), "CON_.pdf");
        assert_eq!(windows_safe("nul"), "nul_");
        assert_eq!(windows_safe("com1.tar.gz"), "com1_.tar.gz");
        assert_eq!(windows_safe("LPT9"), "LPT9_");
        assert_eq!(windows_safe("COMX.txt"), "COMX.txt");
        assert_eq!(windows_safe("a<b>c:d\"e/f\\g|h?i*j.docx"), "a_b_c_d_e_f_g_h_i_j.docx");
        assert_eq!(windows_safe("Lễ khai mạc. . "), "Lễ khai mạc");
        assert_eq!(windows_safe("..."), "tep");
        assert_eq!(windows_safe(""), "tep");
        let long = windows_safe(&format!("{}.jpg", "Đọc sách ".repeat(60)));
        assert!(long.chars().count() <= 255 && long.ends_with(".jpg"), "{long}");
    }

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
