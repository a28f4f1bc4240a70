/**
 * A plain-text transcript (`text/plain`): one utterance per `Speaker: text`
 * line. A line that opens with no `Name:` continues the utterance above it
 * (text wrapped onto several lines); lines before the first speaker are
 * said by no known participant. Blank lines separate nothing. Plain text
 * carries no times.
 */
import { speakerPrefix, type TranscriptCue } from './transcript-cue.ts';

export function parsePlainTranscript(text: string): TranscriptCue[] {
  const cues: { line: number; speaker: string | null; text: string }[] = [];
  for (const [i, raw] of text.split(/\r\n|\r|\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const prefixed = speakerPrefix(line);
    const last = cues.at(-1);
    if (prefixed) cues.push({ line: i + 1, speaker: prefixed.speaker, text: prefixed.text });
    else if (last) last.text = last.text === '' ? line : `${last.text} ${line}`;
    else cues.push({ line: i + 1, speaker: null, text: line });
  }
  return cues.filter((cue) => cue.text !== '').map((cue) => ({ ...cue, startMs: null, endMs: null }));
}
