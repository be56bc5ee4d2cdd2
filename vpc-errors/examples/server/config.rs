//! Command-line flags and environment variables (clap): every flag also reads a
//! `VPC_SERVER_*` variable, and a flag wins over its variable.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use clap::Parser;
use clap::builder::BoolishValueParser;
use ipnet::Ipv4Net;

use crate::cidr;
use crate::quotas::Kind;

/// The token the server accepts when none is configured, printed at startup.
pub const DEMO_TOKEN: &str = "demo-token";

/// The project [`DEMO_TOKEN`] belongs to: 32 hex digits, the shape of the cloud's ids.
pub const DEMO_PROJECT: &str = "0123456789abcdef0123456789abcdef";

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
    /// Shared bandwidths per project (VPC.0310 beyond).
    pub shared_bandwidth_quota: usize,
    /// The block EIP addresses are given from (VPC.0532 when it runs out).
    pub publicip_pool: Ipv4Net,
    /// Security groups per project (VPC.0604 beyond).
    pub security_group_quota: usize,
    /// Security group rules per project, default rules included (VPC.0602 beyond).
    pub security_group_rule_quota: usize,
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
            shared_bandwidth_quota: 5,
            // TEST-NET-2 (RFC 5737): documentation addresses, never anyone's real host.
            publicip_pool: Ipv4Net::new_assert(Ipv4Addr::new(198, 51, 100, 0), 24),
            // The cloud's default quotas.
            security_group_quota: 100,
            security_group_rule_quota: 5000,
            quotas: HashMap::new(),
            dual_body: false,
            faults: false,
        }
    }
}

/// The command line: `server --help`.
#[derive(Debug, Parser)]
#[command(
    name = "server",
    about = "A Huawei Cloud VPC/EIP API server on in-memory state"
)]
pub struct Options {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "VPC_SERVER_PORT", default_value_t = 8080)]
    port: u16,
    /// Accept `X-Auth-Token: TOKEN` for project `PROJECT_ID`; `:ro` only lets it read.
    /// Repeatable (the variable: comma-separated); replaces the demo token.
    #[arg(
        long = "token",
        value_name = "TOKEN=PROJECT_ID[:ro]",
        env = "VPC_SERVER_TOKENS",
        value_delimiter = ',',
        value_parser = token
    )]
    tokens: Vec<(String, Grant)>,
    /// VPCs per project.
    #[arg(long, env = "VPC_SERVER_VPC_QUOTA", default_value_t = 5)]
    vpc_quota: usize,
    /// EIPs per project.
    #[arg(long, env = "VPC_SERVER_PUBLICIP_QUOTA", default_value_t = 5)]
    publicip_quota: usize,
    /// Shared bandwidths per project (5, the cloud's default).
    #[arg(long, env = "VPC_SERVER_SHARED_BANDWIDTH_QUOTA", default_value_t = 5)]
    shared_bandwidth_quota: usize,
    /// Addresses EIPs are given from.
    #[arg(long, env = "VPC_SERVER_PUBLICIP_POOL", default_value = "198.51.100.0/24", value_parser = pool_block)]
    publicip_pool: Ipv4Net,
    /// Security groups per project.
    #[arg(long, env = "VPC_SERVER_SECURITY_GROUP_QUOTA", default_value_t = 100)]
    security_group_quota: usize,
    /// Security group rules per project, a new group's default rules included.
    #[arg(
        long,
        env = "VPC_SERVER_SECURITY_GROUP_RULE_QUOTA",
        default_value_t = 5000
    )]
    security_group_rule_quota: usize,
    /// The quota of a resource type of the quota API (`subnet`, `securityGroup`,
    /// `shareBandwidth`, ...; `vpc` and `publicIp` set `--vpc-quota` and `--publicip-quota`).
    /// Repeatable (the variable: comma-separated); the defaults are the cloud's.
    #[arg(
        long = "quota",
        value_name = "TYPE=N",
        env = "VPC_SERVER_QUOTAS",
        value_delimiter = ',',
        value_parser = quota
    )]
    quotas: Vec<(Kind, usize)>,
    /// Error bodies carry `error_code`/`error_msg` beside `code`/`message`: the official Node.js
    /// SDK reads only the former, so without this its users see no error code at all.
    #[arg(long, env = "VPC_SERVER_DUAL_BODY", value_parser = BoolishValueParser::new(), default_value_t = false, num_args = 0, default_missing_value = "true")]
    dual_body: bool,
    /// Answer the error row an `X-Vpc-Fault` request header names (`VPC.0105`,
    /// `NeutronError; status=500`, `...; name=value` for the row's template values): rows
    /// no real condition here produces, such as backend failures. For tests only.
    #[arg(long, env = "VPC_SERVER_FAULTS", value_parser = BoolishValueParser::new(), default_value_t = false, num_args = 0, default_missing_value = "true")]
    faults: bool,
    /// Log one JSON object a line instead of human-readable lines.
    #[arg(long, env = "VPC_SERVER_LOG_JSON", value_parser = BoolishValueParser::new(), default_value_t = false, num_args = 0, default_missing_value = "true")]
    pub log_json: bool,
}

