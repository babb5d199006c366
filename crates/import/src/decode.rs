//! Turns the bytes of an export into UTF-8 text as they are read, a buffer at a time.
//!
//! Files from Chinese accounting systems are often GB18030; the CSV parser reads UTF-8 only.
//! Decoding through a streaming decoder keeps memory flat however large the file is, and a byte
//! sequence that is not valid in the profile's encoding stops the import with the line it is on
//! instead of being replaced by a question mark in a customer's name.

use std::error::Error;
use std::fmt;
use std::io::{self, Read};

use creditdesk_core::say;
use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, UTF_8};

use crate::profile::TextEncoding;

const BUFFER_SIZE: usize = 16 * 1024;

/// The error carried inside an `io::Error` when the input is not valid text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidText {
    /// 1-based physical line of the decoded text on which the bad bytes stand.
    pub line: u64,
}

impl fmt::Display for InvalidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        f.write_str(&say!(en: "invalid text on line {line}", zh: "第 {line} 行的文本无效"))
    }
}

impl Error for InvalidText {}

/// The error carried inside an `io::Error` when a file read in another encoding than UTF-8 is
/// UTF-8 text: every byte of it is valid UTF-8 and it has characters written the UTF-8 way.
/// Decoded as the profile says, each of them would be garbled without one invalid byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Utf8Text {
    /// 1-based line of the first character written the UTF-8 way.
    pub line: u64,
}

impl fmt::Display for Utf8Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        f.write_str(&say!(en: "UTF-8 text from line {line}", zh: "第 {line} 行起为 UTF-8 文本"))
    }
}

impl Error for Utf8Text {}

/// Characters of more than one byte, all valid UTF-8, from which a file read in another
/// encoding is taken for UTF-8 text. A Chinese character in GB18030 reads as a valid UTF-8 one
/// about one time in seven (a first byte from C2 to DF, a second from A1 to BF: 陆 is C2 BD);
/// eight in a row and nothing invalid in the whole file leave about one chance in six million
/// that a Chinese file is refused, and a file with fewer is read as the profile says.
const UTF8_CHARACTERS_TO_REFUSE: u64 = 8;

/// Follows the raw bytes of a file read in another encoding as UTF-8, a buffer at a time.
#[derive(Default)]
struct Utf8Sniff {
    /// The first bytes of a character cut off at the end of the last buffer.
    pending: Vec<u8>,
    /// Characters of more than one byte seen, all valid so far.
    characters: u64,
    /// Newlines before the first of them.
    lines_before: u64,
    /// A byte sequence that is not UTF-8 was seen: the file is not UTF-8 text.
    invalid: bool,
}

impl Utf8Sniff {
    fn feed(&mut self, bytes: &[u8]) {
        if self.invalid {
            return;
        }
        let joined;
        let mut bytes = bytes;
        if !self.pending.is_empty() {
            let mut together = std::mem::take(&mut self.pending);
            together.extend_from_slice(bytes);
            joined = together;
            bytes = &joined;
        }
        let valid = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(err) if err.error_len().is_none() => {
                self.pending = bytes[err.valid_up_to()..].to_vec();
                err.valid_up_to()
            }
            Err(_) => {
                self.invalid = true;
                return;
            }
        };
        for &byte in &bytes[..valid] {
            if self.characters == 0 && byte == b'\n' {
                self.lines_before += 1;
            }
            // A character's first byte (continuation bytes are 10xxxxxx).
            if byte >= 0xC0 {
                self.characters += 1;
            }
        }
    }

    /// At the end of the file: the line the UTF-8 text was seen from, if it is UTF-8 text.
    fn finish(&mut self) -> Option<u64> {
        let utf8 = !self.invalid
            && self.pending.is_empty()
            && self.characters >= UTF8_CHARACTERS_TO_REFUSE;
        utf8.then_some(self.lines_before + 1)
    }
}

/// A reader of UTF-8 text decoded from `R`.
///
/// Invariant: everything handed out is valid UTF-8; a UTF-8 byte order mark at the start is
/// dropped; text that does not end with a newline gets one, so that every row, the last one
/// included, ends with a `\n` (the reader counts lines with that); `bytes_read` counts bytes
/// taken from `R`, so it can be compared with the file size.
pub(crate) struct DecodedText<R> {
    source: R,
    decoder: Decoder,
    raw: Box<[u8]>,
    raw_start: usize,
    raw_end: usize,
    source_done: bool,
    decoded: Box<[u8]>,
    decoded_start: usize,
    decoded_end: usize,
    finished: bool,
    bytes_read: u64,
    /// Newlines handed out so far, for the line number of an encoding error.
    newlines: u64,
    /// The line of invalid bytes found after text that has still to be handed out.
    invalid_line: Option<u64>,
    /// Whether the last byte handed out so far is a newline (true before any text).
    ends_with_newline: bool,
    /// For an encoding other than UTF-8: the file followed as UTF-8 (see [`Utf8Text`]).
    sniff: Option<Utf8Sniff>,
    /// The line from which the file was found to be UTF-8 text, reported at its end.
    utf8_from: Option<u64>,
}

