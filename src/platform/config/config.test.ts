import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from '../../test-support/cleanup.ts';
import { ConfigError, loadConfig } from './config.ts';

test('defaults are the documented ones', () => {
  const config = loadConfig({});
  assert.equal(config.port, 4000);
  assert.equal(config.contactCenterPort, 4001);
  assert.equal(config.messagingPort, 4002);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://localhost:4000');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, path.resolve('.data'));
  assert.equal(config.logLevel, 'info');
  assert.equal(config.oauthAccessTokenTtlSeconds, 86400, 'Four/Four\'s expires_in (docs/oauth.md)');
  assert.deepEqual([config.bodyIdleTimeoutMs, config.bodyMinBytesPerSecond, config.headersTimeoutMs], [30_000, 1024, 60_000]);
  assert.deepEqual([config.importConcurrency, config.importConcurrencyPerWorkspace, config.importSpoolDir], [16, 4, undefined]);
  assert.equal(config.expandLimitBytes, 16 * 1024 * 1024);
  assert.equal(loadConfig({ IMPORT_SPOOL_DIR: 'spool' }).importSpoolDir, path.resolve('spool'));
  assert.equal(config.phoneDefaultRegion, undefined);
  assert.equal(loadConfig({ PHONE_DEFAULT_REGION: 'gb' }).phoneDefaultRegion, 'GB', 'a region is read in any case');
});

test('PUBLIC_URL defaults to the configured PORT and is kept as an origin', () => {
  assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
  assert.equal(loadConfig({ PUBLIC_URL: 'https://ct.example.com/' }).publicUrl, 'https://ct.example.com');
  assert.equal(loadConfig({ PUBLIC_URL: 'HTTPS://CT.example.com:443' }).publicUrl, 'https://ct.example.com');
});

