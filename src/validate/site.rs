//! Validate, site settings: checks `content/site.yaml` (the plan's own words, the base URL,
//! the languages, the page size, the plans of the cascade, the publishing details: brand
//! colour, licence, contact, logo and icon) and builds [`SiteConfig`].

use crate::diagnostic::Pos;
use crate::load::Rec;
use crate::model::raw::*;
use crate::model::*;
use crate::strings::is_valid_id;

use super::Validator;

impl Validator<'_> {
    /// `plan_kind` or `plan_short`: a few words, put into UI strings, so without braces or
    /// line breaks and at most 80 characters.
    fn plan_word(&mut self, t: &RawText, field: &str) -> Text {
        let text = self.text(t);
        for s in std::iter::once(&t.vi).chain(t.en.as_ref()) {
            let v = s.value.trim();
            if v.contains(['{', '}', '\n']) || v.chars().count() > 80 {
                self.err(
                    Pos::of(s),
                    format!("`{field}` is a few words naming the kind of plan; `{}` is not", v.escape_debug()),
                    "write the words the plan names itself with, e.g. `plan_kind: {vi: \"Kế hoạch\", en: \"Plan\"}` (at most 80 characters, no braces or line breaks)",
                );
            }
        }
        text
    }

    /// An image `site.yaml` names (`logo`, `favicon`), read by load (`assets`: by path), with
    /// its media type from its extension; `None` when absent, unreadable (load said why) or of
    /// a type browsers do not show there.
    fn site_image(
        &mut self,
        field: &Option<S<String>>,
        assets: &std::collections::BTreeMap<String, Vec<u8>>,
        name: &str,
        types: &[(&str, &'static str)],
    ) -> Option<SiteImage> {
        let f = field.as_ref()?;
        let bytes = assets.get(&f.value)?;
        let path = std::path::Path::new(f.value.trim());
        let ext = (path.extension().and_then(|e| e.to_str()))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(&(_, mime)) = types.iter().find(|(e, _)| *e == ext) else {
            let list: Vec<&str> = types.iter().map(|(e, _)| *e).collect();
            self.err(
                Pos::of(f),
                format!(
                    "`{name}` `{}` is not an image of a kind browsers show here",
                    f.value.escape_debug()
                ),
                format!("use a file ending in .{}", list.join(", .")),
            );
            return None;
        };
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or("image");
        Some(SiteImage {
            path: format!("assets/site/{name}-{file}"),
            mime,
            bytes: std::sync::Arc::new(bytes.clone()),
        })
    }

    pub(super) fn site_config(
        &mut self,
        r: &Rec<RawSiteConfig>,
        assets: &std::collections::BTreeMap<String, Vec<u8>>,
    ) -> Option<SiteConfig> {
        self.file = r.file.clone();
        self.kind = "site";
        let c = &r.value;
        let langs: Vec<&str> = c.languages.value.iter().map(String::as_str).collect();
        if langs != ["vi", "en"] {
            self.err(
                Pos::of(&c.languages),
                format!("languages are {langs:?}; camket publishes exactly [vi, en]"),
                "write `languages: [vi, en]`",
            );
        }
        if c.default_language.value != "vi" {
            self.err(
                Pos::of(&c.default_language),
                "the default language must be `vi`",
                "write `default_language: vi`",
            );
        }
        let base_url = match &c.base_url {
            Some(b) if b.value.trim().is_empty() => None,
            Some(b) => {
                let u = b.value.trim();
                match crate::config::parse_base_url(u) {
                    Ok(u) => Some(u),
                    Err(why) => {
                        self.err(Pos::of(b), format!("base_url `{}` must be an absolute http(s) URL ending in /: {why}", u.escape_debug()), "e.g. `https://example.gov.vn/giao-duc/`, or leave it empty for relative links");
                        None
                    }
                }
            }
            None => None,
        };
        let theme = match &c.theme {
            Some(t) if !is_valid_id(&t.value) => {
                self.err(
                    Pos::of(t),
                    format!("theme name `{}` is not valid", t.value),
                    "theme names use a-z, 0-9 and '-'",
                );
                None
            }
            Some(t) => Some(t.value.clone()),
            None => Some("default".to_owned()),
        };
        let page_size = match &c.page_size {
            None => DEFAULT_PAGE_SIZE,
            Some(n) => {
                let (lo, hi) = PAGE_SIZE_RANGE;
                match usize::try_from(n.value) {
                    Ok(v) if (lo..=hi).contains(&v) => v,
                    _ => {
                        self.err(
                            Pos::of(n),
                            format!("page_size {} is out of range: a list page holds {lo} to {hi} items", n.value),
                            format!("write a whole number from {lo} to {hi} (e.g. `page_size: {DEFAULT_PAGE_SIZE}`), or remove the line for {DEFAULT_PAGE_SIZE}"),
                        );
                        DEFAULT_PAGE_SIZE
                    }
                }
            }
        };
        let plan = self.reference(&c.plan, "document");
        let plans = self.site_plans(&c.plans);
        let data_as_of = self.date(&c.data_as_of);
        let title = self.text(&c.title);
        let description = self.text(&c.description);
        let publisher = self.text(&c.publisher);
        let objectives_intro = self.opt_text(&c.objectives_intro);
        let brand_colour = c.brand_colour.as_ref().and_then(|b| {
            match crate::strings::brand_colour(&b.value) {
                Ok(hex) => Some(hex),
                Err(why) => {
                    self.err(Pos::of(b), format!("brand_colour `{}` {why}", b.value.escape_debug()), "write a colour as `#rrggbb` dark enough for white text on it and to read as links on white (at least 4.5:1, WCAG AA), e.g. `#0b4f8a`");
                    None
                }
            }
        });
        let licence = c.licence.as_ref().and_then(|l| {
            let name = self.text(&l.name);
            match crate::config::parse_link(&l.url.value, false) {
                Ok(url) => Some(Licence { name, url }),
                Err(why) => {
                    self.err(Pos::of(&l.url), format!("the licence's url `{}` {why}", l.url.value.escape_debug()), "give the address of the licence's text, e.g. `https://creativecommons.org/licenses/by/4.0/`");
                    None
                }
            }
        });
        let logo = self.site_image(
            &c.logo,
            assets,
            "logo",
            &[
                ("svg", "image/svg+xml"),
                ("png", "image/png"),
                ("webp", "image/webp"),
                ("jpg", "image/jpeg"),
                ("jpeg", "image/jpeg"),
            ],
        );
        let favicon = self.site_image(
            &c.favicon,
            assets,
            "favicon",
            &[
                ("svg", "image/svg+xml"),
                ("png", "image/png"),
                ("ico", "image/x-icon"),
            ],
        );
        let contact = c.contact.as_ref().and_then(|u| {
            match crate::config::parse_link(&u.value, true) {
                Ok(url) => Some(url),
                Err(why) => {
                    self.err(Pos::of(u), format!("contact `{}` {why}", u.value.escape_debug()), "give a page where readers can report an error (`https://…`) or an address (`mailto:…`)");
                    None
                }
            }
        });
        let plan_kind = self.plan_word(&c.plan_kind, "plan_kind");
        let plan_short = match &c.plan_short {
            Some(t) => self.plan_word(t, "plan_short"),
            None => plan_kind.clone(),
        };
        Some(SiteConfig {
            title,
            description,
            plan: plan?,
            plan_kind,
            plan_short,
            base_url,
            data_as_of: data_as_of?,
            publisher,
            theme: theme?,
            objectives_intro,
            page_size,
            plans,
            brand_colour,
            licence,
            contact,
            logo,
            favicon,
        })
    }
}
