//! Decodes the JPEGs of a folder with each candidate decoder, one thread, to the sizes the import
//! needs (the thumbnail: at least 320 px; the copy for documents: at least 1600 px), and prints the
//! best of 3 rounds as a Markdown table. Usage: bench-decoders DIR
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: fail loudly

use std::time::Instant;

use sha2::Digest;

type Decode = dyn Fn(&[u8]) -> (usize, usize);

/// jpeg-decoder (what the app uses now): DCT-domain scaling to the smallest of 1/8 … 8/8 that keeps
/// the long side at least `edge`.
fn jpeg_decoder(bytes: &[u8], edge: u16) -> (usize, usize) {
    let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(bytes));
    d.read_info().unwrap();
    let (w, h) = d.scale(edge, edge).unwrap();
    assert!(!d.decode().unwrap().is_empty());
    (usize::from(w), usize::from(h))
}

/// zune-jpeg: SIMD, but no scaled decoding (always the full picture).
fn zune(bytes: &[u8]) -> (usize, usize) {
    let mut d = zune_jpeg::JpegDecoder::new(zune_core::bytestream::ZCursor::new(bytes));
    assert!(!d.decode().unwrap().is_empty());
    d.dimensions().unwrap()
}

/// libjpeg-turbo through mozjpeg: SIMD (nasm) and DCT-domain scaling n/8, the same rule.
fn libjpeg_turbo(bytes: &[u8], edge: usize, fast: bool) -> (usize, usize) {
    let mut d = mozjpeg::Decompress::new_mem(bytes).unwrap();
    let (w, h) = (d.width(), d.height());
    let n = (1..=8).find(|n| (w.max(h) * n).div_ceil(8) >= edge).unwrap_or(8);
    d.scale(n as u8);
    if fast {
        d.dct_method(mozjpeg::DctMethod::IntegerFast);
        d.do_fancy_upsampling(false);
    }
    let mut s = d.rgb().unwrap();
    let (w, h) = (s.width(), s.height());
    let pixels: Vec<[u8; 3]> = s.read_scanlines().unwrap();
    assert_eq!(pixels.len(), w * h);
    s.finish().unwrap();
    (w, h)
}

fn sha256(bytes: &[u8]) -> (usize, usize) {
    assert_eq!(sha2::Sha256::digest(bytes).len(), 32);
    (0, 0)
}

fn main() {
    let dir = std::env::args().nth(1).expect("a folder of JPEGs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg")))
        .collect();
    files.sort();
    let photos: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(!photos.is_empty(), "no .jpg in {dir}");
    let mb = photos.iter().map(Vec::len).sum::<usize>() as f64 / photos.len() as f64 / 1e6;
    println!("{} photos, {mb:.1} MB each on average; one thread, best of 3 rounds", photos.len());
    println!();
    println!("| decoder | output | per photo |");
    println!("|---|---|---|");
    let cases: [(&str, &Decode); 7] = [
        ("jpeg-decoder 0.3, scaled to ≥ 320 px (the app now)", &|b| jpeg_decoder(b, 320)),
        ("libjpeg-turbo (mozjpeg 0.10), scaled to ≥ 320 px", &|b| libjpeg_turbo(b, 320, false)),
        ("libjpeg-turbo, scaled to ≥ 320 px, fast IDCT, plain upsampling", &|b| libjpeg_turbo(b, 320, true)),
        ("zune-jpeg 0.5, full size (no scaled decoding)", &zune),
        ("jpeg-decoder 0.3, scaled to ≥ 1600 px (copy for documents)", &|b| jpeg_decoder(b, 1600)),
        ("libjpeg-turbo, scaled to ≥ 1600 px", &|b| libjpeg_turbo(b, 1600, false)),
        ("SHA-256 of the file (for scale)", &sha256),
    ];
    for (name, decode) in cases {
        decode(&photos[0]);
        let mut size = (0, 0);
        let mut best = f64::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            for p in &photos {
                size = decode(p);
            }
            best = best.min(start.elapsed().as_secs_f64() * 1000.0 / photos.len() as f64);
        }
        let output = if size.0 == 0 { "–".to_owned() } else { format!("{}×{}", size.0, size.1) };
        println!("| {name} | {output} | {best:.1} ms |");
    }
}
