//! `tally keys generate` and `tally keys show`: the observer network's minisign key pair.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{KeysArgs, KeysCommand, KeysGenerateArgs, KeysShowArgs};
use crate::keys::{self, KeyError};
use crate::report::output::{write_atomic_new, write_secret_new};

use super::Outcome;

/// The environment variable scripts give the passphrase in.
pub const PASSWORD_ENV: &str = "TALLY_KEY_PASSWORD";

/// Runs `tally keys`.
pub fn run(args: KeysArgs) -> anyhow::Result<Outcome> {
    match args.command {
        KeysCommand::Generate(a) => generate(a),
        KeysCommand::Show(a) => show(a),
    }
}

/// The passphrase: `TALLY_KEY_PASSWORD`, else asked on the terminal (twice when `confirm`).
pub(crate) fn passphrase(prompt: &str, confirm: bool) -> Result<String, KeyError> {
    if let Some(p) = std::env::var_os(PASSWORD_ENV) {
        return p
            .into_string()
            .map_err(|_| KeyError::Passphrase(format!("{PASSWORD_ENV} is not valid UTF-8 text")));
    }
    let ask = |p: &str| {
        rpassword::prompt_password(p).map_err(|e| {
            KeyError::Passphrase(format!(
                "cannot ask for the passphrase on a terminal ({e}): set {PASSWORD_ENV} in scripts"
            ))
        })
    };
    let first = ask(prompt)?;
    if confirm && ask("Passphrase (again): ")? != first {
        return Err(KeyError::Passphrase(
            "the two passphrases differ: nothing was written; run the command again".into(),
        ));
    }
    Ok(first)
}

/// Opens a secret key file, asking its passphrase only if it has one.
pub(crate) fn open_secret(path: &Path) -> anyhow::Result<keys::SecretKey> {
    let text = crate::files::read_text(path, crate::files::MAX_KEY_FILE_BYTES, "a key file")
        .with_context(|| format!("{}: cannot read the secret key", path.display()))?;
    let key = keys::open_secret(&text, &path.display().to_string(), || {
        passphrase(&format!("Passphrase for {}: ", path.display()), false)
    })?;
    Ok(key)
}

/// Reads a public key file.
#[allow(dead_code)] // used by `tally bundle check`
pub(crate) fn read_public(path: &Path) -> anyhow::Result<keys::PublicKey> {
    let text = crate::files::read_text(path, crate::files::MAX_KEY_FILE_BYTES, "a key file")
        .with_context(|| format!("{}: cannot read the public key", path.display()))?;
    Ok(keys::read_public(&text, &path.display().to_string())?)
}

fn with_extension(prefix: &Path, ext: &str) -> PathBuf {
    let mut name = prefix.as_os_str().to_owned();
    name.push(ext);
    PathBuf::from(name)
}

fn generate(args: KeysGenerateArgs) -> anyhow::Result<Outcome> {
    // Settings: the two files, neither of which may exist.
    let secret_path = with_extension(&args.out, ".key");
    let public_path = with_extension(&args.out, ".pub");
    for p in [&secret_path, &public_path] {
        if p.exists() {
            anyhow::bail!(
                "{} exists: tally never replaces a key file; choose another --out PREFIX or move it away",
                p.display()
            );
        }
    }
    let pass = if args.no_password {
        None
    } else {
        let p = passphrase("Passphrase for the new secret key: ", true)?;
        if p.is_empty() {
            anyhow::bail!("an empty passphrase protects nothing: give one, or use --no-password to make a key without");
        }
        Some(p)
    };
    // Core.
    let key = keys::generate(pass.as_deref())?;
    write_secret_new(&secret_path, key.secret_text.as_bytes())
        .with_context(|| format!("{}: cannot write the secret key", secret_path.display()))?;
    if let Err(e) = write_atomic_new(&public_path, key.public_text.as_bytes()) {
        let _ = std::fs::remove_file(&secret_path);
        return Err(e)
            .with_context(|| format!("{}: cannot write the public key", public_path.display()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(&public_path, std::fs::Permissions::from_mode(0o644));
    }
    // Render.
    let protection = if pass.is_some() {
        "protected by your passphrase"
    } else {
        "NOT protected by a passphrase: keep it offline"
    };
    println!(
        "secret key: {} ({protection}); keep it secret",
        secret_path.display()
    );
    println!(
        "public key: {} (key id {}); give it to whoever checks your bundles",
        public_path.display(),
        key.key_id
    );
    println!(
        "anyone can verify a signed file with: minisign -Vm FILE -P {}",
        key.public_base64
    );
    Ok(Outcome::Clean)
}

fn show(args: KeysShowArgs) -> anyhow::Result<Outcome> {
    let path = &args.key;
    let text = crate::files::read_text(path, crate::files::MAX_KEY_FILE_BYTES, "a key file")
        .with_context(|| format!("{}: cannot read the key file", path.display()))?;
    let name = path.display().to_string();
    let (kind, public) = match keys::read_public(&text, &name) {
        Ok(public) => ("public key".to_string(), public),
        Err(_) => {
            let secret = open_secret(path)?;
            let kind = if secret.encrypted {
                "secret key, protected by a passphrase (which you gave correctly)"
            } else {
                "secret key, NOT protected by a passphrase"
            };
            (kind.to_string(), secret.public())
        }
    };
    println!("file: {}", crate::report::sanitize::terminal(&name));
    println!("kind: {kind}");
    println!("key id: {}", public.key_id());
    println!("public key: {}", public.base64());
    println!("verify with: minisign -Vm FILE -P {}", public.base64());
    Ok(Outcome::Clean)
}
