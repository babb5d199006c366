//! The TypeScript bindings committed under `ui/src/api/generated/` are exactly what the Rust
//! types generate today. When a request, a response or an event changes in Rust, this test
//! fails and names the command that writes them again (`bindings::REGENERATE`); with
//! `CREDITDESK_WRITE_BINDINGS=1` it writes them instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use creditdesk_desktop::bindings::{walk, write_bindings, GENERATED_DIR, REGENERATE};

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(GENERATED_DIR)
}

/// The `.ts` files under `dir` by their path relative to it.
fn contents(dir: &Path) -> BTreeMap<String, String> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    walk(dir)
        .unwrap()
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn the_committed_typescript_bindings_match_the_rust_types() {
    let fresh = tempfile::tempdir().unwrap();
    write_bindings(fresh.path()).expect("the bindings are generated");
    let generated = contents(fresh.path());
    let committed_dir = committed_dir();

    if std::env::var_os("CREDITDESK_WRITE_BINDINGS").is_some_and(|v| v == "1") {
        for stale in contents(&committed_dir).keys() {
            if !generated.contains_key(stale) {
                std::fs::remove_file(committed_dir.join(stale)).unwrap();
            }
        }
        for (file, text) in &generated {
            let path = committed_dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        println!("wrote {} files to {GENERATED_DIR}", generated.len());
        return;
    }

    let committed = contents(&committed_dir);
    let mut differences = Vec::new();
    for (file, text) in &generated {
        match committed.get(file) {
            None => differences.push(format!("{GENERATED_DIR}/{file} is missing")),
            Some(old) if old != text => differences.push(format!(
                "{GENERATED_DIR}/{file} differs from the Rust types"
            )),
            Some(_) => {}
        }
    }
    for file in committed.keys() {
        if !generated.contains_key(file) {
            differences.push(format!("{GENERATED_DIR}/{file} is no longer generated"));
        }
    }
    assert!(
        differences.is_empty(),
        "The TypeScript bindings are out of date:\n  {}\nRegenerate them with:\n  {REGENERATE}\n\
         and commit the result.",
        differences.join("\n  ")
    );
}
