//! `vpc-errors`: what an error code of the Huawei Cloud VPC/EIP API means, from the
//! catalogue compiled into this crate.
//!
//! ```text
//! vpc-errors explain VPC.0504
//! vpc-errors list --operation DeletePublicip --status 404
//! vpc-errors search "floating ip"
//! vpc-errors docs --lang en --format html > errors.html
//! vpc-errors import table.md --map operations.md > other.yaml
//! vpc-errors --catalogue other.yaml explain DNS.0001
//! ```

mod cli;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use vpc_errors::CATALOGUE;
use vpc_errors::docs::Lang;
use vpc_errors::registry::Catalogue;

use crate::cli::{ListFilter, Outcome, Style};

/// Look up the error codes of the Huawei Cloud VPC/EIP API, or of any catalogue.
#[derive(Debug, Parser)]
#[command(name = "vpc-errors", version)]
struct Args {
    /// The catalogue to read (a YAML file in the format of `catalogue.yaml`); by default
    /// the bundled VPC/EIP one.
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// The form `docs` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The published table's Markdown.
    Markdown,
    /// One self-contained HTML page with a search box.
    Html,
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
        /// The table's language: `zh` (the published table, byte for byte) or `en`; by
        /// default `zh`, or the catalogue's language when it has one only.
        #[arg(long)]
        lang: Option<Lang>,
        /// `markdown` (the published table) or `html` (one page with a search box).
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// Turn a published error-code table (Markdown pipe table or HTML `<table>`) into a
    /// catalogue, printed on standard output. Rows that cannot be carried are reported on
    /// standard error with their line; the exit status is 1 when any was left out, 2 when
    /// no catalogue could be made.
    Import {
        /// The document holding the table.
        table: PathBuf,
        /// The catalogue's `service`; by default the codes' prefix.
        #[arg(long, value_name = "NAME")]
        service: Option<String>,
        /// A Markdown table of the cloud's operations per table group (`table group`,
        /// `operation`, `service`, `method`, `path`), as the SDKs name them.
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
    },
}

fn run(command: Command, catalogue: &'static Catalogue, style: Style) -> Outcome {
    match command {
        Command::Explain { code, json: false } => cli::explain(catalogue, &code, style),
        Command::Explain { code, json: true } => cli::explain_json(catalogue, &code, style),
        Command::List {
            operation,
            status,
            json,
        } => cli::list(catalogue, &ListFilter { operation, status }, json, style),
        Command::Search { text, json } => cli::search(catalogue, &text, json, style),
        Command::Docs { lang, format } => {
            let lang = lang.unwrap_or_else(|| cli::default_lang(catalogue));
            match format {
                Format::Markdown => cli::docs(catalogue, lang),
                Format::Html => cli::docs_html(catalogue, lang),
            }
        }
        Command::Import {
            table,
            service,
            map,
        } => cli::import(&table, service, map.as_deref()),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = io::stdout();
    let style = Style::detect(
        stdout.is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let catalogue = match &args.catalogue {
        None => &CATALOGUE,
        Some(path) => match vpc_errors::file::load(path) {
            Ok(catalogue) => catalogue,
            Err(e) => {
                let _ = writeln!(
                    io::stderr().lock(),
                    "error: {} is not a catalogue that can be read:\n{e}",
                    path.display()
                );
                return ExitCode::from(cli::BAD_INPUT);
            }
        },
    };
    let outcome = run(args.command, catalogue, style);
    // A reader that stops early (`| head`) is not an error worth reporting.
    let _ = stdout.lock().write_all(outcome.stdout.as_bytes());
    let _ = io::stderr().lock().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.code)
}
