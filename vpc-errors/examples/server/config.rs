//! Command-line flags and environment variables, parsed by hand (an example should not
//! pull in an argument parser for six options).

use std::collections::HashMap;
use std::net::Ipv4Addr;

use crate::cidr::Cidr;
use crate::quotas::Kind;

/// The token the server accepts when none is configured, printed at startup.
pub const DEMO_TOKEN: &str = "demo-token";

/// The project [`DEMO_TOKEN`] belongs to: 32 hex digits, the shape of the cloud's ids.
pub const DEMO_PROJECT: &str = "0123456789abcdef0123456789abcdef";

/// `--help`.
pub const USAGE: &str = "\
Usage: server [--port N] [--token TOKEN=PROJECT_ID[:ro]]... [--vpc-quota N]
              [--publicip-quota N] [--publicip-pool CIDR] [--quota TYPE=N]...
              [--dual-body] [--faults]

  --port N              port on 127.0.0.1 (default 8080; 0 picks a free one)
  --token T=P[:ro]      accept X-Auth-Token T for project P; `:ro` only lets it read.
                        Repeatable; replaces the demo token
  --vpc-quota N         VPCs per project (default 5)
  --publicip-quota N    EIPs per project (default 5)
  --publicip-pool CIDR  addresses EIPs are given from (default 198.51.100.0/24)
  --quota TYPE=N        the quota of a resource type of the quota API (`subnet`,
                        `securityGroup`, `shareBandwidth`, ...; `vpc` and `publicIp`
                        are --vpc-quota and --publicip-quota). Repeatable; the
                        defaults are the cloud's
  --dual-body           error bodies carry error_code/error_msg beside code/message:
                        the official Node.js SDK reads only the former, so without
                        this its users see no error code at all
  --faults              answer the error row an `X-Vpc-Fault` request header names
                        (`VPC.0105`, `NeutronError; status=500`, `...; name=value`
                        for the row's template values): rows no real condition here
                        produces, such as backend failures. For tests only

Each also reads VPC_SERVER_PORT, VPC_SERVER_TOKENS (comma-separated),
VPC_SERVER_VPC_QUOTA, VPC_SERVER_PUBLICIP_QUOTA, VPC_SERVER_PUBLICIP_POOL,
VPC_SERVER_QUOTAS (TYPE=N, comma-separated), VPC_SERVER_DUAL_BODY,
VPC_SERVER_FAULTS (1 or true);
a flag wins over its variable.";

/// What a token may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The project the token belongs to.
    pub project: String,
    /// Reads only: anything else answers VPC.2701.
    pub read_only: bool,
}

/// The server's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The port on 127.0.0.1; 0 lets the system pick one.
    pub port: u16,
    /// Accepted `X-Auth-Token` values.
    pub tokens: HashMap<String, Grant>,
    /// VPCs per project (VPC.0114 beyond).
    pub vpc_quota: usize,
    /// EIPs per project (VPC.0521 beyond).
    pub publicip_quota: usize,
    /// The block EIP addresses are given from (VPC.0532 when it runs out).
    pub publicip_pool: Cidr,
    /// Quotas set for the other resource types (`--quota`); the rest are the cloud's
    /// defaults ([`Config::quota`]).
    pub quotas: HashMap<Kind, usize>,
    /// Error bodies with both pairs of members (`vpc_errors::serve_dual_bodies`).
    pub dual_body: bool,
    /// Answer the rows `X-Vpc-Fault` names (`crate::faults`).
    pub faults: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            port: 8080,
            tokens: HashMap::from([(
                DEMO_TOKEN.to_owned(),
                Grant {
                    project: DEMO_PROJECT.to_owned(),
                    read_only: false,
                },
            )]),
            vpc_quota: 5,
            publicip_quota: 5,
            // TEST-NET-2 (RFC 5737): documentation addresses, never anyone's real host.
            publicip_pool: Cidr::new(Ipv4Addr::new(198, 51, 100, 0), 24),
            quotas: HashMap::new(),
            dual_body: false,
            faults: false,
        }
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Serve with this configuration.
    Serve(Config),
    /// Print [`USAGE`].
    Help,
}

