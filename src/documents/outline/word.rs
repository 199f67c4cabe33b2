//! The text of a Word letter as it reads on screen, for the outline's reader: each paragraph a
//! line, with the «I.», «1.», «a)» or «-» that Word draws from its automatic numbering
//! (numbering.xml, given directly or through the paragraph's style) written out, since the
//! headings of an authority's «MẪU BC» are usually numbered that way.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::roman;
use crate::docs::ooxml::{self, Refusal, child_w, is_w, w_val};

/// One level of a list: where it starts, how its number is written, and the text around it.
#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: String,
    text: String,
}

/// The lists of a document: each numbering instance's abstract list, and that list's levels.
#[derive(Default)]
struct Lists {
    abstract_of: HashMap<String, String>,
    levels: HashMap<String, HashMap<u8, Level>>,
}

fn lists(xml: Option<&str>) -> Lists {
    let mut lists = Lists::default();
    let Some(doc) = xml.and_then(|x| Document::parse(x).ok()) else { return lists };
    for n in doc.root_element().children() {
        if is_w(n, "abstractNum") {
            let Some(id) = n.attribute((ooxml::W, "abstractNumId")) else { continue };
            let levels = n
                .children()
                .filter(|l| is_w(*l, "lvl"))
                .filter_map(|l| {
                    let ilvl = l.attribute((ooxml::W, "ilvl"))?.parse().ok()?;
                    let val = |name| child_w(l, name).and_then(w_val).unwrap_or_default().to_owned();
                    Some((ilvl, Level { start: val("start").parse().unwrap_or(1), format: val("numFmt"), text: val("lvlText") }))
                })
                .collect();
            lists.levels.insert(id.to_owned(), levels);
        } else if is_w(n, "num")
            && let (Some(id), Some(abs)) = (n.attribute((ooxml::W, "numId")), child_w(n, "abstractNumId").and_then(w_val))
        {
            lists.abstract_of.insert(id.to_owned(), abs.to_owned());
        }
    }
    lists
}

/// A paragraph style's own list (numId, level) and the style it is based on.
struct Style {
    list: Option<(String, u8)>,
    based_on: Option<String>,
}

/// The list (numId, level) of a paragraph: its own, else its style's (through `basedOn`).
fn numbering(p: Node, styles: &HashMap<String, Style>) -> Option<(String, u8)> {
    let ppr = child_w(p, "pPr")?;
    if let Some(num) = child_w(ppr, "numPr") {
        return list_of(num).filter(|(id, _)| id != "0");
    }
    let mut style = child_w(ppr, "pStyle").and_then(w_val).map(str::to_owned);
    for _ in 0..8 {
        let found = styles.get(style.as_ref()?)?;
        if found.list.is_some() {
            return found.list.clone().filter(|(id, _)| id != "0");
        }
        style = found.based_on.clone();
    }
    None
}

/// The list (numId, level) a `w:numPr` names; level 0 when it gives none.
fn list_of(num_pr: Node) -> Option<(String, u8)> {
    let id = child_w(num_pr, "numId").and_then(w_val)?.to_owned();
    Some((id, child_w(num_pr, "ilvl").and_then(w_val).and_then(|v| v.parse().ok()).unwrap_or(0)))
}

fn styles(xml: Option<&str>) -> HashMap<String, Style> {
    let Some(doc) = xml.and_then(|x| Document::parse(x).ok()) else { return HashMap::new() };
    doc.root_element()
        .children()
        .filter(|s| is_w(*s, "style"))
        .filter_map(|s| {
            let id = s.attribute((ooxml::W, "styleId"))?.to_owned();
            let num = child_w(s, "pPr").and_then(|p| child_w(p, "numPr")).and_then(list_of);
            Some((id, Style { list: num, based_on: child_w(s, "basedOn").and_then(w_val).map(str::to_owned) }))
        })
        .collect()
}

/// A number as the level writes it.
fn written(n: i64, format: &str) -> String {
    let letter = |base: u8| {
        let i = (n.max(1) - 1) % 26;
        char::from(base + i as u8).to_string()
    };
    match format {
        "upperRoman" => roman(n.max(1) as usize).to_owned(),
        "lowerRoman" => roman(n.max(1) as usize).to_lowercase(),
        "upperLetter" => letter(b'A'),
        "lowerLetter" => letter(b'a'),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

/// The lines of the letter, numbering written out; a bullet of any shape becomes «-».
pub fn lines(bytes: &[u8]) -> Result<Vec<String>, Refusal> {
    let document = ooxml::part(bytes, "word/document.xml")?;
    let numbering_xml = ooxml::part(bytes, "word/numbering.xml").ok();
    let style_xml = ooxml::part(bytes, "word/styles.xml").ok();
    let lists = lists(numbering_xml.as_deref());
    let styles = styles(style_xml.as_deref());
    let doc = Document::parse(&document).map_err(|_| ooxml::broken())?;
    // The current number of each level of each abstract list.
    let mut counters: HashMap<String, [Option<i64>; 9]> = HashMap::new();
    let mut out = Vec::new();
    for p in doc.descendants().filter(|n| is_w(*n, "p")) {
        let text: String = p
            .descendants()
            .filter_map(|n| match n.tag_name().name() {
                "t" if is_w(n, "t") => n.text(),
                "tab" | "br" if n.tag_name().namespace() == Some(ooxml::W) => Some(" "),
                _ => None,
            })
            .collect();
        let mut line = text.trim().to_owned();
        if let Some((num, ilvl)) = numbering(p, &styles)
            && let Some(abs) = lists.abstract_of.get(&num)
            && let Some(levels) = lists.levels.get(abs)
            && let Some(level) = levels.get(&ilvl)
        {
            let counter = counters.entry(abs.clone()).or_insert([None; 9]);
            let at = usize::from(ilvl.min(8));
            counter[at] = Some(counter[at].map_or(level.start, |n| n + 1));
            counter.iter_mut().skip(at + 1).for_each(|c| *c = None);
            let prefix = if level.format == "bullet" {
                "-".to_owned()
            } else {
                (1..=9).fold(level.text.clone(), |t, k| {
                    let value = counter[k - 1].or_else(|| levels.get(&((k - 1) as u8)).map(|l| l.start)).unwrap_or(1);
                    let format = levels.get(&((k - 1) as u8)).map_or("decimal", |l| l.format.as_str());
                    t.replace(&format!("%{k}"), &written(value, format))
                })
            };
            if !text.trim().is_empty() {
                line = format!("{} {}", prefix.trim(), text.trim());
            }
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::written;

    #[test]
    fn numbers_as_word_writes_them() {
        assert_eq!(written(2, "upperRoman"), "II");
        assert_eq!(written(4, "lowerRoman"), "iv");
        assert_eq!(written(3, "lowerLetter"), "c");
        assert_eq!(written(12, "decimal"), "12");
        assert_eq!(written(5, "none"), "");
    }
}
