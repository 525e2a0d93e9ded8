//! camket: a static site generator that publishes a government's commitments (tasks,
//! objectives, projects, budgets and the documents they rest on) as a bilingual
//! Vietnamese/English website.
//!
//! The build is a pipeline of stages, each with one entry function and a typed output:
//! [`load::load`] → [`validate::validate`] → [`link::link`] → [`render::render`] →
//! [`write::write`], with [`search::index`] (the search index) between render and write;
//! [`build::build`] runs them in order. [`model`] holds the content types,
//! [`diagnostic`] the located error reports, [`theme`] the templates and UI strings.

pub mod build;
pub mod cite;
pub mod config;
pub mod diagnostic;
pub mod link;
pub mod load;
pub mod markdown;
pub mod model;
pub mod render;
pub mod reports;
pub mod search;
pub mod serve;
pub mod strings;
pub mod theme;
pub mod validate;
pub mod write;
