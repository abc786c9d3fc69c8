//! Migration plans against both rings' owners; see `shardring_fuzz::diff`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shardring_fuzz::diff(data));
