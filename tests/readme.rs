//! The README's quick example is `examples/quickstart.rs`, word for word,
//! so the program CI runs and the code a reader copies cannot drift apart.
//! (The README block itself is also compiled and run as a doctest.)

#[test]
fn readme_quick_example_is_examples_quickstart() {
    let readme = include_str!("../README.md");
    let quickstart = include_str!("../examples/quickstart.rs");
    let start = readme
        .find("```rust\n")
        .expect("the README has a Rust block")
        + "```rust\n".len();
    let len = readme[start..].find("```").expect("the block is closed");
    let block = &readme[start..start + len];
    let program = &quickstart[quickstart.find("use shardring").expect("a use line")..];
    assert_eq!(block.trim_end(), program.trim_end());
}
