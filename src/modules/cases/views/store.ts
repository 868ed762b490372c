import type { Queryable } from '../../../platform/db/database.ts';

// The SQL of a person's saved queue views (migration 009-saved-views).

export interface SavedViewRow {
  id: string;
  name: string;
  /** The queue's query string. */
  query: string;
}

export async function listSavedViews(db: Queryable, userId: string): Promise<SavedViewRow[]> {
  const { rows } = await db.query<SavedViewRow>(
    'select id, name, query from case_saved_views where user_id = $1 order by lower(name)',
    [userId],
  );
  return rows;
}

/** Saves the view unless the person already has one by that name (any case): false then. */
export async function insertSavedView(
  db: Queryable,
  view: { userId: string; name: string; query: string; at: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into case_saved_views (user_id, name, query, created_at) values ($1, $2, $3, $4)
     on conflict (user_id, lower(name)) do nothing`,
    [view.userId, view.name, view.query, view.at],
  );
  return rowCount === 1;
}

export async function countSavedViews(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from case_saved_views where user_id = $1', [
    userId,
  ]);
  return rows[0]!.n;
}

/** Deletes one of the person's views; false when they have none with that id. */
export async function deleteSavedView(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from case_saved_views where id = $1 and user_id = $2', [id, userId]);
  return rowCount === 1;
}
