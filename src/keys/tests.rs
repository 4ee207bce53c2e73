use super::*;

fn no_pass() -> Result<String, KeyError> {
    panic!("no passphrase should be asked for an unprotected key")
}

#[test]
fn an_unprotected_key_signs_and_verifies() {
    let key = generate(None).unwrap();
    assert!(key
        .public_text
        .starts_with("untrusted comment: minisign public key "));
    assert!(key.public_text.contains(&key.key_id));
    assert!(!secret_is_encrypted(&key.secret_text, "k.key").unwrap());
    let secret = open_secret(&key.secret_text, "k.key", no_pass).unwrap();
    assert_eq!(secret.key_id(), key.key_id);
    let public = read_public(&key.public_text, "k.pub").unwrap();
    assert_eq!(public.key_id(), key.key_id);
    assert_eq!(public.base64(), key.public_base64);
    let sig = secret.sign(b"MANIFEST\n", "tally bundle").unwrap();
    let ok = verify(&public, b"MANIFEST\n", &sig).unwrap();
    assert_eq!(ok.trusted_comment, "tally bundle");
    assert!(verify(&public, b"MANIFEST!\n", &sig).is_err());
    let other = read_public(&generate(None).unwrap().public_text, "o.pub").unwrap();
    let err = verify(&other, b"MANIFEST\n", &sig).unwrap_err();
    assert!(err.contains("another key"), "{err}");
}

#[test]
fn a_protected_key_needs_its_passphrase() {
    let key = generate(Some("correct horse")).unwrap();
    assert!(secret_is_encrypted(&key.secret_text, "k.key").unwrap());
    let secret = open_secret(&key.secret_text, "k.key", || Ok("correct horse".into())).unwrap();
    assert!(secret.encrypted);
    assert_eq!(secret.key_id(), key.key_id);
    let err = open_secret(&key.secret_text, "k.key", || Ok("wrong".into())).unwrap_err();
    assert!(matches!(err, KeyError::WrongPassphrase { .. }), "{err}");
    let err = open_secret(&key.secret_text, "k.key", || Ok(String::new())).unwrap_err();
    assert!(matches!(err, KeyError::WrongPassphrase { .. }), "{err}");
}

#[test]
fn damaged_key_files_are_named_plainly() {
    let key = generate(None).unwrap();
    for text in ["", "hello\n", "untrusted comment: x\n!!!!\n"] {
        let err = open_secret(text, "k.key", no_pass).unwrap_err();
        assert!(matches!(err, KeyError::NotAKey { .. }), "{text:?}: {err}");
    }
    // Flip a byte of the Ed25519 seed: the key opens but its halves disagree.
    use ct_codecs::{Base64, Decoder as _, Encoder as _};
    let line = key.secret_text.lines().nth(1).unwrap();
    let mut raw = Base64::decode_to_vec(line, None).unwrap();
    raw[70] ^= 1;
    let text = format!(
        "untrusted comment: x\n{}\n",
        Base64::encode_to_string(&raw).unwrap()
    );
    let err = open_secret(&text, "k.key", no_pass).unwrap_err();
    assert!(matches!(err, KeyError::Corrupt { .. }), "{err}");
    assert!(read_public("untrusted comment: x\nAAAA\n", "k.pub").is_err());
    assert!(read_public(&key.secret_text, "k.pub").is_err());
}