const EMBEDDING_SERVER = { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:11434', EMBEDDINGS_MODEL: 'nomic-embed-text' };
const CHAT_SERVER = { ANALYZER: 'openai-compatible', ANALYZER_BASE_URL: 'http://127.0.0.1:11434', ANALYZER_MODEL: 'llama3.1:8b' };

const invalid: [string, Record<string, string>, RegExp][] = [
  ['PORT', { PORT: 'abc' }, /^PORT must be a TCP port number from 1 to 65535, got "abc"$/],
  ['PORT', { PORT: '70000' }, /^PORT must be a TCP port/],
  ['PORT', { PORT: '-1' }, /^PORT must be a TCP port/],
  ['CONTACT_CENTER_PORT', { CONTACT_CENTER_PORT: '4.5' }, /^CONTACT_CENTER_PORT must be a TCP port/],
  ['MESSAGING_PORT', { MESSAGING_PORT: '0' }, /^MESSAGING_PORT must be a TCP port/],
  ['HOST', { HOST: 'local host; rm -rf' }, /^HOST must be an IP address or host name/],
  ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }, /^PUBLIC_URL must be an absolute http\(s\) URL/],
  ['PUBLIC_URL', { PUBLIC_URL: 'ftp://example.com' }, /^PUBLIC_URL must be an absolute http\(s\) URL/],
  ['PUBLIC_URL', { PUBLIC_URL: 'https://example.com/?x=1' }, /^PUBLIC_URL must be an origin only/],
  ['PUBLIC_URL', { PUBLIC_URL: 'https://example.com/base' }, /^PUBLIC_URL must be an origin only/],
  ['OAUTH_ACCESS_TOKEN_TTL_SECONDS', { OAUTH_ACCESS_TOKEN_TTL_SECONDS: '0' }, /^OAUTH_ACCESS_TOKEN_TTL_SECONDS must be a whole number/],
  ['DATABASE_URL', { DATABASE_URL: 'mysql://u:p@h/db' }, /^DATABASE_URL must be a postgres:\/\/ URL/],
  ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
  ['WORKER_CONCURRENCY', { WORKER_CONCURRENCY: '0' }, /^WORKER_CONCURRENCY must be a whole number from 1 to 256/],
  ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '1e6' }, /^BODY_LIMIT_BYTES must be a whole number/],
  ['BODY_IDLE_TIMEOUT_MS', { BODY_IDLE_TIMEOUT_MS: '5' }, /^BODY_IDLE_TIMEOUT_MS must be a whole number from 10 to 3600000/],
  ['BODY_MIN_BYTES_PER_SECOND', { BODY_MIN_BYTES_PER_SECOND: '-1' }, /^BODY_MIN_BYTES_PER_SECOND must be a whole number from 0/],
  ['HEADERS_TIMEOUT_MS', { HEADERS_TIMEOUT_MS: '1s' }, /^HEADERS_TIMEOUT_MS must be a whole number/],
  ['EXPAND_LIMIT_BYTES', { EXPAND_LIMIT_BYTES: '16MiB' }, /^EXPAND_LIMIT_BYTES must be a whole number from 1 to 1073741824/],
  ['IMPORT_CONCURRENCY', { IMPORT_CONCURRENCY: '0' }, /^IMPORT_CONCURRENCY must be a whole number from 1 to 1024/],
  ['IMPORT_CONCURRENCY_PER_WORKSPACE', { IMPORT_CONCURRENCY_PER_WORKSPACE: 'many' }, /^IMPORT_CONCURRENCY_PER_WORKSPACE must be a whole number/],
  ['EMBEDDINGS', { EMBEDDINGS: 'openai' }, /^EMBEDDINGS must be one of none, openai-compatible, onnx, got "openai"$/],
  ['EMBEDDINGS_MODEL_PATH', { EMBEDDINGS: 'onnx' }, /^EMBEDDINGS_MODEL_PATH must be set when EMBEDDINGS=onnx: the directory of a sentence-transformers ONNX export/],
  ['EMBEDDINGS_MODEL_PATH', { EMBEDDINGS: 'onnx', EMBEDDINGS_MODEL_PATH: '/nonexistent/model' }, /^EMBEDDINGS_MODEL_PATH must be a directory holding a sentence-transformers ONNX export .*; no directory there, got "\/nonexistent\/model"$/],
  ['EMBEDDINGS_MODEL_PATH', { EMBEDDINGS_MODEL_PATH: '/models/minilm' }, /^EMBEDDINGS_MODEL_PATH must be unset unless EMBEDDINGS=onnx \(EMBEDDINGS is none\)/],
  ['EMBEDDINGS_BASE_URL', { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_MODEL: 'nomic-embed-text' }, /^EMBEDDINGS_BASE_URL must be set when EMBEDDINGS=openai-compatible/],
  ['EMBEDDINGS_BASE_URL', { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: 'localhost:11434', EMBEDDINGS_MODEL: 'm' }, /^EMBEDDINGS_BASE_URL must be an http\(s\) URL of an OpenAI-compatible API/],
  ['EMBEDDINGS_BASE_URL', { EMBEDDINGS: 'onnx', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:11434' }, /^EMBEDDINGS_BASE_URL must be unset unless EMBEDDINGS=openai-compatible \(EMBEDDINGS is onnx\)/],
  ['EMBEDDINGS_MODEL', { EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: 'http://127.0.0.1:11434' }, /^EMBEDDINGS_MODEL must be set when EMBEDDINGS=openai-compatible/],
  ['EMBEDDINGS_TIMEOUT_MS', { EMBEDDINGS_TIMEOUT_MS: '0', ...EMBEDDING_SERVER }, /^EMBEDDINGS_TIMEOUT_MS must be a whole number from 1 to 600000/],
  ['EMBEDDINGS_BATCH_SIZE', { EMBEDDINGS_BATCH_SIZE: '5000', ...EMBEDDING_SERVER }, /^EMBEDDINGS_BATCH_SIZE must be a whole number from 1 to 2048/],
  ['ANALYZER', { ANALYZER: 'llm' }, /^ANALYZER must be one of local, openai-compatible, got "llm"$/],
  ['ANALYZER_BASE_URL', { ANALYZER: 'openai-compatible', ANALYZER_MODEL: 'llama3.1:8b' }, /^ANALYZER_BASE_URL must be set when ANALYZER=openai-compatible/],
  ['ANALYZER_BASE_URL', { ANALYZER: 'openai-compatible', ANALYZER_BASE_URL: 'http://u:p@127.0.0.1:11434', ANALYZER_MODEL: 'm' }, /^ANALYZER_BASE_URL must be .*without query, fragment or credentials.*, got "http:\/\/127.0.0.1:11434"$/],
  ['ANALYZER_MODEL', { ANALYZER: 'openai-compatible', ANALYZER_BASE_URL: 'http://127.0.0.1:11434' }, /^ANALYZER_MODEL must be set when ANALYZER=openai-compatible/],
  ['ANALYZER_MODEL', { ANALYZER_MODEL: 'llama3.1:8b' }, /^ANALYZER_MODEL must be unset unless ANALYZER=openai-compatible \(ANALYZER is local\)/],
  ['ANALYZER_MAX_INPUT_CHARS', { ANALYZER_MAX_INPUT_CHARS: '10', ...CHAT_SERVER }, /^ANALYZER_MAX_INPUT_CHARS must be a whole number from 1000/],
  ['ANALYZER_TIMEOUT_MS', { ANALYZER_TIMEOUT_MS: '600001', ...CHAT_SERVER }, /^ANALYZER_TIMEOUT_MS must be a whole number from 1 to 600000/],
  ['EMBEDDINGS_MODEL', { EMBEDDINGS_MODEL: 'nomic-embed-text' }, /^EMBEDDINGS_MODEL must be unset unless EMBEDDINGS=openai-compatible or onnx \(EMBEDDINGS is none\), got "nomic-embed-text"$/],
  ['PHONE_DEFAULT_REGION', { PHONE_DEFAULT_REGION: 'UK' }, /^PHONE_DEFAULT_REGION must be an ISO 3166-1 alpha-2 country code/],
];

for (const [variable, env, message] of invalid) {
  test(`an invalid ${variable} (${JSON.stringify(Object.values(env)[0])}) is refused with a message naming it`, () => {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable && message.test(error.message),
    );
  });
}

