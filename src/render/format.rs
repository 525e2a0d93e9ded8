//! Locale formatting of numbers and dates for pages.
//!
//! Input: exact decimals and dates. Output: Vietnamese ("21.325,7201", "22/8/2025") or English
//! ("21,325.7201", "22 August 2025") text. Guarantee: exact (no float), via ICU4X's decimal
//! formatter with compiled CLDR data; no trailing zeros added or removed.

use std::str::FromStr;

use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal as IcuDecimal;
use icu_locale_core::locale;
use rust_decimal::Decimal;

use crate::model::{Date, Lang};

/// Number and date formatters for both languages.
pub struct Formatter {
    vi: DecimalFormatter,
    en: DecimalFormatter,
}

impl Default for Formatter {
    fn default() -> Self {
        Self::new()
    }
}

impl Formatter {
    /// Formatters from the built-in CLDR data.
    pub fn new() -> Self {
        Formatter {
            vi: DecimalFormatter::try_new(locale!("vi").into(), Default::default())
                .expect("built-in vi decimal data"),
            en: DecimalFormatter::try_new(locale!("en").into(), Default::default())
                .expect("built-in en decimal data"),
        }
    }

    /// An exact decimal in the language's style.
    pub fn number(&self, lang: Lang, d: Decimal) -> String {
        let Ok(icu) = IcuDecimal::from_str(&d.to_string()) else {
            return d.to_string();
        };
        match lang {
            Lang::Vi => self.vi.format_to_string(&icu),
            Lang::En => self.en.format_to_string(&icu),
        }
    }

    /// A date in the language's style.
    pub fn date(&self, lang: Lang, d: Date) -> String {
        match lang {
            Lang::Vi => format!("{}/{}/{}", d.day(), d.month(), d.year()),
            Lang::En => format!(
                "{} {} {}",
                d.day(),
                crate::strings::MONTHS_EN[(d.month() - 1) as usize],
                d.year()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_exact_decimals_per_language() {
        let f = Formatter::new();
        let d = Decimal::from_str_exact("21325.7201").unwrap();
        assert_eq!(f.number(Lang::Vi, d), "21.325,7201");
        assert_eq!(f.number(Lang::En, d), "21,325.7201");
        let z = Decimal::from_str_exact("529.9900").unwrap();
        assert_eq!(f.number(Lang::Vi, z), "529,9900");
    }

    #[test]
    fn formats_dates() {
        let f = Formatter::new();
        let d = Date::new(2025, 8, 22).unwrap();
        assert_eq!(f.date(Lang::Vi, d), "22/8/2025");
        assert_eq!(f.date(Lang::En, d), "22 August 2025");
    }
}
