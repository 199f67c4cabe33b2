//! Amounts of money as official documents write them: figures with dot separators
//! ("2.015.000.000 đồng") and in words ("Bằng chữ: Hai tỷ không trăm mười lăm triệu đồng").

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// One group of three digits. A group that is not the first one spoken says its hundreds even
/// when zero ("một nghìn không trăm linh năm").
fn group(g: u64, leading: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = ((g / 100) as usize, ((g / 10) % 10) as usize, (g % 10) as usize);
    if h > 0 || !leading {
        out.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u > 0 && (h > 0 || !leading) => out.push("linh"),
        0 => {}
        1 => out.push("mười"),
        _ => out.extend([DIGITS[t], "mươi"]),
    }
    if u > 0 {
        out.push(match u {
            1 if t >= 2 => "mốt",
            4 if t >= 2 => "tư",
            5 if t >= 1 => "lăm",
            _ => DIGITS[u],
        });
    }
}

fn below_billion(n: u64, leading: bool, out: &mut Vec<&'static str>) {
    let mut first = leading;
    for (g, scale) in [(n / 1_000_000, "triệu"), ((n / 1_000) % 1_000, "nghìn"), (n % 1_000, "")] {
        if g == 0 {
            continue;
        }
        group(g, first, out);
        if !scale.is_empty() {
            out.push(scale);
        }
        first = false;
    }
}

fn read(n: u64, leading: bool, out: &mut Vec<&'static str>) {
    let (high, low) = (n / 1_000_000_000, n % 1_000_000_000);
    if high > 0 {
        read(high, leading, out);
        out.push("tỷ");
    }
    if low > 0 {
        below_billion(low, leading && high == 0, out);
    }
}

/// "hai tỷ không trăm mười lăm triệu"; 0 is "không".
pub fn number_in_words(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    let mut out = Vec::new();
    read(n, true, &mut out);
    out.join(" ")
}

/// "Hai tỷ không trăm mười lăm triệu đồng": the line after "Bằng chữ:".
pub fn amount_in_words(dong: u64) -> String {
    let words = number_in_words(dong);
    let mut chars = words.chars();
    let capital: String = chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default();
    format!("{capital} đồng")
}

/// "2.015.000.000": dots between groups of three, as Vietnamese documents write amounts.
pub fn figures(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_edge_cases() {
        for (n, words) in [
            (0, "không"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (15, "mười lăm"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (1_005, "một nghìn không trăm linh năm"),
            (1_000_000, "một triệu"),
            (5_500_000, "năm triệu năm trăm nghìn"),
            (1_000_005, "một triệu không trăm linh năm"),
            (2_015_000_000, "hai tỷ không trăm mười lăm triệu"),
            (1_000_000_000_000, "một nghìn tỷ"),
            (3_000_021_000, "ba tỷ không trăm hai mươi mốt nghìn"),
        ] {
            assert_eq!(number_in_words(n), words, "{n}");
        }
    }

    #[test]
    fn money_lines() {
        assert_eq!(amount_in_words(2_015_000_000), "Hai tỷ không trăm mười lăm triệu đồng");
        assert_eq!(amount_in_words(0), "Không đồng");
        assert_eq!(figures(2_015_000_000), "2.015.000.000");
        assert_eq!(figures(500), "500");
        assert_eq!(figures(1_000), "1.000");
    }
}
