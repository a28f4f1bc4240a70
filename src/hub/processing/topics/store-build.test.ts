import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carryTopicIds } from './store-build.ts';

test('a new topic takes the id of the old topic it overlaps most; the rest get new ids numbered on', () => {
  const old = new Map([['m-t0', 10], ['m-t1', 10], ['m-t2', 4]]);
  const overlaps = [
    { topic: 0, topic_id: 'm-t1', shared: 9 },
    { topic: 0, topic_id: 'm-t0', shared: 1 },
    { topic: 1, topic_id: 'm-t0', shared: 8 },
    { topic: 2, topic_id: 'm-t2', shared: 1 },
  ];
  const { ids, nextTopic } = carryTopicIds('m', [10, 9, 12], old, overlaps, 3);
  assert.deepEqual(ids, ['m-t1', 'm-t0', 'm-t3']);
  assert.equal(nextTopic, 4);
});

test('two new topics never share an old id: the better overlap wins, the other is new', () => {
  const { ids } = carryTopicIds('m', [5, 5], new Map([['m-t0', 10]]), [
    { topic: 0, topic_id: 'm-t0', shared: 4 },
    { topic: 1, topic_id: 'm-t0', shared: 5 },
  ], 1);
  assert.deepEqual(ids, ['m-t1', 'm-t0']);
});
