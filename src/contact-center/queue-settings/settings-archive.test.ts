import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { ARCHIVE_LIMITS, readZip, writeZip } from './settings-archive.ts';

/** Rewrites every size field of a one-entry ZIP to `declared`, as a hostile archive lies about its contents. */
function lieAboutSize(zip: Uint8Array, declared: number): Uint8Array {
  const bytes = new Uint8Array(zip);
  const view = new DataView(bytes.buffer);
  view.setUint32(22, declared, true);
  const directory = view.getUint32(bytes.length - 22 + 16, true);
  view.setUint32(directory + 24, declared, true);
  return bytes;
}

test('what writeZip writes, readZip reads back', () => {
  const zip = writeZip(Buffer.from('{}'), new Map([['audio/12/hello.mp3', Buffer.from('mp3')]]));
  assert.deepEqual([...readZip(zip)].map(([name, bytes]) => [name, bytes.toString()]), [['settings.json', '{}'], ['audio/12/hello.mp3', 'mp3']]);
});

test('a zip bomb that lies about its size stops at the limit, quickly', () => {
  const bomb = lieAboutSize(zipSync({ 'settings.json': new Uint8Array(200 * 1024 * 1024) }), 10);
  const started = Date.now();
  assert.throws(() => readZip(bomb), { statusCode: 400, message: `The ZIP file is over its limits: entry "settings.json" inflates past ${ARCHIVE_LIMITS.settingsBytes} bytes` });
  assert.ok(Date.now() - started < 2000, 'inflating stopped at the limit rather than at 200 MB');
});

test('too many entries, hostile names and truncation are refused', () => {
  const many: Record<string, Uint8Array> = {};
  for (let i = 0; i <= ARCHIVE_LIMITS.entries; i++) many[`audio/1/f${i}.mp3`] = new Uint8Array(1);
  assert.throws(() => readZip(zipSync(many)), /more than 2000 entries/);
  for (const name of ['../x', 'audio/1/../../x', 'audio\\1\\x', '/abs', 'audio/1/.hidden', 'audio/x/y.mp3', 'audio/1/a/b.mp3']) {
    assert.throws(() => readZip(zipSync({ [name]: new Uint8Array(1) })), /entry name not allowed/, name);
  }
  const zip = writeZip(Buffer.from('{}'), new Map([['audio/12/hello.mp3', Buffer.alloc(5000, 1)]]));
  assert.throws(() => readZip(zip.subarray(0, zip.length - 5)), /truncated/);
  assert.throws(() => readZip(Buffer.concat([zip.subarray(0, 60), zip.subarray(zip.length - 22)])), /truncated|invalid/);
  assert.throws(() => readZip(Buffer.from('PK\u0003\u0004 not really a zip')), /The ZIP file is invalid/);
});
