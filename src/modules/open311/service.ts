/**
 * Open311 GeoReport v2 as the routes use it: API keys, the catalogue of services, filing a report,
 * and reading what the public may know of reports.
 */
export { checkApiKey, createApiKey, DEMO_API_KEY, loadOpen311Demo, revokeApiKey, type ApiClient } from './keys.ts';
export {
  CHANGESET,
  discovery,
  listServices,
  serviceDefinition,
  SPECIFICATION,
  type Attribute,
  type Discovery,
  type Service,
  type ServiceDefinition,
} from './catalogue.ts';
export { createServiceRequest, type CreatedRequest, type RequestForm } from './filing.ts';
export {
  findServiceRequest,
  findServiceRequests,
  MAX_IDS,
  MAX_RANGE_DAYS,
  MAX_RESULTS,
  type RequestQuery,
  type ServiceRequest,
} from './lookups.ts';
export { findToken, requestToken, type TokenAnswer } from './tokens.ts';
