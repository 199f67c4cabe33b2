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

/// RGB from CMYK samples as stored in the file. Photoshop and the tools that follow it (the Adobe
/// marker) store the ink inverted, 255 meaning none; without the marker 255 is full ink.
fn cmyk_to_rgb(stored: &[u8], adobe: bool) -> Vec<u8> {
    stored
        .chunks_exact(4)
        .flat_map(|p| {
            let ink = |v: u8| u16::from(if adobe { 255 - v } else { v });
            let white = 255 - ink(p[3]);
            [p[0], p[1], p[2]].map(|v| ((255 - ink(v)) * white / 255) as u8)
        })
        .collect()
}

/// Decodes at a reduced size, no smaller than `edge` on each side, where the format allows it
/// (JPEG: DCT scaling, so a 12 MP photo costs a fraction of a full decode; PNG: rows averaged as
/// they are read, so a huge PNG is never held whole), with the orientation applied. Also gives
/// the full size (oriented).
pub(super) fn decode_scaled(
    kind: &Kind,
    bytes: &[u8],
    orientation: u16,
    edge: u32,
) -> std::result::Result<(DynamicImage, u32, u32), Undecodable> {
    let (img, full_w, full_h) = match kind {
        Kind::Jpeg => decode_jpeg(bytes, edge)?,
        Kind::Png => decode_png(bytes, edge)?,
        Kind::Webp => {
            let (w, h) = image::ImageReader::with_format(Cursor::new(bytes), ImageFormat::WebP)
                .into_dimensions()
                .map_err(|_| Undecodable::Broken)?;
            check_size(w, h, bytes.len()).map_err(Undecodable::Size)?;
            check_whole(w, h, u64::from(w) * u64::from(h) * 4, "WebP")?;
            let img = image::load_from_memory_with_format(bytes, ImageFormat::WebP).map_err(|_| Undecodable::Broken)?;
            (img, w, h)
        }
    };
    let (w, h) = if (5..=8).contains(&orientation) { (full_h, full_w) } else { (full_w, full_h) };
    Ok((apply_orientation(img, orientation), w, h))
}

/// The memory one picture may take while it is decoded: two workers at a time stay well under
/// what an old office PC with 4 GB can spare.
const DECODE_BUDGET: u64 = 80 << 20;

/// Refuses, by its size, a picture whose format must be held whole to be decoded (WebP, an
/// interlaced PNG, a progressive JPEG's coefficients) when its `bytes` would pass the budget.
fn check_whole(w: u32, h: u32, bytes: u64, format: &str) -> std::result::Result<(), Undecodable> {
    if bytes > DECODE_BUDGET {
        return Err(Undecodable::Size(format!(
            "kích thước {w}×{h} điểm ảnh, quá lớn để mở dạng {format} trên máy văn phòng; hãy thu nhỏ ảnh \
             (ví dụ bằng Paint: Resize, còn khoảng 4000 điểm ảnh chiều dài) rồi thêm lại"
        )));
    }
    Ok(())
}

/// The smallest scale 1/8, 1/4, 1/2 or 1 that keeps the long side at least `edge`, in eighths.
/// libjpeg-turbo has SIMD for these sizes of inverse DCT only: 3/8 (3×3 and 6×6 blocks, in C)
/// decodes a 12 MP photo more slowly than 1/2, though it makes fewer pixels.
fn eighths(long_side: u32, edge: u32) -> usize {
    [1, 2, 4, 8].into_iter().find(|n| (long_side as usize * n).div_ceil(8) >= edge as usize).unwrap_or(8)
}

/// A JPEG: libjpeg-turbo (SIMD, scaling in the DCT) first; what it refuses or warns about (12-bit
/// samples, a colour transform that does not fit, a damaged stream) goes to jpeg-decoder, which
/// reads what it can and says why it cannot, so both decoders' acceptances are kept.
fn decode_jpeg(bytes: &[u8], edge: u32) -> std::result::Result<(DynamicImage, u32, u32), Undecodable> {
    match decode_turbo(bytes, edge) {
        Err(size @ Undecodable::Size(_)) => Err(size),
        Err(_) => decode_pure(bytes, edge),
        done => done,
    }
}

