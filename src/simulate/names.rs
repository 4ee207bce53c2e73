//! Candidate names for simulated ballots (presentation only: the payload carries no names).

use rand::Rng;

const GIVEN: [&str; 40] = [
    "AHMED", "ALI", "HASSAN", "HUSSEIN", "OMAR", "MUSTAFA", "KARIM", "SALAH", "FARIS", "NOURI",
    "HAIDAR", "ABBAS", "JAMAL", "SARBAST", "DILSHAD", "REBWAR", "SHERKO", "ZAINAB", "HUDA",
    "FATIMA", "MARYAM", "NOOR", "SARA", "LAYLA", "RANA", "HANAN", "SUHAD", "ALIA", "SHLER",
    "NASRIN", "AVIN", "YUSUF", "IBRAHIM", "KHALID", "SAMIR", "WALID", "ADNAN", "RAED", "MAYSOON",
    "IMAN",
];

const FAMILY: [&str; 40] = [
    "HASSAN",
    "ALI",
    "JABBAR",
    "KAREEM",
    "AZIZ",
    "AL-OBAIDI",
    "AL-JUBOURI",
    "AL-SAADI",
    "AL-TAIE",
    "AL-ZUBAIDI",
    "AL-RUBAIE",
    "AL-KHAFAJI",
    "AL-SHAMMARI",
    "AL-DULAIMI",
    "BARZANI",
    "TALABANI",
    "MAHMOUD",
    "SALIH",
    "RASHID",
    "KADHIM",
    "MAJEED",
    "HAMEED",
    "NAJI",
    "MAHDI",
    "SAEED",
    "JAFAR",
    "HAMAD",
    "YASSIN",
    "KHALAF",
    "AL-AMIRI",
    "AL-HAKIM",
    "AL-MALIKI",
    "OTHMAN",
    "QADIR",
    "FATTAH",
    "ISMAIL",
    "SHAKIR",
    "NASIR",
    "HADI",
    "ZAKI",
];

/// A name like `AHMED K. HASSAN`, at most 22 characters.
pub(crate) fn candidate(rng: &mut impl Rng) -> String {
    let given = GIVEN[rng.gen_range(0..GIVEN.len())];
    let initial = char::from(b'A' + rng.gen_range(0..26u8));
    let family = FAMILY[rng.gen_range(0..FAMILY.len())];
    format!("{given} {initial}. {family}")
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    #[test]
    fn names_fit_the_tape() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for _ in 0..2000 {
            let name = super::candidate(&mut rng);
            assert!(name.len() <= 22 && name.is_ascii(), "{name}");
        }
    }
}
