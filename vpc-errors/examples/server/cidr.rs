//! The cloud's own rules for IPv4 CIDR blocks, on top of [`ipnet::Ipv4Net`]: which text is
//! a block (VPC.0212 and the VPC rules), and which addresses of a block a host may have.
//! Containment (VPC.0203 outside the VPC, VPC.0204 overlapping) is `Ipv4Net::contains`.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

/// Why a text is not a CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CidrError {
    /// Not `a.b.c.d/n` with four decimal octets and a prefix length of 0 to 32.
    Syntax,
    /// A well-formed block whose address has host bits set (`10.0.0.1/16`).
    HostBitsSet,
}

impl fmt::Display for CidrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CidrError::Syntax => "not an IPv4 CIDR block such as 10.0.0.0/16",
            CidrError::HostBitsSet => {
                "the address is not the network's first (its host bits are set)"
            }
        })
    }
}

/// A block in canonical form, `10.0.0.0/16`, so that it prints back as it was sent.
///
/// Stricter than `Ipv4Net`'s own parser on two counts: no number may have a leading zero
/// (`010.0.0.0/8` could mean octal elsewhere, and `/08` is not how the cloud writes it), and
/// the host bits must be zero, as the cloud requires, so `10.0.0.1/16` is refused rather
/// than silently read as `10.0.0.0/16`.
pub fn parse(text: &str) -> Result<Ipv4Net, CidrError> {
    let leading_zero = text
        .split(['.', '/'])
        .any(|number| number.len() > 1 && number.starts_with('0'));
    if leading_zero {
        return Err(CidrError::Syntax);
    }
    let block: Ipv4Net = text.parse().map_err(|_| CidrError::Syntax)?;
    if block != block.trunc() {
        return Err(CidrError::HostBitsSet);
    }
    Ok(block)
}

/// Whether `address` can be given to a host: in the block, and neither its network nor
/// its broadcast address. A `/31` or `/32` has no such address here, as in the cloud,
/// which reserves both ends of every subnet (`Ipv4Net::hosts` follows RFC 3021 instead).
pub fn is_host(block: Ipv4Net, address: Ipv4Addr) -> bool {
    block.contains(&address) && address != block.network() && address != block.broadcast()
}

/// The host addresses of `block` (see [`is_host`]), in order.
pub fn hosts(block: Ipv4Net) -> impl Iterator<Item = Ipv4Addr> {
    // Only a /31 or /32 has ends among `Ipv4Net::hosts`, and for them this leaves none.
    block
        .hosts()
        .filter(move |&address| address != block.network() && address != block.broadcast())
}

/// Whether the two blocks share an address. CIDR blocks are aligned, so two that overlap
/// always nest: one contains the other.
pub fn overlap(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b) || b.contains(&a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(text: &str) -> Ipv4Net {
        parse(text).unwrap()
    }

    #[test]
    fn parses_only_canonical_blocks() {
        for text in ["10.0.0.0/8", "192.168.1.0/24", "0.0.0.0/0", "10.1.2.3/32"] {
            assert_eq!(cidr(text).to_string(), text);
        }
        for text in [
            "",
            "10.0.0.0",
            "10.0.0.0/",
            "10.0.0.0/33",
            "10.0.0.0/-1",
            "10.0.0.0/+8",
            "10.0.0.0/08",
            "10.0.0.0/ 8",
            "10.0.0/8",
            "010.0.0.0/8",
            "256.0.0.0/8",
            "10.0.0.0/8/8",
            "::/0",
            "a.b.c.d/8",
        ] {
            assert_eq!(parse(text), Err(CidrError::Syntax), "{text:?}");
        }
        assert_eq!(parse("10.0.0.1/16"), Err(CidrError::HostBitsSet));
        assert_eq!(parse("10.0.1.0/8"), Err(CidrError::HostBitsSet));
    }

    #[test]
    fn containment_and_overlap() {
        let vpc = cidr("10.0.0.0/16");
        assert!(vpc.contains(&cidr("10.0.1.0/24")));
        assert!(vpc.contains(&vpc));
        assert!(!vpc.contains(&cidr("10.1.0.0/24")));
        assert!(!vpc.contains(&cidr("10.0.0.0/8")));
        assert!(cidr("10.0.0.0/8").contains(&vpc));
        assert!(cidr("0.0.0.0/0").contains(&vpc));

        assert!(overlap(cidr("10.0.1.0/24"), cidr("10.0.1.128/25")));
        assert!(overlap(cidr("10.0.1.128/25"), cidr("10.0.1.0/24")));
        assert!(!overlap(cidr("10.0.1.0/24"), cidr("10.0.2.0/24")));
        assert!(!overlap(cidr("10.0.1.0/25"), cidr("10.0.1.128/25")));
    }

    #[test]
    fn hosts_exclude_both_ends() {
        let block = cidr("192.168.0.0/29");
        assert_eq!(block.network(), Ipv4Addr::new(192, 168, 0, 0));
        assert_eq!(block.broadcast(), Ipv4Addr::new(192, 168, 0, 7));
        let all: Vec<_> = hosts(block).collect();
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], Ipv4Addr::new(192, 168, 0, 1));
        assert_eq!(all[5], Ipv4Addr::new(192, 168, 0, 6));
        assert!(all.iter().all(|&a| is_host(block, a)));
        assert!(!is_host(block, block.network()));
        assert!(!is_host(block, block.broadcast()));
        assert!(!is_host(block, Ipv4Addr::new(192, 168, 0, 8)));
        assert_eq!(hosts(cidr("10.0.0.0/31")).count(), 0);
        assert_eq!(hosts(cidr("10.0.0.0/32")).count(), 0);
        assert!(!is_host(cidr("10.0.0.0/31"), Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(hosts(cidr("10.0.0.0/30")).count(), 2);
        assert_eq!(
            hosts(cidr("255.255.255.252/30")).collect::<Vec<_>>(),
            [
                Ipv4Addr::new(255, 255, 255, 253),
                Ipv4Addr::new(255, 255, 255, 254)
            ]
        );
    }
}
