//! The search page of a language (`vi/tim-kiem/`, `en/search/`).
//!
//! Input: the builder of a language. Output: the page's route, template and context: the
//! links the page needs (its script and style, the task list for readers without JavaScript).
//! Guarantee: the page loads only external files; the index itself comes from the `search`
//! stage (`pagefind/`), found by the script relative to its own URL.

use serde_json::json;

use crate::render::context::{Builder, PageOut};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    /// The search page.
    pub(crate) fn search_page(&mut self) -> PageOut {
        let route = Route::List(self.lang, Section::Search);
        self.from = route.path();
        // The topics' names, so that search.js ranks a topic's records first when the words
        // typed are in the topic's name.
        let lang = self.lang;
        let topics: Vec<&str> = (self.site.site.topics.iter())
            .map(|t| t.title.get(lang).0)
            .collect();
        let ctx = json!({
            "search": {
                "topics": serde_json::to_string(&topics).unwrap_or_default(),
                "script": self.asset("search.js"),
                "css": self.asset("search.css"),
                "tasks": self.href(&Route::List(self.lang, Section::Tasks)),
            }
        });
        let title = self.ui("nav_search");
        let v = self.frame(&route, title.clone(), vec![(title, None)], ctx);
        (route, "search.html", v)
    }
}
