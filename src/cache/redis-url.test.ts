import { describe, expect, it } from 'vitest';
import { RedisUrlError, parseRedisUrl, redactRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('keeps a one-server URL as it is, with its credentials and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/2')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379/2', tls: false });
    expect(parseRedisUrl('rediss://app:s%40cret@cache.example:6380')).toMatchObject({ kind: 'single', tls: true, username: 'app', password: 's@cret' });
  });

  it('reads a Sentinel set: sentinels, master name, database and the sentinels’ own password', () => {
    expect(parseRedisUrl('redis+sentinel://:pw@s1:26379,s2,[::1]:26380/mymaster/3?sentinelPassword=spw')).toEqual({
      kind: 'sentinel',
      tls: false,
      password: 'pw',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'mymaster',
      db: 3,
      sentinelPassword: 'spw',
    });
  });

  it('reads a Cluster’s seed nodes', () => {
    expect(parseRedisUrl('rediss+cluster://h1:7000,h2:7001')).toEqual({
      kind: 'cluster',
      tls: true,
      nodes: [
        { host: 'h1', port: 7000 },
        { host: 'h2', port: 7001 },
      ],
    });
  });

  it('refuses what it cannot connect to, without echoing the password', () => {
    expect(() => parseRedisUrl('http://h:1')).toThrow(RedisUrlError);
    expect(() => parseRedisUrl('redis://h1:1,h2:2')).toThrow(/one host only/);
    expect(() => parseRedisUrl('redis+sentinel://s1:26379')).toThrow(/master name/);
    expect(() => parseRedisUrl('redis+cluster://h1:7000/1')).toThrow(/no path/);
    expect(() => parseRedisUrl('redis+cluster://:secret@h1:99999')).toThrow(/bad port/);
    try {
      parseRedisUrl('redis+cluster://:secret@h1:99999');
    } catch (err) {
      expect(String(err)).not.toContain('secret');
    }
  });
});

describe('redactRedisUrl', () => {
  it('hides every password', () => {
    expect(redactRedisUrl('redis://u:pw@h:6379/1')).toBe('redis://u:***@h:6379/1');
    expect(redactRedisUrl('redis+sentinel://:pw@s1,s2/m?sentinelPassword=x')).toBe('redis+sentinel://:***@s1,s2/m?sentinelPassword=***');
    expect(redactRedisUrl('redis+cluster://h1:7000,h2:7001')).toBe('redis+cluster://h1:7000,h2:7001');
  });
});
