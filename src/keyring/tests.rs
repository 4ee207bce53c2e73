use super::*;

const KEYRING: &[u8] = include_bytes!("../../fixtures/spec/keyring.csv");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/spec")
        .join(name)
}

#[test]
fn example_keyring_parses_and_authenticates() {
    let k = Keyring::load(
        &fixture("keyring.csv"),
        Some(&fixture("commission-root.pub")),
        None,
    )
    .unwrap();
    assert_eq!(k.len(), 2);
    match &k.authenticity {
        Authenticity::Authenticated {
            root_key_id,
            trusted_comment,
        } => {
            assert_eq!(root_key_id, "A6B3AC335E913677");
            assert_eq!(trusted_comment, "IQ-2021-CR device keyring");
        }
        other => panic!("{other:?}"),
    }
    let d = k.get("RTS-0A1B2D").unwrap();
    assert_eq!(d.station, Some(4));
    assert_eq!(
        d.revoked_at.map(|t| t.to_string()).as_deref(),
        Some("2021-10-09T08:00:00Z")
    );
}

#[test]
fn altered_keyring_fails_authentication() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keyring.csv");
    std::fs::write(
        &path,
        String::from_utf8_lossy(KEYRING).replace(",4,", ",5,"),
    )
    .unwrap();
    std::fs::copy(
        fixture("keyring.csv.minisig"),
        dir.path().join("keyring.csv.minisig"),
    )
    .unwrap();
    let err = Keyring::load(&path, Some(&fixture("commission-root.pub")), None).unwrap_err();
    assert!(
        err.to_string()
            .contains("does not verify with the root key"),
        "{err}"
    );
    let err =
        Keyring::load(&fixture("keyring.csv"), Some(&fixture("keyring.csv")), None).unwrap_err();
    assert!(
        err.to_string()
            .contains("is the device keyring, not the root key: give it with --keyring"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let not_a_key = dir.path().join("root.pub");
    std::fs::write(&not_a_key, "hello\n").unwrap();
    let err = Keyring::load(&fixture("keyring.csv"), Some(&not_a_key), None).unwrap_err();
    assert!(
        err.to_string().contains("not a minisign public key"),
        "{err}"
    );
}

fn with_row(row: &str) -> Result<Keyring, KeyringError> {
    let text = format!("{}{row}\n", String::from_utf8_lossy(KEYRING));
    Keyring::parse(text.as_bytes(), Path::new("k.csv"))
}

#[test]
fn unusable_keys_invalidate_the_keyring() {
    // identity point: small order
    let small = "X1,0100000000000000000000000000000000000000000000000000000000000000,,,,,,";
    assert!(with_row(small)
        .unwrap_err()
        .to_string()
        .contains("small-order"));
    // y = p + k (k < 19) spells the point of y = k a second way: every such key that
    // decompresses must be refused, and some are not small-order, so the re-encoding check
    // (not the small-order one) is what refuses them.
    let mut not_weak = 0;
    for k in 0u8..19 {
        for sign in [0u8, 0x80] {
            let mut y = [0xffu8; 32];
            y[0] = 0xed + k;
            y[31] = 0x7f | sign;
            if let Ok(key) = VerifyingKey::from_bytes(&y) {
                not_weak += usize::from(!key.is_weak());
                let err = with_row(&format!("X2,{},,,,,,", hex::encode(y)))
                    .unwrap_err()
                    .to_string();
                assert!(err.contains("not canonically encoded"), "{err}");
            }
        }
    }
    assert!(
        not_weak > 0,
        "no non-canonical key of large order was tried"
    );
    let dup = "RTS-0A1B2C,ec5d0a03092d066a3b061f16ca8baf846b9d1d037f6fd149e570d5694c0ea7b1,,,,,,";
    let err = with_row(dup).unwrap_err().to_string();
    assert!(
        err.contains("appears twice") && err.starts_with("k.csv:4:"),
        "{err}"
    );
    assert!(
        with_row("X3,97CB0524978FA7A5F2704C9729DD4F39EE6FAF2F57D14FCD5A7C8246FE287754,,,,,,")
            .is_err()
    );
    assert!(with_row(
        "X4,97cb0524978fa7a5f2704c9729dd4f39ee6faf2f57d14fcd5a7c8246fe287754,,,,2021-10-01,,"
    )
    .is_err());
    assert!(
        with_row("X5,97cb0524978fa7a5f2704c9729dd4f39ee6faf2f57d14fcd5a7c8246fe287754,,,").is_err()
    );
    assert!(Keyring::parse(b"id,key\n", Path::new("k.csv"))
        .unwrap_err()
        .to_string()
        .contains("header must be"));
}

#[test]
fn root_key_id_comes_from_the_key_not_its_comment() {
    let text = std::fs::read_to_string(fixture("commission-root.pub")).unwrap();
    assert_eq!(root_key_id(&text), "A6B3AC335E913677");
    let lying = text.replace("A6B3AC335E913677", "0000000000000000");
    assert_eq!(root_key_id(&lying), "A6B3AC335E913677");
}

#[test]
fn the_byte_check_of_canonical_encodings_agrees_with_re_encoding() {
    let reencodes = |b: &[u8; 32]| {
        VerifyingKey::from_bytes(b)
            .ok()
            .map(|k| k.to_edwards().compress().to_bytes() == *b)
    };
    let mut tried = 0;
    let mut check = |b: [u8; 32]| {
        if let Some(same) = reencodes(&b) {
            assert_eq!(is_canonical_encoding(&b), same, "{}", hex::encode(b));
            tried += 1;
        }
    };
    // every encoding near p, near 0 and 1 and p - 1, with both signs
    for sign in [0u8, 0x80] {
        for low in 0u8..=255 {
            let mut near_p = [0xffu8; 32];
            near_p[0] = low;
            near_p[31] = 0x7f | sign;
            check(near_p);
            let mut near_zero = [0u8; 32];
            near_zero[0] = low;
            near_zero[31] = sign;
            check(near_zero);
        }
    }
    // and a spread of ordinary ones
    let mut state = [7u8; 32];
    for _ in 0..2000 {
        state = sha2::Sha256::digest(state).into();
        check(state);
    }
    assert!(tried > 1000, "only {tried} encodings decompressed");
}
