//! The TypeScript side of the commands: one declaration file per type that crosses into the web
//! UI (requests, responses, errors, event payloads), an `index.ts` that re-exports them all, and
//! `commands.ts`, which maps every command name to its request and response type and every
//! event name to its payload.
//!
//! The files are committed under `ui/src/api/generated/`. The test `tests/bindings.rs` generates
//! them into a temporary folder and fails when they differ; to write them again:
//!
//! ```text
//! CREDITDESK_WRITE_BINDINGS=1 cargo test -p creditdesk-desktop --features ts --test bindings
//! ```
//!
//! Integers are declared as `number`: the counts, ids and sizes exchanged stay far below 2^53.
//! Money never is: amounts are decimal strings (see `Money` and `Decimal` in the core).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use creditdesk_app::error::AppError;
use ts_rs::{Config, TypeVisitor, TS};

use crate::api::{events, ImportFinishedEvent, ImportProgressEvent};
use crate::sending::{OutboxFinishedEvent, OutboxProgressEvent};

/// The command that writes the committed bindings again.
pub const REGENERATE: &str =
    "CREDITDESK_WRITE_BINDINGS=1 cargo test -p creditdesk-desktop --features ts --test bindings";

/// The folder of the committed bindings, relative to the repository root.
pub const GENERATED_DIR: &str = "ui/src/api/generated";

/// A type in a signature: how TypeScript names it, and how to reach its declarations.
struct TypeEntry {
    name: fn(&Config) -> String,
    visit: fn(&mut Exporter),
}

impl TypeEntry {
    fn of<T: TS + 'static>() -> TypeEntry {
        TypeEntry {
            name: |cfg| T::name(cfg),
            visit: |exporter| {
                exporter.visit::<T>();
                T::visit_generics(exporter);
            },
        }
    }
}

/// What one command takes and answers.
pub struct Signature {
    name: &'static str,
    docs: &'static str,
    request: Option<TypeEntry>,
    response: TypeEntry,
}

impl Signature {
    /// A command that takes no request and answers `R`.
    pub fn new<R: TS + 'static>(name: &'static str, docs: &'static str) -> Signature {
        Signature {
            name,
            docs,
            request: None,
            response: TypeEntry::of::<R>(),
        }
    }

    /// The command takes a `request` of type `Q`.
    pub fn with_request<Q: TS + 'static>(mut self) -> Signature {
        self.request = Some(TypeEntry::of::<Q>());
        self
    }
}

/// Writes every declaration file of the types reached from the commands and the events.
struct Exporter {
    cfg: Config,
    exported: HashSet<std::any::TypeId>,
    /// Names of the declared types a signature refers to, by the file that declares them.
    referenced: BTreeMap<String, PathBuf>,
    error: Option<String>,
}

impl TypeVisitor for Exporter {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        let Some(path) = T::output_path() else {
            return;
        };
        self.referenced.insert(T::ident(&self.cfg), path);
        if self.exported.insert(std::any::TypeId::of::<T>()) && self.error.is_none() {
            if let Err(err) = T::export_all(&self.cfg) {
                self.error = Some(format!("{}: {err}", std::any::type_name::<T>()));
            }
        }
    }
}

/// Writes the bindings into `dir` (which must exist); returns the files written, sorted.
pub fn write_bindings(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    let mut exporter = Exporter {
        cfg,
        exported: HashSet::new(),
        referenced: BTreeMap::new(),
        error: None,
    };
    let signatures = crate::commands::signatures();
    for signature in &signatures {
        if let Some(request) = &signature.request {
            (request.visit)(&mut exporter);
        }
        (signature.response.visit)(&mut exporter);
    }
    for extra in [
        TypeEntry::of::<AppError>(),
        TypeEntry::of::<ImportProgressEvent>(),
        TypeEntry::of::<ImportFinishedEvent>(),
        TypeEntry::of::<OutboxProgressEvent>(),
        TypeEntry::of::<OutboxFinishedEvent>(),
    ] {
        (extra.visit)(&mut exporter);
    }
    if let Some(err) = exporter.error {
        return Err(err);
    }

    let commands = commands_ts(&exporter.cfg, &signatures, &exporter.referenced);
    std::fs::write(dir.join("commands.ts"), commands).map_err(|e| e.to_string())?;
    let declared = declared_types(dir)?;
    std::fs::write(dir.join("index.ts"), index_ts(&declared)).map_err(|e| e.to_string())?;

    let mut files: Vec<PathBuf> = walk(dir)?;
    files.sort();
    Ok(files)
}

