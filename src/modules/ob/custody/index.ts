/** The custody clock and cases opened from entries: what the Occurrence Book's pages and manifest use. */
export { custodyOf, type CustodyClock, type CustodyClockRow } from './clock.ts';
export { escalateOverdueArrests, custodyJobs, CUSTODY_QUEUE, CUSTODY_CATEGORY } from './escalation.ts';
export { openCaseFromEntry, type EntryCaseInput, type OpenedEntryCase } from './entry-cases.ts';
export { custodyDeadlinesIn } from './store.ts';
export { custodyApiRoutes, custodyPageRoutes, entriesOnCase } from './routes.ts';
export { heldFor } from './pages/custody.tsx';
