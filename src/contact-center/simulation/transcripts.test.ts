import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordingWav, MAX_RECORDING_SECONDS } from '../calls/recording-wav.ts';
import { makeTranscript, retimed, SCENARIOS, transcriptAt } from './transcripts.ts';

const PARTIES = { agentName: 'Maya', customerName: 'Jordan Reyes', company: 'Acme' };

test('the library has at least 12 varied conversations, each with both speakers, the agent first', () => {
  assert.ok(SCENARIOS.length >= 12);
  assert.equal(new Set(SCENARIOS.map((s) => s.id)).size, SCENARIOS.length);
  for (const kind of ['support', 'sales']) assert.ok(SCENARIOS.filter((s) => s.kind === kind).length >= 4, kind);
  for (const scenario of SCENARIOS) {
    assert.equal(scenario.turns[0]!.speaker, 'agent', scenario.id);
    assert.ok(scenario.turns.length >= 8, scenario.id);
    assert.ok(scenario.turns.some((t) => t.speaker === 'end_user'), scenario.id);
  }
  assert.ok(SCENARIOS.some((s) => s.turns.some((t) => /Zendesk|Freshdesk/.test(t.text))), 'a competitor is named');
});

test('a transcript fills the names and times its turns on the call, reproducibly', () => {
  const transcript = makeTranscript('seed', 'call:7', PARTIES, 240, 'Support');
  assert.equal(SCENARIOS.find((s) => s.id === transcript.scenario)!.kind, 'support');
  const turns = transcript.turns;
  assert.equal(turns[0]!.start_ms, 0);
  assert.equal(turns.at(-1)!.end_ms, 240_000);
  for (let i = 1; i < turns.length; i++) assert.ok(turns[i - 1]!.end_ms <= turns[i]!.start_ms && turns[i]!.start_ms <= turns[i]!.end_ms);
  assert.ok(turns.every((t) => !/[{}]/.test(t.text)), 'no placeholder is left');
  assert.ok(turns.every((t) => t.name === (t.speaker === 'agent' ? 'Maya' : 'Jordan Reyes')));
  assert.deepEqual(makeTranscript('seed', 'call:7', PARTIES, 240, 'Support'), transcript);
  assert.equal(SCENARIOS.find((s) => s.id === makeTranscript('seed', 'call:7', PARTIES, 240, 'Sales').scenario)!.kind, 'sales');
  const picked = new Set(Array.from({ length: 60 }, (_, i) => makeTranscript('seed', `call:${i}`, PARTIES, 120).scenario));
  assert.ok(picked.size >= 8, `draws vary: ${picked.size} scenarios in 60 calls`);
});

test('the recording is a WAV of the call length, capped, with the turns audible', () => {
  const turns = makeTranscript('seed', 'call:1', PARTIES, 10).turns;
  const wav = recordingWav(10, turns);
  assert.equal(wav.subarray(0, 4).toString('ascii'), 'RIFF');
  assert.equal(wav.subarray(8, 16).toString('ascii'), 'WAVEfmt ');
  assert.equal(wav.readUInt32LE(24), 8000);
  assert.equal(wav.readUInt32LE(40), 10 * 8000);
  assert.ok(wav.subarray(44).some((sample) => sample !== 128), 'not silence only');
  assert.equal(recordingWav(3600, turns).readUInt32LE(40), MAX_RECORDING_SECONDS * 8000);
});

test('part way through, a transcript is the turns begun, the one under way cut to its words so far; retimed, it keeps its order and ends at the new length', () => {
  const whole = makeTranscript('seed', 'call:8', PARTIES, 200, 'Support');
  const middle = whole.turns[3]!;
  const at = Math.floor((middle.start_ms + middle.end_ms) / 2);
  const part = transcriptAt(whole, at);
  assert.equal(part.turns.length, 4);
  assert.deepEqual(part.turns.slice(0, 3), whole.turns.slice(0, 3));
  assert.ok(middle.text.startsWith(part.turns[3]!.text) && part.turns[3]!.text.length < middle.text.length, 'the turn under way is cut');
  assert.equal(part.turns[3]!.end_ms, at);
  assert.deepEqual(transcriptAt(whole, 0).turns.map((t) => t.end_ms), [0], 'at the start, the first words only');
  assert.deepEqual(transcriptAt(whole, 200_000), whole, 'at the end, all of it');

  const longer = retimed(whole, 260_000);
  assert.deepEqual(longer.turns.map((t) => t.text), whole.turns.map((t) => t.text));
  assert.equal(longer.turns.at(-1)!.end_ms, 260_000);
  for (let i = 1; i < longer.turns.length; i++) assert.ok(longer.turns[i - 1]!.end_ms <= longer.turns[i]!.start_ms && longer.turns[i]!.start_ms <= longer.turns[i]!.end_ms);
});
