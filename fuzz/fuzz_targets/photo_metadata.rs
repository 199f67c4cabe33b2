//! Any bytes as a photo's metadata: an orientation in 1–8 and a date or none, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let exif = tuanle::photo::read_exif(data);
    assert!((1..=8).contains(&exif.orientation) || exif.orientation == 0);
});
