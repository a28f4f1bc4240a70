/**
 * The documentation is held to the code: the README's configuration table to
 * the declared variables, docs/cli.md to the commands, docs/errors.md to the
 * error catalogues (after Fastify's errors.test.js).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMANDS } from './cli/commands/index.ts';
import { CLI_ERROR_CODES } from './cli/cli-error.ts';
import { VARIABLES } from './platform/config/config.ts';
import { ERROR_CATALOGUES } from './services.ts';
import { REPO_ROOT } from './test-support/processes.ts';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** Rows of the first Markdown table whose header row starts with `header`. */
function tableRows(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  assert.notEqual(start, -1, `no table headed ${header}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

test('the README configuration table lists every variable, in order, with its default', () => {
  const rows = tableRows(read('README.md'), '| Variable | Default | Meaning |');
  assert.deepEqual(rows.map((row) => row[0]), VARIABLES.map((v) => `\`${v.name}\``));
  for (const variable of VARIABLES) {
    const row = rows.find((r) => r[0] === `\`${variable.name}\``)!;
    assert.ok(row[1]!.includes(variable.defaultText), `${variable.name} default ${row[1]} should show ${variable.defaultText}`);
  }
});

test('docs/cli.md documents every command and every option', () => {
  const cli = read('docs/cli.md');
  for (const command of COMMANDS) {
    assert.match(cli, new RegExp(`^## commontime ${command.name}$`, 'm'), command.name);
    const section = cli.split(`## commontime ${command.name}\n`)[1]!.split(/^## /m)[0]!;
    for (const option of Object.keys(command.options)) assert.ok(section.includes(`--${option}`), `${command.name} --${option}`);
  }
});

test('docs/errors.md lists every error code once with its HTTP status, and nothing else', () => {
  const rows = tableRows(read('docs/errors.md'), '| Code | HTTP status |');
  const documented = rows.map((row) => [row[0]!.replace(/`/g, ''), row[1]!]);
  const defined = [
    ...ERROR_CATALOGUES.flatMap((catalogue) =>
      Object.entries(catalogue).map(([key, definition]) => {
        assert.equal(key, definition.code, 'each catalogue key equals its code');
        return [definition.code, String(definition.statusCode)];
      }),
    ),
    ...Object.values(CLI_ERROR_CODES).map((code) => [code, '—']),
  ];
  const twice = defined.map(([code]) => code).filter((code, index, codes) => codes.indexOf(code) !== index);
  assert.deepEqual(twice, [], 'no two catalogues define the same code');
  assert.deepEqual([...documented].sort(), [...defined].sort());
  assert.equal(new Set(documented.map(([code]) => code)).size, documented.length, 'no code twice');
});
