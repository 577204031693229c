/**
 * The internal set types behind the connectivity list: connection sets over protocols and
 * ports, and piecewise sets over the outside address space.
 */
import { ConnectionSet } from '../../src/analysis/_connections';
import { parseIpBlock } from '../../src/analysis/_ipblock';
import { formatRange, ipBlockRanges, piecewise } from '../../src/analysis/_outside';
import { PortSet } from '../../src/analysis/_ports';

const tcp = (a: number, b = a) => ConnectionSet.range('TCP', a, b);

describe('ConnectionSet', () => {
  test('prints the grammar: protocols alphabetically, ranges merged, All Connections', () => {
    expect(tcp(8080, 8090).union(tcp(80)).union(ConnectionSet.range('UDP', 53, 53)).toString()).toBe('TCP 80,8080-8090,UDP 53');
    expect(tcp(1, 100).union(tcp(101, 200)).toString()).toBe('TCP 1-200');
    expect(ConnectionSet.range('SCTP', 9003, 9003).union(tcp(80)).toString()).toBe('SCTP 9003,TCP 80');
    expect(ConnectionSet.ALL.toString()).toBe('All Connections');
    expect(ConnectionSet.ALL.subtract(tcp(80)).toString()).toBe('SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535');
    expect(ConnectionSet.NONE.toString()).toBe('No Connections');
  });

  test('intersects, subtracts and compares', () => {
    const a = tcp(80, 90);
    const b = tcp(85, 100);
    expect(a.intersect(b).toString()).toBe('TCP 85-90');
    expect(a.subtract(b).toString()).toBe('TCP 80-84');
    expect(a.union(b).contains(a)).toBe(true);
    expect(a.contains(b)).toBe(false);
    expect(a.intersect(ConnectionSet.range('UDP', 80, 90)).isEmpty()).toBe(true);
    expect(tcp(80).union(tcp(81)).equals(tcp(80, 81))).toBe(true);
    expect(a.has(85, 'TCP')).toBe(true);
    expect(a.has(85, 'UDP')).toBe(false);
  });

  test('resolves named ports on the destination, and to nothing outside the cluster', () => {
    const ports = PortSet.named('TCP', 'http').union(PortSet.range('UDP', 53, 53));
    expect(ConnectionSet.fromPortSet(ports, [{ port: 8080, protocol: 'TCP', name: 'http' }, { port: 9090, protocol: 'TCP', name: 'metrics' }]).toString())
      .toBe('TCP 8080,UDP 53');
    expect(ConnectionSet.fromPortSet(ports).toString()).toBe('UDP 53');
    expect(ConnectionSet.fromPortSet(PortSet.all())).toBe(ConnectionSet.ALL);
  });
});

describe('outside ranges', () => {
  const block = (cidr: string, except: string[] = []) => parseIpBlock({ cidr, except }, 'ipBlock', [])!;

  test('an ipBlock is its cidr minus its excepts, as ranges', () => {
    expect(ipBlockRanges(block('10.0.0.0/8', ['10.1.0.0/16', '10.0.0.0/16'])).map(formatRange))
      .toEqual(['10.2.0.0-10.255.255.255']);
    expect(ipBlockRanges(block('2001:db8::/32', ['2001:db8:1::/48'])).map(formatRange))
      .toEqual(['2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff', '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff']);
    expect(ipBlockRanges(block('203.0.113.10/32')).map(formatRange)).toEqual(['203.0.113.10-203.0.113.10']);
  });

  test('pieces are cut at every boundary, united where they overlap, merged where equal', () => {
    const pieces = [
      ...ipBlockRanges(block('0.0.0.0/0', ['10.0.0.0/8'])).map((r) => ({ ...r, conn: tcp(443) })),
      ...ipBlockRanges(block('10.0.0.0/8')).map((r) => ({ ...r, conn: tcp(443) })),
      ...ipBlockRanges(block('192.168.0.0/16')).map((r) => ({ ...r, conn: tcp(80) })),
    ];
    expect(piecewise(pieces, ['ipv4', 'ipv6']).map((r) => `${formatRange(r)} ${r.conn}`)).toEqual([
      '0.0.0.0-192.167.255.255 TCP 443',
      '192.168.0.0-192.168.255.255 TCP 80,443',
      '192.169.0.0-255.255.255.255 TCP 443',
    ]);
  });
});
