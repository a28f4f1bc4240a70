/**
 * Reading uploads (docs/importer.md "Conversations"): each format to the
 * conversations it holds, and each kind of bad input to its named error
 * with the line, column or JSON path a user needs to fix it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../platform/errors/app-error.ts';
import { parseUpload, requireUploadFormat } from './conversation-upload.ts';
import { MANUAL_UPLOAD } from './source-service.ts';

const none = new URLSearchParams();
const params = (query: string) => new URLSearchParams(query);
const read = (contentType: string, body: string | Buffer, query = none) => parseUpload(requireUploadFormat(contentType), Buffer.isBuffer(body) ? body : Buffer.from(body), query);

const conversation = (overrides: Record<string, unknown> = {}) => ({
  id: 'call-1',
  type: 'call',
  title: 'Renewal',
  started_at: '2026-01-05T10:00:00Z',
  participants: [
    { name: 'Ada Lovelace', email: 'ada@acme.test', role: 'customer' },
    { name: 'Bob', role: 'internal' },
  ],
  utterances: [
    { speaker: 'Bob', start_ms: 0, end_ms: 1500, text: 'How is the rollout going?' },
    { speaker: 'ada@ACME.test', start_ms: 1500, end_ms: 4000, text: 'We need SSO before the renewal.' },
  ],
  ...overrides,
});

function refused(run: () => unknown, code: string, message?: RegExp, target?: string): AppError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    if (target !== undefined) assert.equal(error.target, target);
    assert.ok(error.statusCode >= 400 && error.statusCode < 500);
    return error;
  }
  assert.fail(`expected ${code}`);
}

test('a JSON array: each conversation checked, speakers resolved by name or email in any case, Manual Upload by default', () => {
  const [c] = read('application/json', JSON.stringify([conversation()]));
  assert.equal(c!.serviceId, 'call-1');
  assert.equal(c!.service, MANUAL_UPLOAD);
  assert.deepEqual(c!.startedAt, new Date('2026-01-05T10:00:00Z'));
  assert.deepEqual(c!.utterances.map((u) => u.participant), [1, 0]);
  assert.deepEqual(c!.participants.map((p) => p.role), ['customer', 'internal']);
  // A single object is one conversation; a service by name or by identifier.
  assert.equal(read('application/json; charset=UTF-8', JSON.stringify(conversation({ service: 'zoom' })))[0]!.service, '98bb866e-44f5-4e5e-8a6d-e4610b2d6a03');
  assert.equal(read('application/json', JSON.stringify(conversation({ service: '2ced8f92-354e-11ee-8b1e-6f08dcfc80c2' })))[0]!.service, '2ced8f92-354e-11ee-8b1e-6f08dcfc80c2');
});

test('NDJSON: one conversation per line, blank lines skipped; a bad line is named by its number', () => {
  const lines = [JSON.stringify(conversation({ id: 'a' })), '', JSON.stringify(conversation({ id: 'b' }))].join('\n');
  assert.deepEqual(read('application/x-ndjson', `${lines}\n`).map((c) => c.serviceId), ['a', 'b']);
  refused(() => read('application/x-ndjson', `${lines}\n{"id": "c",, }\n`), 'INGESTION_MALFORMED_JSON', /^Line 4, column 12: a property name in double quotes was expected$/);
});

test('malformed JSON: the line and column of the first problem, also where V8 gives no position', () => {
  refused(() => read('application/json', '[\n  {"id": "a", "type": tru}\n]'), 'INGESTION_MALFORMED_JSON', /^Line 2, column 23: unexpected "tru"$/);
  refused(() => read('application/json', '[{"id": "a"},]'), 'INGESTION_MALFORMED_JSON', /^Line 1, column 14: a value was expected$/);
  refused(() => read('application/json', '[{"id": "a"}'), 'INGESTION_MALFORMED_JSON', /^Line 1, column 13: a closing bracket was expected$/);
  refused(() => read('application/json', '// a comment\n[]'), 'INGESTION_MALFORMED_JSON', /^Line 1, column 1: JSON has no comments$/);
});

test('the shape of a conversation: missing, unknown and invalid properties name their JSON path', () => {
  const one = (overrides: Record<string, unknown>) => () => read('application/json', JSON.stringify([conversation(), conversation({ id: 'x', ...overrides })]));
  refused(one({ id: undefined }), 'INGESTION_MISSING_PROPERTY', /^Conversation 1: id is required$/, '[1].id');
  refused(one({ type: undefined }), 'INGESTION_MISSING_PROPERTY', /type is required/, '[1].type');
  refused(one({ type: 'video' }), 'INGESTION_INVALID_VALUE', /^Conversation 1: type must be one of call, meeting, chat, email, ticket, not "video"$/, '[1].type');
  refused(one({ started_at: '2026-01-05 10:00' }), 'INGESTION_INVALID_VALUE', /started_at must be an RFC 3339 date-time with an offset/, '[1].started_at');
  refused(one({ started_at: '2026-02-30T10:00:00Z' }), 'INGESTION_INVALID_VALUE', /started_at/, '[1].started_at');
  refused(one({ ended_at: '2026-01-05T09:00:00Z' }), 'INGESTION_INVALID_VALUE', /ended_at must be no earlier than started_at/, '[1].ended_at');
  refused(one({ utterance: [] }), 'INGESTION_UNKNOWN_PROPERTY', /there is no property "utterance"/, '[1].utterance');
  refused(one({ language: 'English!' }), 'INGESTION_INVALID_VALUE', /BCP 47/, '[1].language');
  refused(one({ service: 'MySpace' }), 'INGESTION_UNKNOWN_SERVICE', /service "MySpace"/, '[1].service');
  refused(one({ participants: [{ name: 'Ada', role: 'boss' }] }), 'INGESTION_INVALID_VALUE', /role must be one of customer, internal, agent, bot/, '[1].participants[0].role');
  refused(one({ participants: [{ role: 'customer' }] }), 'INGESTION_MISSING_PROPERTY', /participants\[0\]\.name or participants\[0\]\.email is required/);
  refused(one({ participants: [{ name: 'Ada', role: 'customer' }, { name: 'ada', role: 'internal' }] }), 'INGESTION_DUPLICATE_PARTICIPANT', /participants 0 and 1 share the name "ada"/);
  refused(() => read('application/json', JSON.stringify([1])), 'INGESTION_INVALID_VALUE', /the conversation must be an object, not 1/, '[0]');
});

test('utterances: none, unknown speakers, too long, too many, bad times, NUL characters', () => {
  const one = (utterances: unknown) => () => read('application/json', JSON.stringify([conversation({ utterances })]));
  refused(one([]), 'INGESTION_NO_UTTERANCES', /^Conversation 0: the conversation has no utterances$/, '[0].utterances');
  refused(one([{ speaker: 'Carol', text: 'hi' }]), 'INGESTION_UNKNOWN_SPEAKER', /speaker "Carol" is not among the participants/, '[0].utterances[0].speaker');
  refused(one([{ speaker: 'Bob', text: '   ' }]), 'INGESTION_INVALID_VALUE', /utterances\[0\]\.text must be a non-empty string/);
  refused(one([{ text: 'x'.repeat(20_001) }]), 'INGESTION_UTTERANCE_TOO_LONG', /20001 characters long; the limit is 20000/, '[0].utterances[0].text');
  refused(one(Array.from({ length: 10_001 }, () => ({ text: 'hi' }))), 'INGESTION_TOO_MANY_UTTERANCES', /more than 10000 utterances/);
  refused(one([{ text: 'hi', start_ms: 500, end_ms: 100 }]), 'INGESTION_INVALID_VALUE', /end_ms must be at least start_ms \(500\)/);
  refused(one([{ text: 'hi', start_ms: -1 }]), 'INGESTION_INVALID_VALUE', /start_ms must be a whole number of milliseconds/);
  refused(one([{ text: 'nul \u0000 here' }]), 'INGESTION_INVALID_VALUE', /without NUL characters/);
  // No speaker: said by no known participant.
  assert.equal(read('application/json', JSON.stringify([conversation({ utterances: [{ text: 'Hold music.' }] })]))[0]!.utterances[0]!.participant, null);
});

test('the upload as a whole: empty, too many conversations, the same conversation twice, query parameters with JSON', () => {
  refused(() => read('application/json', ' \n'), 'INGESTION_EMPTY_BODY', /a JSON array of conversations/);
  refused(() => read('application/json', '[]'), 'INGESTION_NO_CONVERSATIONS');
  refused(() => read('application/json', JSON.stringify(Array.from({ length: 1_001 }, (_, i) => conversation({ id: `c${i}` })))), 'INGESTION_TOO_MANY_CONVERSATIONS', /more than 1000/);
  refused(() => read('application/x-ndjson', Array.from({ length: 1_001 }, () => '{}').join('\n')), 'INGESTION_TOO_MANY_CONVERSATIONS');
  refused(() => read('application/json', JSON.stringify([conversation(), conversation({ title: 'again' })])), 'INGESTION_DUPLICATE_CONVERSATION', /Conversations 0 and 1 have the same service and id "call-1"/, '[1].id');
  // The same id in two services is two conversations.
  assert.equal(read('application/json', JSON.stringify([conversation(), conversation({ service: 'Gong' })])).length, 2);
  refused(() => read('application/json', JSON.stringify([conversation()]), params('id=x')), 'INGESTION_INVALID_PARAMETER', /each JSON conversation carries its own properties/, 'id');
});

test('bytes that are not UTF-8 text: the offset of the first bad byte', () => {
  refused(() => read('text/plain', Buffer.from([0x41, 0x3a, 0x20, 0xc3, 0x28])), 'INGESTION_NOT_UTF8', /byte offset 3/);
  refused(() => read('application/json', Buffer.concat([Buffer.from('[{"id": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]')])), 'INGESTION_NOT_UTF8', /byte offset 9/);
  refused(() => read('text/plain', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'INGESTION_NOT_UTF8', /byte offset 0/);
  refused(() => read('text/vtt', Buffer.from('WEBVTT\n\n\u0000\u0001\u0002')), 'INGESTION_NOT_TEXT', /U\+0000 at byte offset 8/);
  // A real U+FFFD and a byte order mark are fine.
  assert.equal(read('text/plain', Buffer.from('\ufeffAda: caf\u00e9 \ufffd'), params('id=a&type=call&started_at=2026-01-05T10:00:00Z&customer=Ada'))[0]!.utterances[0]!.text, 'café \ufffd');
});

test('media types: JSON, NDJSON and the three transcript types, with no charset or UTF-8; anything else 415', () => {
  for (const type of ['text/csv', 'application/xml', 'text/plain; charset=latin1', 'multipart/form-data; boundary=x']) {
    refused(() => requireUploadFormat(type), 'INGESTION_UNSUPPORTED_MEDIA_TYPE', new RegExp(JSON.stringify(type).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  }
  refused(() => requireUploadFormat(undefined), 'INGESTION_UNSUPPORTED_MEDIA_TYPE', /without Content-Type/);
});

const META = 'id=call-42&type=meeting&started_at=2026-01-05T10:00:00Z&title=Kick-off';

test('WebVTT: voices name the speakers, times in milliseconds, tags dropped and entities decoded, a cue of two voices is two utterances', () => {
  const vtt = `WEBVTT - Kick-off

NOTE exported by the meeting tool

1
00:00:01.000 --> 00:00:04.500
<v Ada Lovelace>We need SSO &amp; <i>audit logs</i>
before the renewal.</v>

2
00:00:04.500 --> 00:00:06.000 align:start
<v.loud Bob>Sure.</v> <v Ada Lovelace>Great.</v>

00:01:00.000 --> 00:01:02.250
Ada Lovelace: Also, the export crashes.

00:01:03.000 --> 00:01:04.000
Note: the line dropped
`;
  const [c] = read('text/vtt', vtt, params(`${META}&customer=Ada Lovelace <ada@acme.test>&internal=Bob`));
  assert.equal(c!.title, 'Kick-off');
  assert.equal(c!.type, 'meeting');
  assert.deepEqual(c!.participants, [
    { name: 'Ada Lovelace', email: 'ada@acme.test', phone: null, role: 'customer' },
    { name: 'Bob', email: null, phone: null, role: 'internal' },
  ]);
  assert.deepEqual(c!.utterances, [
    { participant: 0, start_ms: 1000, end_ms: 4500, text: 'We need SSO & audit logs before the renewal.' },
    { participant: 1, start_ms: 4500, end_ms: 6000, text: 'Sure.' },
    { participant: 0, start_ms: 4500, end_ms: 6000, text: 'Great.' },
    // "Name:" opens the cue of a declared speaker; "Note:" names nobody declared, so the cue stays as it is.
    { participant: 0, start_ms: 60000, end_ms: 62250, text: 'Also, the export crashes.' },
    { participant: null, start_ms: 63000, end_ms: 64000, text: 'Note: the line dropped' },
  ]);
});

test('malformed WebVTT: the validator\u2019s message and line', () => {
  refused(() => read('text/vtt', '00:00:01.000 --> 00:00:02.000\nhi\n', params(META)), 'INGESTION_MALFORMED_TRANSCRIPT', /^Line 1: No valid signature/);
  refused(() => read('text/vtt', 'WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nhi\n', params(META)), 'INGESTION_MALFORMED_TRANSCRIPT', /^Line 4: /);
  refused(() => read('text/vtt', 'WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nhi\n', params(META)), 'INGESTION_MALFORMED_TRANSCRIPT', /^Line 3: End timestamp is not greater than start timestamp/);
  refused(() => read('text/vtt', 'WEBVTT\n\n00:00:05.000 --> 00:00:06.000\na\n\n00:00:01.000 --> 00:00:02.000\nb\n', params(META)), 'INGESTION_MALFORMED_TRANSCRIPT', /^Line 6: Start timestamp is not greater than or equal/);
});

test('SubRip: decimal commas, its tags, "Name:" speakers, and text with < and & kept; errors at the file\u2019s own line', () => {
  const srt = `1
00:00:01,000 --> 00:00:04,000
Ada: It costs < $50 & that's <i>fine</i>

2
00:00:04,000 --> 00:00:05,500
<font color="#ff0">Bob: Good to hear.</font>
`;
  const [c] = read('application/x-subrip', srt, params(`${META}&customer=Ada&internal=Bob`));
  assert.deepEqual(c!.utterances, [
    { participant: 0, start_ms: 1000, end_ms: 4000, text: "It costs < $50 & that's fine" },
    { participant: 1, start_ms: 4000, end_ms: 5500, text: 'Good to hear.' },
  ]);
  refused(() => read('text/srt', '1\n00:00:01,000 --> 00:00:0x,000\nhi\n', params(META)), 'INGESTION_MALFORMED_TRANSCRIPT', /^Line 2: /);
});

test('plain text: "Speaker: text" lines, wrapped lines joined, undeclared speakers refused unless default_role', () => {
  const text = 'Ada: We need SSO\nbefore the renewal.\n\nBob: Noted, see https://example.test/sso at 10:30.\nCarol: And the export crashes.\n';
  refused(() => read('text/plain', text, params(`${META}&customer=Ada&internal=Bob`)), 'INGESTION_UNKNOWN_SPEAKER', /^Line 5: speaker "Carol" is not among the participants; declare them with one of customer=Carol, internal=Carol, agent=Carol or bot=Carol|customer=Carol/, 'line 5');
  const [c] = read('text/plain', text, params(`${META}&customer=Ada&internal=Bob&default_role=customer`));
  assert.deepEqual(c!.participants.map((p) => [p.name, p.role]), [['Ada', 'customer'], ['Bob', 'internal'], ['Carol', 'customer']]);
  assert.deepEqual(c!.utterances.map((u) => [u.participant, u.text]), [
    [0, 'We need SSO before the renewal.'],
    [1, 'Noted, see https://example.test/sso at 10:30.'],
    [2, 'And the export crashes.'],
  ]);
  assert.equal(c!.utterances[0]!.start_ms, null);
});

test('transcript metadata: required parameters, unknown or repeated ones, and bad values point at the parameter', () => {
  const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ada>hi</v>\n';
  refused(() => read('text/vtt', vtt, params('type=call&started_at=2026-01-05T10:00:00Z&customer=Ada')), 'INGESTION_MISSING_PROPERTY', /^The transcript: id is required$/, 'id');
  refused(() => read('text/vtt', vtt, params(`${META}&customer=Ada&speaker=Bob`)), 'INGESTION_INVALID_PARAMETER', /^Query parameter speaker: there is no such parameter/, 'speaker');
  refused(() => read('text/vtt', vtt, params(`${META}&id=again&customer=Ada`)), 'INGESTION_INVALID_PARAMETER', /id: given more than once/);
  refused(() => read('text/vtt', vtt, params(`${META}&customer=Ada&default_role=vip`)), 'INGESTION_INVALID_PARAMETER', /default_role: must be one of customer, internal, agent, bot/);
  refused(() => read('text/vtt', vtt, params(`${META}&customer=`)), 'INGESTION_INVALID_PARAMETER', /customer: give a name/);
  refused(() => read('text/vtt', vtt, params(`${META}&customer=Ada <not-an-email>`)), 'INGESTION_INVALID_VALUE', /email must be an email address/, 'customer');
  refused(() => read('text/vtt', vtt, params('id=a&type=call&started_at=yesterday&customer=Ada')), 'INGESTION_INVALID_VALUE', /started_at must be an RFC 3339 date-time/, 'started_at');
  refused(() => read('text/vtt', `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ada>${'x'.repeat(20_001)}</v>\n`, params(`${META}&customer=Ada`)), 'INGESTION_UTTERANCE_TOO_LONG', /limit is 20000/, 'line 3');
  refused(() => read('text/vtt', 'WEBVTT\n\nNOTE nothing but a note\n', params(`${META}&customer=Ada`)), 'INGESTION_NO_UTTERANCES');
});
