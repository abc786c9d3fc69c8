//! Operations on the ring against the reference ring; see
//! `shardring_fuzz::ops`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shardring_fuzz::ops(data));
