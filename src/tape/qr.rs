//! The QR code's text (spec §2, QR form): the payload and one `sig=` line.

use super::sig::{decode_qr_symbols, qr_symbols};
use super::{Payload, Signature, Tape, TapeError};

/// The text a tape's QR code holds.
pub fn qr_text(payload: &Payload, signature: &[u8; 64]) -> String {
    format!("{}sig={}\n", payload.to_text(), qr_symbols(signature))
}

/// Reads a QR code's text: a strict payload followed by `sig=` and 104 symbols. A QR text
/// without a `sig=` line is an unsigned payload.
pub fn parse_qr_text(text: &str) -> Result<Tape, TapeError> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let (payload_text, sig_line) = match body.rfind('\n') {
        Some(i) if body[i + 1..].starts_with("sig=") => (&text[..=i], Some(&body[i + 1..])),
        _ => (text, None),
    };
    let payload = Payload::parse(payload_text)?;
    let signature = match sig_line {
        None => Signature::Absent,
        Some(line) => {
            let symbols = &line["sig=".len()..];
            let n = payload_text.lines().count() + 1;
            match decode_qr_symbols(symbols) {
                Ok(sig) => Signature::Present(sig),
                Err(e) => {
                    return Err(TapeError::Payload {
                        line: n,
                        message: format!("the sig= line {e}"),
                    })
                }
            }
        }
    };
    if sig_line.is_some() && !text.ends_with('\n') {
        return Err(TapeError::Payload {
            line: 0,
            message: "the QR text must end with a line feed".into(),
        });
    }
    Ok(Tape::from_payload(payload, signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_qr_round_trips() {
        let qr = include_str!("../../fixtures/spec/tape-120345-3.qr.txt");
        let tape = parse_qr_text(qr).unwrap();
        let Signature::Present(sig) = tape.signature else {
            panic!("signature expected")
        };
        assert_eq!(qr_text(&tape.payload, &sig), qr);
        assert!(parse_qr_text(&qr.replace("sig=5J", "sig=5j")).is_err());
        assert!(parse_qr_text(&qr.replace("sig=5J", "sig=J")).is_err());
    }
}
