//! Any text, in every place a user can type it, gives a .docx whose every XML part parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tuanle::docs::{Block, DocHeader, Document, Signature, docx};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let header = DocHeader {
        authority_line: text.clone(),
        issuer: text.clone(),
        number_line: text.clone(),
        place_date: text.clone(),
    };
    let doc = Document {
        header,
        title: text.clone(),
        summary: text.clone(),
        body: vec![
            Block::heading(1, &text),
            Block::paragraph(&text),
            Block::table(&[("STT", 10), (text.as_str(), 90)], vec![vec![text.clone(), text.clone()]]),
        ],
        recipients: vec![text.clone(), text.clone()],
        signature: Signature { title_lines: vec![text.clone()], name: text.clone() },
    };
    let bytes = docx::write(&doc).expect("a document is always written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("a part");
        let name = part.name().to_owned();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml).expect("UTF-8 XML");
            roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
});
