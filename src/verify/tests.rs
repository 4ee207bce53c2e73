use std::path::Path;

use super::*;
use crate::tape::Payload;

#[derive(serde::Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    payload: String,
    signature_hex: String,
    public_key_hex: String,
    expect: Status,
}

fn hex_array<const N: usize>(text: &str) -> [u8; N] {
    hex::decode(text).unwrap().try_into().unwrap()
}

#[test]
fn every_spec_signature_case_gets_its_status() {
    let cases: Cases =
        serde_json::from_str(include_str!("../../fixtures/spec/signature-cases.json")).unwrap();
    assert_eq!(cases.cases.len(), 6);
    for case in cases.cases {
        let holds = VerifyingKey::from_bytes(&hex_array(&case.public_key_hex))
            .map(|k| signature_holds(&k, case.payload.as_bytes(), &hex_array(&case.signature_hex)))
            .unwrap_or(false);
        let status = if holds {
            Status::Verified
        } else {
            Status::BadSignature
        };
        assert_eq!(status, case.expect, "case {}", case.name);
        // every case's payload is a well-formed v1 payload: the failure is the signature's
        assert!(Payload::parse(&case.payload).is_ok(), "case {}", case.name);
    }
}

/// RFC 8032 §7.1 test vectors 1, 2 and 3 (secret key, public key, message, signature).
const RFC8032: [(&str, &str, &str, &str); 3] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
];

#[test]
fn rfc8032_vectors_sign_and_verify() {
    for (secret, public, message, signature) in RFC8032 {
        let key = ed25519_dalek::SigningKey::from_bytes(&hex_array(secret));
        assert_eq!(hex::encode(key.verifying_key().to_bytes()), public);
        let msg = hex::decode(message).unwrap();
        let sig: [u8; 64] = hex_array(signature);
        use ed25519_dalek::Signer;
        assert_eq!(key.sign(&msg).to_bytes(), sig);
        assert!(signature_holds(&key.verifying_key(), &msg, &sig));
        let mut flipped = sig;
        flipped[10] ^= 1;
        assert!(!signature_holds(&key.verifying_key(), &msg, &flipped));
    }
}

fn example_keyring() -> Keyring {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec");
    Keyring::load(
        &dir.join("keyring.csv"),
        Some(&dir.join("commission-root.pub")),
        None,
    )
    .unwrap()
}

fn example_tape() -> Tape {
    Tape::parse(include_str!("../../fixtures/spec/tape-120345-3.txt")).unwrap()
}

#[test]
fn example_tape_verifies_and_each_keyring_rule_bites() {
    let keyring = example_keyring();
    let tape = example_tape();
    assert_eq!(verify_tape(&tape, Some(&keyring)).status, Status::Verified);
    assert_eq!(verify_tape(&tape, None).status, Status::UnknownKey);

    let mut t = tape.clone();
    t.payload.choices[3].votes = 152;
    assert_eq!(verify_tape(&t, Some(&keyring)).status, Status::BadSignature);

    let mut t = tape.clone();
    t.payload.device = "RTS-FFFFFF".into();
    assert_eq!(verify_tape(&t, Some(&keyring)).status, Status::UnknownKey);

    let mut t = tape.clone();
    t.signature = Signature::Absent;
    assert_eq!(verify_tape(&t, Some(&keyring)).status, Status::Unsigned);

    let text = include_str!("../../fixtures/spec/keyring.csv");
    let with = |old: &str, new: &str| {
        Keyring::parse(text.replace(old, new).as_bytes(), Path::new("k.csv")).unwrap()
    };
    let revoked = with(
        "2021-10-31T23:59:59Z,\nRTS-0A1B2D",
        "2021-10-31T23:59:59Z,2021-12-01T00:00:00Z\nRTS-0A1B2D",
    );
    assert_eq!(
        verify_tape(&tape, Some(&revoked)).status,
        Status::KeyRevoked
    );
    let scope = with("IQ-2021-CR,120345,3,", "IQ-2021-CR,120345,5,");
    assert_eq!(
        verify_tape(&tape, Some(&scope)).status,
        Status::KeyOutOfScope
    );
    let scope = with("IQ-2021-CR,120345,3,", "IQ-2025-PR,120345,3,");
    assert_eq!(
        verify_tape(&tape, Some(&scope)).status,
        Status::KeyOutOfScope
    );
    let expired = with(
        "2021-10-01T00:00:00Z,2021-10-31T23:59:59Z,\nRTS-0A1B2D",
        "2021-10-11T00:00:00Z,,\nRTS-0A1B2D",
    );
    assert_eq!(
        verify_tape(&tape, Some(&expired)).status,
        Status::KeyExpired
    );
    let open = with(
        "2021-10-01T00:00:00Z,2021-10-31T23:59:59Z,\nRTS-0A1B2D",
        ",,\nRTS-0A1B2D",
    );
    // A keyring nobody authenticated proves nothing, even when the signature holds.
    assert_eq!(
        verify_tape(&tape, Some(&open)).status,
        Status::KeyUnauthenticated
    );
    let mut unauthenticated = example_keyring();
    unauthenticated.authenticity = crate::keyring::Authenticity::Unauthenticated;
    let v = verify_tape(&tape, Some(&unauthenticated));
    assert_eq!(v.status, Status::KeyUnauthenticated);
    assert!(v.reason.contains("--root-key"), "{}", v.reason);
}

#[test]
fn an_ocr_reading_whose_signature_fails_is_unproven_and_a_typed_one_bad_signature() {
    use crate::verify::Source;
    let keyring = example_keyring();
    let mut t = example_tape();
    t.payload.choices[3].votes = 152;
    for (source, status) in [
        (Source::Typed, Status::BadSignature),
        (Source::Qr, Status::BadSignature),
        (Source::Reviewed, Status::BadSignature),
        (Source::Ocr, Status::Unproven),
        (Source::OcrCorrected, Status::Unproven),
    ] {
        assert_eq!(
            verify_reading(&t, source, Some(&keyring)).status,
            status,
            "{source:?}"
        );
    }
    // Verified stays verified whatever read it.
    let t = example_tape();
    assert_eq!(
        verify_reading(&t, Source::Ocr, Some(&keyring)).status,
        Status::Verified
    );
}

/// A device id OCR read wrong (`RTS-OA1B2C` for `RTS-0A1B2C`) says nothing of the keyring: `unproven`,
/// never `unknown-key`; typed or from a QR code, the id is as given and the key is unknown.
#[test]
fn an_ocr_device_id_the_keyring_lacks_is_unproven() {
    use crate::verify::Source;
    let keyring = example_keyring();
    let mut t = example_tape();
    t.payload.device = t.payload.device.replacen('0', "O", 1);
    assert!(
        keyring.get(&t.payload.device).is_none(),
        "{}",
        t.payload.device
    );
    for (source, status) in [
        (Source::Typed, Status::UnknownKey),
        (Source::Qr, Status::UnknownKey),
        (Source::Ocr, Status::Unproven),
        (Source::OcrCorrected, Status::Unproven),
    ] {
        assert_eq!(
            verify_reading(&t, source, Some(&keyring)).status,
            status,
            "{source:?}"
        );
    }
}
