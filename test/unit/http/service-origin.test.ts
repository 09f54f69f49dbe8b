import { describe, expect, it } from 'vitest';
import { originOf, sameOrigin } from '../../../main/core/http/service-origin';

describe('originOf', () => {
  it.each([
    ['http://nas:8080', 'http://nas:8080'],
    ['  http://nas:8080/  ', 'http://nas:8080'],
    ['HTTP://NAS:8080', 'http://nas:8080'],
    ['http://nas:80/', 'http://nas'],
    ['https://nas:443/sonarr', 'https://nas'],
    ['http://nas:8080/sabnzbd/', 'http://nas:8080'],
    ['http://nas:8080/sabnzbd/api?x=1#y', 'http://nas:8080'],
    ['http://user:pass@nas:8080', 'http://nas:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['http://Bücher.example:8989', 'http://xn--bcher-kva.example:8989'],
    ['', null],
    ['   ', null],
    ['nas:8080', null],
    ['http:', null],
    ['ftp://nas', null],
    ['javascript:alert(1)', null],
    ['file:///etc/passwd', null],
  ])('%j → %j', (address, origin) => {
    expect(originOf(address)).toBe(origin);
  });
});

describe('sameOrigin', () => {
  it.each([
    ['http://nas:8080', 'http://NAS:8080/sabnzbd/', true],
    ['http://nas', 'http://nas:80', true],
    ['https://nas', 'https://nas:443/', true],
    ['http://nas:8080', 'https://nas:8080', false],
    ['http://nas:8080', 'http://nas:8081', false],
    ['http://nas:8080', 'http://nas.local:8080', false],
    ['http://127.0.0.1:8080', 'http://localhost:8080', false],
    ['http://nas:8080', 'http://evil@nas:8080', true],
    ['http://nas:8080', 'http://nas:8080@evil', false],
    ['http://nas:8080', 'http://evil#@nas:8080', false],
    ['', '', false],
    ['http:', 'http:', false],
  ])('%j ~ %j = %j', (a, b, same) => {
    expect(sameOrigin(a, b)).toBe(same);
    expect(sameOrigin(b, a)).toBe(same);
  });
});
