import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digest } from '../../platform/secrets/digest.ts';
import { checkRedirectUri, verifyClientSecret } from './oauth-clients.ts';

test('client secrets are checked against their digest: only the exact secret matches', () => {
  const secret = 'cts_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const stored = digest(secret);
  assert.equal(verifyClientSecret(stored, secret), true);
  // Same length, one character off; shorter; longer; empty: all refused (the digests, not the
  // secrets, are compared, with timingSafeEqual, so timing reveals nothing about the secret).
  for (const wrong of [`${secret.slice(0, -1)}H`, secret.slice(0, 10), `${secret}x`, '', stored]) {
    assert.equal(verifyClientSecret(stored, wrong), false, wrong);
  }
});

test('redirect URLs: absolute https, or http on loopback; no fragment or credentials', () => {
  for (const ok of ['https://app.example.com/cb', 'https://app.example.com:8443/cb?x=1', 'http://localhost:3000/cb', 'http://127.0.0.1/cb', 'http://[::1]:8080/cb']) {
    assert.equal(checkRedirectUri(ok), ok);
  }
  for (const bad of ['/relative', 'app.example.com/cb', 'http://app.example.com/cb', 'ftp://x.test/cb', 'https://x.test/cb#f', 'https://user:pw@x.test/cb', 'javascript:alert(1)', `https://x.test/${'a'.repeat(2000)}`]) {
    assert.throws(() => checkRedirectUri(bad), (error: { code?: string }) => error.code === 'IDENTITY_INVALID_REDIRECT_URI', bad);
  }
});