impl Config {
    /// The quota of `kind` per project, as `ShowQuota` answers it.
    pub fn quota(&self, kind: Kind) -> usize {
        match kind {
            Kind::Vpc => self.vpc_quota,
            Kind::PublicIp => self.publicip_quota,
            _ => self
                .quotas
                .get(&kind)
                .copied()
                .unwrap_or(kind.default_quota()),
        }
    }

    /// Sets a quota from `TYPE=N`.
    fn set_quota(&mut self, name: &str, spec: &str) -> Result<(), String> {
        let (kind, value) = spec
            .split_once('=')
            .ok_or_else(|| format!("{name}: `{spec}` is not TYPE=N"))?;
        let kind = Kind::from_name(kind.trim())
            .ok_or_else(|| format!("{name}: `{kind}` is not a quota type"))?;
        let quota = number(name, value.trim())?;
        match kind {
            Kind::Vpc => self.vpc_quota = quota,
            Kind::PublicIp => self.publicip_quota = quota,
            _ => {
                self.quotas.insert(kind, quota);
            }
        }
        Ok(())
    }

    /// The configuration from `args` (without the program name) over the variables that
    /// `env` returns, over the defaults. The error says which value is wrong.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Command, String> {
        let mut config = Config::default();
        if let Some(port) = env("VPC_SERVER_PORT") {
            config.port = number("VPC_SERVER_PORT", &port)?;
        }
        if let Some(tokens) = env("VPC_SERVER_TOKENS") {
            config.tokens = HashMap::new();
            for spec in tokens.split(',').filter(|s| !s.trim().is_empty()) {
                let (token, grant) = token("VPC_SERVER_TOKENS", spec.trim())?;
                config.tokens.insert(token, grant);
            }
        }
        if let Some(quota) = env("VPC_SERVER_VPC_QUOTA") {
            config.vpc_quota = number("VPC_SERVER_VPC_QUOTA", &quota)?;
        }
        if let Some(quota) = env("VPC_SERVER_PUBLICIP_QUOTA") {
            config.publicip_quota = number("VPC_SERVER_PUBLICIP_QUOTA", &quota)?;
        }
        if let Some(pool) = env("VPC_SERVER_PUBLICIP_POOL") {
            config.publicip_pool = pool_block("VPC_SERVER_PUBLICIP_POOL", &pool)?;
        }
        if let Some(quotas) = env("VPC_SERVER_QUOTAS") {
            for spec in quotas.split(',').filter(|s| !s.trim().is_empty()) {
                config.set_quota("VPC_SERVER_QUOTAS", spec.trim())?;
            }
        }
        if let Some(dual) = env("VPC_SERVER_DUAL_BODY") {
            config.dual_body = switch("VPC_SERVER_DUAL_BODY", &dual)?;
        }
        if let Some(faults) = env("VPC_SERVER_FAULTS") {
            config.faults = switch("VPC_SERVER_FAULTS", &faults)?;
        }

        // Flags replace the tokens of the environment or the demo, but add up among themselves.
        let mut flag_tokens: Option<HashMap<String, Grant>> = None;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(Command::Help);
            }
            if arg == "--dual-body" {
                config.dual_body = true;
                continue;
            }
            if arg == "--faults" {
                config.faults = true;
                continue;
            }
            // `--flag value` or `--flag=value`.
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value)),
                _ => (arg.clone(), None),
            };
            if !matches!(
                flag.as_str(),
                "--port"
                    | "--token"
                    | "--vpc-quota"
                    | "--publicip-quota"
                    | "--publicip-pool"
                    | "--quota"
            ) {
                return Err(format!("unknown argument `{arg}`"));
            }
            let value = match inline {
                Some(value) => value.to_owned(),
                None => args
                    .next()
                    .ok_or_else(|| format!("`{flag}` needs a value"))?,
            };
            match flag.as_str() {
                "--port" => config.port = number(&flag, &value)?,
                "--token" => {
                    let (token, grant) = token(&flag, &value)?;
                    flag_tokens.get_or_insert_default().insert(token, grant);
                }
                "--vpc-quota" => config.vpc_quota = number(&flag, &value)?,
                "--publicip-quota" => config.publicip_quota = number(&flag, &value)?,
                "--quota" => config.set_quota(&flag, &value)?,
                _ => config.publicip_pool = pool_block(&flag, &value)?,
            }
        }
        if let Some(tokens) = flag_tokens {
            config.tokens = tokens;
        }
        if config.tokens.is_empty() {
            return Err("no token is configured, so no request could be accepted".to_owned());
        }
        Ok(Command::Serve(config))
    }
}

