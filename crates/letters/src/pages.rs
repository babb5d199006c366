//! The pages of one document as they are written, top to bottom, and the PDF they become.
//!
//! Positions are in points, measured from the left edge and from the top of the page (PDF
//! measures from the bottom; the conversion happens only where an operation is written). A
//! cursor moves down the page; whatever does not fit above the footer goes on a new page,
//! which repeats a short heading (sender, reference, date) so a loose page can be placed.
//!
//! Invariants:
//! - The same document renders to the same bytes: every name inside the PDF (the font's
//!   resource name and subset tag, the logo's, the file identifier) is derived from the
//!   document's content, and its dates from the letter's date, never from a clock or a counter.
//! - Every page carries "Page n of m" in its footer, written once all pages are known.

use std::collections::BTreeSet;
use std::io::Write;

use chrono::NaiveDate;
use creditdesk_core::text::Language;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use printpdf::{
    Color, CurTransMat, FontId, ImageCompression, ImageOptimizationOptions, Line, LinePoint, Mm,
    Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect,
    Rgb, TextItem, TextMatrix, XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use crate::font::LetterFont;
use crate::{LetterError, PaperSize};

/// One millimetre in points.
pub(crate) const MM: f32 = 72.0 / 25.4;

/// Where the text of a page may go, left and right.
pub(crate) const MARGIN_LEFT: f32 = 20.0 * MM;
pub(crate) const MARGIN_RIGHT: f32 = 20.0 * MM;
/// The top of the first line of a page after the first, below its heading.
const CONTINUATION_TOP: f32 = 24.0 * MM;
/// Nothing but the footer goes below this distance from the bottom edge.
const MARGIN_BOTTOM: f32 = 20.0 * MM;
/// The baseline of the footer, from the bottom edge.
const FOOTER_BASELINE: f32 = 10.0 * MM;

/// Ink: nearly black for text, grey for labels and notes, one blue for the letterhead and the
/// rules that structure the page.
pub(crate) const INK: Shade = Shade(0.11, 0.11, 0.13);
pub(crate) const MUTED: Shade = Shade(0.40, 0.40, 0.44);
pub(crate) const ACCENT: Shade = Shade(0.10, 0.24, 0.44);
pub(crate) const HAIRLINE: Shade = Shade(0.80, 0.81, 0.84);
pub(crate) const TINT: Shade = Shade(0.93, 0.94, 0.96);

/// An RGB colour, each part from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Shade(pub f32, pub f32, pub f32);

impl Shade {
    fn color(self) -> Color {
        Color::Rgb(Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}

/// The document's fixed facts: what its PDF says about itself and what a continuation page
/// repeats at its top.
pub(crate) struct Masthead {
    pub language: Language,
    pub paper: PaperSize,
    pub title: String,
    pub author: String,
    pub date: NaiveDate,
    /// The heading of every page after the first.
    pub continuation: String,
}

/// A decoded logo, ready to be placed.
pub(crate) struct Logo {
    pub image: RawImage,
}

pub(crate) struct Pages {
    pub font: &'static LetterFont,
    pub language: Language,
    pub width: f32,
    pub height: f32,
    /// The cursor: the distance from the top of the page of the next thing written.
    pub y: f32,
    masthead: Masthead,
    pages: Vec<Page>,
    /// The page being written.
    current: usize,
    logo: Option<RawImage>,
    /// Every character written, for the subset tag.
    written: BTreeSet<char>,
}

/// The operations of one page, and the state they leave the page in, so that a run of text
/// is not wrapped in its own text object and does not repeat the colour and size before it.
#[derive(Default)]
struct Page {
    ops: Vec<Op>,
    in_text: bool,
    fill: Option<Shade>,
    size: Option<f32>,
}

impl Page {
    /// The operations, inside a text object.
    fn for_text(&mut self) -> &mut Page {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
        self
    }

    /// The operations, outside any text object.
    fn for_graphics(&mut self) -> &mut Vec<Op> {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
        &mut self.ops
    }

    fn set_fill(&mut self, shade: Shade) {
        if self.fill != Some(shade) {
            self.ops.push(Op::SetFillColor { col: shade.color() });
            self.fill = Some(shade);
        }
    }
}

/// The resource name of the font until the subset tag is known.
const FONT_PLACEHOLDER: &str = "LETTER";
const LOGO_NAME: &str = "Logo";

impl Pages {
    pub(crate) fn new(masthead: Masthead) -> Pages {
        let (width, height) = masthead.paper.size_pt();
        let mut pages = Pages {
            font: LetterFont::get(),
            language: masthead.language,
            width,
            height,
            y: 0.0,
            masthead,
            pages: Vec::new(),
            current: 0,
            logo: None,
            written: BTreeSet::new(),
        };
        pages.pages.push(Page::default());
        pages
    }

    /// The right end of the text column.
    pub(crate) fn right(&self) -> f32 {
        self.width - MARGIN_RIGHT
    }

    /// The width of the text column.
    pub(crate) fn column(&self) -> f32 {
        self.width - MARGIN_LEFT - MARGIN_RIGHT
    }

    /// How far down the page the text may go.
    pub(crate) fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }

    /// Starts a new page if less than `height` points are left on this one. Returns whether
    /// it did.
    pub(crate) fn room_for(&mut self, height: f32) -> bool {
        if self.y + height <= self.bottom() {
            return false;
        }
        self.new_page();
        true
    }

    /// Starts a new page with the continuation heading.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.current = self.pages.len() - 1;
        let heading = self.masthead.continuation.clone();
        let baseline = 13.0 * MM;
        self.text(MARGIN_LEFT, baseline, 8.0, MUTED, &heading);
        self.rule(
            MARGIN_LEFT,
            self.right(),
            baseline + 3.0 * MM,
            0.5,
            HAIRLINE,
        );
        self.y = CONTINUATION_TOP;
    }

    /// Writes `text` with its baseline `baseline` points from the top, starting at `x`.
    pub(crate) fn text(&mut self, x: f32, baseline: f32, size: f32, shade: Shade, text: &str) {
        if text.is_empty() {
            return;
        }
        debug_assert_eq!(self.font.first_missing(text), None, "{text}");
        self.written.extend(text.chars());
        let y = self.height - baseline;
        let page = self.page().for_text();
        page.set_fill(shade);
        if page.size != Some(size) {
            page.ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(FONT_PLACEHOLDER.to_string())),
                size: Pt(size),
            });
            page.size = Some(size);
        }
        page.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(y)),
        });
        page.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
    }

    /// Writes `text` so that it ends at `right`.
    pub(crate) fn text_right(
        &mut self,
        right: f32,
        baseline: f32,
        size: f32,
        shade: Shade,
        text: &str,
    ) {
        let x = right - self.font.width(text, size);
        self.text(x, baseline, size, shade, text);
    }

    /// Writes `text` centred on `centre`.
    pub(crate) fn text_centred(
        &mut self,
        centre: f32,
        baseline: f32,
        size: f32,
        shade: Shade,
        text: &str,
    ) {
        let x = centre - self.font.width(text, size) / 2.0;
        self.text(x, baseline, size, shade, text);
    }

    /// A horizontal line `y` points from the top.
    pub(crate) fn rule(&mut self, from: f32, to: f32, y: f32, thickness: f32, shade: Shade) {
        let y = self.height - y;
        let ops = self.page().for_graphics();
        ops.push(Op::SetOutlineColor { col: shade.color() });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(from),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(to),
                            y: Pt(y),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// A filled rectangle whose top edge is `top` points from the top of the page.
    pub(crate) fn fill(&mut self, x: f32, top: f32, width: f32, height: f32, shade: Shade) {
        let bottom = self.height - top - height;
        let page = self.page();
        page.for_graphics();
        page.set_fill(shade);
        let mut rectangle = Rect::from_xywh(Pt(x), Pt(bottom), Pt(width), Pt(height));
        rectangle.mode = Some(PaintMode::Fill);
        page.ops.push(Op::DrawRectangle { rectangle });
    }

    /// Places the logo inside the box whose top right corner is at (`right`, `top`), as large
    /// as fits in `max_width` by `max_height` without distorting it. Returns its height.
    pub(crate) fn logo(
        &mut self,
        logo: Logo,
        right: f32,
        top: f32,
        max_width: f32,
        max_height: f32,
    ) -> f32 {
        let (pixels_wide, pixels_high) = (logo.image.width as f32, logo.image.height as f32);
        if pixels_wide < 1.0 || pixels_high < 1.0 {
            return 0.0;
        }
        let scale = (max_width / pixels_wide).min(max_height / pixels_high);
        let (width, height) = (pixels_wide * scale, pixels_high * scale);
        let x = right - width;
        let y = self.height - top - height;
        self.logo = Some(logo.image);
        let ops = self.page().for_graphics();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([width, 0.0, 0.0, height, x, y]),
        });
        ops.push(Op::UseXobject {
            id: XObjectId(LOGO_NAME.to_string()),
            transform: XObjectTransform {
                no_auto_scale: true,
                ..XObjectTransform::default()
            },
        });
        ops.push(Op::RestoreGraphicsState);
        height
    }

    fn page(&mut self) -> &mut Page {
        &mut self.pages[self.current]
    }

    /// Writes the footers and turns the pages into PDF bytes.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, LetterError> {
        let count = self.pages.len();
        let language = self.language;
        for number in 1..=count {
            let label = language.pick(
                format!("Page {number} of {count}"),
                format!("第 {number} 页，共 {count} 页"),
            );
            self.current = number - 1;
            let (centre, baseline) = (self.width / 2.0, self.height - FOOTER_BASELINE);
            self.text_centred(centre, baseline, 8.0, MUTED, &label);
            self.page().for_graphics();
        }

        let tag = subset_tag(&self.written);
        let font_id = FontId(tag.clone());
        let mut document = PdfDocument::new(&self.masthead.title);
        document.resources.fonts.map.insert(
            font_id.clone(),
            printpdf::PdfFont::new(self.font.parsed().clone()),
        );
        if let Some(image) = self.logo.take() {
            document.resources.xobjects.map.insert(
                XObjectId(LOGO_NAME.to_string()),
                printpdf::XObject::Image(image),
            );
        }
        let (width, height) = (Mm(self.width / MM), Mm(self.height / MM));
        document.pages = self
            .pages
            .into_iter()
            .map(|Page { mut ops, .. }| {
                for op in &mut ops {
                    if let Op::SetFont {
                        font: PdfFontHandle::External(id),
                        ..
                    } = op
                    {
                        *id = font_id.clone();
                    }
                }
                PdfPage::new(width, height, ops)
            })
            .collect();

        let info = &mut document.metadata.info;
        let stamp = day_stamp(self.masthead.date);
        info.creation_date = stamp;
        info.modification_date = stamp;
        info.metadata_date = stamp;
        info.author = self.masthead.author.clone();
        info.creator = "CreditDesk".to_string();
        info.producer = "CreditDesk (printpdf)".to_string();
        info.subject = self.masthead.title.clone();

        let options = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: Some(ImageOptimizationOptions {
                format: Some(ImageCompression::Flate),
                auto_optimize: Some(false),
                ..ImageOptimizationOptions::default()
            }),
        };
        let mut warnings = Vec::new();
        let mut pdf = document.to_lopdf_document(&options, &mut warnings);
        if let Some(problem) = warnings
            .iter()
            .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        {
            return Err(LetterError::Pdf {
                reason: problem.msg.clone(),
            });
        }
        let identifier = content_identifier(&pdf);
        pdf.trailer.set(
            "ID",
            lopdf::Object::Array(vec![
                lopdf::Object::String(identifier.clone(), lopdf::StringFormat::Hexadecimal),
                lopdf::Object::String(identifier, lopdf::StringFormat::Hexadecimal),
            ]),
        );
        compress(&mut pdf)?;
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).map_err(|error| LetterError::Pdf {
            reason: error.to_string(),
        })?;
        Ok(bytes)
    }
}

