//! camket: a static site generator that publishes a government's commitments (tasks,
//! objectives, projects, budgets and the documents they rest on) as a bilingual
//! Vietnamese/English website.
//!
//! The build is a pipeline of stages, each with one entry point and a typed output:
//! [`load::load`] → [`validate::validate`] → [`compile::compile`] (markdown compiled, document
//! references resolved) → [`link::link`] → `render::Renderer` (`Renderer::new`, then
//! `render_all` into a sink) → `write::Staging` (the sink; `commit` swaps the new folder in),
//! with [`search::index`] (the search index) beside render. [`pipeline::check`] runs the
//! checking half (load, validate, compile, link, theme) for every command
//! and the tests, and [`pipeline::Failure`] gives each error its exit code; [`build::build`]
//! runs the whole. [`model`] holds the content types, `diagnostic` the located error reports,
//! [`theme`] the templates and UI strings. `render`, `write` and `diagnostic` are internal
//! (`pub(crate)`). `docs/architecture.md` describes the stages, the types between them and where a
//! new page kind or record kind goes.
//! [`init`] writes a new site to start from. [`output`] says which output folder a build may
//! replace, and [`lock`] keeps an import from running beside a build or another import on one
//! site.

pub mod build;
pub mod cite;
pub mod compile;
pub mod config;
pub(crate) mod diagnostic;
pub mod init;
pub mod link;
pub mod load;
pub mod lock;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub(crate) mod render;
pub mod reports;
pub mod search;
pub mod serve;
pub mod strings;
pub mod theme;
pub mod validate;
pub(crate) mod write;
