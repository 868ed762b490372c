import type { Platform } from '../../../platform/module.ts';
import { perPlatform } from '../shared.ts';
import type { ClusterCandidate } from '../text.ts';
import * as store from './store.ts';

interface SessionClusters {
  maxId: string;
  clusters: ClusterCandidate[];
  ids: Set<string>;
  checkedAt: number;
}

/** Per app: each session's clusters' token sets, topped up from the database before each match. */
const clusterCache = new WeakMap<Platform, Map<string, SessionClusters>>();
const CACHED_SESSIONS = 32;
/**
 * Clusters another instance made are looked for at most this often; this instance's own join the
 * cache as they are made. (Two instances may briefly make twin clusters, which a moderator merges.)
 */
const CLUSTER_TOP_UP_MS = 100;

export async function sessionClusters(platform: Platform, sessionId: string): Promise<SessionClusters> {
  const cache = perPlatform(clusterCache, platform);
  let entry = cache.get(sessionId);
  if (!entry) {
    if (cache.size >= CACHED_SESSIONS) cache.delete(cache.keys().next().value!);
    entry = { maxId: '0', clusters: [], ids: new Set(), checkedAt: 0 };
    cache.set(sessionId, entry);
  }
  if (Date.now() - entry.checkedAt < CLUSTER_TOP_UP_MS) return entry;
  entry.checkedAt = Date.now();
  // clusters made since (by this instance or another) join the cache; merged ones stay, the insert follows the merge
  const fresh = await store.clustersAfter(platform.db.pool, sessionId, entry.maxId);
  for (const c of fresh) {
    rememberCluster(entry, c.id, c.tokens);
    entry.maxId = c.id;
  }
  return entry;
}

export function rememberCluster(entry: SessionClusters, id: string, tokens: Iterable<string>): void {
  if (entry.ids.has(id)) return;
  entry.ids.add(id);
  entry.clusters.push({ id, tokens: new Set(tokens) });
}
