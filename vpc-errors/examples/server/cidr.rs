//! IPv4 CIDR blocks: parsing, containment and overlap, the arithmetic behind the VPC
//! and subnet rules (VPC.0203 outside the VPC, VPC.0204 overlapping, VPC.0212 invalid).

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// An IPv4 network in CIDR notation, `10.0.0.0/16`.
///
/// Only the canonical form parses: the address must be the network's first (its host
/// bits zero), as the cloud requires, so `10.0.0.1/16` is refused rather than silently
/// read as `10.0.0.0/16`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: u32,
    prefix: u8,
}

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

impl Cidr {
    /// The block of `prefix` bits (at most 32) holding `address`: `10.0.0.0/16` for
    /// `10.0.3.4` and 16. For blocks the code itself names; text goes through `parse`.
    pub const fn new(address: Ipv4Addr, prefix: u8) -> Cidr {
        let prefix = if prefix > 32 { 32 } else { prefix };
        let block = Cidr { network: 0, prefix };
        Cidr {
            network: address.to_bits() & block.mask(),
            prefix,
        }
    }

    /// The prefix length, `16` for `10.0.0.0/16`.
    pub const fn prefix(self) -> u8 {
        self.prefix
    }

    /// The network mask as a number, `0xffff_0000` for a `/16`.
    const fn mask(self) -> u32 {
        // A shift by 32 overflows, hence the `/0` case apart.
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - self.prefix)
        }
    }

    /// The first address, the network's own.
    pub const fn first(self) -> Ipv4Addr {
        Ipv4Addr::from_bits(self.network)
    }

    /// The last address, the broadcast one.
    pub const fn last(self) -> Ipv4Addr {
        Ipv4Addr::from_bits(self.network | !self.mask())
    }

    /// Whether `address` is in this block.
    pub const fn contains(self, address: Ipv4Addr) -> bool {
        address.to_bits() & self.mask() == self.network
    }

    /// Whether every address of `other` is in this block.
    pub const fn contains_block(self, other: Cidr) -> bool {
        other.prefix >= self.prefix && self.contains(other.first())
    }

    /// Whether the two blocks share an address. CIDR blocks are aligned, so two that
    /// overlap always nest: one contains the other.
    pub const fn overlaps(self, other: Cidr) -> bool {
        self.contains_block(other) || other.contains_block(self)
    }

    /// Whether `address` can be given to a host: in the block, and neither its network
    /// nor its broadcast address. A `/31` or `/32` has no such address here, as in the
    /// cloud, which reserves both ends of every subnet.
    pub fn is_host(self, address: Ipv4Addr) -> bool {
        self.contains(address) && address != self.first() && address != self.last()
    }

    /// The host addresses (see [`is_host`](Self::is_host)), in order.
    pub fn hosts(self) -> impl Iterator<Item = Ipv4Addr> {
        let first = self.network;
        let last = self.network | !self.mask();
        // `first + 1 ..= last - 1`, written so that a /31 or /32 is simply empty.
        (first..last).skip(1).map(Ipv4Addr::from_bits)
    }
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Self, CidrError> {
        let (address, prefix) = text.split_once('/').ok_or(CidrError::Syntax)?;
        // `Ipv4Addr`'s parser takes exactly four decimal octets and refuses leading zeros
        // (`010.0.0.0` could mean octal elsewhere).
        let address: Ipv4Addr = address.parse().map_err(|_| CidrError::Syntax)?;
        // Digits only (no sign, no spaces) and no leading zero, like the octets.
        if prefix.is_empty()
            || prefix.len() > 2
            || !prefix.bytes().all(|b| b.is_ascii_digit())
            || (prefix.len() == 2 && prefix.starts_with('0'))
        {
            return Err(CidrError::Syntax);
        }
        let prefix: u8 = prefix.parse().map_err(|_| CidrError::Syntax)?;
        if prefix > 32 {
            return Err(CidrError::Syntax);
        }
        let block = Cidr {
            network: address.to_bits(),
            prefix,
        };
        if block.network & !block.mask() != 0 {
            return Err(CidrError::HostBitsSet);
        }
        Ok(block)
    }
}

/// `10.0.0.0/16`, the form it was parsed from.
impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.first(), self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(text: &str) -> Cidr {
        text.parse().unwrap()
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
            assert_eq!(text.parse::<Cidr>(), Err(CidrError::Syntax), "{text:?}");
        }
        assert_eq!("10.0.0.1/16".parse::<Cidr>(), Err(CidrError::HostBitsSet));
        assert_eq!("10.0.1.0/8".parse::<Cidr>(), Err(CidrError::HostBitsSet));
    }

    #[test]
    fn containment_and_overlap() {
        let vpc = cidr("10.0.0.0/16");
        assert!(vpc.contains_block(cidr("10.0.1.0/24")));
        assert!(vpc.contains_block(vpc));
        assert!(!vpc.contains_block(cidr("10.1.0.0/24")));
        assert!(!vpc.contains_block(cidr("10.0.0.0/8")));
        assert!(cidr("10.0.0.0/8").contains_block(vpc));
        assert!(cidr("0.0.0.0/0").contains_block(vpc));

        assert!(cidr("10.0.1.0/24").overlaps(cidr("10.0.1.128/25")));
        assert!(cidr("10.0.1.128/25").overlaps(cidr("10.0.1.0/24")));
        assert!(!cidr("10.0.1.0/24").overlaps(cidr("10.0.2.0/24")));
        assert!(!cidr("10.0.1.0/25").overlaps(cidr("10.0.1.128/25")));
    }

    #[test]
    fn hosts_exclude_both_ends() {
        let block = cidr("192.168.0.0/29");
        assert_eq!(block.first(), Ipv4Addr::new(192, 168, 0, 0));
        assert_eq!(block.last(), Ipv4Addr::new(192, 168, 0, 7));
        let hosts: Vec<_> = block.hosts().collect();
        assert_eq!(hosts.len(), 6);
        assert_eq!(hosts[0], Ipv4Addr::new(192, 168, 0, 1));
        assert_eq!(hosts[5], Ipv4Addr::new(192, 168, 0, 6));
        assert!(hosts.iter().all(|&a| block.is_host(a)));
        assert!(!block.is_host(block.first()));
        assert!(!block.is_host(block.last()));
        assert!(!block.is_host(Ipv4Addr::new(192, 168, 0, 8)));
        assert_eq!(cidr("10.0.0.0/31").hosts().count(), 0);
        assert_eq!(cidr("10.0.0.0/32").hosts().count(), 0);
        assert_eq!(cidr("10.0.0.0/30").hosts().count(), 2);
        assert_eq!(
            cidr("255.255.255.252/30").hosts().collect::<Vec<_>>(),
            [
                Ipv4Addr::new(255, 255, 255, 253),
                Ipv4Addr::new(255, 255, 255, 254)
            ]
        );
    }
}
