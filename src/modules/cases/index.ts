/** The case hub's public face: other modules open and follow cases only through these. */
export {
  openCase,
  openCases,
  openCasesIn,
  caseIdOf,
  caseStatusById,
  assertCaseVisible,
  caseSources,
  reporterNews,
  type ReporterNews,
  caseStatuses,
  caseOutcomes,
  type OpenCaseInput,
  type CaseSource,
} from './service.ts';
export { addReporterMessage, countEvidence, recordCaseEvent, reporterView } from './reporter.ts';
export { dueAfter, roundTheClock, workingHours, type CaseClocks } from './clocks/clocks.ts';
export type { CaseRow, CaseStatus, OpenedCaseColumn, Subject } from './store.ts';
export { REPLY_AFTER_CLOSE_DAYS, type TimelineStep } from './timeline.ts';
export {
  issueDirective,
  submitDeliverable,
  directivesDashboard,
  unitDirectives,
  publicDirectives,
  type DirectiveInput,
  type DirectiveLists,
  type DirectiveRow,
  type PublicDirective,
} from './directives/directives.ts';
export { caseScale, caseIdSpan, casesOfSourceIn, STORY_STATION, type SourceCaseColumn } from './scale-store.ts';
export { scaleCasesIn, type CaseScale, type ScaleCaseColumn, type ScaleCaseInputColumn } from './scale-course-store.ts';
