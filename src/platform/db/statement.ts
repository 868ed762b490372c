import { createHash } from 'node:crypto';
import type { Queryable } from './database.ts';
import { prepared } from './prepared.ts';

/**
 * What one step of a composed statement produces, for the steps after it to read: a relation whose
 * name the statement chose and whose columns are declared by its type. A module receiving one
 * knows only what it may read (`col('id')`), never how or under what name the rows were made.
 * A relation with more columns stands in wherever fewer are asked for.
 */
export class Relation<Columns extends string> {
  /** Type only: which columns may be read (contravariant, so a wider relation fits a narrower need). */
  declare private readonly columns: (column: Columns) => void;

  /** @internal made by OneStatement.with */
  constructor(readonly name: string) {}

  /** The column, qualified by the relation's name, for use in a later step. */
  col(column: Columns): string {
    return `${this.name}.${column}`;
  }

  toString(): string {
    return this.name;
  }
}

/**
 * One SQL statement built by several owners (modules, platform/audit), each adding its own steps
 * (`with name as (...)`) over its own tables, reading earlier steps only through the relations they
 * returned. One statement is atomic on its own, so a write spanning modules needs no BEGIN and
 * COMMIT: one round trip. Parameters are numbered by the statement; step names are made unique by
 * it, so no owner depends on another's names. Data-modifying steps all run, whether read or not.
 */
export class OneStatement {
  private readonly steps: string[] = [];
  private readonly names = new Set<string>();
  private readonly values: unknown[] = [];

  /** The placeholder (`$n`) of a new parameter. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds the step `name as (sql)` (sql may read earlier steps' relations) and returns its relation. */
  with<Columns extends string = never>(name: string, sql: string): Relation<Columns> {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`statement step name: ${name}`);
    let unique = name;
    for (let n = 2; this.names.has(unique); n++) unique = `${name}_${n}`;
    this.names.add(unique);
    this.steps.push(`${unique} as (${sql})`);
    return new Relation<Columns>(unique);
  }

  /**
   * Runs the statement, answering with the named columns of one relation (in `orderBy`'s order).
   * On a connection the statement is prepared once, under a name taken from its text.
   */
  async run<Row, Columns extends string = string>(
    db: Queryable,
    from: Relation<Columns>,
    columns: readonly Columns[],
    orderBy?: Columns,
  ): Promise<Row[]> {
    const text = `with ${this.steps.join(',\n')}\nselect ${columns.map((c) => from.col(c)).join(', ')} from ${from.name}${orderBy ? ` order by ${from.col(orderBy)}` : ''}`;
    const name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    const { rows } = await db.query(prepared(db, name, text, this.values));
    return rows as Row[];
  }
}
