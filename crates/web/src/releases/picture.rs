//! A news release's picture: checked, decoded, re-encoded, resized.
//!
//! An upload is hostile until proven a picture. In order, each step
//! cheaper than the next:
//! 1. its size: at most [`MAX_BYTES`], counted before anything reads it;
//! 2. its kind, by its first bytes (never by its name or declared type):
//!    JPEG, PNG or WebP only, so an SVG (which can carry script), a ZIP
//!    or anything else is refused unread;
//! 3. its dimensions, read from its header before any pixel is decoded:
//!    at most [`MAX_PIXELS`], so a small file declaring a huge picture (a
//!    decompression bomb) is refused before it takes memory; the decoder
//!    is also given that limit, in case a header lies;
//! 4. decoding, which refuses a truncated or broken file (a JPEG must
//!    also end with its end-of-image marker: decoders fill a cut one with
//!    grey instead of failing);
//! 5. re-encoding as JPEG at each of [`WIDTHS`] no wider than the
//!    original: only pixels survive, so no metadata (location, camera,
//!    comments) and no trailing bytes of the upload are ever served.
//!
//! The work runs on a blocking thread (see [`prepare`]).

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use newsdesk_store::Picture;
use std::io::Cursor;

/// The largest upload taken.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The most pixels a picture may declare (40 megapixels: more than any
/// phone camera, far less than a bomb).
pub const MAX_PIXELS: u64 = 40_000_000;

/// The widths made of every picture (those no wider than the original;
/// the original width when it is narrower than all of them).
pub const WIDTHS: [u32; 3] = [320, 640, 1280];

/// JPEG quality of the copies.
const QUALITY: u8 = 82;

/// Why an upload is not taken; each says what the submitter can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    /// Over [`MAX_BYTES`].
    #[error("The picture is larger than 5 MB. Please send a smaller file.")]
    TooLarge,
    /// Not a JPEG, PNG or WebP.
    #[error("The picture must be a JPEG, PNG or WebP file.")]
    NotAPicture,
    /// Over [`MAX_PIXELS`], or zero.
    #[error(
        "The picture is too large in pixels (40 megapixels at most). Please send a smaller one."
    )]
    TooManyPixels,
    /// Truncated or broken.
    #[error("The picture could not be read: the file may be damaged. Please send it again.")]
    Broken,
}

/// The copies of `upload` at each width, or why it is refused. Blocking:
/// call it from a blocking thread.
pub fn prepare(upload: &[u8]) -> Result<Vec<Picture>, PictureError> {
    if upload.len() > MAX_BYTES {
        return Err(PictureError::TooLarge);
    }
    let format = image::guess_format(upload).map_err(|_| PictureError::NotAPicture)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PictureError::NotAPicture);
    }
    if format == ImageFormat::Jpeg && !ends_a_jpeg(upload) {
        // Decoders fill a cut JPEG with grey rather than fail.
        return Err(PictureError::Broken);
    }
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(40_000);
    limits.max_image_height = Some(40_000);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|_| PictureError::Broken)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PictureError::TooManyPixels);
    }
    let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        DynamicImage::from_decoder(decoder)
    }))
    .map_err(|_| PictureError::Broken)?
    .map_err(|_| PictureError::Broken)?;
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w <= width).collect();
    if widths.is_empty() {
        widths.push(width);
    }
    widths
        .into_iter()
        .map(|w| {
            let h = ((u64::from(height) * u64::from(w)) / u64::from(width)).max(1);
            let h = u32::try_from(h).map_err(|_| PictureError::TooManyPixels)?;
            let copy = if w == width {
                decoded.to_rgb8()
            } else {
                decoded.resize_exact(w, h, FilterType::Triangle).to_rgb8()
            };
            let mut bytes = Vec::new();
            JpegEncoder::new_with_quality(&mut bytes, QUALITY)
                .encode_image(&copy)
                .map_err(|_| PictureError::Broken)?;
            Ok(Picture {
                width: w,
                height: copy.height(),
                bytes,
            })
        })
        .collect()
}

/// Whether a JPEG's end-of-image marker is near its end (inside the
/// compressed data, `FF` is always followed by `00`, so the marker cannot
/// appear there by chance).
fn ends_a_jpeg(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    tail.windows(2).any(|w| w == [0xff, 0xd9])
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgb, RgbImage};

    /// A real PNG of `width` × `height` pixels.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| Rgb([x as u8, y as u8, 90]));
        let mut bytes = Vec::new();
        image::codecs::png::PngEncoder::new(&mut bytes)
            .write_image(
                picture.as_raw(),
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        bytes
    }

    /// A PNG header declaring `width` × `height` with almost no data: what
    /// a decompression bomb looks like before it is decoded.
    pub(crate) fn declared_png(width: u32, height: u32) -> Vec<u8> {
        let mut real = png(1, 1);
        // IHDR's width and height sit at bytes 16..24; its CRC at 29..33.
        real[16..20].copy_from_slice(&width.to_be_bytes());
        real[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&real[12..29]);
        real[29..33].copy_from_slice(&crc.to_be_bytes());
        real
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_picture_is_made_at_each_width_no_wider_than_itself() {
        let made = prepare(&png(700, 350)).unwrap();
        assert_eq!(
            made.iter().map(|p| (p.width, p.height)).collect::<Vec<_>>(),
            vec![(320, 160), (640, 320)]
        );
        for copy in &made {
            assert_eq!(&copy.bytes[..2], &[0xff, 0xd8], "a JPEG");
        }
        let small = prepare(&png(100, 80)).unwrap();
        assert_eq!((small[0].width, small[0].height), (100, 80));
    }

    #[test]
    fn hostile_uploads_are_refused_before_decoding() {
        assert_eq!(
            prepare(&declared_png(10_000, 10_000)),
            Err(PictureError::TooManyPixels)
        );
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(prepare(svg), Err(PictureError::NotAPicture));
        let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00rest of an archive";
        assert_eq!(prepare(zip), Err(PictureError::NotAPicture));
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, 80)
            .encode_image(&RgbImage::from_pixel(64, 64, Rgb([10, 200, 30])))
            .unwrap();
        jpeg.truncate(jpeg.len() / 2);
        assert_eq!(prepare(&jpeg), Err(PictureError::Broken));
        assert_eq!(
            prepare(&vec![0u8; MAX_BYTES + 1]),
            Err(PictureError::TooLarge)
        );
    }
}
