//! The composition root: configuration, telemetry, migrations, the HTTP platform and the server.

pub mod config;
pub mod http;
pub mod migrations;
pub mod openapi;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod worker;

pub use config::Config;
pub use startup::{Application, Components, Overrides};