test('a DATABASE_URL password never appears in the error message', () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'redis://user:s3cret@host/0' }),
    (error: unknown) => error instanceof ConfigError && !error.message.includes('s3cret'),
  );
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'pg:user:s3cret@host' }),
    (error: unknown) => error instanceof ConfigError && !error.message.includes('s3cret'),
  );
});

/** A directory with the files of a sentence-transformers ONNX export (their contents are not read at start). */
function onnxExport(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ct-config-'));
  onCleanup(() => rmSync(root, { recursive: true, force: true }));
  const directory = path.join(root, 'minilm');
  mkdirSync(path.join(directory, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) writeFileSync(path.join(directory, file), '{}');
  return directory;
}

test('the embedding and analyzer settings default to the local, lexical pipeline', () => {
  const config = loadConfig({});
  assert.deepEqual(
    [config.embeddings, config.embeddingsBaseUrl, config.embeddingsModel, config.embeddingsApiKey, config.embeddingsModelPath, config.embeddingsTimeoutMs, config.embeddingsBatchSize],
    ['none', undefined, undefined, undefined, undefined, 30_000, 64],
  );
  assert.deepEqual(
    [config.analyzer, config.analyzerBaseUrl, config.analyzerModel, config.analyzerApiKey, config.analyzerTimeoutMs, config.analyzerMaxInputChars],
    ['local', undefined, undefined, undefined, 60_000, 8000],
  );
});

test('an OpenAI-compatible base URL is an origin (which gets /v1) or the API base as given', () => {
  const base = (url: string) => loadConfig({ EMBEDDINGS: 'openai-compatible', EMBEDDINGS_BASE_URL: url, EMBEDDINGS_MODEL: 'nomic-embed-text' }).embeddingsBaseUrl;
  assert.equal(base('http://127.0.0.1:11434'), 'http://127.0.0.1:11434/v1', 'Ollama, vLLM and LM Studio by their origin');
  assert.equal(base('http://127.0.0.1:11434/'), 'http://127.0.0.1:11434/v1');
  assert.equal(base('http://127.0.0.1:8000/v1/'), 'http://127.0.0.1:8000/v1');
  assert.equal(base('https://api.example.com/v1beta/openai'), 'https://api.example.com/v1beta/openai', 'a hosted API under another prefix');
  const chat = loadConfig({ ANALYZER: 'OpenAI-Compatible', ANALYZER_BASE_URL: 'http://127.0.0.1:11434', ANALYZER_MODEL: 'llama3.1:8b', ANALYZER_API_KEY: 'k' });
  assert.deepEqual([chat.analyzer, chat.analyzerBaseUrl, chat.analyzerModel, chat.analyzerApiKey], ['openai-compatible', 'http://127.0.0.1:11434/v1', 'llama3.1:8b', 'k']);
});

test('EMBEDDINGS=onnx takes a directory with the export\'s files, and names the model after it by default', () => {
  const directory = path.join(mkdtempSync(path.join(os.tmpdir(), 'ct-config-')), 'all-MiniLM-L6-v2');
  mkdirSync(path.join(directory, 'onnx'), { recursive: true });
  const env = { EMBEDDINGS: 'onnx', EMBEDDINGS_MODEL_PATH: directory };
  assert.throws(() => loadConfig(env), /^ConfigError: EMBEDDINGS_MODEL_PATH must be .*; missing config.json, tokenizer.json, tokenizer_config.json, onnx\/model.onnx or onnx\/model_quantized.onnx, got/);
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) writeFileSync(path.join(directory, file), '{}');
  const config = loadConfig(env);
  assert.deepEqual([config.embeddings, config.embeddingsModelPath, config.embeddingsModel], ['onnx', directory, 'all-MiniLM-L6-v2']);
  assert.equal(loadConfig({ ...env, EMBEDDINGS_MODEL: 'minilm-l6-q8' }).embeddingsModel, 'minilm-l6-q8');
});

