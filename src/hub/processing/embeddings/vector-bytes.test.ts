import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vectorFromBytes, vectorToBytes } from './vector-bytes.ts';

test('a vector survives the round trip through its bytes, 4 little-endian bytes a dimension', () => {
  const vector = Float32Array.from([0.6, -0.8, 0, 1e-7, -1]);
  const bytes = vectorToBytes(vector);
  assert.equal(bytes.length, 20);
  assert.deepEqual([...bytes.subarray(8, 12)], [0, 0, 0, 0]);
  assert.deepEqual([...bytes.subarray(16, 20)], [0x00, 0x00, 0x80, 0xbf], '-1 as IEEE 754 binary32, little-endian');
  assert.deepEqual(vectorFromBytes(bytes), vector);
  // A value read from the database may sit at any offset of a larger buffer.
  const shifted = Buffer.concat([Buffer.from([9]), bytes]).subarray(1);
  assert.deepEqual(vectorFromBytes(shifted), vector);
});

test('bytes that are not whole float32 values are refused', () => {
  assert.throws(() => vectorFromBytes(Buffer.alloc(6)), /^Error: a stored vector has 6 bytes, not a multiple of 4$/);
});
