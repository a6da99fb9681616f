import { describe, expect, it } from 'vitest';
import { formatValidator } from './formats.js';

describe('formats the apiserver enforces', () => {
  const cases: [string, string, boolean][] = [
    ['date-time', '2024-02-29T12:30:00Z', true],
    ['date-time', '2024-02-29t12:30:00.123+02:00', true],
    ['date-time', '2023-02-29T12:30:00Z', false],
    ['date-time', '2024-01-01T25:00:00Z', false],
    ['date-time', '2024-01-01', false],
    ['date', '2024-02-29', true],
    ['date', '2024-13-01', false],
    ['byte', 'aGVsbG8=', true],
    ['byte', 'aGVs\nbG8=', false],
    ['byte', '', false],
    ['byte', 'not base64!', false],
    ['ipv4', '10.0.0.1', true],
    ['ipv4', '999.1.1.1', false],
    ['ipv4', '010.0.0.1', true],
    ['ipv6', 'fe80::1%eth0', false],
    ['duration', 'P1D', true],
    ['hostname', 'a-b.c', false],
    ['hostname', 'bad_host', false],
    ['ipv6', 'fe80::1', true],
    ['ipv6', '10.0.0.1', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '10.0.0.0/33', false],
    ['duration', '1h30m', true],
    ['duration', '3 days', true],
    ['duration', 'ten minutes please', false],
    ['duration', '2562047h', true],
    ['duration', '-1.5h30m', true],
    ['duration', '+0', true],
    ['duration', '.s', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['uuid', 'nope', false],
    ['hostname', 'example.com', true],
    ['email', 'a@example.com', true],
    ['uri', 'https://example.com/a', true],
    ['uri', 'not a uri', false],
  ];
  it.each(cases)('%s %j → %s', (format, value, valid) => {
    expect(formatValidator(format)?.(value)).toBe(valid);
  });
  it('ignores formats the apiserver does not enforce', () => {
    for (const f of ['int32', 'int64', 'double', 'quantity', 'https', 'constructor']) expect(formatValidator(f)).toBeUndefined();
  });
});
