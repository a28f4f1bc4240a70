/**
 * What the simulated telephony does, per center (`cc_centers.simulation`,
 * merged over these defaults): how long each stage lasts in simulated
 * seconds, how likely each outcome is, the random seed and the time scale.
 * Durations are [min, max] ranges drawn uniformly (sim-random.ts).
 */
import type { Config } from '../../platform/config/config.ts';
import type { CcDb } from '../db/cc-database.ts';

export type Range = readonly [number, number];

export interface SimulationSettings {
  /** Simulated seconds per real second; CC_TIME_SCALE when the center sets none. */
  readonly timeScale: number;
  /** Seeds every draw: the same seed and the same requests give the same run. */
  readonly seed: string;
  /** An inbound caller's time in the IVR before reaching a leaf menu. */
  readonly selectingSeconds: Range;
  /** Ringing an agent or an end user before they answer. */
  readonly ringSeconds: Range;
  readonly connectingSeconds: Range;
  readonly talkSeconds: Range;
  readonly wrapUpSeconds: Range;
  /** How long a queued caller waits before hanging up, when they abandon. */
  readonly patienceSeconds: Range;
  readonly voicemailSeconds: Range;
  /** Chance an end user answers an outbound or scheduled call. */
  readonly answerRate: number;
  /** Chance a queued caller abandons if no agent takes them within their patience. */
  readonly abandonRate: number;
  /** Chance an unanswered or deflected caller leaves a voicemail. */
  readonly voicemailRate: number;
  /** Chance the VoIP provider fails while connecting, and the chance the switch to the next provider then works. */
  readonly providerFailureRate: number;
  readonly switchSuccessRate: number;
  /** Seconds between an end user's chat messages, and the number of turns of a simulated chat. */
  readonly chatReplySeconds: Range;
  readonly chatTurns: Range;
}

export const DEFAULT_SIMULATION: Omit<SimulationSettings, 'timeScale'> = {
  seed: 'commontime',
  selectingSeconds: [5, 20],
  ringSeconds: [3, 12],
  connectingSeconds: [1, 3],
  talkSeconds: [120, 480],
  wrapUpSeconds: [15, 60],
  patienceSeconds: [60, 300],
  voicemailSeconds: [20, 60],
  answerRate: 0.85,
  abandonRate: 0.3,
  voicemailRate: 0.5,
  providerFailureRate: 0.03,
  switchSuccessRate: 0.8,
  chatReplySeconds: [10, 60],
  chatTurns: [4, 10],
};

const RANGES = ['selectingSeconds', 'ringSeconds', 'connectingSeconds', 'talkSeconds', 'wrapUpSeconds', 'patienceSeconds', 'voicemailSeconds', 'chatReplySeconds', 'chatTurns'] as const;
const RATES = ['answerRate', 'abandonRate', 'voicemailRate', 'providerFailureRate', 'switchSuccessRate'] as const;

/** The center's settings over the defaults; a stored value of the wrong shape is ignored, never fatal to a call. */
export function simulationSettings(stored: Readonly<Record<string, unknown>>, config: Pick<Config, 'ccTimeScale'>): SimulationSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_SIMULATION, timeScale: config.ccTimeScale };
  const scale = stored.timeScale;
  if (typeof scale === 'number' && scale > 0 && scale <= 1_000_000) settings.timeScale = scale;
  if (typeof stored.seed === 'string' && stored.seed.length <= 200) settings.seed = stored.seed;
  for (const key of RANGES) {
    const value = stored[key];
    if (Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number' && n >= 0 && n <= 86_400) && value[0] <= value[1]) settings[key] = value;
  }
  for (const key of RATES) {
    const value = stored[key];
    if (typeof value === 'number' && value >= 0 && value <= 1) settings[key] = value;
  }
  return settings as unknown as SimulationSettings;
}

/** Real milliseconds of `simulatedSeconds` at the center's time scale. */
export function realDelayMs(settings: Pick<SimulationSettings, 'timeScale'>, simulatedSeconds: number): number {
  return Math.round((simulatedSeconds * 1000) / settings.timeScale);
}

/** The settings of one center, read from its row. */
export async function centerSimulation(db: CcDb, tenantId: string, config: Pick<Config, 'ccTimeScale'>): Promise<SimulationSettings> {
  const row = await db.selectFrom('cc_centers').select('simulation').where('tenant_id', '=', tenantId).executeTakeFirst();
  return simulationSettings(row?.simulation ?? {}, config);
}
