//! Tables of figures that may run over several pages.
//!
//! Columns take the width their widest cell needs; a header wider than its figures wraps onto
//! a second line before the type is made smaller; what is left of the text column is shared
//! out evenly, so every table spans the column. Figures are right-aligned, so they end exactly
//! at the column's inner edge ([`CELL_PADDING`] inside its right border), and a table that
//! reaches the bottom of a page continues on the next one under a repeated header row.

use crate::pages::{Pages, HAIRLINE, INK, MARGIN_LEFT, MUTED, TINT};

/// Space between a cell's text and the column's border, left and right.
pub(crate) const CELL_PADDING: f32 = 4.0;
/// The type size tables start from, and the smallest they shrink to.
const SIZE: f32 = 8.5;
const SMALLEST: f32 = 6.5;
/// A column is widened by at most this much to fill the text column, so a table of two or
/// three columns does not spread its figures far from their labels.
const MAX_SPARE: f32 = 15.0 * crate::pages::MM;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

pub(crate) struct Column {
    pub header: String,
    pub align: Align,
}

impl Column {
    pub(crate) fn left(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            align: Align::Left,
        }
    }

    pub(crate) fn right(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            align: Align::Right,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowKind {
    Body,
    /// A sum under the rows above it, set off by a rule.
    Total,
}

pub(crate) struct Row {
    pub cells: Vec<String>,
    pub kind: RowKind,
}

impl Row {
    pub(crate) fn body(cells: Vec<String>) -> Row {
        Row {
            cells,
            kind: RowKind::Body,
        }
    }

    pub(crate) fn total(cells: Vec<String>) -> Row {
        Row {
            cells,
            kind: RowKind::Total,
        }
    }
}

pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// How a table is laid out on the column: type size, column widths, header lines.
struct Layout {
    size: f32,
    widths: Vec<f32>,
    headers: Vec<Vec<String>>,
}

impl Table {
    /// Writes the table at the cursor, over as many pages as it needs.
    pub(crate) fn draw(&self, pages: &mut Pages) {
        let layout = self.layout(pages);
        let size = layout.size;
        let row_height = size * 1.65;
        let header_lines = layout.headers.iter().map(Vec::len).max().unwrap_or(1);
        let header_height = header_lines as f32 * size * 1.25 + size * 0.9;

        // A header with no row under it, or one lonely row, is not worth a page of its own.
        let keep = header_height + row_height * self.rows.len().min(2) as f32;
        pages.room_for(keep);
        self.header(pages, &layout, header_height);
        for row in &self.rows {
            if pages.room_for(row_height) {
                self.header(pages, &layout, header_height);
            }
            self.row(pages, &layout, row, row_height);
        }
    }

    fn header(&self, pages: &mut Pages, layout: &Layout, height: f32) {
        let top = pages.y;
        let width: f32 = layout.widths.iter().sum();
        pages.fill(MARGIN_LEFT, top, width, height, TINT);
        let size = layout.size;
        let mut x = MARGIN_LEFT;
        for ((column, lines), column_width) in
            self.columns.iter().zip(&layout.headers).zip(&layout.widths)
        {
            for (index, line) in lines.iter().enumerate() {
                let baseline = top + size * 0.45 + size * (1.0 + 1.25 * index as f32);
                match column.align {
                    Align::Left => pages.text(x + CELL_PADDING, baseline, size, MUTED, line),
                    Align::Right => {
                        let right = x + column_width - CELL_PADDING;
                        pages.text_right(right, baseline, size, MUTED, line)
                    }
                }
            }
            x += column_width;
        }
        pages.y = top + height;
    }

    fn row(&self, pages: &mut Pages, layout: &Layout, row: &Row, height: f32) {
        let top = pages.y;
        let width: f32 = layout.widths.iter().sum();
        if row.kind == RowKind::Total {
            pages.rule(MARGIN_LEFT, MARGIN_LEFT + width, top, 0.8, INK);
        }
        let baseline = top + height * 0.5 + layout.size * 0.36;
        let mut x = MARGIN_LEFT;
        for ((column, cell), column_width) in
            self.columns.iter().zip(&row.cells).zip(&layout.widths)
        {
            match column.align {
                Align::Left => pages.text(x + CELL_PADDING, baseline, layout.size, INK, cell),
                Align::Right => {
                    let right = x + column_width - CELL_PADDING;
                    pages.text_right(right, baseline, layout.size, INK, cell)
                }
            }
            x += column_width;
        }
        if row.kind == RowKind::Body {
            pages.rule(
                MARGIN_LEFT,
                MARGIN_LEFT + width,
                top + height,
                0.4,
                HAIRLINE,
            );
        }
        pages.y = top + height;
    }

    fn layout(&self, pages: &Pages) -> Layout {
        let font = pages.font;
        let available = pages.column();
        let padding = 2.0 * CELL_PADDING;
        let mut size = SIZE;
        let mut widths;
        loop {
            let natural: Vec<f32> = (0..self.columns.len())
                .map(|index| {
                    self.rows
                        .iter()
                        .filter_map(|row| row.cells.get(index))
                        .map(|cell| font.width(cell, size))
                        .fold(0.0, f32::max)
                        + padding
                })
                .collect();
            widths = self
                .columns
                .iter()
                .zip(&natural)
                .map(|(column, natural)| natural.max(font.width(&column.header, size) + padding))
                .collect::<Vec<f32>>();
            if widths.iter().sum::<f32>() > available {
                for (index, column) in self.columns.iter().enumerate() {
                    let two_lines = self.two_line_width(pages, &column.header, size) + padding;
                    widths[index] = natural[index].max(two_lines);
                }
            }
            if widths.iter().sum::<f32>() <= available || size <= SMALLEST {
                break;
            }
            size -= 0.5;
        }
        let spare = available - widths.iter().sum::<f32>();
        if spare > 0.0 {
            let share = (spare / widths.len() as f32).min(MAX_SPARE);
            widths.iter_mut().for_each(|width| *width += share);
        }
        let headers = self
            .columns
            .iter()
            .zip(&widths)
            .map(|(column, width)| header_lines(pages, &column.header, size, width - padding))
            .collect();
        Layout {
            size,
            widths,
            headers,
        }
    }

    /// The narrowest width at which `header` fits on at most two lines.
    fn two_line_width(&self, pages: &Pages, header: &str, size: f32) -> f32 {
        let font = pages.font;
        match font.two_lines(header, size) {
            Some((first, second)) => font.width(&first, size).max(font.width(&second, size)),
            None => font.width(header, size),
        }
    }
}

/// A header on one line when it fits, else on two even lines, else wrapped.
fn header_lines(pages: &Pages, header: &str, size: f32, width: f32) -> Vec<String> {
    let font = pages.font;
    if font.width(header, size) <= width + 0.01 {
        return vec![header.to_string()];
    }
    match font.two_lines(header, size) {
        Some((first, second))
            if font.width(&first, size).max(font.width(&second, size)) <= width + 0.01 =>
        {
            vec![first, second]
        }
        _ => font.wrap(header, size, width + 0.01),
    }
}