fn decode_turbo(bytes: &[u8], edge: u32) -> std::result::Result<(DynamicImage, u32, u32), Undecodable> {
    use turbojpeg::{Colorspace, PixelFormat, ScalingFactor};
    let mut d = turbojpeg::Decompressor::new().map_err(|_| Undecodable::Broken)?;
    let header = d.read_header(bytes).map_err(|_| Undecodable::Broken)?;
    let (w, h) = (u32::try_from(header.width).unwrap_or(u32::MAX), u32::try_from(header.height).unwrap_or(u32::MAX));
    check_size(w, h, bytes.len()).map_err(Undecodable::Size)?;
    if header.is_progressive {
        // Every coefficient is kept until the last scan: two bytes a sample, in quarter samples a
        // pixel: grey 4, CMYK 16, colour 4 for the light plus two chroma planes as subsampled.
        let quarters = match header.colorspace {
            Colorspace::Gray => 4,
            Colorspace::CMYK | Colorspace::YCCK => 16,
            Colorspace::RGB | Colorspace::YCbCr => {
                let (mw, mh) = header.subsamp.mcu_size();
                4 + 2 * 256 / (mw * mh).max(64) as u64
            }
        };
        check_whole(w, h, u64::from(w) * u64::from(h) * quarters / 2, "JPEG progressive")?;
    }
    if header.is_lossless {
        return Err(Undecodable::Broken);
    }
    let scale = ScalingFactor::new(eighths(w.max(h), edge), 8);
    d.set_scaling_factor(scale).map_err(|_| Undecodable::Broken)?;
    let out = header.scaled(scale);
    let format = match header.colorspace {
        Colorspace::CMYK | Colorspace::YCCK => PixelFormat::CMYK,
        Colorspace::Gray => PixelFormat::GRAY,
        Colorspace::RGB | Colorspace::YCbCr => PixelFormat::RGB,
    };
    let pitch = out.width * format.size();
    let mut pixels = vec![0; pitch * out.height];
    let image = turbojpeg::Image { pixels: pixels.as_mut_slice(), width: out.width, pitch, height: out.height, format };
    d.decompress(bytes, image).map_err(|_| Undecodable::Broken)?;
    let (ow, oh) = (u32::try_from(out.width).unwrap_or(0), u32::try_from(out.height).unwrap_or(0));
    let rgb = match format {
        PixelFormat::CMYK => RgbImage::from_raw(ow, oh, cmyk_to_rgb(&pixels, adobe_marker(bytes))),
        PixelFormat::GRAY => grey_to_rgb(ow, oh, pixels),
        _ => RgbImage::from_raw(ow, oh, pixels),
    }
    .ok_or(Undecodable::Broken)?;
    Ok((DynamicImage::ImageRgb8(rgb), w, h))
}

fn grey_to_rgb(w: u32, h: u32, pixels: Vec<u8>) -> Option<RgbImage> {
    image::GrayImage::from_raw(w, h, pixels).map(|g| DynamicImage::ImageLuma8(g).to_rgb8())
}

/// jpeg-decoder (pure Rust): DCT scaling too, 12- and 16-bit grey, and the reason a file is refused.
fn decode_pure(bytes: &[u8], edge: u32) -> std::result::Result<(DynamicImage, u32, u32), Undecodable> {
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
        jpeg_decoder::PixelFormat::L8 => grey_to_rgb(w, h, pixels),
        // 12- and 16-bit grey (medical and scientific cameras): the high byte of each sample.
        jpeg_decoder::PixelFormat::L16 => grey_to_rgb(w, h, pixels.chunks_exact(2).map(|p| p[0]).collect()),
        // jpeg-decoder hands out every CMYK sample inverted: back to the samples as stored.
        jpeg_decoder::PixelFormat::CMYK32 => {
            let stored: Vec<u8> = pixels.iter().map(|v| 255 - v).collect();
            RgbImage::from_raw(w, h, cmyk_to_rgb(&stored, adobe_marker(bytes)))
        }
    }
    .ok_or(Undecodable::Broken)?;
    Ok((DynamicImage::ImageRgb8(rgb), full_w, full_h))
}

