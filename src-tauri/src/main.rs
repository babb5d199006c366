// No console window next to the app on Windows in a release build.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    creditdesk_desktop::run();
}
