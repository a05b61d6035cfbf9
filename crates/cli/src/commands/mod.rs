//! One module per subcommand; each `run` returns the exit code of a success or an error.

pub mod compile;
pub mod inspect;
pub mod passes;
pub mod run;
pub mod targets;
pub mod validate;
pub mod wast;

mod describe;
mod features;
