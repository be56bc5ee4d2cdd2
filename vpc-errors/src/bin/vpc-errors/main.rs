//! `vpc-errors`: what an error code of the Huawei Cloud VPC/EIP API means, from the
//! catalogue compiled into this crate.
//!
//! ```text
//! vpc-errors explain VPC.0504
//! vpc-errors list --operation DeletePublicip --status 404
//! vpc-errors search "floating ip"
//! vpc-errors docs --lang en
//! ```

mod cli;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vpc_errors::CATALOGUE;
use vpc_errors::docs::Lang;

use crate::cli::{ListFilter, Outcome, Style};

/// Look up the error codes of the Huawei Cloud VPC/EIP API.
#[derive(Debug, Parser)]
#[command(name = "vpc-errors", version)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Explain an error code: every operation that returns it, with its status, message,
    /// description and remedy in Chinese and English.
    Explain {
        /// The code: `VPC.0504`, `vpc.0504` or `0504`.
        code: String,
        /// Print the catalogue rows as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the errors, all of them or those an operation may return.
    List {
        /// Only the errors this operation may return (e.g. `DeletePublicip`), common ones
        /// included.
        #[arg(long, value_name = "NAME")]
        operation: Option<String>,
        /// Only the errors with this HTTP status.
        #[arg(long, value_name = "N")]
        status: Option<u16>,
        /// Print the catalogue rows as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Find the errors whose code, name, message, description or remedy contains TEXT
    /// (in either language; ASCII letters ignore case).
    Search {
        /// The text to look for.
        text: String,
        /// Print the catalogue rows as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the catalogue as the published error-code table.
    Docs {
        /// The table's language: `zh` (the published table, byte for byte) or `en`.
        #[arg(long, default_value_t = Lang::Zh)]
        lang: Lang,
    },
}

fn run(command: Command, style: Style) -> Outcome {
    match command {
        Command::Explain { code, json: false } => cli::explain(&CATALOGUE, &code, style),
        Command::Explain { code, json: true } => cli::explain_json(&CATALOGUE, &code, style),
        Command::List {
            operation,
            status,
            json,
        } => cli::list(&CATALOGUE, &ListFilter { operation, status }, json, style),
        Command::Search { text, json } => cli::search(&CATALOGUE, &text, json, style),
        Command::Docs { lang } => cli::docs(&CATALOGUE, lang),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = io::stdout();
    let style = Style::detect(
        stdout.is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let outcome = run(args.command, style);
    // A reader that stops early (`| head`) is not an error worth reporting.
    let _ = stdout.lock().write_all(outcome.stdout.as_bytes());
    let _ = io::stderr().lock().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.code)
}