impl<R: Read> DecodedText<R> {
    pub(crate) fn new(source: R, encoding: TextEncoding) -> DecodedText<R> {
        let (encoding, sniff): (&'static Encoding, _) = match encoding {
            TextEncoding::Utf8 => (UTF_8, None),
            TextEncoding::Gb18030 => (GB18030, Some(Utf8Sniff::default())),
        };
        DecodedText {
            source,
            decoder: encoding.new_decoder_with_bom_removal(),
            raw: vec![0; BUFFER_SIZE].into_boxed_slice(),
            raw_start: 0,
            raw_end: 0,
            source_done: false,
            decoded: vec![0; BUFFER_SIZE].into_boxed_slice(),
            decoded_start: 0,
            decoded_end: 0,
            finished: false,
            bytes_read: 0,
            newlines: 0,
            invalid_line: None,
            ends_with_newline: true,
            sniff,
            utf8_from: None,
        }
    }

    /// Whether the input starts with the UTF-8 byte order mark (EF BB BF), whatever the
    /// encoding: a file marked as UTF-8 but read as GB18030 would be garbled without one invalid
    /// byte. Reads ahead at most three bytes, which are decoded as usual afterwards; call it
    /// before anything is read.
    pub(crate) fn starts_with_utf8_mark(&mut self) -> io::Result<bool> {
        const MARK: &[u8] = b"\xEF\xBB\xBF";
        while self.raw_end < MARK.len() && !self.source_done {
            let count = read_retrying(&mut self.source, &mut self.raw[self.raw_end..])?;
            if let Some(sniff) = &mut self.sniff {
                sniff.feed(&self.raw[self.raw_end..self.raw_end + count]);
            }
            self.raw_end += count;
            self.bytes_read += count as u64;
            self.source_done = count == 0;
        }
        Ok(self.raw[self.raw_start..self.raw_end].starts_with(MARK))
    }

    pub(crate) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Decodes more text into the decoded buffer; returns false at the end of the input.
    fn decode_more(&mut self) -> io::Result<bool> {
        loop {
            if let Some(line) = self.invalid_line {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    InvalidText { line },
                ));
            }
            if let Some(line) = self.utf8_from {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    Utf8Text { line },
                ));
            }
            if self.finished {
                if self.ends_with_newline {
                    return Ok(false);
                }
                self.ends_with_newline = true;
                self.decoded[0] = b'\n';
                self.decoded_start = 0;
                self.decoded_end = 1;
                return Ok(true);
            }
            if self.raw_start == self.raw_end && !self.source_done {
                let count = read_retrying(&mut self.source, &mut self.raw)?;
                if let Some(sniff) = &mut self.sniff {
                    sniff.feed(&self.raw[..count]);
                }
                self.raw_start = 0;
                self.raw_end = count;
                self.bytes_read += count as u64;
                self.source_done = count == 0;
            }

            let last = self.source_done;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.raw[self.raw_start..self.raw_end],
                &mut self.decoded,
                last,
            );
            self.raw_start += read;
            self.decoded_start = 0;
            self.decoded_end = written;
            self.newlines += newlines(&self.decoded[..written]);

            match result {
                // The valid text before the bad bytes is handed out first, so that the rows
                // before them are read; the error comes with the next read.
                DecoderResult::Malformed(..) => self.invalid_line = Some(self.newlines + 1),
                DecoderResult::InputEmpty if last => {
                    self.finished = true;
                    self.utf8_from = self.sniff.as_mut().and_then(Utf8Sniff::finish);
                }
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
            }
            if written > 0 {
                self.ends_with_newline = self.decoded[written - 1] == b'\n';
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for DecodedText<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.decoded_start == self.decoded_end && !self.decode_more()? {
            return Ok(0);
        }
        let available = &self.decoded[self.decoded_start..self.decoded_end];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.decoded_start += count;
        Ok(count)
    }
}

/// The number of `\n` in `bytes`, counted in byte-wide sums of at most 255, which the compiler
/// turns into vector instructions: counted one byte at a time, they cost twice the decoding.
fn newlines(bytes: &[u8]) -> u64 {
    bytes
        .chunks(255)
        .map(|chunk| chunk.iter().fold(0u8, |n, b| n + u8::from(*b == b'\n')))
        .map(u64::from)
        .sum()
}

