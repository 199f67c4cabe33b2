//! The picture inside a photo file: its format told from its first bytes, its EXIF (orientation,
//! date), decoding at a reduced size with the orientation applied, and JPEG encoding for the
//! thumbnails and the sized copies.

use std::io::Cursor;

use chrono::NaiveDateTime;
use image::{DynamicImage, ImageFormat, RgbImage};

/// What the app reads from a photo's metadata (the EXIF block, when there is one).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Exif {
    /// 1–8 as written by the camera (1 when out of range), 0 when there is no EXIF.
    pub orientation: u16,
    pub taken_at: Option<NaiveDateTime>,
}

/// Orientation and date from the EXIF of any bytes; never fails (odd metadata is ignored).
pub fn read_exif(bytes: &[u8]) -> Exif {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else { return Exif::default() };
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u16::try_from(v).ok())
        .filter(|v| (1..=8).contains(v))
        .unwrap_or(1);
    let taken_at = [exif::Tag::DateTimeOriginal, exif::Tag::DateTimeDigitized, exif::Tag::DateTime].iter().find_map(|tag| {
        let field = exif.get_field(*tag, exif::In::PRIMARY)?;
        let exif::Value::Ascii(ref parts) = field.value else { return None };
        let text = String::from_utf8_lossy(parts.first()?);
        NaiveDateTime::parse_from_str(text.trim_end_matches('\0').trim(), "%Y:%m:%d %H:%M:%S").ok()
    });
    Exif { orientation, taken_at }
}

/// Turns pixels as stored into pixels as the camera held them (EXIF orientation 1–8).
pub fn apply_orientation(img: DynamicImage, orientation: u16) -> DynamicImage {
    match orientation {
        2 => img.fliph(),
        3 => img.rotate180(),
        4 => img.flipv(),
        5 => img.rotate90().fliph(),
        6 => img.rotate90(),
        7 => img.rotate270().fliph(),
        8 => img.rotate270(),
        _ => img,
    }
}

pub(super) enum Kind {
    Jpeg,
    Png,
    Webp,
}

/// Recognises the format from the first bytes, never from the file name.
pub(super) fn sniff(name: &str, bytes: &[u8]) -> std::result::Result<Kind, String> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Kind::Webp);
    }
    if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"].iter().any(|b| brand == *b) {
            return Err(format!(
                "«{name}» là ảnh HEIC/HEIF (thường từ iPhone) mà ứng dụng chưa đọc được. Hãy chuyển ảnh sang JPEG \
                 (trên iPhone: Cài đặt → Camera → Định dạng → Tương thích nhất) rồi thêm lại."
            ));
        }
    }
    if bytes.is_empty() {
        return Err(format!("«{name}» là tệp rỗng."));
    }
    Err(format!("«{name}» không phải là ảnh JPEG, PNG hay WebP nên không thêm được."))
}

/// Why a photo could not be decoded.
#[derive(Debug)]
pub(super) enum Undecodable {
    /// Damaged or cut short.
    Broken,
    /// Whole, but in a colour space (or sample layout) no conversion here fits.
    Colour,
    /// Sizes no camera makes, or more pixels than the file can hold.
    Size(String),
}

impl Undecodable {
    /// What is wrong, as the end of a sentence that starts with the file's name.
    pub(super) fn reason(&self) -> String {
        match self {
            Undecodable::Broken => "bị hỏng hoặc chưa tải về hết nên không mở được. Hãy chép lại ảnh từ điện thoại.".to_owned(),
            Undecodable::Colour => "dùng hệ màu mà ứng dụng chưa chuyển được sang màu thường (RGB), nên không thêm để tránh ảnh \
                 bị đen hoặc sai màu. Hãy mở ảnh bằng Paint hoặc Photos, lưu lại thành JPEG rồi thêm lại."
                .to_owned(),
            Undecodable::Size(reason) => format!("có {reason}."),
        }
    }

    pub(super) fn sentence(&self, name: &str) -> String {
        format!("«{name}» {}", self.reason())
    }
}

fn undecodable(e: jpeg_decoder::Error) -> Undecodable {
    use jpeg_decoder::UnsupportedFeature as U;
    match e {
        jpeg_decoder::Error::Unsupported(U::ComponentCount(_) | U::ColorTransform(_) | U::SamplePrecision(_)) => {
            Undecodable::Colour
        }
        // A colour transform that does not fit the number of components.
        jpeg_decoder::Error::Format(m) if m.contains("channels") => Undecodable::Colour,
        _ => Undecodable::Broken,
    }
}

