/**
 * The recording a call's recording_url names: real audio is out of reach, so
 * a small WAV (RIFF, 8 kHz, 8-bit mono PCM) of the call's length, capped at
 * MAX_RECORDING_SECONDS, where each speaker turn of the transcript is a soft
 * tone (agent 440 Hz, end user 330 Hz) and the gaps are silence. A player
 * shows the right length and the turns are audible, and the file stays
 * under 250 KB.
 */
import type { TranscriptTurn } from './call-tables.ts';

export const MAX_RECORDING_SECONDS = 30;
const RATE = 8000;

export function recordingWav(callSeconds: number, turns: readonly TranscriptTurn[]): Buffer {
  const seconds = Math.max(1, Math.min(callSeconds, MAX_RECORDING_SECONDS));
  const samples = seconds * RATE;
  // Turns are timed on the whole call: the capped file plays them proportionally faster.
  const totalMs = Math.max(1, callSeconds * 1000);
  const wav = Buffer.alloc(44 + samples, 128);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE, 28); // bytes per second
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  for (const turn of turns) {
    const from = Math.floor((turn.start_ms / totalMs) * samples);
    const to = Math.min(samples, Math.floor((turn.end_ms / totalMs) * samples));
    const hz = turn.speaker === 'agent' ? 440 : 330;
    for (let i = from; i < to; i++) wav[44 + i] = 128 + Math.round(24 * Math.sin((2 * Math.PI * hz * i) / RATE));
  }
  return wav;
}