/// A variable that turns a behaviour on or off.
fn switch(name: &str, value: &str) -> Result<bool, String> {
    match value {
        "1" | "true" => Ok(true),
        "0" | "false" | "" => Ok(false),
        other => Err(format!("{name}: `{other}` is not 1, true, 0 or false")),
    }
}

fn number<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{name}: `{value}` is not a valid number here"))
}

/// `TOKEN=PROJECT_ID` or `TOKEN=PROJECT_ID:ro`. Split at the last `=`, since a project id
/// has none and a token (base64, say) may.
fn token(name: &str, spec: &str) -> Result<(String, Grant), String> {
    let bad = || format!("{name}: `{spec}` is not TOKEN=PROJECT_ID or TOKEN=PROJECT_ID:ro");
    let (token, project) = spec.rsplit_once('=').ok_or_else(bad)?;
    let (project, read_only) = match project.strip_suffix(":ro") {
        Some(project) => (project, true),
        None => (project, false),
    };
    // Tokens travel in a header, project ids in URL paths: keep both to what fits there
    // without escaping.
    let token_ok = !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic());
    let project_ok = !project.is_empty()
        && project
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !token_ok || !project_ok {
        return Err(bad());
    }
    Ok((
        token.to_owned(),
        Grant {
            project: project.to_owned(),
            read_only,
        },
    ))
}

