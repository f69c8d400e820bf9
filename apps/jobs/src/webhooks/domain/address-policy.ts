import ipaddr from 'ipaddr.js';

/**
 * Addresses a webhook may never reach (unless WEBHOOKS_ALLOW_PRIVATE): the product's own
 * network and the cloud's metadata services. ipaddr.js names the range of an address; every
 * range but `unicast` (public) is refused: loopback, private (10/8, 172.16/12, 192.168/16),
 * link-local (169.254/16, fe80::/10, where 169.254.169.254 the metadata service lives),
 * carrier-grade NAT (100.64/10), unique-local (fc00::/7, where AWS's fd00:ec2::254 lives),
 * unspecified, multicast, broadcast, reserved, documentation and the translation ranges that
 * embed an IPv4 address. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as its IPv4.
 */
export function blockedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  return range === 'unicast' ? null : `${parsed.toString()} is a ${range} address`;
}

/** Whether a URL host is an IP literal (IPv6 in brackets), and that address. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : null;
}
