import { describe, expect, it } from '@jest/globals';
import { blockedAddressReason, ipLiteral } from './address-policy.js';
import { webhookUrlProblem } from './webhook-url.js';

describe('blockedAddressReason', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1', '255.255.255.255'])(
    'refuses %s',
    (address) => {
      expect(blockedAddressReason(address)).toEqual(expect.stringContaining('address'));
    },
  );

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });

  it('names the range', () => {
    expect(blockedAddressReason('169.254.169.254')).toBe('169.254.169.254 is a linkLocal address');
  });
});

describe('ipLiteral', () => {
  it('finds IPv4 and bracketed IPv6 hosts, not names or short forms', () => {
    expect(ipLiteral('10.0.0.1')).toBe('10.0.0.1');
    expect(ipLiteral('[::1]')).toBe('::1');
    expect(ipLiteral('example.com')).toBeNull();
  });
});

describe('webhookUrlProblem', () => {
  const production = { httpsOnly: true, allowPrivate: false };
  const dev = { httpsOnly: false, allowPrivate: true };

  it('takes a public https URL', () => {
    expect(webhookUrlProblem('https://hooks.example.com/in?x=1', production)).toBeNull();
  });

  it.each([
    ['not a url', 'absolute URL'],
    ['ftp://example.com/', 'https URL'],
    ['http://example.com/', 'http is allowed only'],
    ['https://user:pw@example.com/', 'user name or password'],
    ['https://example.com/#frag', 'fragment'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['https://[fd00:ec2::254]/', 'uniqueLocal'],
    ['https://10.0.0.8/', 'private'],
    ['https://localhost/', 'local host name'],
    [`https://example.com/${'a'.repeat(2000)}`, 'at most 2000'],
  ])('refuses %s in production', (url, problem) => {
    expect(webhookUrlProblem(url, production)).toEqual(expect.stringContaining(problem));
  });

  it('allows http and loopback with WEBHOOKS_ALLOW_PRIVATE', () => {
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', dev)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/hook', dev)).toBeNull();
    expect(webhookUrlProblem('https://u:p@127.0.0.1/', dev)).toContain('user name');
  });
});
