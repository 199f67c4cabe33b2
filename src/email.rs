//! Email addresses typed by hand: a strict, readable check of their shape (no network lookup).

/// True for `local@domain.tld` with the usual characters; rejects spaces, several `@`,
/// empty labels and Vietnamese letters (mail servers of schools do not accept them).
pub fn is_valid(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// Domains schools write to most; a domain one or two keystrokes away from one of them is likely a slip.
const COMMON: &[&str] =
    &["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "edu.vn", "gov.vn", "moet.gov.vn", "moet.edu.vn"];

/// The corrected address when the domain (or its ending) is close to, but not, a common one.
pub fn likely_typo(address: &str) -> Option<String> {
    let (local, domain) = address.split_once('@')?;
    let domain = domain.to_lowercase();
    for common in COMMON {
        // Compare the whole domain, and the ending for provincial domains ("haiphong.edu.vm").
        let labels = common.matches('.').count() + 1;
        let parts: Vec<&str> = domain.split('.').collect();
        if parts.len() < labels {
            continue;
        }
        let (head, tail) = parts.split_at(parts.len() - labels);
        let tail = tail.join(".");
        if tail != *common && distance(&tail, common) <= if common.len() > 6 { 2 } else { 1 } {
            let fixed = if head.is_empty() { common.to_string() } else { format!("{}.{common}", head.join(".")) };
            return Some(format!("{local}@{fixed}"));
        }
    }
    None
}

/// Levenshtein distance (short strings only).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{is_valid, likely_typo};

    #[test]
    fn warns_on_likely_typos_only() {
        assert_eq!(likely_typo("a@gmail.con").as_deref(), Some("a@gmail.com"));
        assert_eq!(likely_typo("a@gmial.com").as_deref(), Some("a@gmail.com"));
        assert_eq!(likely_typo("c1@haiphong.edu.vm").as_deref(), Some("c1@haiphong.edu.vn"));
        assert_eq!(likely_typo("vhxh@vinhhoa.gov.vn"), None);
        assert_eq!(likely_typo("a@gmail.com"), None);
        assert_eq!(likely_typo("c1@haiphong.edu.vn"), None);
    }

    #[test]
    fn accepts_school_addresses() {
        for ok in ["c1hungtien@haiphong.edu.vn", "phong.vhxh+bc@vinhhoa.gov.vn", "a_b-c@gmail.com"] {
            assert!(is_valid(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_typing_slips() {
        for bad in
            ["", "c1hungtien", "a@b", "a@@b.vn", "a b@c.vn", "a@c..vn", "trường@edu.vn", "a@c.v", ".a@c.vn", "a@-c.vn", "a@c.vn."]
        {
            assert!(!is_valid(bad), "{bad}");
        }
    }
}
