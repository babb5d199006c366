//! Running the `creditdesk` binary as a script would, and reading what it said.

#![allow(dead_code)]

use std::process::{Command, Output};

pub fn creditdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_creditdesk"))
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 output")
}

/// Runs `creditdesk ARGS`, asserted to succeed; its stdout.
pub fn run(args: &[&str]) -> String {
    let out = creditdesk(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// The stdout of a run asserted to have succeeded.
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
