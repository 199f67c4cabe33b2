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

#[cfg(test)]
mod tests {
    use super::is_valid;

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