/// Whether the JPEG carries Adobe's APP14 marker: Photoshop and the tools that follow it store
/// CMYK (and YCCK) inverted; without the marker the values are plain.
fn adobe_marker(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        let marker = bytes[i + 1];
        if marker == 0xDA {
            break;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if marker == 0xEE && bytes.get(i + 4..i + 9) == Some(b"Adobe".as_slice()) {
            return true;
        }
        i += 2 + len;
    }
    false
}

/// RGB from jpeg-decoder's CMYK output. The decoder inverts every sample, so for an Adobe file
/// (inverted on disk) it gives plain C, M, Y, K; for a plain file it gives 255 − C … 255 − K.
fn cmyk_to_rgb(pixels: &[u8], adobe: bool) -> Vec<u8> {
    pixels
        .chunks_exact(4)
        .flat_map(|p| {
            let [c, m, y, k] = if adobe { [p[0], p[1], p[2], p[3]] } else { [255 - p[0], 255 - p[1], 255 - p[2], 255 - p[3]] };
            let white = 255 - u16::from(k);
            [c, m, y].map(|v| ((255 - u16::from(v)) * white / 255) as u8)
        })
        .collect()
}

/// Decodes at a reduced size, no smaller than `edge` on each side, where the format allows it
/// (JPEG: DCT scaling, so a 12 MP photo costs a fraction of a full decode), with the orientation
/// applied. Also gives the full size (oriented).
pub(super) fn decode_scaled(
    kind: &Kind,
    bytes: &[u8],
    orientation: u16,
    edge: u32,
) -> std::result::Result<(DynamicImage, u32, u32), Undecodable> {
    let (img, full_w, full_h) = match kind {
        Kind::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
            decoder.read_info().map_err(undecodable)?;
            let info = decoder.info().ok_or(Undecodable::Broken)?;
            let (full_w, full_h) = (u32::from(info.width), u32::from(info.height));
            check_size(full_w, full_h, bytes.len()).map_err(Undecodable::Size)?;
            let target = edge.min(u32::from(u16::MAX)) as u16;
            let (w, h) = decoder.scale(target, target).map_err(undecodable)?;
            let pixels = decoder.decode().map_err(undecodable)?;
            let (w, h) = (u32::from(w), u32::from(h));
            let rgb = match info.pixel_format {
                jpeg_decoder::PixelFormat::RGB24 => RgbImage::from_raw(w, h, pixels),
                jpeg_decoder::PixelFormat::L8 => {
                    image::GrayImage::from_raw(w, h, pixels).map(|g| DynamicImage::ImageLuma8(g).to_rgb8())
                }
                // 12- and 16-bit grey (medical and scientific cameras): the high byte of each sample.
                jpeg_decoder::PixelFormat::L16 => {
                    image::GrayImage::from_raw(w, h, pixels.chunks_exact(2).map(|p| p[0]).collect())
                        .map(|g| DynamicImage::ImageLuma8(g).to_rgb8())
                }
                jpeg_decoder::PixelFormat::CMYK32 => RgbImage::from_raw(w, h, cmyk_to_rgb(&pixels, adobe_marker(bytes))),
            }
            .ok_or(Undecodable::Broken)?;
            (DynamicImage::ImageRgb8(rgb), full_w, full_h)
        }
        Kind::Png | Kind::Webp => {
            let format = if matches!(kind, Kind::Png) { ImageFormat::Png } else { ImageFormat::WebP };
            let img = image::load_from_memory_with_format(bytes, format).map_err(|_| Undecodable::Broken)?;
            let (w, h) = (img.width(), img.height());
            (img, w, h)
        }
    };
    let (w, h) = if (5..=8).contains(&orientation) { (full_h, full_w) } else { (full_w, full_h) };
    Ok((apply_orientation(img, orientation), w, h))
}

/// Refuses sizes no camera makes, and headers that promise far more pixels than the file can hold
/// (a "decompression bomb": a few bytes claiming 65000×65000 would take minutes and gigabytes).
fn check_size(w: u32, h: u32, file_bytes: usize) -> std::result::Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || pixels > MAX_PIXELS || (file_bytes as u64) < pixels / 4000 {
        return Err(format!("kích thước khai báo {w}×{h} điểm ảnh không hợp lý; tệp có thể bị hỏng"));
    }
    Ok(())
}
const MAX_SIDE: u32 = 30_000;
const MAX_PIXELS: u64 = 250_000_000;

/// Baseline JPEG with the `jpeg-encoder` crate (SIMD, about three times faster than the image
/// crate's encoder here). Images are at most a few thousand pixels on a side.
pub(super) fn encode_jpeg(img: &DynamicImage, quality: u8) -> std::result::Result<Vec<u8>, String> {
    let rgb = img.to_rgb8();
    let (w, h) =
        (u16::try_from(rgb.width()).map_err(|e| e.to_string())?, u16::try_from(rgb.height()).map_err(|e| e.to_string())?);
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}
