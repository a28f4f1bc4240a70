import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignTopic, buildTopics, decodeTopicState, encodeTopicState } from './topic-engine.ts';

/** Three subjects a support team hears about, phrased many ways. */
const GROUPS = {
  refund: ['I want a refund for my order', 'please refund the order I returned', 'when will my refund arrive', 'refund for the damaged order', 'I still have not received my refund', 'how long does a refund for an order take', 'the refund of my order is missing', 'can I get a refund on this order'],
  password: ['I forgot my password and cannot log in', 'reset my password please', 'the password reset link does not work', 'my login password expired', 'how do I change my password', 'password reset email never came', 'locked out after a wrong password', 'cannot log in with my new password'],
  delivery: ['the parcel delivery is late', 'my package delivery never arrived', 'track the delivery of my parcel', 'delivery driver left the package at the wrong address', 'when is the parcel delivery', 'the courier lost my package', 'delivery of the package is delayed again', 'parcel delivery status shows stuck'],
};
const texts = Object.values(GROUPS).flat();
const groupOf = Object.values(GROUPS).flatMap((members, g) => members.map(() => g));

describe('buildTopics', () => {
  it('gives no topic for no text and one topic for one text', () => {
    const none = buildTopics([]);
    assert.deepEqual(none.topics, []);
    assert.equal(none.assignment.length, 0);
    assert.equal(assignTopic(none.state, 'anything at all'), -1);
    const one = buildTopics(['my card was declined at the shop']);
    assert.equal(one.topics.length, 1);
    assert.deepEqual(one.topics[0]!.members, [0]);
    assert.deepEqual(Array.from(one.assignment), [0]);
  });

  it('puts two or five texts on one subject into one topic', () => {
    for (const few of [GROUPS.refund.slice(0, 2), GROUPS.refund.slice(0, 5)]) {
      const built = buildTopics(few);
      assert.equal(built.topics.length, 1, few.join(' / '));
      assert.equal(built.topics[0]!.members.length, few.length);
      assert.ok(built.topics[0]!.keywords.includes('refund'), built.topics[0]!.keywords.join(', '));
    }
  });

  it('leaves texts without any word unassigned', () => {
    const built = buildTopics(['', '???', '12 34']);
    assert.deepEqual(built.topics, []);
    assert.deepEqual(Array.from(built.assignment), [-1, -1, -1]);
  });

  it('finds clearly separate subjects as separate topics, named by their distinctive terms', () => {
    const built = buildTopics(texts);
    assert.equal(built.topics.length, 3, built.topics.map((t) => t.name).join(' / '));
    for (const [g, name] of ['refund', 'password', 'delivery'].entries()) {
      const topic = built.assignment[groupOf.indexOf(g)]!;
      assert.ok(topic >= 0);
      assert.deepEqual(groupOf.map((group, i) => [group === g, built.assignment[i] === topic]).filter(([a, b]) => a !== b), [], `group ${name}`);
      const { keywords, description, members, name: topicName } = built.topics[topic]!;
      assert.ok(keywords.some((k) => k.split(' ').includes(name)), `${name}: ${keywords.join(', ')}`);
      assert.match(topicName, new RegExp(name));
      assert.match(description, new RegExp(`^8 insights about .*${name}.*, such as “`));
      assert.equal(members.length, 8);
    }
  });

  it('lists topics largest first', () => {
    const built = buildTopics([...texts, ...GROUPS.password.map((t) => `${t} again`)]);
    const sizes = built.topics.map((t) => t.members.length);
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
    assert.ok(built.topics[0]!.keywords.includes('password'));
  });

  it('gives equal output for equal input and seed', () => {
    const a = buildTopics(texts, { seed: 7 });
    const b = buildTopics(texts, { seed: 7 });
    assert.deepEqual(a.topics, b.topics);
    assert.deepEqual(a.assignment, b.assignment);
    assert.deepEqual(encodeTopicState(a.state), encodeTopicState(b.state));
  });

  it('throws the reason of an aborted signal and reports its phases', () => {
    const controller = new AbortController();
    const phases: string[] = [];
    const reason = new Error('stopped by the test');
    assert.throws(
      () => buildTopics(texts, { signal: controller.signal, onProgress: (phase) => {
        phases.push(phase);
        if (phase === 'neighbours') controller.abort(reason);
      } }),
      (error) => error === reason,
    );
    assert.deepEqual(phases, ['terms', 'features', 'neighbours']);
    assert.throws(() => buildTopics(texts, { signal: AbortSignal.abort(reason) }), (error) => error === reason);
  });

  it('clusters by the given embeddings when there are any', () => {
    // Vectors that say the opposite of the words: the first half of every group is one topic, the second half another.
    const vectors = texts.map((_, i) => Float32Array.from([i % 8 < 4 ? 1 : 0, i % 8 < 4 ? 0 : 1, 0.01 * (i % 3)]));
    const built = buildTopics(texts, { vectors });
    assert.equal(built.topics.length, 2);
    assert.deepEqual(texts.map((_, i) => built.assignment[i] === built.assignment[0]), texts.map((_, i) => i % 8 < 4));
    assert.equal(assignTopic(built.state, 'whatever the words', Float32Array.from([1, 0, 0])), built.assignment[0]);
    assert.equal(assignTopic(built.state, 'whatever the words', Float32Array.from([0, 1, 0])), built.assignment[4]);
  });
});

describe('assignTopic', () => {
  const built = buildTopics(texts);
  const topicOf = (g: number): number => built.assignment[groupOf.indexOf(g)]!;

  it('places a new insight in the topic of its subject', () => {
    assert.equal(assignTopic(built.state, 'Where is the refund for my cancelled order?'), topicOf(0));
    assert.equal(assignTopic(built.state, 'I need to reset my password'), topicOf(1));
    assert.equal(assignTopic(built.state, 'The package delivery is three days late'), topicOf(2));
  });

  it('leaves an insight with no known word unassigned', () => {
    assert.equal(assignTopic(built.state, 'Quantum chromodynamics lectures'), -1);
    assert.equal(assignTopic(built.state, ''), -1);
  });

  it('assigns the same after the state is stored and read back', () => {
    const bytes = encodeTopicState(built.state);
    const state = decodeTopicState(bytes);
    assert.deepEqual(encodeTopicState(state), bytes);
    for (const text of [...texts, 'Where is the refund for my cancelled order?', 'password help', 'lost parcel']) assert.equal(assignTopic(state, text), assignTopic(built.state, text), text);
  });
});

describe('decodeTopicState', () => {
  const bytes = encodeTopicState(buildTopics(texts).state);

  it('refuses a foreign, truncated or altered buffer', () => {
    assert.throws(() => decodeTopicState(Buffer.from('{"terms":[]}')), /Not a topic state: it does not start with the CTTOPICS signature/);
    assert.throws(() => decodeTopicState(bytes.subarray(0, bytes.length - 10)), /Not a topic state: its checksum does not match/);
    const altered = Buffer.from(bytes);
    altered[Math.floor(altered.length / 2)]! ^= 0xff;
    assert.throws(() => decodeTopicState(altered), /Not a topic state: its checksum does not match/);
    assert.throws(() => decodeTopicState(Buffer.alloc(0)), /Not a topic state/);
  });
});