test('a timeout, batch size or input limit set for a kind not chosen stops the start, like every setting of that kind', () => {
  const refused: [Record<string, string>, RegExp][] = [
    [{ EMBEDDINGS_TIMEOUT_MS: '60000' }, /^EMBEDDINGS_TIMEOUT_MS must be unset unless EMBEDDINGS=openai-compatible \(EMBEDDINGS is none\), got "60000"$/],
    [{ EMBEDDINGS_BATCH_SIZE: '16' }, /^EMBEDDINGS_BATCH_SIZE must be unset unless EMBEDDINGS=openai-compatible or onnx \(EMBEDDINGS is none\)/],
    [{ ANALYZER_TIMEOUT_MS: '120000' }, /^ANALYZER_TIMEOUT_MS must be unset unless ANALYZER=openai-compatible \(ANALYZER is local\)/],
    [{ ANALYZER_MAX_INPUT_CHARS: '20000' }, /^ANALYZER_MAX_INPUT_CHARS must be unset unless ANALYZER=openai-compatible \(ANALYZER is local\)/],
    [{ EMBEDDINGS: 'onnx', EMBEDDINGS_MODEL_PATH: onnxExport(), EMBEDDINGS_TIMEOUT_MS: '60000' }, /^EMBEDDINGS_TIMEOUT_MS must be unset unless EMBEDDINGS=openai-compatible \(EMBEDDINGS is onnx\)/],
  ];
  for (const [env, message] of refused) assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify(env));
  const chosen = loadConfig({ ...EMBEDDING_SERVER, ...CHAT_SERVER, EMBEDDINGS_TIMEOUT_MS: '60000', EMBEDDINGS_BATCH_SIZE: '16', ANALYZER_TIMEOUT_MS: '120000', ANALYZER_MAX_INPUT_CHARS: '20000' });
  assert.deepEqual([chosen.embeddingsTimeoutMs, chosen.embeddingsBatchSize, chosen.analyzerTimeoutMs, chosen.analyzerMaxInputChars], [60_000, 16, 120_000, 20_000]);
  assert.equal(loadConfig({ EMBEDDINGS: 'onnx', EMBEDDINGS_MODEL_PATH: onnxExport(), EMBEDDINGS_BATCH_SIZE: '8' }).embeddingsBatchSize, 8, 'the ONNX model takes a batch size too');
});

test('a URL echoed in a config error never shows its user-info', () => {
  const cases: Record<string, string>[] = [
    { PUBLIC_URL: 'https://admin:hunter2@ct.example.com/base' },
    { PUBLIC_URL: 'ftp://admin:hunter2@ct.example.com' },
    { PUBLIC_URL: 'https://admin:hun@ter2@ct.example.com/base' },
    { ...EMBEDDING_SERVER, EMBEDDINGS_BASE_URL: 'ftp://admin:hunter2@127.0.0.1:11434' },
    { ...CHAT_SERVER, ANALYZER_BASE_URL: 'http://admin:hunter2@127.0.0.1:11434/v1?x=1' },
  ];
  for (const env of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && !/hunter|ter2/.test(error.message) && /\*\*\*@|got "http:\/\/127\.0\.0\.1:11434"$/.test(error.message),
      JSON.stringify(env),
    );
  }
});

test('an API key must be visible ASCII, and is refused without echoing it', () => {
  for (const key of ['sk-abc123\n', 'sk abc123', 'sk-“abc123”', '\tsk-abc123']) {
    for (const env of [{ ...EMBEDDING_SERVER, EMBEDDINGS_API_KEY: key }, { ...CHAT_SERVER, ANALYZER_API_KEY: key }]) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && /_API_KEY must be visible ASCII characters only, without spaces or line breaks, got "\*\*\*"$/.test(error.message) && !error.message.includes('abc123'),
        JSON.stringify(key),
      );
    }
  }
  assert.equal(loadConfig({ ...EMBEDDING_SERVER, EMBEDDINGS_API_KEY: 'sk-proj_A1b2-C3.d4~e5+f6/=' }).embeddingsApiKey, 'sk-proj_A1b2-C3.d4~e5+f6/=');
});

test('an API key set where it is not used is refused without echoing it', () => {
  for (const env of [{ EMBEDDINGS_API_KEY: 'sk-s3cret' }, { ANALYZER_API_KEY: 'sk-s3cret' }]) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && /must be unset unless/.test(error.message) && !error.message.includes('s3cret'),
    );
  }
});