/// An EIP pool: a block with at least one host address.
fn pool_block(name: &str, value: &str) -> Result<Cidr, String> {
    let block: Cidr = value
        .parse()
        .map_err(|e| format!("{name}: `{value}`: {e}"))?;
    if block.prefix() > 30 {
        return Err(format!(
            "{name}: `{value}` has no host addresses; use a /30 or larger"
        ));
    }
    Ok(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Command, String> {
        Config::parse(args.iter().map(|&s| s.to_owned()), |name| {
            env.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    fn config(args: &[&str], env: &[(&str, &str)]) -> Config {
        match parse(args, env) {
            Ok(Command::Serve(config)) => config,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn defaults_serve_the_demo_token() {
        let c = config(&[], &[]);
        assert_eq!(c.port, 8080);
        assert_eq!(c.vpc_quota, 5);
        assert_eq!(c.publicip_quota, 5);
        assert_eq!(c.publicip_pool.to_string(), "198.51.100.0/24");
        assert_eq!(
            c.tokens.get(DEMO_TOKEN).map(|g| g.project.as_str()),
            Some(DEMO_PROJECT)
        );
    }

    #[test]
    fn flags_win_over_the_environment() {
        let env = [
            ("VPC_SERVER_PORT", "9000"),
            ("VPC_SERVER_VPC_QUOTA", "7"),
            ("VPC_SERVER_TOKENS", "a=p1, b=p2:ro"),
            ("VPC_SERVER_PUBLICIP_POOL", "203.0.113.0/28"),
        ];
        let c = config(&[], &env);
        assert_eq!((c.port, c.vpc_quota), (9000, 7));
        assert_eq!(c.publicip_pool.to_string(), "203.0.113.0/28");
        assert_eq!(c.tokens.len(), 2);
        assert_eq!(
            c.tokens["b"],
            Grant {
                project: "p2".into(),
                read_only: true
            }
        );
        assert!(!c.tokens.contains_key(DEMO_TOKEN));

        let c = config(
            &[
                "--port=0",
                "--vpc-quota",
                "1",
                "--publicip-quota=0",
                "--token",
                "x==p3",
                "--token=y=p4",
            ],
            &env,
        );
        assert_eq!((c.port, c.vpc_quota, c.publicip_quota), (0, 1, 0));
        assert_eq!(c.tokens.len(), 2);
        assert_eq!(c.tokens["x="].project, "p3");
        assert_eq!(c.tokens["y"].project, "p4");
    }

    #[test]
    fn quotas_default_to_the_clouds_and_can_be_set() {
        let c = config(&[], &[]);
        assert_eq!(c.quota(Kind::Subnet), 100);
        assert_eq!(c.quota(Kind::SecurityGroupRule), 5000);
        assert_eq!(c.quota(Kind::Vpc), c.vpc_quota);
        let c = config(
            &[
                "--quota",
                "subnet=3",
                "--quota=vpc=9",
                "--publicip-quota",
                "4",
            ],
            &[("VPC_SERVER_QUOTAS", "subnet=7, shareBandwidth=2")],
        );
        assert_eq!(c.quota(Kind::Subnet), 3);
        assert_eq!(c.quota(Kind::ShareBandwidth), 2);
        assert_eq!((c.vpc_quota, c.quota(Kind::Vpc)), (9, 9));
        assert_eq!(c.quota(Kind::PublicIp), 4);
        for (spec, needle) in [
            ("subnet", "is not TYPE=N"),
            ("Subnet=1", "`Subnet` is not a quota type"),
            ("subnet=-1", "`-1` is not a valid number"),
        ] {
            let e = parse(&["--quota", spec], &[]).unwrap_err();
            assert!(e.contains(needle), "{spec}: {e}");
        }
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(parse(&["--help"], &[]), Ok(Command::Help));
        // The switches: (arguments, variables) -> (dual_body, faults).
        for (args, env, switched) in [
            (&[][..], &[][..], (false, false)),
            (&["--dual-body"], &[], (true, false)),
            (&[], &[("VPC_SERVER_DUAL_BODY", "1")], (true, false)),
            (&["--faults"], &[], (false, true)),
            (&[], &[("VPC_SERVER_FAULTS", "true")], (false, true)),
            (&[], &[("VPC_SERVER_FAULTS", "0")], (false, false)),
        ] {
            let c = config(args, env);
            assert_eq!((c.dual_body, c.faults), switched, "{args:?} {env:?}");
        }
        for name in ["VPC_SERVER_DUAL_BODY", "VPC_SERVER_FAULTS"] {
            let e = parse(&[], &[(name, "on")]).unwrap_err();
            assert!(e.contains(&format!("{name}: `on`")), "{e}");
        }
        for (args, env, needle) in [
            (&["--port", "http"][..], &[][..], "--port: `http`"),
            (&["--port", "70000"], &[], "--port: `70000`"),
            (&["--port"], &[], "`--port` needs a value"),
            (&["--verbose"], &[], "unknown argument `--verbose`"),
            (&["8080"], &[], "unknown argument `8080`"),
            (&["--token", "nothing"], &[], "--token: `nothing`"),
            (&["--token", "t=a/b"], &[], "--token: `t=a/b`"),
            (&["--token", "=p"], &[], "--token: `=p`"),
            (
                &["--publicip-pool", "10.0.0.0/31"],
                &[],
                "no host addresses",
            ),
            (&["--publicip-pool", "10.0.0.1/24"], &[], "host bits"),
            (
                &[],
                &[("VPC_SERVER_VPC_QUOTA", "-1")],
                "VPC_SERVER_VPC_QUOTA",
            ),
            (&[], &[("VPC_SERVER_TOKENS", " , ")], "no token"),
        ] {
            let e = parse(args, env).unwrap_err();
            assert!(e.contains(needle), "{args:?}: {e}");
        }
    }
}
