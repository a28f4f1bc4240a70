/**
 * WebVTT and SubRip transcripts, read by W3C's WebVTT parser and validator
 * (webvtt.js, npm webvtt-parser) with the full HTML character reference
 * table, as its README advises for spec-conforming cue text.
 *
 * - **Errors.** Anything the validator reports (a missing `WEBVTT`
 *   signature, a malformed timestamp, an end before its start, cues out of
 *   order) refuses the file with its line: a transcript read half-right
 *   would store the wrong words under the wrong times.
 * - **Speakers.** A voice span (`<v Ada Lovelace>…</v>`, WebVTT §4.2.2)
 *   names the speaker; a cue with several voices becomes one utterance per
 *   voice, at the cue's times. Other tags (`<i>`, `<b>`, classes) are
 *   dropped, their text kept; line breaks within a cue become spaces.
 * - **SubRip** has no specification. Its cues are WebVTT's with a comma for
 *   the decimal point and no entities, so it is read as WebVTT after
 *   `WEBVTT` is put in front, the comma of each timing line replaced and
 *   `&` and any `<` that opens none of SubRip's tags (`i`, `b`, `u`, `font`)
 *   escaped: "costs < $50" keeps its words. Line numbers are the file's.
 */
import webvtt, { type WebVTTNode } from 'webvtt-parser';
import entities from 'webvtt-parser/html-entities.json' with { type: 'json' };
import { IngestionErrors } from './ingestion-errors.ts';
import type { TranscriptCue } from './transcript-cue.ts';

const parser = new webvtt.WebVTTParser(entities);

interface Voiced {
  speaker: string | null;
  text: string;
}

/** The cue's text split by voice, in order. */
function voices(nodes: readonly WebVTTNode[], speaker: string | null, out: Voiced[]): Voiced[] {
  for (const node of nodes) {
    if (node.type === 'text') {
      const last = out.at(-1);
      if (last && last.speaker === speaker) last.text += node.value ?? '';
      else out.push({ speaker, text: node.value ?? '' });
    } else if (node.type === 'object') {
      voices(node.children ?? [], node.name === 'v' ? node.value?.trim() || speaker : speaker, out);
    }
  }
  return out;
}

function readCues(text: string, lineOffset: number): TranscriptCue[] {
  const { cues, errors } = parser.parse(text, 'metadata');
  const [first] = errors;
  if (first) throw IngestionErrors.INGESTION_MALFORMED_TRANSCRIPT([Math.max(first.line - lineOffset, 1), first.message]);
  // The parser keeps no line numbers of cues: find each cue's timing line again, in order.
  const lines = text.split(/\r\n|\r|\n/);
  let at = 0;
  const result: TranscriptCue[] = [];
  for (const cue of cues) {
    while (at < lines.length && !lines[at]!.includes('-->')) at++;
    const line = at + 1 - lineOffset;
    at++;
    for (const part of voices(cue.tree.children, null, [])) {
      const words = part.text.replace(/\s+/g, ' ').trim();
      if (words === '') continue;
      result.push({ line, speaker: part.speaker, startMs: Math.round(cue.startTime * 1000), endMs: Math.round(cue.endTime * 1000), text: words });
    }
  }
  return result;
}

export function parseWebVtt(text: string): TranscriptCue[] {
  return readCues(text, 0);
}

const SRT_TIMING = /^(\s*\d+:\d{2}:\d{2}),(\d{1,3}\s*-->\s*\d+:\d{2}:\d{2}),(\d{1,3})/;

export function parseSubRip(text: string): TranscriptCue[] {
  const lines = text.split(/\r\n|\r|\n/).map((line) => {
    if (line.includes('-->')) return line.replace(SRT_TIMING, '$1.$2.$3');
    return line.replace(/&/g, '&amp;').replace(/<(?!\/?(?:i|b|u|font)\b)/gi, '&lt;');
  });
  return readCues(`WEBVTT\n\n${lines.join('\n')}`, 2);
}
