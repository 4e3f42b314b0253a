//! Fuzz target `envelope`: see `seedance_assets::__fuzz::fuzz_envelope` for what it runs and checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| seedance_assets::__fuzz::fuzz_envelope(data));
