export { darajaSimCommand, darajaSimUsage } from './command.ts';
export { PAID_OUTCOME, PHONE_OUTCOMES, outcomeFor, type PhoneOutcome } from './outcomes.ts';
export {
  DARAJA_SIM_DEFAULTS,
  startDarajaSim,
  type DarajaSimOptions,
  type RunningDarajaSim,
  type SimTransactions,
} from './run.ts';
export type { C2bTransaction } from './c2b.ts';
export type { StkTransaction } from './stk.ts';
export type { Delivery } from './outbound.ts';
