//! The contracts reader on any text: it returns contracts or an error, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(error) = nines::contracts::parse_contracts(text, "contracts.toml") {
        // Every error is one line.
        let message = error.to_string();
        assert!(!message.contains('\n'), "{message}");
    }
});
