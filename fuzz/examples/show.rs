//! Prints a fuzz input as the target decodes it:
//! `cargo run --manifest-path fuzz/Cargo.toml --example show -- ops FILE`.

use std::{env, fs, process};

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let [target, path] = args.as_slice() else {
        eprintln!("usage: show <ops|diff> FILE");
        process::exit(2);
    };
    let data = fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        process::exit(1);
    });
    match target.as_str() {
        "ops" => println!("{:#?}", shardring_fuzz::OpsInput::decode(&data)),
        "diff" => println!("{:#?}", shardring_fuzz::DiffInput::decode(&data)),
        _ => {
            eprintln!("unknown target {target}");
            process::exit(2);
        }
    }
}