/// A PNG, read row by row and averaged in blocks of k×k pixels on the way (k the largest that
/// keeps the long side at least `edge`), so memory follows the thumbnail's size, not the
/// picture's. An interlaced PNG arrives in seven passes and is decoded whole, within the budget.
fn decode_png(bytes: &[u8], edge: u32) -> std::result::Result<(DynamicImage, u32, u32), Undecodable> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|_| Undecodable::Broken)?;
    let (w, h, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    check_size(w, h, bytes.len()).map_err(Undecodable::Size)?;
    let (color, _) = reader.output_color_type();
    let channels = color.samples();
    if interlaced {
        check_whole(w, h, u64::from(w) * u64::from(h) * channels as u64, "PNG xen kẽ (interlaced)")?;
        let img = image::load_from_memory_with_format(bytes, ImageFormat::Png).map_err(|_| Undecodable::Broken)?;
        return Ok((img, w, h));
    }
    let k = (w.max(h) / edge.max(1)).max(1) as usize;
    let (w_us, h_us) = (w as usize, h as usize);
    let (ow, oh) = (w_us.div_ceil(k), h_us.div_ceil(k));
    let mut sums = vec![0u32; ow * channels];
    let mut out = Vec::with_capacity(ow * oh * channels);
    let mut rows_in_block = 0;
    for y in 0..h_us {
        let row = reader.next_row().map_err(|_| Undecodable::Broken)?.ok_or(Undecodable::Broken)?;
        for (x, px) in row.data().chunks_exact(channels).take(w_us).enumerate() {
            let at = (x / k) * channels;
            for (sum, v) in sums[at..at + channels].iter_mut().zip(px) {
                *sum += u32::from(*v);
            }
        }
        rows_in_block += 1;
        if rows_in_block == k || y + 1 == h_us {
            for ox in 0..ow {
                let n = ((w_us - ox * k).min(k) * rows_in_block) as u32;
                out.extend(sums[ox * channels..(ox + 1) * channels].iter().map(|s| ((s + n / 2) / n) as u8));
            }
            sums.fill(0);
            rows_in_block = 0;
        }
    }
    let (ow, oh) = (ow as u32, oh as u32);
    let img = match color {
        png::ColorType::Grayscale => image::GrayImage::from_raw(ow, oh, out).map(DynamicImage::ImageLuma8),
        png::ColorType::GrayscaleAlpha => image::GrayAlphaImage::from_raw(ow, oh, out).map(DynamicImage::ImageLumaA8),
        png::ColorType::Rgba => image::RgbaImage::from_raw(ow, oh, out).map(DynamicImage::ImageRgba8),
        _ => RgbImage::from_raw(ow, oh, out).map(DynamicImage::ImageRgb8),
    }
    .ok_or(Undecodable::Broken)?;
    Ok((img, w, h))
}

/// Refuses sizes no camera makes, and headers that promise far more pixels than the file can hold
/// (a "decompression bomb": a few bytes claiming 65000×65000 would take minutes and gigabytes).
/// Memory is bounded elsewhere: every decode is scaled, streamed or checked by `check_whole`.
fn check_size(w: u32, h: u32, file_bytes: usize) -> std::result::Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || (file_bytes as u64) < pixels / 4000 {
        return Err(format!("kích thước khai báo {w}×{h} điểm ảnh không hợp lý; tệp có thể bị hỏng"));
    }
    Ok(())
}
const MAX_SIDE: u32 = 30_000;

/// The picture with its long side at most `edge`, the proportions kept (rounded as the image
/// crate does): an area average (box filter) with SIMD, several times faster than the image
/// crate's own `thumbnail`. A picture already small enough comes back as it is.
pub(super) fn shrink(img: DynamicImage, edge: u32) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    if w.max(h) <= edge {
        return img;
    }
    let scaled =
        |side: u32, long: u32| ((u64::from(side) * u64::from(edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32;
    let (nw, nh) = if w >= h { (edge, scaled(h, w)) } else { (scaled(w, h), edge) };
    let mut out = DynamicImage::new(nw, nh, img.color());
    let options = fast_image_resize::ResizeOptions::new()
        .resize_alg(fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Box));
    match fast_image_resize::Resizer::new().resize(&img, &mut out, &options) {
        Ok(()) => out,
        // Only a pixel layout the decoders here never produce (16-bit, float) gets here.
        Err(_) => img.thumbnail(edge, edge),
    }
}

/// Baseline JPEG, 4:2:0, by libjpeg-turbo (SIMD colour conversion, DCT and Huffman coding), in
/// place of the pure-Rust `jpeg-encoder`, which took about a fifth of the report bench's time.
pub(super) fn encode_jpeg(img: &DynamicImage, quality: u8) -> std::result::Result<Vec<u8>, String> {
    let converted;
    let rgb = match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => {
            converted = other.to_rgb8();
            &converted
        }
    };
    let (width, height) = (rgb.width() as usize, rgb.height() as usize);
    let image = turbojpeg::Image {
        pixels: rgb.as_raw().as_slice(),
        width,
        pitch: width * 3,
        height,
        format: turbojpeg::PixelFormat::RGB,
    };
    let mut compressor = turbojpeg::Compressor::new().map_err(|e| e.to_string())?;
    compressor.set_quality(i32::from(quality)).map_err(|e| e.to_string())?;
    compressor.set_subsamp(turbojpeg::Subsamp::Sub2x2).map_err(|e| e.to_string())?;
    compressor.compress_to_vec(image).map_err(|e| e.to_string())
}