impl Options {
    /// The server's settings.
    pub fn into_config(self) -> Config {
        let defaults = Config::default();
        let mut config = Config {
            port: self.port,
            tokens: if self.tokens.is_empty() {
                defaults.tokens
            } else {
                self.tokens.into_iter().collect()
            },
            vpc_quota: self.vpc_quota,
            publicip_quota: self.publicip_quota,
            shared_bandwidth_quota: self.shared_bandwidth_quota,
            publicip_pool: self.publicip_pool,
            security_group_quota: self.security_group_quota,
            security_group_rule_quota: self.security_group_rule_quota,
            quotas: HashMap::new(),
            dual_body: self.dual_body,
            faults: self.faults,
        };
        for (kind, quota) in self.quotas {
            match kind {
                Kind::Vpc => config.vpc_quota = quota,
                Kind::PublicIp => config.publicip_quota = quota,
                Kind::ShareBandwidth => config.shared_bandwidth_quota = quota,
                Kind::SecurityGroup => config.security_group_quota = quota,
                Kind::SecurityGroupRule => config.security_group_rule_quota = quota,
                _ => {
                    config.quotas.insert(kind, quota);
                }
            }
        }
        config
    }
}

impl Config {
    /// The quota of `kind` per project, as `ShowQuota` answers it.
    pub fn quota(&self, kind: Kind) -> usize {
        match kind {
            Kind::Vpc => self.vpc_quota,
            Kind::PublicIp => self.publicip_quota,
            Kind::ShareBandwidth => self.shared_bandwidth_quota,
            Kind::SecurityGroup => self.security_group_quota,
            Kind::SecurityGroupRule => self.security_group_rule_quota,
            _ => self
                .quotas
                .get(&kind)
                .copied()
                .unwrap_or(kind.default_quota()),
        }
    }
}

/// `TYPE=N`: a quota type's name, as the quota API spells it, and its quota.
fn quota(spec: &str) -> Result<(Kind, usize), String> {
    let spec = spec.trim();
    let (kind, value) = spec
        .split_once('=')
        .ok_or_else(|| format!("`{spec}` is not TYPE=N"))?;
    let kind =
        Kind::from_name(kind.trim()).ok_or_else(|| format!("`{kind}` is not a quota type"))?;
    let value = value.trim();
    let quota = value
        .parse()
        .map_err(|_| format!("`{value}` is not a valid number"))?;
    Ok((kind, quota))
}

