import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvFormatError, CsvScanner } from './csv-scanner.ts';

const LIMITS = { maxColumns: 1000, maxHeaderBytes: 1024 * 1024 };

/** Scans `input` cut into chunks of `size` bytes; the result must not depend on where the cuts fall. */
function scanChunked(input: Buffer, size: number) {
  const scanner = new CsvScanner(LIMITS);
  const out: Buffer[] = [];
  for (let i = 0; i < input.length; i += size) out.push(scanner.write(input.subarray(i, i + size)));
  scanner.end();
  return { header: scanner.header, headerLines: scanner.headerLines, records: scanner.records, copy: Buffer.concat(out).toString('utf8') };
}

function scan(input: string | Buffer) {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const whole = scanChunked(bytes, bytes.length || 1);
  for (const size of [1, 2, 3, 7]) assert.deepEqual(scanChunked(bytes, size), whole, `chunks of ${size} bytes`);
  return whole;
}

function scanError(input: string | Buffer): { line: number; message: string } {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let first: { line: number; message: string } | undefined;
  for (const size of [bytes.length || 1, 1, 3]) {
    try {
      scanChunked(bytes, size);
      assert.fail(`no error for ${JSON.stringify(bytes.toString())}`);
    } catch (error) {
      assert.ok(error instanceof CsvFormatError, String(error));
      const found = { line: error.line, message: error.message };
      if (first) assert.deepEqual(found, first, `chunks of ${size} bytes`);
      first = found;
    }
  }
  return first!;
}

test('records are prefixed with the line they start on; the header is parsed and left out', () => {
  const result = scan('id,name,website\nacc-001,Acme Industries,https://acme.test\nacc-002,TechCorp,https://techcorp.test');
  assert.deepEqual(result.header, ['id', 'name', 'website']);
  assert.equal(result.records, 2);
  assert.equal(result.copy, '2,acc-001,Acme Industries,https://acme.test\n3,acc-002,TechCorp,https://techcorp.test');
});

test('RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes; lines count physical lines', () => {
  const result = scan('id,"na,me","note ""x"""\r\n1,"a,b","say ""hi""\r\nsecond line"\r\n2,c,d\r\n');
  assert.deepEqual(result.header, ['id', 'na,me', 'note "x"']);
  assert.equal(result.copy, '2,1,"a,b","say ""hi""\r\nsecond line"\r\n4,2,c,d\r\n');
  assert.equal(result.records, 2);
});

test('a byte order mark is dropped; blank lines are skipped but counted', () => {
  const result = scan(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\n\na,1\n\r\n'.replace('\r\n', '\n'))]));
  assert.deepEqual(result.header, ['id', 'name']);
  assert.equal(result.copy, '3,a,1\n');
  const crlf = scan('id\r\n\r\na\r\n\r\n');
  assert.equal(crlf.copy, '3,a\r\n');
});

test('a header spanning lines, a header alone, an empty body', () => {
  const spanning = scan('id,"two\nlines"\na,b\n');
  assert.deepEqual(spanning.header, ['id', 'two\nlines']);
  assert.equal(spanning.headerLines, 2);
  assert.equal(spanning.copy, '3,a,b\n');
  assert.deepEqual(scan('id,name').header, ['id', 'name']);
  assert.equal(scan('id,name').records, 0);
  assert.equal(scan('').header, undefined);
  assert.equal(scan('\n\n').header, undefined);
});

test('multi-byte UTF-8 passes unchanged', () => {
  const result = scan('id,name\nü,日本語 🎉\n');
  assert.equal(result.copy, '2,ü,日本語 🎉\n');
});

test('ragged rows name the line the record starts on', () => {
  assert.deepEqual(scanError('id,name\na,1\nb\n'), { line: 3, message: 'this record has 1 field, the header 2' });
  assert.deepEqual(scanError('id,name\na,1\n"b\nc",2,3\n'), { line: 3, message: 'this record has 3 fields, the header 2' });
  assert.equal(scanError('id,name\na,1,2').line, 2);
});

test('quoting errors: unterminated, a quote in an unquoted field, text after a closing quote', () => {
  assert.deepEqual(scanError('id,name\na,"open\n\nb,2\n'), { line: 2, message: 'a quoted field is never closed (unterminated quote)' });
  assert.equal(scanError('id,name\na,5" screen\n').message, 'a quote inside an unquoted field; quote the whole field and double the quotes inside it');
  assert.equal(scanError('id,name\na,"x"y\n').message, 'a closing quote must be followed by a comma or the end of the line');
});

test('invalid UTF-8: stray continuation, overlong form, surrogate, truncated sequence; NUL bytes', () => {
  const bad = (bytes: number[], at = 'id\nok\n') => Buffer.concat([Buffer.from(at), Buffer.from('x'), Buffer.from(bytes), Buffer.from('\n')]);
  for (const bytes of [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff]]) {
    assert.deepEqual(scanError(bad(bytes)), { line: 3, message: 'is not valid UTF-8; save the file as UTF-8' }, bytes.join(' '));
  }
  assert.match(scanError(Buffer.from('id\na\xe2', 'latin1')).message, /not valid UTF-8/);
  assert.deepEqual(scanError(Buffer.from('id\na\x00b\n', 'latin1')), { line: 2, message: 'contains a NUL byte (0x00), which text cannot hold' });
});

test('line ends: one kind throughout; a lone CR is refused', () => {
  assert.match(scanError('id\r\na\nb\r\n').message, /ends in LF, the header in CRLF/);
  assert.match(scanError('id\na\r\n').message, /ends in CRLF, the header in LF/);
  assert.equal(scanError('id\ra\r').message, 'a carriage return (CR) must be followed by a line feed (LF)');
});

test('header limits: columns and bytes', () => {
  const scanner = new CsvScanner({ maxColumns: 3, maxHeaderBytes: 10 });
  assert.throws(() => scanner.write(Buffer.from('id,a,b,c\n')), { message: 'the header has more than 3 columns', line: 1 });
  const long = new CsvScanner({ maxColumns: 3, maxHeaderBytes: 10 });
  assert.throws(() => long.write(Buffer.from('id,abcdefghijkl')), { message: 'the header is longer than 10 bytes' });
});
