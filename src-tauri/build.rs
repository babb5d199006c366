//! Builds the Tauri context. The app's own commands get permissions of their own
//! (`allow-<command>`), and the capability file is what grants them: the commands named here are
//! exactly those the capability allows, so a command the capability does not list is refused
//! to the web UI. (`commands.rs` has a test that the capability lists every command.)

fn main() {
    let capability = "capabilities/default.json";
    println!("cargo:rerun-if-changed={capability}");
    let text = std::fs::read_to_string(capability).expect("the capability file is readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the capability is JSON");
    let commands: Vec<&'static str> = json["permissions"]
        .as_array()
        .expect("the capability has a list of permissions")
        .iter()
        .filter_map(|permission| permission.as_str())
        .filter_map(|permission| permission.strip_prefix("allow-"))
        .map(|command| &*Box::leak(command.replace('-', "_").into_boxed_str()))
        .collect();
    let commands: &'static [&'static str] = Box::leak(commands.into_boxed_slice());

    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    tauri_build::try_build(attributes).expect("the Tauri context builds");
}
