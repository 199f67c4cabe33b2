//! Any bytes as a statistics template or a plan file: a clear error or a value, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = tuanle::stats::Template::parse(text, std::path::Path::new("fuzz.json"));
        if let Ok(plan) = serde_json::from_str::<tuanle::plan::Plan>(text) {
            let _ = plan.cleaned();
        }
    }
});