impl PaperSize {
    /// Width and height in points: A4 210 x 297 mm, US Letter 8.5 x 11 in.
    pub(crate) fn size_pt(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (210.0 * MM, 297.0 * MM),
            PaperSize::Letter => (612.0, 792.0),
        }
    }
}

/// Six capital letters naming the font subset (ISO 32000-1, 9.6.4), from the characters it
/// holds: two documents with the same characters share a subset name, others almost never do.
fn subset_tag(written: &BTreeSet<char>) -> String {
    let mut hash = Sha256::new();
    for c in written {
        hash.update(u32::from(*c).to_be_bytes());
    }
    hash.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The file identifier (ISO 32000-1, 14.4): a digest of everything in the document, so the
/// same letter always gets the same identifier and a different one almost never does.
fn content_identifier(pdf: &lopdf::Document) -> Vec<u8> {
    let mut hash = Sha256::new();
    for (id, object) in &pdf.objects {
        hash.update(id.0.to_be_bytes());
        match object {
            lopdf::Object::Stream(stream) => {
                hash.update(format!("{:?}", stream.dict).as_bytes());
                hash.update(&stream.content);
            }
            other => hash.update(format!("{other:?}").as_bytes()),
        }
    }
    hash.finalize()[..16].to_vec()
}

/// Compresses every stream that may be compressed and is not yet, with Flate at its fast level:
/// lopdf's own `compress` takes the best level, which made compressing the font and the pages
/// more than a third of the time a letter takes, for files only a few per cent smaller.
fn compress(pdf: &mut lopdf::Document) -> Result<(), LetterError> {
    for object in pdf.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::fast());
        let compressed = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish())
            .map_err(|error| LetterError::Pdf {
                reason: error.to_string(),
            })?;
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
    Ok(())
}

/// Midnight UTC at the start of `date`: the document's date without a clock.
fn day_stamp(date: NaiveDate) -> printpdf::OffsetDateTime {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    let seconds = (date - epoch).num_days() * 86_400;
    printpdf::OffsetDateTime::from_unix_timestamp(seconds)
        .unwrap_or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0).expect("the epoch"))
}
