//! Topic pages: the list of topics (school levels and themes, `content/topics.yaml`) and one
//! page per topic listing its tasks, indicators and projects.
//!
//! Input: the builder of a language. Output: each page's route, template and context, and the
//! topic links a task, indicator or project page shows. Guarantee: a topic page lists exactly
//! the records that name the topic, each kind in its list order (tasks in plan order with the
//! draft-only ones last, indicators by horizon, projects as in content).

use serde_json::{Value as J, json};

use crate::render::context::{Builder, PageOut};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    /// Links to the given topics (indices into `site.topics`): `[{href, title}]`.
    pub(crate) fn topic_links(&self, topics: &[usize]) -> Vec<J> {
        let s = &self.site.site;
        topics
            .iter()
            .map(|&k| json!({"href": self.rec(Section::Topics, &s.topics[k].id), "title": self.text(&s.topics[k].title)}))
            .collect()
    }

    /// Every topic with its counts, for the topic list and the home page.
    pub(crate) fn topic_index(&self) -> Vec<J> {
        let s = self.site;
        (s.site.topics.iter().zip(&s.topics))
            .map(|(t, l)| {
                json!({
                    "href": self.rec(Section::Topics, &t.id),
                    "title": self.text(&t.title),
                    "description": self.opt_text(&t.description),
                    "tasks": l.tasks.iter().filter(|&&i| s.site.tasks[i].in_approved_plan).count(),
                    "objectives": l.objectives.len(),
                    "projects": l.projects.len(),
                })
            })
            .collect()
    }

    pub(crate) fn topic_list(&mut self) -> PageOut {
        let route = Route::List(self.lang, Section::Topics);
        self.from = route.path();
        let ctx = json!({"topics": self.topic_index()});
        let title = self.ui("nav_topics");
        let v = self.frame(&route, title.clone(), vec![(title, None)], ctx);
        (route, "topic_list.html", v)
    }

    pub(crate) fn topic(&mut self, k: usize) -> PageOut {
        let s = self.site;
        let t = &s.site.topics[k];
        let l = &s.topics[k];
        let route = Route::Record(self.lang, Section::Topics, t.id.clone());
        self.from = route.path();
        let (approved, draft_only): (Vec<usize>, Vec<usize>) = l
            .tasks
            .iter()
            .partition(|&&i| s.site.tasks[i].in_approved_plan);
        let others: Vec<usize> = (0..s.site.topics.len()).filter(|&o| o != k).collect();
        let ctx = json!({
            "topic": {
                "id": t.id,
                "title": self.text(&t.title),
                "description": self.opt_text(&t.description),
                "tasks": approved.iter().map(|&i| self.task_row(i)).collect::<Vec<_>>(),
                "draft_only": draft_only.iter().map(|&i| self.task_row(i)).collect::<Vec<_>>(),
                "objectives": l.objectives.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                "projects": l.projects.iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
            },
            "other_topics": self.topic_links(&others),
        });
        let title = t.title.get(self.lang).0.to_owned();
        let crumbs = vec![
            (
                self.ui("nav_topics"),
                Some(Route::List(self.lang, Section::Topics)),
            ),
            (title.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "topic.html", v)
    }
}
