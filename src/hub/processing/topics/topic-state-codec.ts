/**
 * TopicState as bytes for a PostgreSQL bytea (docs/processing.md "Topics",
 * state): "CTTOPICS", a format version, a JSON header (terms and scalars),
 * the arrays little-endian and 4-byte aligned, and a CRC-32 of everything
 * before it, so a truncated, altered or foreign buffer is refused instead of
 * read as a model.
 */
import { crc32 } from 'node:zlib';
import { dequantizeRows, type TopicState } from './topic-state.ts';

const MAGIC = Buffer.from('CTTOPICS', 'latin1');
const VERSION = 1;

interface Header {
  readonly version: number;
  readonly terms: readonly string[];
  readonly lsaRank: number;
  readonly wordRows: number;
  readonly wordDimensions: number;
  readonly weights: { readonly lsa: number; readonly words: number };
  readonly topics: number;
  readonly lexicalMinSimilarity: number;
  readonly embeddingDimensions: number;
  readonly embeddingMinSimilarity: number;
}

type Section = Float32Array | Int32Array | Int8Array;

function pad(length: number): number {
  return (4 - (length % 4)) % 4;
}

export function encodeTopicState(state: TopicState): Buffer {
  const header: Header = {
    version: VERSION, terms: state.terms, lsaRank: state.lsa.width, wordRows: state.words.scale.length, wordDimensions: state.words.width, weights: state.weights,
    topics: state.topics, lexicalMinSimilarity: state.lexicalMinSimilarity, embeddingDimensions: state.embeddingDimensions, embeddingMinSimilarity: state.embeddingMinSimilarity,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const sections: Section[] = [state.idf, state.lsa.scale, state.lsa.values, state.wordRows, state.words.scale, state.words.values, state.wordMean, state.lexicalCentroids, state.embeddingCentroids];
  const parts: Buffer[] = [MAGIC, Buffer.alloc(4), json, Buffer.alloc(pad(json.length))];
  parts[1]!.writeUInt32LE(json.length);
  for (const section of sections) {
    const bytes = Buffer.from(section.buffer, section.byteOffset, section.byteLength);
    parts.push(Buffer.from(bytes), Buffer.alloc(pad(bytes.length)));
  }
  const body = Buffer.concat(parts);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(crc32(body));
  return Buffer.concat([body, trailer]);
}

function corrupt(reason: string): Error {
  return new Error(`Not a topic state: ${reason}`);
}

export function decodeTopicState(bytes: Buffer): TopicState {
  if (bytes.length < MAGIC.length + 8 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt('it does not start with the CTTOPICS signature');
  const body = bytes.subarray(0, bytes.length - 4);
  if (crc32(body) !== bytes.readUInt32LE(bytes.length - 4)) throw corrupt('its checksum does not match (truncated or altered)');
  const jsonLength = body.readUInt32LE(MAGIC.length);
  let at = MAGIC.length + 4;
  if (at + jsonLength > body.length) throw corrupt('its header runs past its end');
  let header: Header;
  try {
    header = JSON.parse(body.subarray(at, at + jsonLength).toString('utf8')) as Header;
  } catch {
    throw corrupt('its header is not JSON');
  }
  if (header.version !== VERSION) throw corrupt(`format version ${String(header.version)}, this build reads ${VERSION}`);
  at += jsonLength + pad(jsonLength);
  const v = header.terms.length;
  const lexicalWidth = header.lsaRank + header.wordDimensions;
  const take = <T extends Section>(make: new (buffer: ArrayBuffer) => T, count: number, size: number): T => {
    const length = count * size;
    if (!Number.isInteger(length) || length < 0 || at + length > body.length) throw corrupt('an array runs past its end');
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(body.subarray(at, at + length));
    at += length + pad(length);
    return new make(copy);
  };
  const idf = take(Float32Array, v, 4);
  const lsaScale = take(Float32Array, v, 4);
  const lsaValues = take(Int8Array, v * header.lsaRank, 1);
  const wordRows = take(Int32Array, v, 4);
  const wordScale = take(Float32Array, header.wordRows, 4);
  const wordValues = take(Int8Array, header.wordRows * header.wordDimensions, 1);
  const wordMean = take(Float32Array, header.wordDimensions, 4);
  const lexicalCentroids = take(Float32Array, header.topics * lexicalWidth, 4);
  const embeddingCentroids = take(Float32Array, header.topics * header.embeddingDimensions, 4);
  if (at !== body.length) throw corrupt('it has bytes after its last array');
  if (wordRows.some((r) => r < -1 || r >= header.wordRows)) throw corrupt('a word row is out of range');
  return {
    terms: header.terms, termIndex: new Map(header.terms.map((t, i) => [t, i])), idf, lsa: dequantizeRows(header.lsaRank, lsaScale, lsaValues), wordRows,
    words: dequantizeRows(header.wordDimensions, wordScale, wordValues), wordMean, weights: header.weights, topics: header.topics, lexicalCentroids,
    lexicalMinSimilarity: header.lexicalMinSimilarity, embeddingDimensions: header.embeddingDimensions, embeddingCentroids, embeddingMinSimilarity: header.embeddingMinSimilarity,
  };
}