const HEADER: &str =
    "// Generated from the Rust types by src-tauri/src/bindings.rs; do not edit.\n";

fn commands_ts(
    cfg: &Config,
    signatures: &[Signature],
    referenced: &BTreeMap<String, PathBuf>,
) -> String {
    let mut out = String::from(HEADER);
    let _ = writeln!(out, "// Regenerate: {REGENERATE}");
    out.push('\n');
    for (name, path) in referenced {
        let module = path.with_extension("");
        let _ = writeln!(
            out,
            "import type {{ {name} }} from \"./{}\";",
            module.display()
        );
    }
    out.push('\n');
    out.push_str(
        "/** Every command: what it takes as `request` (`null`: nothing) and what it answers.\n \
         * A failed command rejects with an `AppError`. */\n",
    );
    out.push_str("export type Commands = {\n");
    for signature in signatures {
        let docs: Vec<&str> = signature.docs.lines().map(str::trim).collect();
        if !docs.iter().all(|line| line.is_empty()) {
            let _ = writeln!(out, "  /** {} */", docs.join(" ").trim());
        }
        let request = signature
            .request
            .as_ref()
            .map_or_else(|| "null".to_string(), |r| (r.name)(cfg));
        let _ = writeln!(
            out,
            "  {}: {{ request: {request}; response: {} }};",
            signature.name,
            (signature.response.name)(cfg)
        );
    }
    out.push_str("};\n\nexport type CommandName = keyof Commands;\n\n");
    out.push_str("/** What a failed command rejects with: a stable code and a sentence. */\n");
    out.push_str("export type CommandError = AppError;\n\n");
    out.push_str("/** The command names, in the order the shell declares them. */\n");
    out.push_str("export const COMMAND_NAMES = [\n");
    for signature in signatures {
        let _ = writeln!(out, "  \"{}\",", signature.name);
    }
    out.push_str("] as const satisfies readonly CommandName[];\n\n");
    out.push_str("/** Every event the shell emits, with its payload. */\nexport type Events = {\n");
    let _ = writeln!(
        out,
        "  \"{}\": ImportProgressEvent;",
        events::IMPORT_PROGRESS
    );
    let _ = writeln!(
        out,
        "  \"{}\": ImportFinishedEvent;",
        events::IMPORT_FINISHED
    );
    let _ = writeln!(
        out,
        "  \"{}\": OutboxProgressEvent;",
        events::OUTBOX_PROGRESS
    );
    let _ = writeln!(
        out,
        "  \"{}\": OutboxFinishedEvent;",
        events::OUTBOX_FINISHED
    );
    out.push_str("};\n\nexport type EventName = keyof Events;\n\n");
    out.push_str("/** The event names. */\nexport const EVENT_NAMES = [\n");
    let _ = writeln!(out, "  \"{}\",", events::IMPORT_PROGRESS);
    let _ = writeln!(out, "  \"{}\",", events::IMPORT_FINISHED);
    let _ = writeln!(out, "  \"{}\",", events::OUTBOX_PROGRESS);
    let _ = writeln!(out, "  \"{}\",", events::OUTBOX_FINISHED);
    out.push_str("] as const satisfies readonly EventName[];\n");
    out
}

/// The type declared by each generated file, by module path (`AgingRow`, ...).
fn declared_types(dir: &Path) -> Result<BTreeSet<String>, String> {
    Ok(walk(dir)?
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(dir).ok()?.with_extension("");
            let module = relative.to_string_lossy().replace('\\', "/");
            (module != "commands" && module != "index").then_some(module)
        })
        .collect())
}

fn index_ts(declared: &BTreeSet<String>) -> String {
    let mut out = String::from(HEADER);
    let _ = writeln!(out, "// Regenerate: {REGENERATE}");
    out.push('\n');
    for module in declared {
        let name = module.rsplit('/').next().unwrap_or(module);
        let _ = writeln!(out, "export type {{ {name} }} from \"./{module}\";");
    }
    out.push_str(
        "export type { Commands, CommandName, CommandError, Events, EventName } from \"./commands\";\n\
         export { COMMAND_NAMES, EVENT_NAMES } from \"./commands\";\n",
    );
    out
}

/// Every `.ts` file under `dir`.
pub fn walk(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "ts") {
                files.push(path);
            }
        }
    }
    Ok(files)
}
