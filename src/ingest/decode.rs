//! Bytes to text: byte-order marks, UTF-8, UTF-16, and legacy Chinese encodings.
//!
//! Order of decisions: an empty file and a file with NUL bytes outside a UTF-16 BOM are refused;
//! a BOM decides UTF-8 / UTF-16LE / UTF-16BE; valid UTF-8 is taken as UTF-8; anything else goes
//! to the `chardetng` detector (GB18030/GBK, Big5, …) and is decoded with `encoding_rs`. A
//! decoding that needs replacement characters is refused with the byte offset of the first bad
//! byte, so no document is analysed with silently corrupted text.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from a file, with the encoding that was used.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text (not yet normalised).
    pub text: String,
    /// Name of the encoding, e.g. `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `GBK`.
    pub encoding: String,
}

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// NUL bytes in a file that is not UTF-16: most likely a binary file (PDF, Word, image).
    #[error("binary file: NUL byte at offset {offset} (is this a PDF or Word file renamed to .txt?)")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// Bytes that are invalid in the detected encoding.
    #[error("undecodable bytes in {encoding} at byte offset {offset}")]
    Undecodable {
        /// The encoding that was tried.
        encoding: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
}

/// Decode a file's bytes (see the module docs for the order of decisions).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let name = if enc == UTF_8 { "UTF-8 (BOM)".to_string() } else { enc.name().to_string() };
        return decode_with(enc, &bytes[bom_len..], name, bom_len);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: s.to_string(), encoding: "UTF-8".into() });
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, true);
    // UTF-16 without BOM is not guessed by chardetng; it was ruled out by the NUL check.
    let enc = if enc == UTF_16LE || enc == UTF_16BE { UTF_8 } else { enc };
    decode_with(enc, bytes, enc.name().to_string(), 0)
}

fn decode_with(enc: &'static Encoding, bytes: &[u8], name: String, base: usize) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let offset = first_error_offset(enc, bytes).map_or(base, |o| o + base);
        return Err(DecodeError::Undecodable { encoding: name, offset });
    }
    Ok(Decoded { text: text.into_owned(), encoding: name })
}

/// Byte offset of the first malformed sequence.
fn first_error_offset(enc: &'static Encoding, bytes: &[u8]) -> Option<usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder.max_utf8_buffer_length_without_replacement(bytes.len())?;
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => Some(read.saturating_sub(bad as usize + after as usize)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("双方认为".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("双方认为", "UTF-8"));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("双方".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("双方", "UTF-8 (BOM)"));
    }

    #[test]
    fn utf16_both_orders() {
        let s = "中哈联合声明";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, s);
        assert_eq!(decode(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&be).unwrap().text, s);
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn gbk_and_big5() {
        let s = "中华人民共和国和哈萨克斯坦共和国联合声明。双方重申，世界上只有一个中国。";
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        let d = decode(&gbk).unwrap();
        assert_eq!(d.text, s);
        assert!(d.encoding == "GBK" || d.encoding == "gb18030", "{}", d.encoding);
        let t = "中華人民共和國和哈薩克斯坦共和國聯合聲明。雙方重申，世界上只有一個中國。";
        let (big5, _, _) = encoding_rs::BIG5.encode(t);
        let d = decode(&big5).unwrap();
        assert_eq!(d.text, t);
        assert_eq!(d.encoding, "Big5");
    }

    #[test]
    fn refuses_empty_binary_and_broken() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"%PDF-1.4\x00\x01").unwrap_err(), DecodeError::Binary { offset: 8 });
        // valid UTF-8 prefix then a lone continuation byte is not UTF-8; whatever the detector
        // picks, the file either decodes cleanly or is refused with an offset.
        let mut b = "双方".as_bytes().to_vec();
        b.extend_from_slice(&[0xFF, 0xFF, 0xFF]);
        if let Err(DecodeError::Undecodable { offset, .. }) = decode(&b) {
            assert!(offset >= 6, "offset {offset}");
        }
    }
}