/// `TOKEN=PROJECT_ID` or `TOKEN=PROJECT_ID:ro`. Split at the last `=`, since a project id
/// has none and a token (base64, say) may.
fn token(spec: &str) -> Result<(String, Grant), String> {
    let spec = spec.trim();
    let bad = || format!("`{spec}` is not TOKEN=PROJECT_ID or TOKEN=PROJECT_ID:ro");
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
fn pool_block(value: &str) -> Result<Ipv4Net, String> {
    let block = cidr::parse(value).map_err(|e| format!("`{value}`: {e}"))?;
    if block.prefix_len() > 30 {
        return Err(format!(
            "`{value}` has no host addresses; use a /30 or larger"
        ));
    }
    Ok(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let args = std::iter::once("server").chain(args.iter().copied());
        Options::try_parse_from(args)
            .map(Options::into_config)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_serve_the_demo_token() {
        // Only while no `VPC_SERVER_*` variable is set around the test run.
        if std::env::vars().any(|(name, _)| name.starts_with("VPC_SERVER_")) {
            return;
        }
        let c = parse(&[]).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!((c.port, c.vpc_quota, c.publicip_quota), (8080, 5, 5));
        assert_eq!(c.shared_bandwidth_quota, 5);
        assert_eq!(c.publicip_pool.to_string(), "198.51.100.0/24");
        assert_eq!(
            (c.security_group_quota, c.security_group_rule_quota),
            (100, 5000)
        );
        assert_eq!(
            c.tokens.get(DEMO_TOKEN).map(|g| g.project.as_str()),
            Some(DEMO_PROJECT)
        );
    }

    #[test]
    fn flags_set_everything() {
        let c = parse(&[
            "--port=0",
            "--vpc-quota",
            "1",
            "--publicip-quota=0",
            "--shared-bandwidth-quota=0",
            "--token",
            "x==p3",
            "--token=y=p4:ro, z=p5",
            "--publicip-pool=203.0.113.0/28",
            "--security-group-quota=4",
            "--security-group-rule-quota",
            "8",
            "--dual-body",
            "--faults",
        ])
        .unwrap();
        assert_eq!((c.port, c.vpc_quota, c.publicip_quota), (0, 1, 0));
        assert_eq!(c.shared_bandwidth_quota, 0);
        assert_eq!(c.publicip_pool.to_string(), "203.0.113.0/28");
        assert_eq!(
            (c.security_group_quota, c.security_group_rule_quota),
            (4, 8)
        );
        assert_eq!(c.tokens.len(), 3);
        assert_eq!(c.tokens["x="].project, "p3");
        let reader = Grant {
            project: "p4".into(),
            read_only: true,
        };
        assert_eq!(c.tokens["y"], reader);
        assert!(!c.tokens.contains_key(DEMO_TOKEN));
        assert!(c.dual_body && c.faults);
    }

    #[test]
    fn quotas_default_to_the_clouds_and_can_be_set() {
        let c = Config::default();
        assert_eq!(c.quota(Kind::Subnet), 100);
        assert_eq!(c.quota(Kind::SecurityGroupRule), 5000);
        assert_eq!(c.quota(Kind::Vpc), c.vpc_quota);
        let c = parse(&[
            "--quota",
            "subnet=3",
            "--quota=vpc=9, shareBandwidth=2",
            "--publicip-quota",
            "4",
        ])
        .unwrap();
        assert_eq!(c.quota(Kind::Subnet), 3);
        assert_eq!(c.quota(Kind::ShareBandwidth), 2);
        assert_eq!(c.shared_bandwidth_quota, 2);
        assert_eq!((c.vpc_quota, c.quota(Kind::Vpc)), (9, 9));
        assert_eq!(c.quota(Kind::PublicIp), 4);
        for (spec, needle) in [
            ("subnet", "is not TYPE=N"),
            ("Subnet=1", "`Subnet` is not a quota type"),
            ("subnet=-1", "`-1` is not a valid number"),
        ] {
            let e = parse(&["--quota", spec]).unwrap_err();
            assert!(e.contains(needle), "{spec}: {e}");
        }
    }

    #[test]
    fn mistakes_are_named() {
        for (args, needle) in [
            (&["--port", "http"][..], "--port"),
            (&["--port", "70000"], "70000"),
            (&["--port"], "--port"),
            (&["--verbose"], "--verbose"),
            (&["8080"], "8080"),
            (&["--token", "nothing"], "`nothing` is not TOKEN=PROJECT_ID"),
            (&["--token", "t=a/b"], "`t=a/b`"),
            (&["--token", "=p"], "`=p`"),
            (&["--publicip-pool", "10.0.0.0/31"], "no host addresses"),
            (&["--publicip-pool", "10.0.0.1/24"], "host bits"),
        ] {
            let e = parse(args).unwrap_err();
            assert!(e.contains(needle), "{args:?}: {e}");
        }
    }
}
