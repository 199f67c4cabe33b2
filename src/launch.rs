//! Handing something to the system: an address to the browser, a document or a folder to the
//! file manager. A command named in an environment variable takes the system's place (the tests
//! record what would have been opened).

use std::process::Command;

/// The command in `env` (program and arguments, split on spaces), when it is set.
pub fn override_command(env: &str) -> Option<Command> {
    let line = std::env::var(env).ok()?;
    let mut parts = line.split_whitespace();
    let mut command = Command::new(parts.next()?);
    command.args(parts);
    Some(command)
}
