/** From environment variables to the analyzer a deployment runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../platform/config/config.ts';
import { eventually } from '../../test-support/eventually.ts';
import { logSink } from '../../test-support/log-sink.ts';
import { startReceiver } from '../../test-support/webhook-receiver.ts';
import { localAnalyzer } from './analysis/local-analyzer.ts';
import { analyzerFromConfig } from './analyzer-from-config.ts';
import type { AnalyzerInput } from './analyzer.ts';

const INPUT: AnalyzerInput = {
  title: null,
  type: 'chat',
  language: null,
  participants: [{ key: 'c', name: null, role: 'customer' }],
  fragments: [{ position: 0, participantKey: 'c', text: 'The invoice export is broken again.' }],
};

test('ANALYZER unset or local: the built-in local analyzer', () => {
  assert.equal(analyzerFromConfig(loadConfig({}), logSink().logger), localAnalyzer);
  assert.equal(analyzerFromConfig(loadConfig({ ANALYZER: 'local' }), logSink().logger), localAnalyzer);
});

test('ANALYZER=openai-compatible asks the configured server and model, with the timeout and key configured', async () => {
  const server = await startReceiver(() => ({ hang: true }));
  const sink = logSink();
  const config = loadConfig({ ANALYZER: 'openai-compatible', ANALYZER_BASE_URL: new URL(server.url).origin, ANALYZER_MODEL: 'qwen2.5:7b', ANALYZER_API_KEY: 'sk-chat', ANALYZER_TIMEOUT_MS: '1500' });
  const analyzer = analyzerFromConfig(config, sink.logger);
  assert.equal(analyzer.name, 'openai-compatible');
  const result = await analyzer.analyze(INPUT, { competitors: [] });
  assert.deepEqual(result, await localAnalyzer.analyze(INPUT, { competitors: [] }), 'the server never answers: the local result');
  await eventually(() => server.received.length > 0, 'the fake server saw the request');
  const [request] = server.received;
  assert.deepEqual([request?.url, request?.headers.authorization, JSON.parse(request!.body.toString()).model], ['/v1/chat/completions', 'Bearer sk-chat', 'qwen2.5:7b']);
  const warning = sink.entries().find((e) => e.level === 40);
  assert.deepEqual([warning?.component, warning?.reason], ['analyzer', 'no answer within 1500 ms']);
});
