import { decimal, ModuleSettings } from '../../platform/settings/index.ts';

/** Officer Voice clocks: the registry's acknowledgement, the counselling unit's, and the decision on a resignation request. */
export interface VoiceClocks {
  acknowledgeDays: number;
  counsellingHours: number;
  resignationDecisionDays: number;
}

export const voiceSettings = new ModuleSettings<VoiceClocks>('voice', (env, problems) => ({
  acknowledgeDays: decimal(env, 'VOICE_ACKNOWLEDGE_DAYS', 7, problems, 0.00001, 90),
  counsellingHours: decimal(env, 'VOICE_COUNSELLING_HOURS', 48, problems, 0.01, 720),
  resignationDecisionDays: decimal(env, 'VOICE_RESIGNATION_DECISION_DAYS', 30, problems, 0.00001, 365),
}));
