//! Reading a rendered letter back as its reader would: the text through poppler's `pdftotext`,
//! the fonts through `pdffonts`, the structure through `qpdf --check` and lopdf.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A rendered PDF written to a temporary file for the command-line tools.
pub struct PdfFile {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl PdfFile {
    pub fn new(bytes: &[u8]) -> PdfFile {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("letter.pdf");
        std::fs::write(&path, bytes).expect("the PDF is written");
        PdfFile { _dir: dir, path }
    }
}

/// Runs a poppler tool, failing the test with the install command when it is missing.
fn poppler(tool: &str, args: &[&str], path: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "{tool} could not be run ({error}); the letter tests read PDFs with poppler: \
                 apt-get install poppler-utils"
            )
        });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("poppler writes UTF-8")
}

/// The text of every page as `pdftotext -layout` lays it out.
pub fn layout_text(bytes: &[u8]) -> String {
    let file = PdfFile::new(bytes);
    poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &file.path)
}

/// The non-empty lines of the layout text, each trimmed and with runs of spaces made one, so
/// a line compares exactly whatever the width of the gaps between its columns.
pub fn lines(bytes: &[u8]) -> Vec<String> {
    layout_text(bytes)
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect()
}

/// Asserts that `expected` is one of the letter's lines, showing them all when it is not.
pub fn assert_line(lines: &[String], expected: &str) {
    assert!(
        lines.iter().any(|line| line == expected),
        "no line reads {expected:?}; the letter reads:\n{}",
        lines.join("\n")
    );
}

/// `pdffonts` rows: name, type, encoding, emb, sub, uni.
pub fn fonts(bytes: &[u8]) -> Vec<Vec<String>> {
    let file = PdfFile::new(bytes);
    let output = Command::new("pdffonts")
        .arg(&file.path)
        .output()
        .expect("pdffonts runs (apt-get install poppler-utils)");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// A word as `pdftotext -bbox` places it: its text and box in points from the top left.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
}

/// Every word of the letter with its box.
pub fn words(bytes: &[u8]) -> Vec<Word> {
    let file = PdfFile::new(bytes);
    let html = poppler("pdftotext", &["-bbox", "-enc", "UTF-8"], &file.path);
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        }
        if !line.starts_with("<word ") {
            continue;
        }
        let attribute = |name: &str| -> f64 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + line[start..].find('"').unwrap();
            line[start..end].parse().unwrap()
        };
        let text_start = line.find('>').unwrap() + 1;
        let text_end = line.rfind("</word>").unwrap();
        words.push(Word {
            page,
            text: line[text_start..text_end].to_string(),
            x_min: attribute("xMin"),
            x_max: attribute("xMax"),
            y_min: attribute("yMin"),
        });
    }
    words
}

/// Whether qpdf is installed; its check is skipped with a note when it is not.
pub fn qpdf_check(bytes: &[u8]) -> Option<String> {
    let file = PdfFile::new(bytes);
    let output = Command::new("qpdf").arg("--check").arg(&file.path).output();
    match output {
        Ok(output) => {
            assert!(
                output.status.success(),
                "qpdf --check fails: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            Some(String::from_utf8_lossy(&output.stdout).to_string())
        }
        Err(_) => {
            eprintln!(
                "qpdf is not installed; the structural check is skipped (apt-get install qpdf)"
            );
            None
        }
    }
}

/// The lines of each page, as [`lines`] gives them.
pub fn page_lines(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = layout_text(bytes);
    let mut pages: Vec<Vec<String>> = text
        .split('\x0c')
        .map(|page| {
            page.lines()
                .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|line| !line.is_empty())
                .collect()
        })
        .collect();
    while pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    pages
}

/// The document read back as PDF objects.
pub fn document(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).expect("the letter is a PDF lopdf can read")
}

/// A text string of the document information dictionary, decoded (PDFDocEncoding or UTF-16BE).
pub fn info(bytes: &[u8], key: &str) -> String {
    let pdf = document(bytes);
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| pdf.get_dictionary(id))
        .expect("the PDF has an information dictionary");
    let raw = info
        .get(key.as_bytes())
        .and_then(lopdf::Object::as_str)
        .unwrap_or_else(|_| panic!("the information dictionary has {key}"));
    if raw.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = raw[2..]
            .chunks(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(raw).to_string()
    }
}
