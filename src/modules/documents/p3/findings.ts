import { Problems } from '../../../platform/http/errors.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { readTypedInstant } from '../../../platform/time/index.ts';
import type { Findings } from './store.ts';

/** The Penal Code's degrees of bodily injury, as the P3 form asks the examiner to classify it. */
export const injuryDegrees = ['harm', 'grievous_harm', 'maim'] as const;

export const isInjuryDegree = (value: unknown): value is Findings['degree'] =>
  typeof value === 'string' && (injuryDegrees as readonly string[]).includes(value);

/** What an examiner sends as Part II (form fields or JSON, all text). */
export interface FindingsInput {
  examinedAt?: string | undefined;
  examinerName?: string | undefined;
  examinerRegistration?: string | undefined;
  injuries?: string | undefined;
  weapon?: string | undefined;
  injuryAge?: string | undefined;
  degree?: string | undefined;
  treatment?: string | undefined;
  remarks?: string | undefined;
}

export const LIMITS = {
  examinerName: 200,
  examinerRegistration: 40,
  injuries: 8000,
  weapon: 2000,
  injuryAge: 200,
  treatment: 4000,
  remarks: 4000,
} as const;

const MULTILINE = new Set<keyof typeof LIMITS>(['injuries', 'weapon', 'treatment', 'remarks']);

/**
 * Part II as typed, checked whole: every wrong field named at once (400), nothing kept until all are
 * right. The examination may come before the form was issued (people are often treated first), never
 * after now.
 */
export function readFindings(input: FindingsInput, now: Date, zone: string): Findings {
  const problems = new Problems();
  const text = (field: keyof typeof LIMITS, required: boolean): string => {
    const value = cleanText(input[field] ?? '', { multiline: MULTILINE.has(field) });
    if (required && value === '') problems.add(field, `documents.p3.error.${field}`);
    else if (value.length > LIMITS[field]) problems.add(field, 'documents.p3.error.tooLong', { max: LIMITS[field] });
    return value;
  };
  const typedTime = cleanText(input.examinedAt ?? '');
  const examinedAt = typedTime === '' ? undefined : readTypedInstant(typedTime, zone);
  if (!examinedAt) problems.add('examinedAt', 'documents.p3.error.examinedAt');
  else if (examinedAt.getTime() > now.getTime() + 60_000) problems.add('examinedAt', 'documents.p3.error.future');
  const examinerName = text('examinerName', true);
  const examinerRegistration = text('examinerRegistration', true);
  const injuries = text('injuries', true);
  const weapon = text('weapon', true);
  const injuryAge = text('injuryAge', false);
  const degree = cleanText(input.degree ?? '');
  if (!isInjuryDegree(degree)) problems.add('degree', 'documents.p3.error.degree');
  const treatment = text('treatment', true);
  const remarks = text('remarks', false);
  problems.throwIfAny();
  return {
    examinedAt: examinedAt!,
    examinerName,
    examinerRegistration,
    injuries,
    weapon,
    injuryAge: injuryAge || null,
    degree: degree as Findings['degree'],
    treatment,
    remarks: remarks || null,
  };
}