fn read_retrying<R: Read>(source: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match source.read(buf) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], encoding: TextEncoding) -> io::Result<String> {
        let mut text = String::new();
        DecodedText::new(bytes, encoding).read_to_string(&mut text)?;
        Ok(text)
    }

    /// Hands out one byte per read, so that every multi-byte sequence is split between reads.
    struct OneByteAtATime<'a>(&'a [u8]);

    impl Read for OneByteAtATime<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.split_first() {
                Some((first, rest)) if !buf.is_empty() => {
                    buf[0] = *first;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn a_utf8_byte_order_mark_is_dropped() {
        let text = decode_all(b"\xEF\xBB\xBFnumber,date\n", TextEncoding::Utf8).unwrap();
        assert_eq!(text, "number,date\n");
    }

    #[test]
    fn gb18030_decodes_even_when_characters_are_split_between_reads() {
        let name = "上海华东贸易有限公司";
        let (bytes, _, _) = GB18030.encode(name);
        let mut text = String::new();
        let mut reader = DecodedText::new(OneByteAtATime(&bytes), TextEncoding::Gb18030);
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, format!("{name}\n"), "the last line gets its newline");
        assert_eq!(reader.bytes_read(), bytes.len() as u64);
    }

    #[test]
    fn a_last_line_without_newline_gets_one() {
        assert_eq!(
            decode_all(b"a,b\nc,d", TextEncoding::Utf8).unwrap(),
            "a,b\nc,d\n"
        );
        assert_eq!(decode_all(b"a,b\n", TextEncoding::Utf8).unwrap(), "a,b\n");
        assert_eq!(decode_all(b"", TextEncoding::Gb18030).unwrap(), "");
    }

    #[test]
    fn a_utf8_mark_is_seen_even_when_it_comes_one_byte_at_a_time() {
        let marked = b"\xEF\xBB\xBFnumber\n";
        let mut reader = DecodedText::new(OneByteAtATime(marked), TextEncoding::Gb18030);
        assert!(reader.starts_with_utf8_mark().unwrap());
        assert_eq!(
            reader.bytes_read(),
            3,
            "no more than the mark is read ahead"
        );

        for unmarked in [&b"number\n"[..], b"\xEF\xBB", b""] {
            let mut reader = DecodedText::new(OneByteAtATime(unmarked), TextEncoding::Utf8);
            assert!(!reader.starts_with_utf8_mark().unwrap(), "{unmarked:?}");
        }

        // The bytes read ahead are decoded like the rest.
        let mut reader = DecodedText::new(OneByteAtATime(b"number\n"), TextEncoding::Gb18030);
        assert!(!reader.starts_with_utf8_mark().unwrap());
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, "number\n");
    }

    #[test]
    fn utf8_text_read_as_gb18030_is_refused_at_its_end_even_one_byte_at_a_time() {
        // 宁波天成贸易公司 in UTF-8, which also reads as twelve valid GB18030 characters.
        let text = "a,b\nc,d\n\u{5b81}\u{6ce2}\u{5929}\u{6210}\u{8d38}\u{6613}\u{516c}\u{53f8},x\n";
        let mut reader = DecodedText::new(OneByteAtATime(text.as_bytes()), TextEncoding::Gb18030);
        let err = reader.read_to_string(&mut String::new()).unwrap_err();
        let inner = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<Utf8Text>())
            .copied();
        assert_eq!(inner, Some(Utf8Text { line: 3 }));

        // Two characters are too few to tell, and so are 陆平 and 钱平 written in GB18030, which
        // read as four valid UTF-8 characters; one invalid byte anywhere makes it not UTF-8.
        assert!(decode_all("a,\u{5b81}\u{6ce2}\n".as_bytes(), TextEncoding::Gb18030).is_ok());
        let (names, _, _) = GB18030.encode("\u{9646}\u{5e73},\u{94b1}\u{5e73}\n");
        assert!(std::str::from_utf8(&names).is_ok(), "valid UTF-8 too");
        assert_eq!(
            decode_all(&names, TextEncoding::Gb18030).unwrap(),
            "\u{9646}\u{5e73},\u{94b1}\u{5e73}\n"
        );
        let (gb, _, _) = GB18030.encode(text);
        assert!(decode_all(&gb, TextEncoding::Gb18030).is_ok());
        assert!(decode_all(text.as_bytes(), TextEncoding::Utf8).is_ok());
    }

    #[test]
    fn invalid_bytes_name_their_line() {
        let err = decode_all(b"a,b\nc,d\ne,\xFF\n", TextEncoding::Utf8).unwrap_err();
        let inner = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<InvalidText>())
            .copied();
        assert_eq!(inner, Some(InvalidText { line: 3 }));
    }

    #[test]
    fn a_sequence_cut_off_at_the_end_of_the_file_is_invalid() {
        let err = decode_all(b"a,b\n\xE4\xB8", TextEncoding::Utf8).unwrap_err();
        let inner = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<InvalidText>())
            .copied();
        assert_eq!(inner, Some(InvalidText { line: 2 }));
    }
}
